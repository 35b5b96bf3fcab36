package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.model.spec.SlidingWindow;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A session longer than the LLM cache: the sliding window drops old units and re-rotates keys,
 * and the session goes on (without it the cache overflows after about ten minutes of listening).
 */
@Tag("integration")
class SlidingWindowSessionTest {
  static final Path MODEL = Path.of("..").toAbsolutePath().normalize().resolve("tensorrt-engines/tiny-model");

  @Test
  void aSessionOutlastsItsCache() {
    runsPastItsCache(new RuntimeOptions(true, 0, 700));
  }

  @Test
  void aSessionOutlastsItsCacheWithTheContextWindow() {
    // 10 units at most: the window is driven by the unit count, before the token bound
    DuplexModel model = runsPastItsCache(new RuntimeOptions(true, 0, 700)
        .withWindow(new SlidingWindow(SlidingWindow.Mode.CONTEXT, 4000, 3500, 10, 500)));
    assertThat(model.evictedUnits()).isEqualTo(60 - 10);
    // what the evicted units said stays in the system prompt: "\n\nprevious: " + at most 500 tokens
    assertThat(model.previousTokens()).startsWith(271, 19702, 25, 220).hasSizeGreaterThan(4)
        .hasSizeLessThanOrEqualTo(4 + 500);
  }

  @Test
  void armedWatchesStayInTheRealCacheThroughEvictionsInBothModes() {
    for (SlidingWindow w : new SlidingWindow[] {SlidingWindow.basic(),
        new SlidingWindow(SlidingWindow.Mode.CONTEXT, 4000, 3500, 10, 500)}) {
      try (DuplexModel model = DuplexModel.open(MODEL, OnnxRuntimeEngine.cpu(),
          new RuntimeOptions(true, 0, 700).withWindow(w))) {
        model.prepare();
        int system = model.systemLength();
        String first = "Please keep watching and tell me as soon as this happens: the door opens";
        String second = "Please keep watching and tell me as soon as this happens: a cup falls";
        Random r = new Random(5);
        for (int unit = 0; unit < 60; unit++) {
          if (unit == 5) {
            model.armWatches(java.util.List.of(first));
          } else if (unit == 20) {
            model.armWatches(java.util.List.of(first, second));
          } else if (unit == 45) {
            model.armWatches(java.util.List.of());
          }
          float[] samples = new float[Math.max(model.samplesNeeded(), 16000)];
          for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (r.nextGaussian() * 0.05);
          }
          UnitResult u = model.processUnit(samples, null);
          assertThat(u.llmCacheLength()).isLessThanOrEqualTo(700);
          int armed = unit < 5 || unit >= 45 ? 0 : unit < 20 ? model.watchTokens(first)
              : model.watchTokens(first) + model.watchTokens(second);
          assertThat(model.armedTokens()).as("%s unit %d", w.mode(), unit).hasSize(armed);
          assertThat(model.systemLength() - model.previousTokens().size()).isEqualTo(system + armed);
        }
        assertThat(model.evictedUnits()).as(w.mode().name()).isPositive();
        // The armed instructions are not the system prompt's: the watch budget is the same after.
        assertThat(model.contextBudget().systemTokens()).isEqualTo(system);
      }
    }
  }

  private static DuplexModel runsPastItsCache(RuntimeOptions options) {
    try (DuplexModel model = DuplexModel.open(MODEL, OnnxRuntimeEngine.cpu(), options)) {
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
      return model;
    }
  }
}
