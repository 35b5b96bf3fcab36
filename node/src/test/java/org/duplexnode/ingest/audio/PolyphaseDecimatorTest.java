package org.duplexnode.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class PolyphaseDecimatorTest {

  @ParameterizedTest(name = "factor {0}, {1} taps, {2} outputs")
  @CsvSource({
    "3, 216, 320", "3, 216, 1", "3, 216, 1365", "2, 144, 700", "6, 416, 513",
    "4, 17, 40", "5, 200, 512", "3, 300, 100"
  })
  void equalsTheDirectSumOfEveryOutput(int factor, int taps, int count) {
    Random random = new Random(31L * factor + taps);
    float[] h = new float[taps + 5];
    for (int k = 0; k < h.length; k++) {
      h[k] = (float) random.nextGaussian() / taps;
    }
    int start = 7;
    float[] x = new float[start + factor * (count - 1) + taps];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] out = new float[count + 3];
    new PolyphaseDecimator(factor, h, 5, taps).filter(x, start, count, out, 3);
    for (int j = 0; j < count; j++) {
      double direct = 0;
      double scale = 0;
      for (int k = 0; k < taps; k++) {
        direct += (double) h[5 + k] * x[start + factor * j + k];
        scale += Math.abs((double) h[5 + k] * x[start + factor * j + k]);
      }
      // float accumulation of a few hundred terms: a few ulps of the sum of magnitudes
      assertThat(Math.abs(out[3 + j] - direct)).as("output %d", j).isLessThan(1e-6 * scale + 1e-12);
    }
  }

  @Test
  void readsNothingPastTheLastTapOfTheLastOutput() {
    float[] h = new float[216];
    java.util.Arrays.fill(h, 1f / 216);
    float[] x = new float[3 * 99 + 216]; // exactly what 100 outputs need
    java.util.Arrays.fill(x, 1f);
    float[] out = new float[100];
    new PolyphaseDecimator(3, h, 0, 216).filter(x, 0, 100, out, 0);
    assertThat(out[99]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void rejectsAFactorBelowTwo() {
    assertThatThrownBy(() -> new PolyphaseDecimator(1, new float[8], 0, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factor");
  }
}
