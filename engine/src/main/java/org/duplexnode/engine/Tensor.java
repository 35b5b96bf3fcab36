package org.duplexnode.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * A dense row-major tensor over a direct, native-order buffer. Tensors are views: a tensor made
 * by {@link #rows} shares memory with its parent, so a backend that writes an output into a view
 * writes straight into the parent (this is how KV caches grow without copies).
 */
public final class Tensor {
  private final DType dtype;
  private final long[] shape;
  private final ByteBuffer data;

  private Tensor(DType dtype, long[] shape, ByteBuffer data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    long need = elements(shape) * dtype.bytes();
    if (data.remaining() != need) {
      throw new IllegalArgumentException("buffer holds " + data.remaining() + " bytes, shape "
          + Arrays.toString(shape) + " of " + dtype + " needs " + need);
    }
    this.data = data.slice().order(ByteOrder.nativeOrder());
  }

  /** A zero-filled tensor in fresh direct memory. */
  public static Tensor allocate(DType dtype, long... shape) {
    long bytes = elements(shape) * dtype.bytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor of " + bytes + " bytes is too large for one buffer");
    }
    return new Tensor(dtype, shape, ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()));
  }

  /** A tensor over the given direct buffer's remaining bytes. */
  public static Tensor wrap(DType dtype, ByteBuffer direct, long... shape) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("tensors need direct buffers");
    }
    return new Tensor(dtype, shape, direct);
  }

  public static Tensor ofFloats(float[] values, long... shape) {
    Tensor t = allocate(DType.FLOAT32, shape);
    t.floats().put(values);
    return t;
  }

  public static Tensor ofLongs(long[] values, long... shape) {
    Tensor t = allocate(DType.INT64, shape);
    t.longs().put(values);
    return t;
  }

  public static long elements(long... shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public DType dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  public long dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  public long elementCount() {
    return elements(shape);
  }

  /** The bytes of this tensor (a new view over the same memory, position 0). */
  public ByteBuffer bytes() {
    return data.duplicate().order(ByteOrder.nativeOrder());
  }

  public FloatBuffer floats() {
    require(DType.FLOAT32);
    return bytes().asFloatBuffer();
  }

  public LongBuffer longs() {
    require(DType.INT64);
    return bytes().asLongBuffer();
  }

  public float[] toFloatArray() {
    float[] out = new float[(int) elementCount()];
    floats().get(out);
    return out;
  }

  public long[] toLongArray() {
    long[] out = new long[(int) elementCount()];
    longs().get(out);
    return out;
  }

  /**
   * Rows [from, to) along the first dimension, sharing memory with this tensor.
   */
  public Tensor rows(long from, long to) {
    if (rank() == 0 || from < 0 || to < from || to > shape[0]) {
      throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of shape " + Arrays.toString(shape));
    }
    long rowBytes = elements(Arrays.copyOfRange(shape, 1, shape.length)) * dtype.bytes();
    ByteBuffer b = data.duplicate();
    b.position((int) (from * rowBytes));
    b.limit((int) (to * rowBytes));
    long[] s = shape.clone();
    s[0] = to - from;
    return new Tensor(dtype, s, b);
  }

  private void require(DType t) {
    if (dtype != t) {
      throw new IllegalStateException("tensor is " + dtype + ", not " + t);
    }
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
