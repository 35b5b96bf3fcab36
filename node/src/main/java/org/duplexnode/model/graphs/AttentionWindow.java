package org.duplexnode.model.graphs;

import org.duplexnode.engine.Tensor;

/**
 * A Token2Wav attention cache between windows, in the contract's {@code [layers, batch, heads, P, dim]}
 * layout: which rows it keeps is the policy ({@link WindowedCache}: the last rows;
 * {@link PromptKeepingWindow}: the voice prompt's rows plus the recent ones, as the release).
 */
interface AttentionWindow {
  /** Starts from {@code rows} ({@code [layers, batch, heads, frames, dim]}), the voice's cache. */
  void load(float[] rows, int frames);

  /** Takes a graph's new rows ({@code [layers, batch, heads, T, dim]}) after a window. */
  void append(Tensor rows);

  /** The cache as a graph input; valid until the next {@link #append} or {@link #load}. */
  Tensor tensor();

  /** Rows the graph reads now. */
  int length();
}
