package org.duplexnode.model.spec;

/**
 * How a {@code DuplexModel} decodes and how much it preallocates.
 *
 * @param greedy argmax for the LLM and the TTS; else seeded sampling with the package's settings
 *     (both deterministic for a given seed)
 * @param seed the sampling seed
 * @param llmCacheRows LLM positions to preallocate (capped at the package's max_positions); the
 *     sliding window's token bounds are lowered to fit
 * @param window how old units leave the LLM cache
 */
public record RuntimeOptions(boolean greedy, long seed, int llmCacheRows, SlidingWindow window) {
  public static final int DEFAULT_LLM_CACHE_ROWS = 8192;

  public RuntimeOptions {
    if (llmCacheRows <= 0) {
      throw new IllegalArgumentException("llmCacheRows must be positive, got " + llmCacheRows);
    }
    if (window == null) {
      throw new IllegalArgumentException("a sliding window policy is required");
    }
  }

  public RuntimeOptions(boolean greedy, long seed, int llmCacheRows) {
    this(greedy, seed, llmCacheRows, SlidingWindow.basic());
  }

  public static RuntimeOptions greedyDecoding() {
    return new RuntimeOptions(true, 0, DEFAULT_LLM_CACHE_ROWS);
  }

  public static RuntimeOptions sampling(long seed) {
    return new RuntimeOptions(false, seed, DEFAULT_LLM_CACHE_ROWS);
  }

  public RuntimeOptions withWindow(SlidingWindow w) {
    return new RuntimeOptions(greedy, seed, llmCacheRows, w);
  }
}
