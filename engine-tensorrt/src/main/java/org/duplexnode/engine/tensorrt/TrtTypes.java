package org.duplexnode.engine.tensorrt;

import org.duplexnode.engine.DType;
import org.duplexnode.engine.EngineException;

/** TensorRT's DataType and TensorIOMode values (stable across TensorRT 10 and 11) as the engine's types. */
final class TrtTypes {
  static final int IO_INPUT = 1;

  private TrtTypes() {}

  static DType dtype(String graph, String tensor, int trtType) {
    return switch (trtType) {
      case 0 -> DType.FLOAT32;   // kFLOAT
      case 1 -> DType.FLOAT16;   // kHALF
      case 3 -> DType.INT32;     // kINT32
      case 4 -> DType.BOOL;      // kBOOL
      case 5 -> DType.UINT8;     // kUINT8
      case 8 -> DType.INT64;     // kINT64
      default -> throw new EngineException("graph '" + graph + "': tensor " + tensor + " has TensorRT data type "
          + trtType + ", which crosses no graph boundary of the contract");
    };
  }
}
