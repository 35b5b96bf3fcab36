package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PatchLayoutTest {
  private static final PatchGrid GRID = new PatchGrid(2, 3); // 28 x 42 pixels, L = 6

  @Test
  void normalisesLikeTheRelease() {
    assertThat(PatchLayout.normalise(0)).isEqualTo(-1f);
    assertThat(PatchLayout.normalise(255)).isEqualTo(1f);
    assertThat(PatchLayout.normalise(128)).isEqualTo((128f / 255f - 0.5f) / 0.5f);
  }

  @Test
  void patchesAreFlattenedAsReshapeByPatchDoes() {
    RgbImage image = TestImages.pattern(GRID.width(), GRID.height(), 1);
    ModelImage model = SlicePreprocessor.toModelImage(
        new ResizedImage(GRID, ChannelOrder.RGB, image.rgb()), 5, "f");

    int patches = GRID.patches();
    for (int c = 0; c < 3; c++) {
      for (int ph = 0; ph < GRID.rows(); ph++) {
        for (int pw = 0; pw < GRID.cols(); pw++) {
          int l = ph * GRID.cols() + pw;
          for (int ky = 0; ky < 14; ky++) {
            for (int kx = 0; kx < 14; kx++) {
              // [3][14][14 L]: channel, row within the patch, patch-major then column in patch
              int index = c * 14 * 14 * patches + ky * 14 * patches + l * 14 + kx;
              float expected = PatchLayout.normalise(image.at(pw * 14 + kx, ph * 14 + ky, c));
              assertThat(model.pixels()[index]).isEqualTo(expected);
              assertThat(model.pixel(c, pw * 14 + kx, ph * 14 + ky)).isEqualTo(expected);
            }
          }
        }
      }
    }
  }

  @Test
  void everyChannelOrderGivesTheSameModelInput() {
    RgbImage image = TestImages.pattern(GRID.width(), GRID.height(), 1);
    float[] rgb = PatchLayout.pixels(new ResizedImage(GRID, ChannelOrder.RGB, image.rgb()));
    assertThat(PatchLayout.pixels(new ResizedImage(GRID, ChannelOrder.BGR,
        TestImages.reorder(image, new int[] {2, 1, 0}, 3)))).isEqualTo(rgb);
    assertThat(PatchLayout.pixels(new ResizedImage(GRID, ChannelOrder.BGRA,
        TestImages.reorder(image, new int[] {2, 1, 0}, 4)))).isEqualTo(rgb);
    assertThat(PatchLayout.pixels(new ResizedImage(GRID, ChannelOrder.RGBA,
        TestImages.reorder(image, new int[] {0, 1, 2}, 4)))).isEqualTo(rgb);
  }

  @Test
  void grayIsReplicatedToAllThreePlanes() {
    RgbImage image = TestImages.pattern(GRID.width(), GRID.height(), 1);
    float[] out = PatchLayout.pixels(
        new ResizedImage(GRID, ChannelOrder.GRAY, TestImages.green(image)));
    int plane = GRID.width() * GRID.height();
    for (int i = 0; i < plane; i++) {
      assertThat(out[i]).isEqualTo(out[plane + i]).isEqualTo(out[2 * plane + i]);
    }
  }

  @Test
  void modelImageGivesShapesMaskAndPadding() {
    ModelImage model = SlicePreprocessor.toModelImage(new ResizedImage(GRID, ChannelOrder.GRAY,
        new byte[GRID.width() * GRID.height()]), 5, "f");

    assertThat(model.pixelShape()).containsExactly(1, 3, 14, 14 * 6);
    assertThat(model.targetSize()).containsExactly(2, 3);
    assertThat(model.patchAttentionMask(8))
        .containsExactly(true, true, true, true, true, true, false, false);
    assertThat(model.positionIds(8)).endsWith(0L, 0L).startsWith(model.positionIds());
    assertThatThrownBy(() -> model.patchAttentionMask(5)).hasMessageContaining("6 patches");
    assertThatThrownBy(() -> new ModelImage(1, "f", 2, 3, new float[10], new long[6]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
