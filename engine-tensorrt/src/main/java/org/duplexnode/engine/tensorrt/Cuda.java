package org.duplexnode.engine.tensorrt;

import org.bytedeco.cuda.global.cudart;
import org.duplexnode.engine.EngineException;

/** CUDA runtime return codes turned into {@link EngineException}s that name the call. */
final class Cuda {
  private Cuda() {}

  static void check(int rc, String call) {
    if (rc != cudart.cudaSuccess) {
      throw new EngineException(call + " failed: " + errorName(rc));
    }
  }

  static String errorName(int rc) {
    try {
      return cudart.cudaGetErrorString(rc).getString() + " (" + rc + ")";
    } catch (UnsatisfiedLinkError e) {
      return "CUDA error " + rc;
    }
  }
}
