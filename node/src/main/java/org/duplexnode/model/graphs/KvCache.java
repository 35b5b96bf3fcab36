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
          + capacity + " (the sliding window keeps it below this; raise RuntimeOptions.llmCacheRows)");
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

  /**
   * Removes rows [from, from + count) and moves the later rows down (one copy per eviction, which
   * happens every few hundred positions, never per step).
   */
  void evict(int from, int count) {
    restore(openGap(from, count, 0));
  }

  /**
   * Moves rows [from + count, length) to start at {@code from + newRows} and leaves the length at
   * {@code from}, so the next step writes the {@code newRows} new rows before them; {@link #restore}
   * then takes the moved rows back. Returns how many rows moved.
   */
  int openGap(int from, int count, int newRows) {
    if (from < 0 || count < 0 || newRows < 0 || from + count > length) {
      throw new IllegalArgumentException(name + ": cannot replace rows [" + from + ", " + (from + count) + ") of "
          + length);
    }
    int tail = length - from - count;
    if (from + newRows + tail > capacity) {
      throw new IllegalStateException(name + " cache is full: " + (from + newRows + tail) + " rows exceed its "
          + capacity);
    }
    java.nio.ByteBuffer all = rows.bytes();
    int rowBytes = rowBytes();
    java.nio.ByteBuffer src = all.duplicate();
    src.position((from + count) * rowBytes).limit((from + count + tail) * rowBytes);
    java.nio.ByteBuffer dst = all.duplicate();
    dst.position((from + newRows) * rowBytes);
    dst.put(src);
    length = from;
    return tail;
  }

  /** Ends {@link #openGap}: the new rows are written, the moved rows count again. */
  void restore(int tail) {
    if (length + tail > capacity) {
      throw new IllegalStateException(name + ": cannot restore " + tail + " rows after " + length);
    }
    length += tail;
  }

  private int rowBytes() {
    return (int) (rows.elementCount() / capacity) * 4;
  }

  /**
   * Re-rotates the keys of rows [from, length) from position p to p - delta (keys are stored
   * after RoPE in the rotate-half layout: pairs (i, i + dim/2) turn by the angle
   * position * theta^(-2i/dim)), so the positions of the kept rows equal their new indices.
   */
  void rerotate(int from, int delta, double theta) {
    java.nio.FloatBuffer f = rows.floats();
    long[] shape = rows.shape();
    int heads = (int) (shape[1] * shape[2]);
    int dim = (int) shape[3];
    int half = dim / 2;
    double[] cos = new double[half];
    double[] sin = new double[half];
    for (int i = 0; i < half; i++) {
      double angle = -delta * Math.pow(theta, -2.0 * i / dim);
      cos[i] = Math.cos(angle);
      sin[i] = Math.sin(angle);
    }
    for (int r = from; r < length; r++) {
      for (int h = 0; h < heads; h++) {
        int base = (r * heads + h) * dim;
        for (int i = 0; i < half; i++) {
          double x1 = f.get(base + i);
          double x2 = f.get(base + half + i);
          f.put(base + i, (float) (x1 * cos[i] - x2 * sin[i]));
          f.put(base + half + i, (float) (x2 * cos[i] + x1 * sin[i]));
        }
      }
    }
  }
}
