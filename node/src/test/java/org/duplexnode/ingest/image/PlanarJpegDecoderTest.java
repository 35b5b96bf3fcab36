package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duplexnode.ports.RawCompressedImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The planar JPEG path (libturbojpeg, Debian package libturbojpeg0) against OpenCV's full
 * decode, the exact reference: same grid, levels within a fraction of one on average.
 */
@Tag("integration")
class PlanarJpegDecoderTest {
  private static final int SAMPLING_420 = 0x221111;
  private static final int SAMPLING_422 = 0x211111;
  private static final int SAMPLING_444 = 0x111111;
  private static final int SAMPLING_440 = 0x121111;

  private final ImageIngest planes = new ImageIngest(JpegDecoding.PLANES);
  private final ImageIngest full = new ImageIngest(JpegDecoding.FULL);

  @Test
  void theSystemLibraryIsUsed() {
    assertThat(planes.jpegDecoding()).as("%s", PlanarJpegDecoder.unavailableReason())
        .isEqualTo(JpegDecoding.PLANES);
    assertThat(full.jpegDecoding()).isEqualTo(JpegDecoding.FULL);
  }

  @ParameterizedTest(name = "{0}x{1} sampling {2}")
  @CsvSource({"1920,1080,2232593", "1920,1080,2167057", "1920,1080,1118481", "1280,720,2232593",
      "640,480,2232593", "640,480,1118481", "100,60,2232593"})
  void planesStayCloseToAnExactDecode(int width, int height, int sampling) throws Exception {
    RawCompressedImage msg = jpeg(TestImages.cameraLike(width, height, width + sampling), sampling,
        "rgb8; jpeg compressed bgr8");
    try (JpegPlanes decoded = new PlanarJpegDecoder(true, FrameHelper.shared()).decode(msg).orElseThrow()) {
      assertThat(decoded.planeCount()).isEqualTo(3);
    }

    Difference d = difference(planes.accept(msg), full.accept(msg));

    assertThat(d.mean).isLessThan(0.8);
    assertThat(d.max).isLessThan(40);
    assertThat(d.mean).isGreaterThan(0); // really another decoder
  }

  @Test
  void aLayoutItDoesNotTakeGoesToOpenCv() throws Exception {
    RawCompressedImage msg = jpeg(TestImages.cameraLike(640, 480, 4), SAMPLING_440, "jpeg");

    assertThat(new PlanarJpegDecoder(true, FrameHelper.shared()).decode(msg)).isEmpty();
    ModelImage viaOpenCv = (ModelImage) planes.accept(msg);
    assertThat(viaOpenCv.pixels()).isEqualTo(((ModelImage) full.accept(msg)).pixels());
    assertThat(planes.acceptedCount()).isEqualTo(1);
  }

  @Test
  void greyJpegGivesEqualRedGreenAndBlue() throws Exception {
    RgbImage grey = TestImages.pattern(320, 240, 8);
    byte[] bytes = new byte[320 * 240];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = grey.rgb()[3 * i + 1];
    }
    Mat mat = new Mat(240, 320, CvType.CV_8UC1);
    mat.put(0, 0, bytes);
    RawCompressedImage msg = new RawCompressedImage(1, "c", "mono8; jpeg compressed mono8",
        encode(mat, SAMPLING_420));

    try (JpegPlanes decoded = new PlanarJpegDecoder(true, FrameHelper.shared()).decode(msg).orElseThrow()) {
      assertThat(decoded.grey()).isTrue();
    }
    ModelImage image = (ModelImage) planes.accept(msg);
    int plane = image.pixels().length / 3;
    assertThat(Arrays.copyOfRange(image.pixels(), 0, plane))
        .isEqualTo(Arrays.copyOfRange(image.pixels(), plane, 2 * plane))
        .isEqualTo(Arrays.copyOfRange(image.pixels(), 2 * plane, 3 * plane));
    assertThat(difference(image, full.accept(msg)).max).isLessThanOrEqualTo(1.0);
  }

  @Test
  void anEncoderFedRgbHasRedAndBlueSwappedBackAsOpenCvDoes() throws Exception {
    RgbImage frame = TestImages.cameraLike(1920, 1080, 5);
    RawCompressedImage bgr = jpeg(frame, SAMPLING_420, "rgb8; jpeg compressed bgr8");
    RawCompressedImage rgb = new RawCompressedImage(1, "c", "rgb8; jpeg compressed rgb8",
        bgr.data());

    ModelImage swapped = (ModelImage) planes.accept(rgb);
    ModelImage plain = (ModelImage) planes.accept(bgr);
    int plane = plain.pixels().length / 3;
    assertThat(Arrays.copyOfRange(swapped.pixels(), 0, plane))
        .isEqualTo(Arrays.copyOfRange(plain.pixels(), 2 * plane, 3 * plane));
    assertThat(difference(swapped, full.accept(rgb)).mean).isLessThan(0.8);
  }

  @Test
  void corruptAndTruncatedJpegsAreRejectedWithAReason() throws Exception {
    byte[] jpeg = jpeg(TestImages.pattern(64, 48, 1), SAMPLING_420, "jpeg").data();
    int sos = TestImages.indexOf(jpeg, 0xff, 0xda);
    byte[] corrupt = jpeg.clone();
    corrupt[sos + 4] = 9; // components in scan: more than the frame has
    PlanarJpegDecoder decoder = new PlanarJpegDecoder(true, FrameHelper.shared());

    assertThatThrownBy(() -> decoder.decode(new RawCompressedImage(1, "c", "jpeg", corrupt)))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.CORRUPT_DATA))
        .hasMessageContaining("could not read");
    assertThatThrownBy(() -> decoder.decode(
        new RawCompressedImage(1, "c", "jpeg", Arrays.copyOf(jpeg, jpeg.length / 2))))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.CORRUPT_DATA))
        .hasMessageContaining("truncated");
    assertThat(planes.accept(new RawCompressedImage(1, "c", "jpeg", corrupt)))
        .isInstanceOf(Rejected.class);
    assertThat(planes.rejectedCount(RejectReason.CORRUPT_DATA)).isEqualTo(1);
    // the decoder goes on decoding after a failure
    assertThat(decoder.decode(new RawCompressedImage(1, "c", "jpeg", jpeg))).isPresent();
  }

  @Test
  void concurrentCallsGiveTheSameInput() throws Exception {
    RawCompressedImage msg = jpeg(TestImages.cameraLike(1280, 720, 6), SAMPLING_420, "jpeg");
    float[] expected = ((ModelImage) planes.accept(msg)).pixels();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        results.add(pool.submit(() -> ((ModelImage) planes.accept(msg)).pixels()));
      }
      for (Future<float[]> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}x{1} sampling {2}, restart interval {3}")
  @CsvSource({"1920,1080,2232593,120", "1920,1080,2167057,1", "1920,1080,1118481,7",
      "1283,719,2232593,1", "640,480,2232593,40", "640,480,1118481,3"})
  void aFrameCutAtARestartMarkerDecodesToTheSamePlanes(int width, int height, int sampling,
      int interval) throws Exception {
    byte[] jpeg = RestartSplitTest.encode(TestImages.cameraLike(width, height, width + interval),
        sampling, interval);
    RawCompressedImage msg = new RawCompressedImage(1, "c", "jpeg", jpeg);
    ExecutorService helperThread = Executors.newSingleThreadExecutor();
    try {
      PlanarJpegDecoder whole = new PlanarJpegDecoder(true, FrameHelper.inline());
      PlanarJpegDecoder cut = new PlanarJpegDecoder(true, FrameHelper.on(helperThread));
      PlanarJpegDecoder cutOnOneThread = new PlanarJpegDecoder(true, FrameHelper.on(task -> {}));

      byte[][] expected = planes(whole, msg);
      assertThat(planes(cut, msg)).isDeepEqualTo(expected);
      assertThat(planes(cutOnOneThread, msg)).isDeepEqualTo(expected);
      assertThat(whole.splitDecodes()).isZero();
      assertThat(cut.splitDecodes()).isEqualTo(1);
      assertThat(cutOnOneThread.splitDecodes()).isEqualTo(1);
    } finally {
      helperThread.shutdownNow();
    }
  }

  @Test
  void aGreyFrameCutAtARestartMarkerDecodesToTheSamePlane() throws Exception {
    Mat grey = new Mat(1080, 1920, CvType.CV_8UC1);
    grey.put(0, 0, TestImages.green(TestImages.cameraLike(1920, 1080, 9)));
    RawCompressedImage msg = new RawCompressedImage(1, "c", "mono8; jpeg compressed mono8",
        RestartSplitTest.encode(grey, SAMPLING_420, 240));
    PlanarJpegDecoder cut = new PlanarJpegDecoder(true, FrameHelper.on(Runnable::run));

    assertThat(planes(cut, msg)).isDeepEqualTo(
        planes(new PlanarJpegDecoder(true, FrameHelper.inline()), msg));
    assertThat(cut.splitDecodes()).isEqualTo(1);
  }

  @Test
  void damagedEntropyDataDecodesAsItWouldWhole() throws Exception {
    // libjpeg resynchronises at the next restart marker; each part expects the same markers as
    // the whole, so damage gives the same planes (or the same rejection) cut or not.
    byte[] jpeg = RestartSplitTest.encode(TestImages.cameraLike(640, 480, 10), SAMPLING_420, 40);
    int start = TestImages.indexOf(jpeg, 0xff, 0xda) + 14;
    PlanarJpegDecoder whole = new PlanarJpegDecoder(true, FrameHelper.inline());
    PlanarJpegDecoder cut = new PlanarJpegDecoder(true, FrameHelper.on(Runnable::run));
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 40; i++) {
      byte[] damaged = jpeg.clone();
      for (int k = 0; k < 4; k++) {
        int at = start + random.nextInt(damaged.length - start - 2);
        if (damaged[at] != (byte) 0xff && damaged[at - 1] != (byte) 0xff) {
          damaged[at] = (byte) random.nextInt(255);
        }
      }
      RawCompressedImage msg = new RawCompressedImage(1, "c", "jpeg", damaged);
      assertThat(outcome(cut, msg)).as("damage %d", i).isEqualTo(outcome(whole, msg));
    }
    assertThat(cut.splitDecodes()).isPositive();
  }

  /** The planes' bytes, or the rejection's reason. */
  private static List<Object> outcome(PlanarJpegDecoder decoder, RawCompressedImage msg) {
    try {
      List<Object> out = new ArrayList<>();
      for (byte[] plane : planes(decoder, msg)) {
        out.add(java.nio.ByteBuffer.wrap(plane));
      }
      return out;
    } catch (ImageRejectedException e) {
      return List.of(e.reason());
    }
  }

  private static byte[][] planes(PlanarJpegDecoder decoder, RawCompressedImage msg)
      throws ImageRejectedException {
    try (JpegPlanes decoded = decoder.decode(msg).orElseThrow()) {
      byte[][] out = new byte[decoded.planeCount()][];
      for (int i = 0; i < out.length; i++) {
        Mat plane = decoded.plane(i);
        out[i] = new byte[(int) plane.total()];
        plane.get(0, 0, out[i]);
      }
      return out;
    }
  }

  private record Difference(double mean, double max) {}

  /** Mean and largest absolute difference in 8-bit levels (the normalised range is 2 wide). */
  private static Difference difference(ImageOutcome a, ImageOutcome b) {
    float[] x = ((ModelImage) a).pixels();
    float[] y = ((ModelImage) b).pixels();
    assertThat(x).hasSameSizeAs(y);
    double sum = 0;
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      double d = Math.abs(x[i] - y[i]) * 127.5;
      sum += d;
      max = Math.max(max, d);
    }
    return new Difference(sum / x.length, max);
  }

  /** Encodes with OpenCV, whose encoder takes the chroma subsampling as a parameter. */
  private static RawCompressedImage jpeg(RgbImage image, int sampling, String format) {
    Mat mat = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    mat.put(0, 0, TestImages.reorder(image, new int[] {2, 1, 0}, 3));
    return new RawCompressedImage(1, "c", format, encode(mat, sampling));
  }

  private static byte[] encode(Mat mat, int sampling) {
    MatOfByte out = new MatOfByte();
    try {
      Imgcodecs.imencode(".jpg", mat, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95,
          Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, sampling));
      return out.toArray();
    } finally {
      out.release();
      mat.release();
    }
  }
}
