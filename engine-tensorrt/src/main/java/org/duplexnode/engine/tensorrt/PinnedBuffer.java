package org.duplexnode.engine.tensorrt;

import java.nio.ByteBuffer;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/** Page-locked host memory (cudaMallocHost): the staging area of host-device copies, which DMA can read directly. */
final class PinnedBuffer implements AutoCloseable {
  private final Pointer base;
  private final long bytes;

  private PinnedBuffer(Pointer base, long bytes) {
    this.base = base;
    this.bytes = bytes;
  }

  static PinnedBuffer allocate(long bytes) {
    Pointer p = new Pointer();
    Cuda.check(cudart.cudaMallocHost(p, bytes), "cudaMallocHost(" + bytes + ")");
    return new PinnedBuffer(p, bytes);
  }

  long bytes() {
    return bytes;
  }

  Pointer pointer() {
    return base;
  }

  /** Copies all remaining bytes of {@code src} to the start of this buffer. */
  void put(ByteBuffer src) {
    window(src.remaining()).put(src);
  }

  /** Fills all remaining bytes of {@code dst} from the start of this buffer. */
  void get(ByteBuffer dst) {
    ByteBuffer w = window(dst.remaining());
    dst.put(w);
  }

  private ByteBuffer window(long n) {
    if (n > bytes || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(n + " bytes do not fit a staging buffer of " + bytes);
    }
    return new BytePointer(base).capacity(n).limit(n).asByteBuffer();
  }

  @Override
  public void close() {
    cudart.cudaFreeHost(base);
  }
}
