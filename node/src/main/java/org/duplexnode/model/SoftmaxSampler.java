package org.duplexnode.model;

import java.util.SplittableRandom;

/**
 * Draws an index from the softmax of logits with a seeded generator, over a reused weight buffer
 * (no allocation per draw). Used for the TTS codes: 26 draws over 6562 logits per speaking unit,
 * where {@link Math#exp} alone cost about 1.3 ms of Java time per unit, so the weights come from
 * {@link #expsBelow}, a vectorised exponential within 5e-5 of exp, relative: a draw's probabilities
 * move by less than that, relative, far below anything a sample could show.
 */
final class SoftmaxSampler {
  private SplittableRandom random;
  private static final int BLOCK = 64;

  private float[] weights = new float[0];
  private double[] blockSums = new double[0];

  SoftmaxSampler(long seed) {
    reseed(seed);
  }

  void reseed(long seed) {
    random = new SplittableRandom(seed);
  }

  int draw(float[] logits) {
    int n = logits.length;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, logits[i]);
    }
    // Math.max carries a NaN through
    if (max == Float.POSITIVE_INFINITY || max == Float.NEGATIVE_INFINITY || max != max) {
      // no distribution to draw from (all masked, +inf or NaN logits): the argmax is the only answer
      return TokenDecoder.argmax(logits);
    }
    if (weights.length != n) {
      weights = new float[n];
      blockSums = new double[(n + BLOCK - 1) / BLOCK];
    }
    // Block sums let the draw's walk skip whole blocks: about n / 64 + 64 steps instead of n / 2.
    expsBelow(logits, max, weights, n);
    double sum = 0;
    for (int b = 0, from = 0; from < n; b++, from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      float block = 0;
      for (int i = from; i < to; i++) {
        // a masked token weighs exactly nothing (the vectorised exp floors at e^-87)
        float w = logits[i] == Float.NEGATIVE_INFINITY ? 0f : weights[i];
        weights[i] = w;
        block += w;
      }
      blockSums[b] = block;
      sum += block;
    }
    double u = random.nextDouble() * sum;
    int b = 0;
    while (b < blockSums.length - 1 && u > blockSums[b]) {
      u -= blockSums[b];
      b++;
    }
    int end = Math.min(n, (b + 1) * BLOCK);
    for (int i = b * BLOCK; i < end; i++) {
      u -= weights[i];
      if (u <= 0) {
        return i;
      }
    }
    // rounding left u a hair above the block's last weight: take the block's last drawable index
    for (int i = end - 1; i >= b * BLOCK; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    return TokenDecoder.argmax(logits);
  }

  /**
   * out[i] = exp(x[i] - shift) for x[i] <= shift, floored at e^-87: e^(y/128) by its Taylor series
   * to degree 8, then squared seven times. Only float multiplies and adds, so C2 vectorises the loop
   * (about 0.7 ns per value here against 6 to 7 ns for Math.exp); within 5e-5 of exp, relative.
   */
  static void expsBelow(float[] x, float shift, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      float y = Math.max(x[i] - shift, -87f) * (1f / 128f);
      float p = 1f + y * (1f + y * (0.5f + y * (0.16666667f + y * (0.041666668f + y * (0.008333334f
          + y * (0.0013888889f + y * (1.984127e-4f + y * 2.4801588e-5f)))))));
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      p *= p;
      out[i] = p;
    }
  }
}
