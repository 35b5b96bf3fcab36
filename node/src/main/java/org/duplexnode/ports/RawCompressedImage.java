package org.duplexnode.ports;

/** A compressed camera frame as it arrived (sensor_msgs/CompressedImage: "jpeg", "png", ...). */
public record RawCompressedImage(long stampNanos, String frameId, String format, byte[] data)
    implements CameraFrame {}
