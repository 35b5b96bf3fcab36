package org.duplexnode.model.graphs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Tensor;

/**
 * A preallocated direct buffer that hands out tensor views of its first bytes, for graph inputs
 * and pinned outputs whose length varies between calls but has a known maximum. Views of one
 * buffer share memory: use a buffer for one tensor of a call. Not thread-safe.
 */
final class Scratch {
  private final String name;
  private final ByteBuffer buffer;

  Scratch(String name, long maxBytes) {
    this.name = name;
    this.buffer = ByteBuffer.allocateDirect(Math.toIntExact(maxBytes)).order(ByteOrder.nativeOrder());
  }

  static Scratch floats(String name, long maxElements) {
    return new Scratch(name, maxElements * 4);
  }

  /** A view of the first bytes with this shape; fails naming the buffer when the shape does not fit. */
  Tensor view(DType dtype, long... shape) {
    long bytes = Tensor.elements(shape) * dtype.bytes();
    if (bytes > buffer.capacity()) {
      throw new IllegalArgumentException(name + ": " + bytes + " bytes needed, " + buffer.capacity() + " preallocated");
    }
    return Tensor.wrap(dtype, buffer.duplicate().position(0).limit((int) bytes), shape);
  }

  /** A float32 view holding {@code values}. */
  Tensor put(float[] values, long... shape) {
    Tensor t = view(DType.FLOAT32, shape);
    t.floats().put(values);
    return t;
  }
}
