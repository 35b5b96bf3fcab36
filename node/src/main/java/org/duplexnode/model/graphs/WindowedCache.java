package org.duplexnode.model.graphs;

import org.duplexnode.engine.DType;
import org.duplexnode.engine.Tensor;

/**
 * A Token2Wav attention cache in the contract's {@code [layers, batch, heads, P, dim]} layout,
 * keeping only the last {@code keep} frames (64 or 128). Rebuilt once per Token2Wav window (a
 * few KB to a few hundred KB), never per token, so it is a plain array. Not thread-safe.
 */
final class WindowedCache {
  private final long layers;
  private final long batch;
  private final long heads;
  private final int dim;
  private final int keep;
  private final int blocks;
  private float[] data = new float[0];
  private int length;

  WindowedCache(long layers, long batch, long heads, int dim, int keep) {
    this.layers = layers;
    this.batch = batch;
    this.heads = heads;
    this.dim = dim;
    this.keep = keep;
    this.blocks = Math.toIntExact(layers * batch * heads);
  }

  /** Starts from {@code rows} ({@code [layers, batch, heads, frames, dim]}), e.g. the voice's cache. */
  void load(float[] rows, int frames) {
    if (rows.length != blocks * frames * dim) {
      throw new IllegalArgumentException(rows.length + " values are not " + frames + " cached frames");
    }
    data = rows.clone();
    length = frames;
    trim();
  }

  /** Appends a graph's new rows ({@code [layers, batch, heads, T, dim]}) and keeps the last frames. */
  void append(Tensor rows) {
    int t = Math.toIntExact(rows.dim(3));
    float[] add = rows.toFloatArray();
    int total = length + t;
    int kept = Math.min(keep, total);
    int drop = total - kept;
    float[] next = new float[blocks * kept * dim];
    for (int b = 0; b < blocks; b++) {
      for (int p = 0; p < kept; p++) {
        int q = drop + p;
        if (q < length) {
          System.arraycopy(data, (b * length + q) * dim, next, (b * kept + p) * dim, dim);
        } else {
          System.arraycopy(add, (b * t + q - length) * dim, next, (b * kept + p) * dim, dim);
        }
      }
    }
    data = next;
    length = kept;
  }

  private void trim() {
    if (length > keep) {
      append(Tensor.allocate(DType.FLOAT32, layers, batch, heads, 0, dim));
    }
  }

  int length() {
    return length;
  }

  Tensor tensor() {
    return Tensor.ofFloats(data, layers, batch, heads, length, dim);
  }
}
