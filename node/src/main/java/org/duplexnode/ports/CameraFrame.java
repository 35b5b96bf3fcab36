package org.duplexnode.ports;

/**
 * A camera frame as it arrived, raw or compressed. Frames are kept in this form until the session
 * picks one for a unit, so only one frame per second is converted, not every frame the camera sends.
 */
public sealed interface CameraFrame permits RawImage, RawCompressedImage {
  long stampNanos();

  String frameId();
}
