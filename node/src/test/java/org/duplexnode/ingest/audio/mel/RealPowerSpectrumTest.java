package org.duplexnode.ingest.audio.mel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class RealPowerSpectrumTest {

  /** 400 is the Whisper size (radices 4, 2, 5, 5); the others reach the radix-3, generic and radix-2 paths. */
  @ParameterizedTest
  @ValueSource(ints = {400, 2, 6, 14, 30, 64, 242})
  void matchesADirectDft(int n) {
    Random random = new Random(n);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    RealPowerSpectrum spectrum = new RealPowerSpectrum(n);
    double[] power = new double[n / 2 + 1];
    spectrum.compute(x, power);
    for (int k = 0; k <= n / 2; k++) {
      double re = 0;
      double im = 0;
      for (int j = 0; j < n; j++) {
        re += x[j] * Math.cos(2 * Math.PI * j * k / n);
        im -= x[j] * Math.sin(2 * Math.PI * j * k / n);
      }
      assertThat(power[k]).as("bin %d of %d", k, n).isCloseTo(re * re + im * im,
          org.assertj.core.data.Offset.offset(1e-9 * n * n));
    }
  }
}
