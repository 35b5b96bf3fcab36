package org.duplexnode.ingest.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes camera frames from the decoders to the model input: raw sensor_msgs/Image frames of any
 * encoding, size and step, and compressed frames of any format string and bytes, each decoded,
 * converted and resized as {@link ImageIngest} does (JPEGs also through the planar path), but without its catch-all so that an
 * unexpected exception fails here.
 *
 * <p>Allowed failure: {@link ImageRejectedException}. Raw input layout: encoding index (byte),
 * big-endian flag (byte), width and height (unsigned 16-bit, big-endian), step (signed 32-bit),
 * then the pixel bytes. Compressed input layout: format index (byte), then the encoded bytes.
 * Regression inputs: {@code ImageFuzzTestInputs/<method>/}.
 */
@Tag("fuzz")
class ImageFuzzTest {
  static final List<String> ENCODINGS = List.of("rgb8", "bgr8", "rgba8", "bgra8", "mono8", "mono16", "yuv422",
      "uyvy", "yuyv", "yuv422_yuy2", "nv12", "nv21", "32FC1", "");
  static final List<String> FORMATS = List.of("jpeg", "png", "rgb8; jpeg compressed bgr8",
      "bgr8; png compressed bgr8", "mono8; jpeg compressed mono8", "rgba8; png compressed rgba8", "", "tiff");
  static final int RAW_HEADER = 10;

  private static final RawImageDecoder RAW = new RawImageDecoder();
  private static final CompressedImageDecoder COMPRESSED = new CompressedImageDecoder();
  private static final SlicePreprocessor PREPROCESSOR = new SlicePreprocessor();
  private static final PlanarJpegDecoder PLANAR = new PlanarJpegDecoder(true, FrameHelper.shared());
  private static final PlanarPreprocessor PLANAR_PREPROCESSOR = new PlanarPreprocessor();

  @FuzzTest(maxDuration = "2m")
  void rawFrames(byte[] input) {
    if (input.length < RAW_HEADER) {
      return;
    }
    ByteBuffer header = ByteBuffer.wrap(input, 0, RAW_HEADER);
    String encoding = ENCODINGS.get((header.get() & 0xff) % ENCODINGS.size());
    boolean bigEndian = (header.get() & 1) != 0;
    int width = header.getShort() & 0xffff;
    int height = header.getShort() & 0xffff;
    int step = header.getInt();
    byte[] data = Arrays.copyOfRange(input, RAW_HEADER, input.length);
    RawImage frame = new RawImage(1, "camera", width, height, encoding, bigEndian, step, data);
    try (DecodedImage image = RAW.decode(frame)) {
      PREPROCESSOR.preprocess(image, frame.stampNanos(), frame.frameId());
    } catch (ImageRejectedException expected) {
      // documented rejection
    }
  }

  @FuzzTest(maxDuration = "2m")
  void compressedFrames(byte[] input) {
    if (input.length < 1) {
      return;
    }
    String format = FORMATS.get((input[0] & 0xff) % FORMATS.size());
    RawCompressedImage frame = new RawCompressedImage(1, "camera", format, Arrays.copyOfRange(input, 1, input.length));
    try (DecodedImage image = COMPRESSED.decodeForModel(frame)) {
      PREPROCESSOR.preprocess(image, frame.stampNanos(), frame.frameId());
    } catch (ImageRejectedException expected) {
      // documented rejection
    }
    try (DecodedImage image = COMPRESSED.decode(frame)) {
      image.toRgb();
    } catch (ImageRejectedException expected) {
      // documented rejection
    }
    try {
      Optional<JpegPlanes> decoded = PLANAR.decode(frame);
      if (decoded.isPresent()) {
        try (JpegPlanes planes = decoded.get()) {
          PLANAR_PREPROCESSOR.preprocess(planes, frame.stampNanos(), frame.frameId());
        }
      }
    } catch (ImageRejectedException expected) {
      // documented rejection
    }
  }
}
