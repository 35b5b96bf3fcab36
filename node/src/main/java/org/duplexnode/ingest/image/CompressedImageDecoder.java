package org.duplexnode.ingest.image;

import org.duplexnode.ingest.image.CompressedFormat.Codec;
import org.duplexnode.ports.RawCompressedImage;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes a sensor_msgs/CompressedImage (JPEG or PNG) into a 3-channel {@link DecodedImage}
 * with {@code Imgcodecs.imdecode}. The codec is taken from the data's signature (a mislabelled
 * but readable frame is still used); the format string only decides the channel order (see
 * {@link CompressedFormat}). Before decoding, the header's size is checked against
 * {@link ImageEncoding#MAX_SIDE} and a JPEG must end with its end-of-image marker, so neither a
 * decompression bomb nor a cut-short frame reaches the decoder. EXIF orientation is ignored: a
 * camera frame is used as the camera produced it.
 *
 * <p>A JPEG can be decoded at 1/2, 1/4 or 1/8 scale (libjpeg's scaled inverse DCT, much cheaper
 * than a full decode) when only the model's input size is needed; see
 * {@link #decodeForModel(RawCompressedImage)}.
 *
 * <p>On failure it throws {@link ImageRejectedException}; nothing of a rejected frame stays in
 * native memory.
 */
public final class CompressedImageDecoder {
  private static final int[] JPEG_REDUCTIONS = {8, 4, 2};

  public CompressedImageDecoder() {
    OpenCvNatives.load();
  }

  /** Decodes at full resolution. */
  public DecodedImage decode(RawCompressedImage msg) throws ImageRejectedException {
    return decode(msg, false);
  }

  /**
   * Decodes a JPEG at the smallest of 1/8, 1/4 or 1/2 scale that still leaves the resize to the
   * image's {@link PatchGrid} a shrink of at least {@link SlicePreprocessor#LINEAR_MARGIN}, else
   * at full resolution.
   */
  public DecodedImage decodeForModel(RawCompressedImage msg) throws ImageRejectedException {
    return decode(msg, true);
  }

  private DecodedImage decode(RawCompressedImage msg, boolean forModel)
      throws ImageRejectedException {
    CompressedFormat format = CompressedFormat.parse(msg.format());
    byte[] data = msg.data() == null ? new byte[0] : msg.data();
    CompressedHeader header = checkedHeader(data);
    int w = header.width();
    int h = header.height();
    int reduction = 1;
    if (forModel && header.codec() == Codec.JPEG) {
      PatchGrid grid = PatchGrid.forImage(w, h);
      reduction = reduction(w, h, (int) Math.ceil(SlicePreprocessor.LINEAR_MARGIN * grid.width()),
          (int) Math.ceil(SlicePreprocessor.LINEAR_MARGIN * grid.height()));
    }
    Mat image = imdecode(data, readFlags(reduction));
    if (image.empty()) {
      image.release();
      throw new ImageRejectedException(RejectReason.CORRUPT_DATA, "the " + header.codec()
          + " decoder could not read the " + data.length + " bytes (corrupt or truncated)");
    }
    return new DecodedImage(image, null, format.decodedOrder());
  }

  /**
   * The checks made before any decoder sees the data: a known signature, a readable header, a
   * size within {@link ImageEncoding#MAX_SIDE} and, for a JPEG, an end-of-image marker.
   */
  static CompressedHeader checkedHeader(byte[] data) throws ImageRejectedException {
    if (data.length == 0) {
      throw new ImageRejectedException(RejectReason.SHORT_DATA, "compressed image has no data");
    }
    CompressedHeader header = CompressedHeader.read(data);
    int w = header.width();
    int h = header.height();
    if (w <= 0 || h <= 0 || w > ImageEncoding.MAX_SIDE || h > ImageEncoding.MAX_SIDE) {
      throw new ImageRejectedException(RejectReason.BAD_DIMENSIONS, header.codec()
          + " header says " + w + "x" + h + "; each side must be 1.." + ImageEncoding.MAX_SIDE);
    }
    if (header.codec() == Codec.JPEG && !CompressedHeader.jpegComplete(data)) {
      throw new ImageRejectedException(RejectReason.CORRUPT_DATA,
          "JPEG data (" + data.length + " bytes) has no end-of-image marker: truncated");
    }
    return header;
  }

  private static Mat imdecode(byte[] data, int flags) {
    MatOfByte encoded = new MatOfByte(data);
    try {
      return Imgcodecs.imdecode(encoded, flags);
    } finally {
      encoded.release();
    }
  }

  /** libjpeg's scaled output is ceil(side / k). */
  static int reduction(int width, int height, int minWidth, int minHeight) {
    for (int k : JPEG_REDUCTIONS) {
      if (ceilDiv(width, k) >= minWidth && ceilDiv(height, k) >= minHeight) {
        return k;
      }
    }
    return 1;
  }

  private static int readFlags(int reduction) {
    int colour = switch (reduction) {
      case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
      case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
      case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
      default -> Imgcodecs.IMREAD_COLOR;
    };
    return colour | Imgcodecs.IMREAD_IGNORE_ORIENTATION;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
