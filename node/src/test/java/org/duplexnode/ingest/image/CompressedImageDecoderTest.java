package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.duplexnode.ports.RawCompressedImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class CompressedImageDecoderTest {
  private static final RgbImage PATTERN = TestImages.pattern(64, 48, 1);

  private final CompressedImageDecoder decoder = new CompressedImageDecoder();

  @ParameterizedTest
  @ValueSource(strings = {"png", "PNG", "bgr8; png compressed bgr8", "rgb8; png compressed bgr8",
      "mono8; png compressed bgr8", ""})
  void pngDecodesExactly(String format) throws Exception {
    assertThat(rgbOf(format, TestImages.png(PATTERN)).rgb()).isEqualTo(PATTERN.rgb());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg", "jpg", "bgr8; jpeg compressed bgr8",
      "rgb8; jpeg compressed bgr8", "bgra8; jpeg compressed bgr8", ""})
  void jpegDecodesCloseToTheOriginal(String format) throws Exception {
    RgbImage smooth = TestImages.pattern(64, 48, 1);
    RgbImage rgb = rgbOf(format, TestImages.jpeg(smooth, 0.95f));
    // ImageIO subsamples chroma 4:2:0; the blue ramp wraps around, so a few levels on average.
    assertThat(TestImages.meanDifference(rgb, smooth)).isLessThan(4.0);
    // At (63, 24) red is 255 and blue 93: a channel swap cannot pass.
    assertThat(rgb.at(63, 24, 0)).isGreaterThan(235);
    assertThat(rgb.at(63, 24, 2)).isBetween(73, 113);
  }

  @Test
  void rgbFedToTheEncoderDecodesWithRedAndBlueSwappedBack() throws Exception {
    // A publisher that handed RGB bytes to OpenCV's BGR encoder stores red as blue.
    RgbImage swapped = new RgbImage(PATTERN.width(), PATTERN.height(),
        TestImages.reorder(PATTERN, new int[] {2, 1, 0}, 3));
    assertThat(rgbOf("rgb8; png compressed rgb8", TestImages.png(swapped)).rgb())
        .isEqualTo(PATTERN.rgb());
  }

  @Test
  void theDataDecidesTheCodecWhenTheFormatIsWrong() throws Exception {
    assertThat(rgbOf("jpeg", TestImages.png(PATTERN)).rgb()).isEqualTo(PATTERN.rgb());
  }

  @Test
  void forTheModelALargeJpegDecodesAtReducedScaleButStillCoversTheGrid() throws Exception {
    RgbImage frame = TestImages.cameraLike(1920, 1080, 1);
    RawCompressedImage msg = new RawCompressedImage(1, "c", "jpeg", TestImages.jpeg(frame, 0.9f));
    try (DecodedImage image = decoder.decodeForModel(msg)) {
      // grid 24x43 is 602x336; 1/2 scale leaves 960x540, still 1.5 times that
      assertThat(image.width()).isEqualTo(960);
      assertThat(image.height()).isEqualTo(540);
    }
    try (DecodedImage image = decoder.decode(msg)) {
      assertThat(image.width()).isEqualTo(1920);
    }
  }

  @Test
  void reductionIsTheLargestThatStillCoversTheMinimum() {
    assertThat(CompressedImageDecoder.reduction(1920, 1080, 602, 336)).isEqualTo(2);
    assertThat(CompressedImageDecoder.reduction(3840, 2160, 602, 336)).isEqualTo(4);
    assertThat(CompressedImageDecoder.reduction(640, 480, 518, 392)).isEqualTo(1);
    assertThat(CompressedImageDecoder.reduction(7000, 7000, 448, 448)).isEqualTo(8);
  }

  @Test
  void truncatedJpegIsRejectedBeforeDecoding() {
    byte[] jpeg = TestImages.jpeg(PATTERN, 0.9f);
    assertRejected("jpeg", Arrays.copyOf(jpeg, jpeg.length / 2), RejectReason.CORRUPT_DATA,
        "truncated");
    assertRejected("jpeg", Arrays.copyOf(jpeg, 40), RejectReason.CORRUPT_DATA, "");
    assertRejected("jpeg", Arrays.copyOf(jpeg, 2), RejectReason.CORRUPT_DATA, "signature");
  }

  @Test
  void corruptJpegTablesAreRejectedByTheDecoder() {
    byte[] jpeg = TestImages.jpeg(PATTERN, 0.9f);
    int sos = TestImages.indexOf(jpeg, 0xff, 0xda);
    byte[] corrupt = jpeg.clone();
    corrupt[sos + 4] = 9; // components in scan: more than the frame has
    assertRejected("jpeg", corrupt, RejectReason.CORRUPT_DATA, "decoder could not read");
  }

  @Test
  void truncatedAndCorruptPngAreRejected() {
    byte[] png = TestImages.png(PATTERN);
    assertRejected("png", Arrays.copyOf(png, png.length / 2), RejectReason.CORRUPT_DATA,
        "decoder could not read");
    assertRejected("png", Arrays.copyOf(png, 20), RejectReason.CORRUPT_DATA, "IHDR");
    byte[] corrupt = png.clone();
    int idat = TestImages.indexOf(png, 'I', 'D', 'A', 'T');
    for (int i = idat + 4; i < idat + 40; i++) {
      corrupt[i] ^= 0x5a;
    }
    assertRejected("png", corrupt, RejectReason.CORRUPT_DATA, "decoder could not read");
  }

  @Test
  void oversizedHeadersAreRejectedBeforeDecoding() {
    byte[] png = TestImages.png(PATTERN);
    png[16] = 0x00;
    png[17] = 0x01; // width 65536 + 64
    assertRejected("png", png, RejectReason.BAD_DIMENSIONS, "8192");

    byte[] jpeg = TestImages.jpeg(PATTERN, 0.9f);
    int sof = TestImages.indexOf(jpeg, 0xff, 0xc0);
    jpeg[sof + 5] = (byte) 0xff; // height 65280 + 48
    assertRejected("jpeg", jpeg, RejectReason.BAD_DIMENSIONS, "8192");
  }

  @Test
  void otherFormatsAndEmptyDataAreRejected() {
    byte[] png = TestImages.png(PATTERN);
    assertRejected("tiff", png, RejectReason.UNSUPPORTED_FORMAT, "tiff");
    assertRejected("16UC1; compressedDepth png", png, RejectReason.UNSUPPORTED_FORMAT, "depth");
    assertRejected("jpeg", new byte[0], RejectReason.SHORT_DATA, "no data");
    assertRejected("jpeg", null, RejectReason.SHORT_DATA, "no data");
    assertRejected("jpeg", "GIF89a....".getBytes(), RejectReason.CORRUPT_DATA, "47 49 46 38");
  }

  private RgbImage rgbOf(String format, byte[] data) throws ImageRejectedException {
    try (DecodedImage image = decoder.decode(new RawCompressedImage(1, "c", format, data))) {
      return image.toRgb();
    }
  }

  private void assertRejected(String format, byte[] data, RejectReason reason, String part) {
    assertThatThrownBy(() -> decoder.decode(new RawCompressedImage(1, "c", format, data)))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(part);
  }
}
