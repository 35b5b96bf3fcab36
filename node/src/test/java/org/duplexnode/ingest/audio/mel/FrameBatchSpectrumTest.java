package org.duplexnode.ingest.audio.mel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class FrameBatchSpectrumTest {

  /** Every frame of a batch gets exactly the per-frame spectrum, whatever the batch size. */
  @ParameterizedTest(name = "n {0}, {1} frames")
  @CsvSource({"400, 1", "400, 7", "400, 64", "30, 13", "16, 3"})
  void isBitIdenticalToThePerFrameSpectrum(int n, int frames) {
    Random random = new Random(n * 100L + frames);
    FrameBatchSpectrum batch = new FrameBatchSpectrum(n);
    RealPowerSpectrum single = new RealPowerSpectrum(n);
    double[][] x = new double[frames][n];
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < n; i++) {
        x[f][i] = random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2);
      }
      batch.load(f, x[f]);
    }
    double[][] power = batch.transform(frames);
    double[] expected = new double[n / 2 + 1];
    for (int f = 0; f < frames; f++) {
      single.compute(x[f], expected);
      for (int k = 0; k <= n / 2; k++) {
        assertThat(power[k][f]).as("frame %d bin %d", f, k).isEqualTo(expected[k]);
      }
    }
  }

  @Test
  void windowedLoadEqualsLoadingTheWindowedFrame() {
    Random random = new Random(5);
    float[] signal = new float[1000];
    for (int i = 0; i < signal.length; i++) {
      signal[i] = (float) random.nextGaussian();
    }
    double[] window = new double[400];
    double[] frame = new double[400];
    for (int i = 0; i < 400; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / 400);
      frame[i] = signal[321 + i] * window[i];
    }
    FrameBatchSpectrum a = new FrameBatchSpectrum(400);
    FrameBatchSpectrum b = new FrameBatchSpectrum(400);
    a.load(0, signal, 321, window);
    b.load(0, frame);
    double[][] pa = a.transform(1);
    double[][] pb = b.transform(1);
    for (int k = 0; k <= 200; k++) {
      assertThat(pa[k][0]).isEqualTo(pb[k][0]);
    }
  }

  @Test
  void refusesSizesItCannotTransform() {
    assertThatThrownBy(() -> new FrameBatchSpectrum(14)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("radix 7");
    assertThatThrownBy(() -> new FrameBatchSpectrum(401)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameBatchSpectrum(400).transform(65))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frames per batch");
  }
}
