package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.junit.jupiter.api.Test;

/**
 * A session longer than the LLM cache: the sliding window drops old units and re-rotates keys,
 * and the session goes on (without it the cache overflows after about ten minutes of listening).
 */
class SlidingWindowSessionTest {
  static final Path MODEL = Path.of("..").toAbsolutePath().normalize().resolve("tensorrt-engines/tiny-model");

  @Test
  void aSessionOutlastsItsCache() {
    try (DuplexModel model = DuplexModel.open(MODEL, OnnxRuntimeEngine.cpu(), new RuntimeOptions(true, 0, 700))) {
      model.prepare();
      Random r = new Random(5);
      int maxCache = 0;
      for (int unit = 0; unit < 60; unit++) {
        float[] samples = new float[Math.max(model.samplesNeeded(), 16000)];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = (float) (r.nextGaussian() * 0.05);
        }
        UnitResult u = model.processUnit(samples, null);
        maxCache = Math.max(maxCache, u.llmCacheLength());
      }
      assertThat(maxCache).isLessThanOrEqualTo(700);
      assertThat(model.evictedUnits()).isPositive();
      assertThat(model.llmCacheLength()).isGreaterThan(model.systemLength());
    }
  }
}
