package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class Radix2FftTest {
  @Test
  void agreesWithTheDefinitionAndInvertsItself() {
    int n = 64;
    Random random = new Random(1);
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = random.nextGaussian();
      im[i] = random.nextGaussian();
    }
    double[] re0 = re.clone();
    double[] im0 = im.clone();
    Radix2Fft fft = new Radix2Fft(n);
    fft.forward(re, im);
    for (int k = 0; k < n; k++) {
      double sr = 0;
      double si = 0;
      for (int t = 0; t < n; t++) {
        double a = -2 * Math.PI * k * t / n;
        sr += re0[t] * Math.cos(a) - im0[t] * Math.sin(a);
        si += re0[t] * Math.sin(a) + im0[t] * Math.cos(a);
      }
      assertThat(re[k]).as("re %d", k).isCloseTo(sr, within(1e-9));
      assertThat(im[k]).as("im %d", k).isCloseTo(si, within(1e-9));
    }
    fft.inverse(re, im);
    for (int i = 0; i < n; i++) {
      assertThat(re[i]).isCloseTo(re0[i], within(1e-12));
      assertThat(im[i]).isCloseTo(im0[i], within(1e-12));
    }
  }

  @Test
  void onlyPowersOfTwo() {
    assertThatThrownBy(() -> new Radix2Fft(48)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FFT size must be a power of two: 48");
  }
}
