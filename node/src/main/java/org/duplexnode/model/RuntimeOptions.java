package org.duplexnode.model;

/**
 * How a {@link DuplexModel} decodes and how much it preallocates.
 *
 * @param greedy argmax for the LLM and the TTS; else seeded sampling with the package's settings
 *     (both deterministic for a given seed)
 * @param seed the sampling seed
 * @param llmCacheRows LLM positions to preallocate (capped at the package's max_positions); a
 *     session that needs more fails, as there is no sliding window yet
 */
public record RuntimeOptions(boolean greedy, long seed, int llmCacheRows) {
  public static final int DEFAULT_LLM_CACHE_ROWS = 8192;

  public RuntimeOptions {
    if (llmCacheRows <= 0) {
      throw new IllegalArgumentException("llmCacheRows must be positive, got " + llmCacheRows);
    }
  }

  public static RuntimeOptions greedyDecoding() {
    return new RuntimeOptions(true, 0, DEFAULT_LLM_CACHE_ROWS);
  }

  public static RuntimeOptions sampling(long seed) {
    return new RuntimeOptions(false, seed, DEFAULT_LLM_CACHE_ROWS);
  }
}
