package org.duplexnode.model.graphs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Tensor;

/**
 * Reusable direct buffers for a decoder step's {@code inputs_embeds [1, S, width]} and
 * {@code position_ids [1, S]}; they grow (rarely: a long system prompt) and are never freed per
 * call. Not thread-safe.
 */
final class StepInput {
  private final int width;
  private ByteBuffer embeds;
  private ByteBuffer positions;

  StepInput(int width, int initialRows) {
    this.width = width;
    ensure(initialRows);
  }

  private void ensure(int rows) {
    if (embeds == null || embeds.capacity() < rows * width * 4) {
      embeds = ByteBuffer.allocateDirect(rows * width * 4).order(ByteOrder.nativeOrder());
      positions = ByteBuffer.allocateDirect(rows * 8).order(ByteOrder.nativeOrder());
    }
  }

  /** {@code [1, count, width]} holding {@code rows} (row-major, count * width floats). */
  Tensor embeds(float[] rows, int count) {
    if (rows.length != count * width) {
      throw new IllegalArgumentException(rows.length + " floats are not " + count + " rows of " + width);
    }
    ensure(count);
    FloatBuffer f = embeds.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
    f.put(rows, 0, count * width);
    return Tensor.wrap(DType.FLOAT32, slice(embeds, count * width * 4), 1, count, width);
  }

  /** {@code [1, count]} holding start, start + 1, ... */
  Tensor positions(long start, int count) {
    ensure(count);
    for (int i = 0; i < count; i++) {
      positions.putLong(i * 8, start + i);
    }
    return Tensor.wrap(DType.INT64, slice(positions, count * 8), 1, count);
  }

  static ByteBuffer slice(ByteBuffer b, int bytes) {
    return b.duplicate().position(0).limit(bytes);
  }
}
