package org.duplexnode.engine.tensorrt;

import java.util.Arrays;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Tensor;

/**
 * One cudaMalloc'd region. A {@link View} is a typed window into it that a graph binds directly,
 * so a KV cache lives on the device and each step writes its new rows in place after the past.
 */
public final class DeviceBuffer implements AutoCloseable {
  private final Pointer base;
  private final long bytes;

  private DeviceBuffer(Pointer base, long bytes) {
    this.base = base;
    this.bytes = bytes;
  }

  /** Allocates {@code bytes} of device memory; fails with the CUDA error (out of memory...). */
  public static DeviceBuffer allocate(long bytes) {
    TensorRtNatives.require();
    Pointer p = new Pointer();
    Cuda.check(cudart.cudaMalloc(p, Math.max(bytes, 1)), "cudaMalloc(" + bytes + ")");
    return new DeviceBuffer(p, bytes);
  }

  public long bytes() {
    return bytes;
  }

  /** A tensor of {@code dtype} and {@code shape} starting {@code offset} bytes in. */
  public View view(long offset, DType dtype, long... shape) {
    long need = Tensor.elements(shape) * dtype.bytes();
    if (offset < 0 || offset + need > bytes) {
      throw new IndexOutOfBoundsException(dtype + Arrays.toString(shape) + " at byte " + offset
          + " does not fit a device buffer of " + bytes + " bytes");
    }
    return new View(this, offset, dtype, shape.clone());
  }

  Pointer address(long offset) {
    // a BytePointer's position counts bytes, and JavaCPP passes address + position to native code
    return new BytePointer(base).position(offset);
  }

  @Override
  public void close() {
    cudart.cudaFree(base);
  }

  /** A typed window into a device buffer. */
  public record View(DeviceBuffer buffer, long offset, DType dtype, long[] shape) {
    Pointer address() {
      return buffer.address(offset);
    }

    long byteSize() {
      return Tensor.elements(shape) * dtype.bytes();
    }
  }
}
