package org.duplexnode.engine.tensorrt;

import org.bytedeco.tensorrt.nvinfer.Dims64;

/** long[] shapes to and from TensorRT's Dims64. */
final class Shapes {
  private Shapes() {}

  static Dims64 dims(long[] shape) {
    Dims64 d = new Dims64();
    d.nbDims(shape.length);
    for (int i = 0; i < shape.length; i++) {
      d.d(i, shape[i]);
    }
    return d;
  }

  static long[] shape(Dims64 d) {
    long[] s = new long[Math.max(d.nbDims(), 0)];
    for (int i = 0; i < s.length; i++) {
      s[i] = d.d(i);
    }
    return s;
  }
}
