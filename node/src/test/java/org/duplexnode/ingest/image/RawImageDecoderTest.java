package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.duplexnode.ports.RawImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("unit")
class RawImageDecoderTest {
  private static final int W = 38;
  private static final int H = 22;

  private final RawImageDecoder decoder = new RawImageDecoder();

  static Stream<Arguments> exactEncodings() {
    return Stream.of(
        Arguments.of("rgb8", new int[] {0, 1, 2}, 3),
        Arguments.of("bgr8", new int[] {2, 1, 0}, 3),
        Arguments.of("rgba8", new int[] {0, 1, 2}, 4),
        Arguments.of("bgra8", new int[] {2, 1, 0}, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exactEncodings")
  void colourEncodingsConvertExactlyWithRowPadding(String encoding, int[] order, int bpp)
      throws Exception {
    for (int[] size : new int[][] {{W, H}, {37, 21}, {1, 1}}) {
      RgbImage expected = TestImages.pattern(size[0], size[1], 1);
      for (int padding : new int[] {0, 5, 64}) {
        RawImage msg = TestImages.raw(expected, encoding, bpp, padding,
            TestImages.reorder(expected, order, bpp));
        assertThat(rgbOf(msg).rgb())
            .as("%s %dx%d padding %d", encoding, size[0], size[1], padding)
            .isEqualTo(expected.rgb());
      }
    }
  }

  @Test
  void lastRowMayOmitItsPadding() throws Exception {
    RgbImage expected = TestImages.pattern(W, H, 1);
    RawImage padded = TestImages.raw(expected, "rgb8", 3, 10, expected.rgb());
    byte[] trimmed = java.util.Arrays.copyOf(padded.data(), padded.step() * (H - 1) + W * 3);
    RawImage msg = new RawImage(1, "c", W, H, "rgb8", false, padded.step(), trimmed);

    assertThat(rgbOf(msg).rgb()).isEqualTo(expected.rgb());
  }

  @Test
  void mono8IsReplicatedToRgb() throws Exception {
    RgbImage source = TestImages.pattern(W, H, 1);
    RawImage msg = TestImages.raw(source, "mono8", 1, 3, TestImages.green(source));

    RgbImage rgb = rgbOf(msg);

    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int g = source.at(x, y, 1);
        assertThat(new int[] {rgb.at(x, y, 0), rgb.at(x, y, 1), rgb.at(x, y, 2)})
            .containsExactly(g, g, g);
      }
    }
  }

  @Test
  void mono16IsScaledToEightBitsInBothByteOrders() throws Exception {
    int[] levels = new int[W * H];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = (int) ((long) i * 65535 / (levels.length - 1)) ^ (i % 7);
    }
    levels[0] = 0;
    levels[levels.length - 1] = 65535;
    for (boolean bigEndian : new boolean[] {false, true}) {
      byte[] packed = new byte[levels.length * 2];
      for (int i = 0; i < levels.length; i++) {
        int hi = bigEndian ? 0 : 1;
        packed[i * 2 + hi] = (byte) (levels[i] >> 8);
        packed[i * 2 + 1 - hi] = (byte) levels[i];
      }
      int step = W * 2 + 6;
      RawImage msg = new RawImage(1, "c", W, H, "mono16", bigEndian, step,
          TestImages.padRows(packed, H, W * 2, step));

      RgbImage rgb = rgbOf(msg);

      for (int i = 0; i < levels.length; i++) {
        int expected = (int) Math.round(levels[i] * 255.0 / 65535.0);
        assertThat(rgb.at(i % W, i / W, 0)).as("level %d big-endian %s", levels[i], bigEndian)
            .isEqualTo(expected);
        assertThat(rgb.at(i % W, i / W, 2)).isEqualTo(expected);
      }
      assertThat(rgb.at(W - 1, H - 1, 1)).isEqualTo(255);
    }
  }

  static Stream<Arguments> yuvEncodings() {
    return Stream.of(
        Arguments.of("yuv422", 2), Arguments.of("uyvy", 2), Arguments.of("yuyv", 2),
        Arguments.of("yuv422_yuy2", 2), Arguments.of("nv12", 1), Arguments.of("nv21", 1));
  }

  /**
   * OpenCV decodes YUV with BT.601 limited range in fixed point; against an exact
   * floating-point inverse of the same bytes it may differ by one level, and against the
   * original RGB (after 8-bit YUV quantisation) by two.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("yuvEncodings")
  void yuvEncodingsMatchBt601WithinTwoLevels(String encoding, int bpp) throws Exception {
    RgbImage expected = TestImages.pattern(W, H, 2);
    byte[] packed = switch (encoding) {
      case "yuv422", "uyvy" -> TestImages.yuv422(expected, false);
      case "yuyv", "yuv422_yuy2" -> TestImages.yuv422(expected, true);
      case "nv12" -> TestImages.yuv420sp(expected, true);
      default -> TestImages.yuv420sp(expected, false);
    };
    int rows = encoding.startsWith("nv") ? H * 3 / 2 : H;
    int step = W * bpp + 6;
    RawImage msg = new RawImage(1, "c", W, H, encoding, false, step,
        TestImages.padRows(packed, rows, W * bpp, step));

    RgbImage rgb = rgbOf(msg);

    assertThat(TestImages.maxDifference(rgb, expected)).isLessThanOrEqualTo(2);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int[] yuv = TestImages.yuvAt(expected, x, y);
        int[] exact = TestImages.rgbFromYuv(yuv[0], yuv[1], yuv[2]);
        for (int c = 0; c < 3; c++) {
          assertThat(Math.abs(rgb.at(x, y, c) - exact[c])).as("%s (%d,%d) c%d", encoding, x, y, c)
              .isLessThanOrEqualTo(1);
        }
      }
    }
  }

  @Test
  void encodingNamesAreCaseInsensitive() throws Exception {
    RgbImage expected = TestImages.pattern(4, 2, 1);
    RawImage msg = new RawImage(1, "c", 4, 2, "RGB8", false, 12, expected.rgb());
    assertThat(rgbOf(msg).rgb()).isEqualTo(expected.rgb());
  }

  @Test
  void rejectsWhatItCannotConvertBeforeAllocating() {
    byte[] small = new byte[100];
    assertRejected(new RawImage(1, "c", 4, 4, "bayer_rggb8", false, 4, small),
        RejectReason.UNKNOWN_ENCODING, "bayer_rggb8");
    assertRejected(new RawImage(1, "c", 4, 4, null, false, 4, small),
        RejectReason.UNKNOWN_ENCODING, "null");
    assertRejected(new RawImage(1, "c", 0, 4, "rgb8", false, 12, small),
        RejectReason.BAD_DIMENSIONS, "0x4");
    assertRejected(new RawImage(1, "c", 4, -3, "rgb8", false, 12, small),
        RejectReason.BAD_DIMENSIONS, "4x4294967293");
    assertRejected(new RawImage(1, "c", 100_000, 100_000, "rgb8", false, 300_000, small),
        RejectReason.BAD_DIMENSIONS, "8192");
    assertRejected(new RawImage(1, "c", 3, 2, "yuv422", false, 6, small),
        RejectReason.BAD_DIMENSIONS, "even width");
    assertRejected(new RawImage(1, "c", 4, 3, "nv12", false, 4, small),
        RejectReason.BAD_DIMENSIONS, "even height");
    assertRejected(new RawImage(1, "c", 4, 4, "rgb8", false, 11, small),
        RejectReason.BAD_STEP, "step 11");
    // -1 is the uint32 step 4294967295: longer than the data, not shorter than a row
    assertRejected(new RawImage(1, "c", 4, 4, "rgb8", false, -1, small),
        RejectReason.SHORT_DATA, "with step 4294967295");
    assertRejected(new RawImage(1, "c", 8, 8, "rgb8", false, 24, small),
        RejectReason.SHORT_DATA, "needs 192");
    assertRejected(new RawImage(1, "c", 8, 8, "nv12", false, 8, new byte[95]),
        RejectReason.SHORT_DATA, "needs 96");
    assertRejected(new RawImage(1, "c", 2, 2, "rgb8", false, Integer.MAX_VALUE, small),
        RejectReason.SHORT_DATA, "needs");
    assertRejected(new RawImage(1, "c", 2, 2, "rgb8", false, 6, null),
        RejectReason.SHORT_DATA, "data has 0 bytes");
  }

  @Test
  void aSingleRowIgnoresAHugeStep() throws Exception {
    RgbImage expected = TestImages.pattern(5, 1, 1);
    RawImage msg = new RawImage(1, "c", 5, 1, "rgb8", false, Integer.MAX_VALUE, expected.rgb());
    assertThat(rgbOf(msg).rgb()).isEqualTo(expected.rgb());
  }

  private RgbImage rgbOf(RawImage msg) throws ImageRejectedException {
    try (DecodedImage image = decoder.decode(msg)) {
      assertThat(image.width()).isEqualTo(msg.width());
      assertThat(image.height()).isEqualTo(msg.height());
      return image.toRgb();
    }
  }

  private void assertRejected(RawImage msg, RejectReason reason, String messagePart) {
    assertThatThrownBy(() -> decoder.decode(msg))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(messagePart);
  }
}
