package org.duplexnode.ingest.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * A full-resolution 8-bit image in native memory, in the channel order it was decoded to. It
 * may be a view into a padded buffer (rows longer than the image). Close it to free the native
 * memory at once instead of waiting for the garbage collector.
 */
public final class DecodedImage implements AutoCloseable {
  private final Mat image;
  private final Mat backing;
  private final ChannelOrder order;

  /**
   * @param image an 8-bit Mat with {@code order.channels()} channels
   * @param backing the buffer {@code image} is a view of, or null; released with it
   */
  DecodedImage(Mat image, Mat backing, ChannelOrder order) {
    if (CvType.depth(image.type()) != CvType.CV_8U || image.channels() != order.channels()) {
      throw new IllegalArgumentException("Mat of type " + CvType.typeToString(image.type())
          + " does not hold " + order + " bytes");
    }
    this.image = image;
    this.backing = backing;
    this.order = order;
  }

  public int width() {
    return image.cols();
  }

  public int height() {
    return image.rows();
  }

  public ChannelOrder order() {
    return order;
  }

  /** The pixels; valid until {@link #close()}. */
  Mat mat() {
    return image;
  }

  /** A packed RGB copy (alpha dropped, grey replicated). */
  public RgbImage toRgb() {
    Mat rgb = new Mat();
    try {
      int code = switch (order) {
        case RGB -> -1;
        case BGR -> Imgproc.COLOR_BGR2RGB;
        case RGBA -> Imgproc.COLOR_RGBA2RGB;
        case BGRA -> Imgproc.COLOR_BGRA2RGB;
        case GRAY -> Imgproc.COLOR_GRAY2RGB;
      };
      if (code < 0) {
        image.copyTo(rgb);
      } else {
        Imgproc.cvtColor(image, rgb, code);
      }
      byte[] bytes = new byte[Math.multiplyExact(Math.multiplyExact(width(), height()), 3)];
      rgb.get(0, 0, bytes);
      return new RgbImage(width(), height(), bytes);
    } finally {
      rgb.release();
    }
  }

  @Override
  public void close() {
    image.release();
    if (backing != null) {
      backing.release();
    }
  }
}
