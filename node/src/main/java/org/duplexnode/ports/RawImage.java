package org.duplexnode.ports;

/**
 * An uncompressed camera frame as it arrived (sensor_msgs/Image fields), not yet converted.
 *
 * @param stampNanos header stamp, nanoseconds since the epoch
 * @param step bytes per row, which may exceed width * bytes per pixel (padding)
 */
public record RawImage(long stampNanos, String frameId, int width, int height, String encoding,
                       boolean bigEndian, int step, byte[] data) implements CameraFrame {}
