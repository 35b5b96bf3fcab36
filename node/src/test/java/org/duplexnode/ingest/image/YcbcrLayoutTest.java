package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The planar colour conversion against libjpeg's integer equations (jdcolor.c), every level. */
@Tag("integration")
class YcbcrLayoutTest {
  private static final PatchGrid GRID = new PatchGrid(1, 19); // 266 x 14 pixels

  @Test
  void everyYcbcrTripleConvertsToLibjpegsLevels() {
    int width = GRID.width();
    int plane = width * GRID.height();
    int differing = 0;
    int notATableValue = 0;
    for (int luma = 0; luma < 256; luma++) {
      for (int cb = 0; cb < 256; cb++) {
        FloatBuffer y = FloatBuffer.allocate(plane);
        FloatBuffer b = FloatBuffer.allocate(plane);
        FloatBuffer r = FloatBuffer.allocate(plane);
        for (int i = 0; i < plane; i++) {
          y.put(i, luma);
          b.put(i, cb - 128);
          r.put(i, i % 256 - 128);
        }
        float[] out = YcbcrLayout.pixels(GRID, y, b, r, false);
        for (int cr = 0; cr < 256; cr++) {
          int row = cr / width;
          int x = cr % width;
          int at = (row % PatchGrid.PATCH) * GRID.rows() * width + (row / PatchGrid.PATCH) * width
              + x;
          int[] expected = libjpeg(luma, cb, cr);
          for (int c = 0; c < 3; c++) {
            int level = level(out[c * plane + at]);
            notATableValue += out[c * plane + at] != PatchLayout.normalise(level) ? 1 : 0;
            differing += level != expected[c] ? 1 : 0;
          }
        }
      }
    }
    assertThat(differing).isZero();
    assertThat(notATableValue).isZero();
  }

  @Test
  void redAndBlueSwapPlanes() {
    int plane = GRID.width() * GRID.height();
    FloatBuffer y = FloatBuffer.allocate(plane);
    FloatBuffer b = FloatBuffer.allocate(plane);
    FloatBuffer r = FloatBuffer.allocate(plane);
    for (int i = 0; i < plane; i++) {
      y.put(i, i % 200);
      b.put(i, i % 97 - 50);
      r.put(i, 40 - i % 89);
    }
    float[] plain = YcbcrLayout.pixels(GRID, y, b, r, false);
    float[] swapped = YcbcrLayout.pixels(GRID, y, b, r, true);
    for (int i = 0; i < plane; i++) {
      assertThat(swapped[i]).isEqualTo(plain[2 * plane + i]);
      assertThat(swapped[plane + i]).isEqualTo(plain[plane + i]);
      assertThat(swapped[2 * plane + i]).isEqualTo(plain[i]);
    }
  }

  private static int level(float normalised) {
    return Math.round((normalised + 1) * 127.5f);
  }

  /** jdcolor.c's ycc_rgb_convert: 16-bit fixed point, chroma terms rounded half up. */
  private static int[] libjpeg(int y, int cb, int cr) {
    int b = cb - 128;
    int r = cr - 128;
    int red = y + ((91881 * r + 32768) >> 16);
    int green = y + ((-22554 * b - 46802 * r + 32768) >> 16);
    int blue = y + ((116130 * b + 32768) >> 16);
    return new int[] {clamp(red), clamp(green), clamp(blue)};
  }

  private static int clamp(int level) {
    return Math.max(0, Math.min(255, level));
  }
}
