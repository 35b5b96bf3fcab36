package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** Cutting a JPEG at a restart marker: where, what the parts are, and when not to cut. */
@Tag("unit")
class RestartSplitTest {
  static {
    OpenCvNatives.load();
  }

  @Test
  void aMarkerPerMcuRowCutsAtTheMultipleOfEightNearestTheMiddle() {
    // 1920x1080 4:2:0: 120 MCUs of 16x16 per row, 68 rows; markers after rows 8, 16, ..., 64
    // keep the bottom's first marker RST0, and 32 is the nearest to 34.
    byte[] jpeg = encode(TestImages.cameraLike(1920, 1080, 1), Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_420, 120);

    RestartSplit cut = RestartSplit.find(jpeg).orElseThrow();

    assertThat(cut.cutRow).isEqualTo(32 * 16);
    assertThat(size(cut.top)).containsExactly(1920, 512);
    assertThat(size(cut.bottom)).containsExactly(1920, 1080 - 512);
    assertThat(cut.top.length + cut.bottom.length)
        .isBetween(jpeg.length, jpeg.length + 2 * 1024); // the header twice, one marker less
    assertThat(Arrays.copyOfRange(cut.top, cut.top.length - 2, cut.top.length))
        .containsExactly(0xff, 0xd9);
  }

  @Test
  void thePartsOfAFrameWithoutChromaSubsamplingAreItsRows() {
    // 4:4:4 has no chroma upsampling across the cut, so even a full colour decode of each part
    // is exactly the whole's rows.
    RgbImage image = TestImages.cameraLike(640, 480, 2);
    byte[] jpeg = encode(image, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444, 1);
    Mat whole = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
    RestartSplit cut = RestartSplit.find(jpeg).orElseThrow();

    Mat top = Imgcodecs.imdecode(new MatOfByte(cut.top), Imgcodecs.IMREAD_COLOR);
    Mat bottom = Imgcodecs.imdecode(new MatOfByte(cut.bottom), Imgcodecs.IMREAD_COLOR);

    assertThat(top.rows() + bottom.rows()).isEqualTo(480);
    assertThat(top.rows()).isEqualTo(cut.cutRow);
    assertThat(bytes(top)).isEqualTo(bytes(whole.rowRange(0, cut.cutRow)));
    assertThat(bytes(bottom)).isEqualTo(bytes(whole.rowRange(cut.cutRow, 480)));
  }

  @Test
  void aGreyFrameCutsOnEightPixelRows() {
    Mat grey = new Mat(1080, 1920, CvType.CV_8UC1);
    grey.put(0, 0, TestImages.green(TestImages.cameraLike(1920, 1080, 3)));
    byte[] jpeg = encode(grey, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_420, 240);

    // 135 rows of 8x8 blocks, a marker per row: 64 is the multiple of 8 nearest 67.5
    assertThat(RestartSplit.find(jpeg).orElseThrow().cutRow).isEqualTo(64 * 8);
  }

  @Test
  void framesThatCannotBeCutAreLeftWhole() {
    RgbImage image = TestImages.cameraLike(640, 480, 4);
    int sampling = Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_420;

    assertThat(RestartSplit.find(encode(image, sampling, 0))).as("no markers").isEmpty();
    assertThat(RestartSplit.find(encode(image, sampling, 65535))).as("one interval").isEmpty();
    assertThat(RestartSplit.find(encodeProgressive(image))).as("progressive").isEmpty();
    assertThat(RestartSplit.find(TestImages.png(image))).as("PNG").isEmpty();
    byte[] jpeg = encode(image, sampling, 40);
    assertThat(RestartSplit.find(jpeg)).as("one marker per MCU row").isPresent();
    assertThat(RestartSplit.find(Arrays.copyOf(jpeg, 600))).as("cut short").isEmpty();
  }

  @Test
  void aMisnumberedMarkerBeforeTheCutLeavesTheFrameWhole() {
    byte[] jpeg = encode(TestImages.cameraLike(640, 480, 5), Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_420, 40);
    int first = TestImages.indexOf(jpeg, 0xff, 0xd0);
    jpeg[first + 1] = (byte) 0xd3;

    assertThat(RestartSplit.find(jpeg)).isEmpty();
  }

  @Test
  void damagedHeadersNeverThrow() {
    byte[] jpeg = encode(TestImages.cameraLike(320, 240, 6), Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_420, 20);
    int sos = TestImages.indexOf(jpeg, 0xff, 0xda);
    Random random = new Random(7);
    int cuts = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] damaged = jpeg.clone();
      for (int k = 0; k < 3; k++) {
        damaged[2 + random.nextInt(sos + 12)] = (byte) random.nextInt(256);
      }
      if (RestartSplit.find(damaged).isPresent()) {
        cuts++;
      }
    }
    // most single-byte damage leaves the markers readable (tables, quantisers, pixels)
    assertThat(cuts).isBetween(1, 2999);
  }

  @Test
  void nextFfFindsEveryPosition() {
    Random random = new Random(8);
    for (int length = 0; length < 40; length++) {
      for (int at = 0; at <= length; at++) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
          data[i] = (byte) (random.nextInt(255)); // 0..254: never 0xFF
        }
        if (at < length) {
          data[at] = (byte) 0xff;
        }
        assertThat(RestartSplit.nextFf(data, 0, length)).as("length %d at %d", length, at)
            .isEqualTo(at);
        assertThat(RestartSplit.nextFf(data, Math.min(at + 1, length), length)).isEqualTo(length);
      }
    }
  }

  static byte[] encode(RgbImage image, int sampling, int restartInterval) {
    Mat mat = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    mat.put(0, 0, TestImages.reorder(image, new int[] {2, 1, 0}, 3));
    return encode(mat, sampling, restartInterval);
  }

  static byte[] encode(Mat mat, int sampling, int restartInterval) {
    MatOfByte out = new MatOfByte();
    try {
      Imgcodecs.imencode(".jpg", mat, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95,
          Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, sampling,
          Imgcodecs.IMWRITE_JPEG_RST_INTERVAL, restartInterval));
      return out.toArray();
    } finally {
      out.release();
      mat.release();
    }
  }

  private static byte[] encodeProgressive(RgbImage image) {
    Mat mat = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    mat.put(0, 0, TestImages.reorder(image, new int[] {2, 1, 0}, 3));
    MatOfByte out = new MatOfByte();
    Imgcodecs.imencode(".jpg", mat, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1,
        Imgcodecs.IMWRITE_JPEG_RST_INTERVAL, 40));
    return out.toArray();
  }

  private static int[] size(byte[] jpeg) {
    Mat mat = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_UNCHANGED);
    return new int[] {mat.cols(), mat.rows()};
  }

  private static byte[] bytes(Mat mat) {
    Mat copy = mat.clone();
    byte[] out = new byte[(int) (copy.total() * copy.channels())];
    copy.get(0, 0, out);
    return out;
  }

}
