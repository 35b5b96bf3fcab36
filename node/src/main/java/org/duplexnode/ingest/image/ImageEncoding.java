package org.duplexnode.ingest.image;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sensor_msgs/Image encodings this stage converts, with the byte geometry needed to
 * validate a frame before anything is allocated for it.
 *
 * <p>4:2:2 formats carry two pixels in four bytes; ROS's "yuv422" is UYVY and "yuv422_yuy2" is
 * YUYV. NV12 and NV21 are a full-resolution Y plane followed by a half-height plane of
 * interleaved chroma pairs (UV for NV12, VU for NV21); {@code step} is taken as the stride of
 * both planes.
 */
public enum ImageEncoding {
  RGB8(3, false, false, "rgb8"),
  BGR8(3, false, false, "bgr8"),
  RGBA8(4, false, false, "rgba8"),
  BGRA8(4, false, false, "bgra8"),
  MONO8(1, false, false, "mono8"),
  MONO16(2, false, false, "mono16"),
  UYVY(2, true, false, "yuv422", "uyvy"),
  YUYV(2, true, false, "yuyv", "yuv422_yuy2"),
  NV12(1, true, true, "nv12"),
  NV21(1, true, true, "nv21");

  /** Largest width or height accepted; beyond it a frame is rejected before allocation. */
  public static final int MAX_SIDE = 8192;

  private static final Map<String, ImageEncoding> BY_NAME = new TreeMap<>();

  static {
    for (ImageEncoding e : values()) {
      for (String name : e.names) {
        BY_NAME.put(name, e);
      }
    }
  }

  private final int bytesPerPixel;
  private final boolean evenWidth;
  private final boolean evenHeight;
  private final String[] names;

  ImageEncoding(int bytesPerPixel, boolean evenWidth, boolean evenHeight, String... names) {
    this.bytesPerPixel = bytesPerPixel;
    this.evenWidth = evenWidth;
    this.evenHeight = evenHeight;
    this.names = names;
  }

  /** The encoding for a ROS encoding string (case-insensitive), if this stage converts it. */
  public static Optional<ImageEncoding> forName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  /** Every accepted encoding string, for messages. */
  public static String knownNames() {
    return String.join(", ", BY_NAME.keySet());
  }

  /** Bytes per pixel in a row of the (first) plane. */
  public int bytesPerPixel() {
    return bytesPerPixel;
  }

  /** Rows of {@code step} bytes the buffer holds for an image of this height. */
  public int bufferRows(int height) {
    return evenHeight ? height + height / 2 : height;
  }

  /**
   * Checks that a frame's geometry is consistent before any memory is allocated for it.
   *
   * @throws ImageRejectedException naming the first thing that is wrong
   */
  public void validate(int width, int height, int step, int dataLength)
      throws ImageRejectedException {
    // width, height and step are uint32 fields in 32 bits: above 2^31 - 1 they read as negative
    String w = Integer.toUnsignedString(width);
    String h = Integer.toUnsignedString(height);
    if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS, "image is " + w + "x"
          + h + "; each side must be 1.." + MAX_SIDE);
    }
    if (evenWidth && width % 2 != 0) {
      throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS,
          this + " needs an even width, got " + w);
    }
    if (evenHeight && height % 2 != 0) {
      throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS,
          this + " needs an even height, got " + h);
    }
    long rowBytes = (long) width * bytesPerPixel;
    long stride = Integer.toUnsignedLong(step);
    if (stride < rowBytes) {
      throw new ImageRejectedException(RejectReason.BAD_STEP, "step " + stride
          + " is shorter than a row of " + w + " " + this + " pixels (" + rowBytes + " bytes)");
    }
    long needed = stride * (bufferRows(height) - 1) + rowBytes;
    if (dataLength < needed) {
      throw new ImageRejectedException(RejectReason.SHORT_DATA, "data has " + dataLength
          + " bytes; " + w + "x" + h + " " + this + " with step " + stride + " needs "
          + needed);
    }
  }
}
