package org.duplexnode.engine;

/** The engine contract on ONNX Runtime (CPU). */
class OnnxRuntimeEngineTest extends EngineContractTest {
  @Override
  protected Engine newEngine() {
    return OnnxRuntimeEngine.cpu();
  }
}
