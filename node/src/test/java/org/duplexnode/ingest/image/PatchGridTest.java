package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class PatchGridTest {

  /** Expected values computed with the release's Python rule (find_best_resize, upscale on). */
  @ParameterizedTest(name = "{0}x{1} -> {2}x{3} patches")
  @CsvSource({
      "640,640,32,32", "448,448,32,32", "20,20,32,32", "1,1,32,32",
      "1920,1080,24,43", "1280,720,24,43", "3840,2160,24,43",
      "640,480,28,37", "480,640,37,28", "1280,800,25,40",
      "8192,1,1,2341", "1,8192,2896,1", "3,1000,584,2"})
  void followsTheReleaseRule(int width, int height, int rows, int cols) {
    PatchGrid grid = PatchGrid.forImage(width, height);
    assertThat(grid).isEqualTo(new PatchGrid(rows, cols));
    assertThat(grid.width()).isEqualTo(cols * 14);
    assertThat(grid.height()).isEqualTo(rows * 14);
  }

  /** A side of 14 k + 7 pixels is k + 0.5 patches; Python's round takes the even neighbour. */
  @ParameterizedTest(name = "{0}x{1} -> {2}x{3} patches")
  @CsvSource({"368,480,36,28", "850,480,24,42", "111,480,66,15"})
  void roundsHalvesToEvenLikePython(int width, int height, int rows, int cols) {
    assertThat(PatchGrid.forImage(width, height)).isEqualTo(new PatchGrid(rows, cols));
  }

  @Test
  void keepsTheAreaNear448Squared() {
    for (int w = 100; w <= 4000; w += 97) {
      for (int h = 100; h <= 4000; h += 89) {
        PatchGrid grid = PatchGrid.forImage(w, h);
        double area = (double) grid.width() * grid.height();
        assertThat(area / (448.0 * 448.0)).as("%dx%d -> %s", w, h, grid).isBetween(0.8, 1.2);
      }
    }
  }

  @Test
  void rejectsEmptyImages() {
    assertThatThrownBy(() -> PatchGrid.forImage(0, 10)).hasMessageContaining("0x10");
  }
}
