package org.duplexnode.engine;

import java.nio.file.Path;

/**
 * A backend that loads graphs: ONNX Runtime everywhere, TensorRT where a GPU exists. Lifecycle:
 * load each graph once at start-up, warm it up with a first run, run it per unit, close.
 */
public interface Engine extends AutoCloseable {
  /** The backend name used in model manifests ("onnxruntime", "tensorrt"). */
  String backend();

  /** Loads one graph file; fails with an {@link EngineException} naming the file and the cause. */
  Graph load(String name, Path file);

  @Override
  void close();
}
