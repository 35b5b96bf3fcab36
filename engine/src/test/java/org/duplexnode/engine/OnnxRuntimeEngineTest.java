package org.duplexnode.engine;

import org.junit.jupiter.api.Tag;

/** The engine contract on ONNX Runtime (CPU). */
@Tag("integration")
class OnnxRuntimeEngineTest extends EngineContractTest {
  @Override
  protected Engine newEngine() {
    return OnnxRuntimeEngine.cpu();
  }
}
