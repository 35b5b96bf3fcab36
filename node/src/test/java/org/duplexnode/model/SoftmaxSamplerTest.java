package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SoftmaxSamplerTest {

  @Test
  void theVectorisedExponentialIsWithinFiveHundredThousandthsOfExp() {
    int n = 124_286;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -87f + 87f * i / (n - 1);
    }
    float[] out = new float[n];
    SoftmaxSampler.expsBelow(x, 0f, out, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double e = Math.exp(x[i]);
      worst = Math.max(worst, Math.abs(out[i] - e) / e);
    }
    assertThat(worst).isLessThan(5e-5);
    assertThat(out[n - 1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
    // shifted: exp(x - shift)
    float[] one = {5f};
    SoftmaxSampler.expsBelow(one, 7f, one, 1);
    assertThat((double) one[0]).isCloseTo(Math.exp(-2), org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void drawsFollowTheSoftmax() {
    float[] logits = {2f, 1f, 0f, -1f, Float.NEGATIVE_INFINITY, 0.5f};
    double max = 2;
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    SoftmaxSampler s = new SoftmaxSampler(42);
    int n = 200_000;
    int[] counts = new int[logits.length];
    for (int i = 0; i < n; i++) {
      counts[s.draw(logits)]++;
    }
    assertThat(counts[4]).isZero();
    for (int i = 0; i < logits.length; i++) {
      double p = Math.exp(logits[i] - max) / sum;
      // five standard deviations of a binomial count
      assertThat((double) counts[i]).isCloseTo(n * p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(n * p * (1 - p)) + 1));
    }
  }

  @Test
  void aSeedGivesTheSameDraws() {
    float[] logits = new float[6562];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) r.nextGaussian();
    }
    SoftmaxSampler a = new SoftmaxSampler(7);
    SoftmaxSampler b = new SoftmaxSampler(7);
    for (int i = 0; i < 50; i++) {
      assertThat(a.draw(logits)).isEqualTo(b.draw(logits));
    }
  }
}
