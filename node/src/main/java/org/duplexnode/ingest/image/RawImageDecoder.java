package org.duplexnode.ingest.image;

import org.duplexnode.ports.RawImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Converts a sensor_msgs/Image into a {@link DecodedImage}. Geometry is validated first, so a
 * malformed frame costs no allocation; 8-bit RGB-family and mono frames are only copied (their
 * channel order travels with them), YUV frames are converted to RGB with OpenCV, mono16 is
 * scaled to 8 bits as {@code round(v * 255 / 65535)} honouring {@code is_bigendian}.
 *
 * <p>YUV conversions are OpenCV's: BT.601 with limited ("video") range,
 * {@code R = 1.164 (Y - 16) + 1.596 (V - 128)}, {@code G = 1.164 (Y - 16) - 0.813 (V - 128) -
 * 0.391 (U - 128)}, {@code B = 1.164 (Y - 16) + 2.018 (U - 128)}, in fixed point; chroma is
 * replicated to the pixels that share it (no interpolation).
 *
 * <p>On failure it throws {@link ImageRejectedException}; it never keeps native memory of a
 * rejected frame.
 */
public final class RawImageDecoder {

  public RawImageDecoder() {
    OpenCvNatives.load();
  }

  public DecodedImage decode(RawImage msg) throws ImageRejectedException {
    ImageEncoding encoding = ImageEncoding.forName(msg.encoding()).orElseThrow(
        () -> new ImageRejectedException(RejectReason.UNKNOWN_ENCODING, "encoding '"
            + msg.encoding() + "' is not one of " + ImageEncoding.knownNames()));
    byte[] data = msg.data() == null ? new byte[0] : msg.data();
    encoding.validate(msg.width(), msg.height(), msg.step(), data.length);
    return switch (encoding) {
      case RGB8 -> interleaved(msg, data, encoding, ChannelOrder.RGB);
      case BGR8 -> interleaved(msg, data, encoding, ChannelOrder.BGR);
      case RGBA8 -> interleaved(msg, data, encoding, ChannelOrder.RGBA);
      case BGRA8 -> interleaved(msg, data, encoding, ChannelOrder.BGRA);
      case MONO8 -> interleaved(msg, data, encoding, ChannelOrder.GRAY);
      case MONO16 -> mono16(msg, data);
      case UYVY -> converted(msg, data, encoding, 2, Imgproc.COLOR_YUV2RGB_UYVY);
      case YUYV -> converted(msg, data, encoding, 2, Imgproc.COLOR_YUV2RGB_YUY2);
      case NV12 -> converted(msg, data, encoding, 1, Imgproc.COLOR_YUV2RGB_NV12);
      case NV21 -> converted(msg, data, encoding, 1, Imgproc.COLOR_YUV2RGB_NV21);
    };
  }

  private static DecodedImage interleaved(RawImage msg, byte[] data, ImageEncoding encoding,
      ChannelOrder order) {
    Mat backing = copyRows(msg, data, encoding);
    return new DecodedImage(view(backing, msg.width() * encoding.bytesPerPixel(), order.channels()),
        backing, order);
  }

  private static DecodedImage converted(RawImage msg, byte[] data, ImageEncoding encoding,
      int channels, int conversion) {
    Mat backing = copyRows(msg, data, encoding);
    Mat yuv = view(backing, msg.width() * encoding.bytesPerPixel(), channels);
    Mat rgb = new Mat();
    try {
      Imgproc.cvtColor(yuv, rgb, conversion);
      return new DecodedImage(rgb, null, ChannelOrder.RGB);
    } catch (RuntimeException e) {
      rgb.release();
      throw e;
    } finally {
      yuv.release();
      backing.release();
    }
  }

  private static DecodedImage mono16(RawImage msg, byte[] data) {
    int width = msg.width();
    int height = msg.height();
    byte[] gray = new byte[width * height];
    int hi = msg.bigEndian() ? 0 : 1;
    int lo = 1 - hi;
    for (int y = 0; y < height; y++) {
      int src = y * msg.step();
      int dst = y * width;
      for (int x = 0; x < width; x++, src += 2) {
        int v = (data[src + hi] & 0xff) << 8 | (data[src + lo] & 0xff);
        // 65535 = 255 * 257, so v * 255 / 65535 = v / 257; +128 rounds (no ties exist).
        gray[dst + x] = (byte) ((v + 128) / 257);
      }
    }
    Mat mat = new Mat(height, width, CvType.CV_8UC1);
    mat.put(0, 0, gray);
    return new DecodedImage(mat, null, ChannelOrder.GRAY);
  }

  /**
   * Copies the frame's rows into native memory in one call: a packed buffer when rows have no
   * padding, else a buffer of {@code step}-byte rows (bounded by the data already held, since a
   * padded frame has at least two rows).
   */
  private static Mat copyRows(RawImage msg, byte[] data, ImageEncoding encoding) {
    int rows = encoding.bufferRows(msg.height());
    int rowBytes = msg.width() * encoding.bytesPerPixel();
    int stride = rows == 1 ? rowBytes : msg.step();
    Mat buffer = new Mat(rows, stride, CvType.CV_8UC1);
    long wanted = (long) rows * stride;
    buffer.put(0, 0, data, 0, (int) Math.min(wanted, data.length));
    return buffer;
  }

  /** The first {@code rowBytes} of every buffer row, seen as a {@code channels}-channel image. */
  private static Mat view(Mat buffer, int rowBytes, int channels) {
    if (buffer.cols() == rowBytes) {
      return buffer.reshape(channels);
    }
    Mat rows = buffer.colRange(0, rowBytes);
    try {
      return rows.reshape(channels);
    } finally {
      // Each Java Mat holds a reference to the pixels; drop this one now, not at finalization.
      rows.release();
    }
  }
}
