package org.duplexnode.model.graphs;

import org.duplexnode.engine.DType;
import org.duplexnode.engine.Tensor;

/**
 * One P-major KV cache (contract section 1): a preallocated {@code [capacity, layers, heads, dim]}
 * buffer whose first {@link #length()} rows are the past. A step passes {@link #past()} as its
 * input and binds {@link #next(int)} as its output, so the graph writes the new rows in place;
 * nothing is copied. Not thread-safe.
 */
final class KvCache {
  private final String name;
  private final Tensor rows;
  private final int capacity;
  private int length;

  KvCache(String name, int capacity, int layers, int heads, int headDim) {
    this.name = name;
    this.capacity = capacity;
    this.rows = Tensor.allocate(DType.FLOAT32, capacity, layers, heads, headDim);
  }

  /** The cached rows, {@code [length, layers, heads, dim]}. */
  Tensor past() {
    return rows.rows(0, length);
  }

  /**
   * Where the next {@code count} rows go. Fails with an {@link IllegalStateException} naming the
   * cache when they do not fit (the runtime has no sliding window yet).
   */
  Tensor next(int count) {
    if (length + count > capacity) {
      throw new IllegalStateException(name + " cache is full: " + length + " + " + count + " rows exceed its "
          + capacity + " (no sliding window; start a new session)");
    }
    return rows.rows(length, length + count);
  }

  /** Keeps the rows a step wrote into {@link #next(int)}. */
  void advance(int count) {
    length += count;
  }

  int length() {
    return length;
  }

  int capacity() {
    return capacity;
  }

  void reset() {
    length = 0;
  }
}
