package org.duplexnode.model;

import java.util.SplittableRandom;

/**
 * Draws an index from the softmax of logits with a seeded generator, over a reused weight buffer
 * (no allocation per draw). Shared by the LLM's first-stage draw and the TTS code draw.
 */
final class SoftmaxSampler {
  private SplittableRandom random;
  private double[] weights = new double[0];

  SoftmaxSampler(long seed) {
    reseed(seed);
  }

  void reseed(long seed) {
    random = new SplittableRandom(seed);
  }

  int draw(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    if (weights.length != logits.length) {
      weights = new double[logits.length];
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      weights[i] = Math.exp(logits[i] - max);
      sum += weights[i];
    }
    double u = random.nextDouble() * sum;
    for (int i = 0; i < logits.length; i++) {
      u -= weights[i];
      if (u <= 0) {
        return i;
      }
    }
    return TokenDecoder.argmax(logits);
  }

  /** The underlying generator, for draws over a filtered shortlist. */
  SplittableRandom random() {
    return random;
  }
}
