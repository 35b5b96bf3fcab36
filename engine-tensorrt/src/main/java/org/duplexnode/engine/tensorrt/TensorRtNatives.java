package org.duplexnode.engine.tensorrt;

import java.util.Optional;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvonnxparser;
import org.duplexnode.engine.EngineException;

/**
 * Loads libnvinfer, the ONNX parser and libcudart on first use, once per process. Nothing here
 * runs at class-loading time of the rest of the node: only {@link #require} and {@link #unavailable}
 * touch native code, and only the TensorRT backend calls them.
 */
public final class TensorRtNatives {
  /** The TensorRT major the preset on the class path was built for (a compile-time constant: reading it loads nothing). */
  public static final int LIBRARY_MAJOR = nvinfer.NV_TENSORRT_MAJOR;

  private static volatile Optional<String> state;

  private TensorRtNatives() {}

  /** Why TensorRT cannot run here (a missing library, no CUDA device), or empty when it can. */
  public static synchronized Optional<String> unavailable() {
    if (state == null) {
      state = probe();
    }
    return state;
  }

  /** Whether anything has tried to load the natives yet (the node must not, unless TensorRT is selected). */
  static synchronized boolean probed() {
    return state != null;
  }

  /** Loads the natives or fails with an {@link EngineException} saying what is missing. */
  static void require() {
    unavailable().ifPresent(reason -> {
      throw new EngineException("TensorRT backend unavailable: " + reason);
    });
  }

  private static Optional<String> probe() {
    String step = "libcudart";
    try {
      Loader.load(cudart.class);
      int[] count = new int[1];
      int rc = cudart.cudaGetDeviceCount(count);
      if (rc != cudart.cudaSuccess || count[0] == 0) {
        return Optional.of("no CUDA device (cudaGetDeviceCount: " + Cuda.errorName(rc) + ", " + count[0]
            + " devices)");
      }
      step = "libnvinfer.so." + LIBRARY_MAJOR;
      Loader.load(nvinfer.class);
      step = "libnvonnxparser";
      Loader.load(nvonnxparser.class);
      return Optional.empty();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      return Optional.of(step + " not loadable (" + firstLine(e) + ")");
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return e.getClass().getSimpleName() + ": " + (nl >= 0 ? m.substring(0, nl) : m);
  }
}
