package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ImageIngestTest {
  private static final RgbImage FRAME = TestImages.cameraLike(640, 480, 3);

  private final ImageIngest ingest = new ImageIngest();

  @Test
  void rawFramesBecomeModelInputWithStampAndFrame() {
    RawImage msg = new RawImage(42L, "head_camera", 640, 480, "rgb8", false, 640 * 3,
        FRAME.rgb());

    ModelImage model = (ModelImage) ingest.accept(msg);

    assertThat(model.stampNanos()).isEqualTo(42L);
    assertThat(model.frameId()).isEqualTo("head_camera");
    assertThat(new int[] {model.gridH(), model.gridW()}).containsExactly(28, 37);
    assertThat(model.pixels()).hasSize(3 * 14 * 14 * 28 * 37);
    assertThat(model.positionIds()).hasSize(28 * 37);
    assertThat(ingest.acceptedCount()).isEqualTo(1);
  }

  @Test
  void theOptionalFormsGiveTheImageOrEmptyAndCountAlike() {
    RawImage good = new RawImage(1, "c", 640, 480, "rgb8", false, 640 * 3, FRAME.rgb());
    RawCompressedImage bad = new RawCompressedImage(1, "c", "png", new byte[] {1, 2, 3});

    assertThat(ingest.modelImage(good)).get().extracting(ModelImage::gridW).isEqualTo(37);
    assertThat(ingest.modelImage(bad)).isEmpty();
    assertThat(ingest.acceptedCount()).isEqualTo(1);
    assertThat(ingest.rejectedCount(RejectReason.CORRUPT_DATA)).isEqualTo(1);
  }

  @Test
  void bgrAndRgbOfTheSameFrameGiveTheSameInput() {
    ModelImage rgb = (ModelImage) ingest.accept(
        new RawImage(1, "c", 640, 480, "rgb8", false, 640 * 3, FRAME.rgb()));
    ModelImage bgr = (ModelImage) ingest.accept(new RawImage(1, "c", 640, 480, "bgr8", false,
        640 * 3, TestImages.reorder(FRAME, new int[] {2, 1, 0}, 3)));
    assertThat(bgr.pixels()).isEqualTo(rgb.pixels());
  }

  @Test
  void pngFramesGiveTheSameInputAsRawOnes() {
    ModelImage raw = (ModelImage) ingest.accept(
        new RawImage(1, "c", 640, 480, "rgb8", false, 640 * 3, FRAME.rgb()));
    ModelImage png = (ModelImage) ingest.accept(new RawCompressedImage(1, "c",
        "rgb8; png compressed bgr8", TestImages.png(FRAME)));
    assertThat(png.pixels()).isEqualTo(raw.pixels());
  }

  @Test
  void reducedJpegDecodingStaysCloseToAFullDecode() {
    RgbImage frame = TestImages.cameraLike(1920, 1080, 9);
    RawCompressedImage msg = new RawCompressedImage(1, "c", "jpeg", TestImages.jpeg(frame, 0.9f));
    ModelImage reduced = (ModelImage) new ImageIngest(true).accept(msg);
    ModelImage full = (ModelImage) new ImageIngest(false).accept(msg);

    assertThat(reduced.gridW()).isEqualTo(full.gridW()).isEqualTo(43);
    double sum = 0;
    for (int i = 0; i < full.pixels().length; i++) {
      sum += Math.abs(full.pixels()[i] - reduced.pixels()[i]);
    }
    // Mean difference under 2 levels of 255 (the normalised range is 2 wide).
    assertThat(sum / full.pixels().length * 255 / 2).isLessThan(2.0);
    assertThat(Arrays.equals(full.pixels(), reduced.pixels())).isFalse();
  }

  @Test
  void everyRejectionHasAReasonAndACountAndNothingEscapes() {
    byte[] jpeg = TestImages.jpeg(TestImages.pattern(64, 48, 1), 0.9f);
    byte[] png = TestImages.png(TestImages.pattern(64, 48, 1));
    byte[] corruptPng = png.clone();
    for (int i = 45; i < 90; i++) {
      corruptPng[i] ^= 0x33;
    }

    List<Rejected> rejected = new ArrayList<>();
    for (ImageOutcome outcome : List.of(
        ingest.accept(new RawImage(1, "c", 4, 4, "bayer_grbg8", false, 4, new byte[16])),
        ingest.accept(new RawImage(1, "c", 4, 4, "rgb8", false, 12, new byte[47])),
        ingest.accept(new RawImage(1, "c", 4, 4, "rgb8", false, 8, new byte[48])),
        ingest.accept(new RawImage(1, "c", 9000, 4, "rgb8", false, 27000, new byte[48])),
        ingest.accept(new RawImage(1, "c", 4, 4, "rgb8", false, 12, null)),
        ingest.accept(new RawCompressedImage(1, "c", "jpeg", Arrays.copyOf(jpeg, 300))),
        ingest.accept(new RawCompressedImage(1, "c", "jpeg", Arrays.copyOf(jpeg, 1))),
        ingest.accept(new RawCompressedImage(1, "c", "png", Arrays.copyOf(png, png.length - 30))),
        ingest.accept(new RawCompressedImage(1, "c", "png", corruptPng)),
        ingest.accept(new RawCompressedImage(1, "c", "webp", png)),
        ingest.accept(new RawCompressedImage(1, "c", null, null)))) {
      assertThat(outcome).isInstanceOf(Rejected.class);
      rejected.add((Rejected) outcome);
    }

    assertThat(rejected).extracting(Rejected::reason).containsExactly(
        RejectReason.UNKNOWN_ENCODING, RejectReason.SHORT_DATA, RejectReason.BAD_STEP,
        RejectReason.BAD_DIMENSIONS, RejectReason.SHORT_DATA, RejectReason.CORRUPT_DATA,
        RejectReason.CORRUPT_DATA, RejectReason.CORRUPT_DATA, RejectReason.CORRUPT_DATA,
        RejectReason.UNSUPPORTED_FORMAT, RejectReason.SHORT_DATA);
    assertThat(rejected).allSatisfy(r -> assertThat(r.message()).isNotBlank());
    assertThat(ingest.rejectedCount(RejectReason.CORRUPT_DATA)).isEqualTo(4);
    assertThat(ingest.rejectedCount(RejectReason.SHORT_DATA)).isEqualTo(3);
    assertThat(ingest.rejectionCounts()).containsEntry(RejectReason.UNKNOWN_ENCODING, 1L)
        .containsEntry(RejectReason.BAD_STEP, 1L).containsEntry(RejectReason.BAD_DIMENSIONS, 1L)
        .containsEntry(RejectReason.UNSUPPORTED_FORMAT, 1L)
        .containsEntry(RejectReason.INTERNAL_ERROR, 0L);
    assertThat(ingest.acceptedCount()).isZero();
  }

  @Test
  void countsStayExactUnderConcurrentCalls() throws Exception {
    RawImage good = new RawImage(1, "c", 64, 48, "rgb8", false, 64 * 3,
        TestImages.pattern(64, 48, 1).rgb());
    RawImage bad = new RawImage(1, "c", 64, 48, "rgb8", false, 64 * 3, new byte[10]);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            assertThat(ingest.accept(good)).isInstanceOf(ModelImage.class);
            assertThat(ingest.accept(bad)).isInstanceOf(Rejected.class);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ingest.acceptedCount()).isEqualTo(100);
    assertThat(ingest.rejectedCount(RejectReason.SHORT_DATA)).isEqualTo(100);
  }
}
