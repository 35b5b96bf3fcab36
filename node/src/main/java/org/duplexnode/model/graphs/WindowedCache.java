package org.duplexnode.model.graphs;

import java.nio.FloatBuffer;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Tensor;

/**
 * A Token2Wav attention cache in the contract's {@code [layers, batch, heads, P, dim]} layout,
 * keeping only the last {@code keep} frames (64 or 128). It is rebuilt once per Token2Wav
 * window (at most {@code keep} frames per block are moved), never per token, between two
 * preallocated direct buffers, so the graph reads it without a copy. Not thread-safe.
 */
final class WindowedCache implements AttentionWindow {
  private final long layers;
  private final long batch;
  private final long heads;
  private final int dim;
  private final int keep;
  private final int blocks;
  private Scratch current;
  private Scratch spare;
  private int length;

  WindowedCache(String name, long layers, long batch, long heads, int dim, int keep) {
    this.layers = layers;
    this.batch = batch;
    this.heads = heads;
    this.dim = dim;
    this.keep = keep;
    this.blocks = Math.toIntExact(layers * batch * heads);
    this.current = Scratch.floats(name, (long) blocks * keep * dim);
    this.spare = Scratch.floats(name, (long) blocks * keep * dim);
  }

  @Override
  public void load(float[] rows, int frames) {
    if (rows.length != blocks * frames * dim) {
      throw new IllegalArgumentException(rows.length + " values are not " + frames + " cached frames");
    }
    int kept = Math.min(keep, frames);
    FloatBuffer dst = current.view(DType.FLOAT32, (long) blocks * kept * dim).floats();
    for (int b = 0; b < blocks; b++) {
      dst.put(rows, (b * frames + frames - kept) * dim, kept * dim);
    }
    length = kept;
  }

  /** Appends the new rows and keeps the last frames. */
  @Override
  public void append(Tensor rows) {
    int t = Math.toIntExact(rows.dim(3));
    int kept = Math.min(keep, length + t);
    int drop = length + t - kept;
    FloatBuffer old = tensor().floats();
    FloatBuffer add = rows.floats();
    FloatBuffer dst = spare.view(DType.FLOAT32, (long) blocks * kept * dim).floats();
    for (int b = 0; b < blocks; b++) {
      int fromOld = Math.max(0, length - drop);
      if (fromOld > 0) {
        dst.put(old.slice((b * length + drop) * dim, fromOld * dim));
      }
      int fromNew = kept - fromOld;
      dst.put(add.slice((b * t + t - fromNew) * dim, fromNew * dim));
    }
    Scratch s = current;
    current = spare;
    spare = s;
    length = kept;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public Tensor tensor() {
    return current.view(DType.FLOAT32, layers, batch, heads, length, dim);
  }
}
