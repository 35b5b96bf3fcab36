package org.duplexnode.model.spec;

/**
 * The LLM as the duplex loop sees it: embeddings in, the last position's logits and post-norm
 * hidden state out, with a KV cache that grows by the fed length. Positions always equal the
 * cache length, as in the release.
 */
public interface LanguageModel {
  /** Width of an embedding row. */
  int hiddenSize();

  /** The embedding row of a token (host-side table). */
  float[] embed(int tokenId);

  /**
   * Feeds {@code count} embedding rows (row-major, {@code count * hiddenSize()} floats) at positions
   * cacheLength() .. cacheLength() + count - 1 and returns the last position's outputs.
   */
  Step feed(float[] embeds, int count);

  /** Tokens in the KV cache. */
  int cacheLength();

  /** Empties the KV cache. */
  void reset();

  /**
   * Drops cache rows [from, from + count) and re-rotates the later keys so positions stay equal
   * to cache indices (the release's sliding window).
   */
  void evict(int from, int count);

  /**
   * Replaces cache rows [from, from + count) by {@code rows} new rows computed from {@code embeds}
   * at positions from .. from + rows - 1, attending only to the rows before {@code from}; the later
   * rows move behind them with their keys re-rotated to their new positions (the release's context
   * window rebuilds the system prompt this way). A failed run leaves the cache undefined.
   */
  void splice(int from, int count, float[] embeds, int rows);

  /**
   * Outputs of the last fed position. {@code logits} may be a view of the model's buffers, good
   * until the next feed (read it first); {@code hidden} belongs to the caller.
   */
  record Step(Logits logits, float[] hidden) {}
}
