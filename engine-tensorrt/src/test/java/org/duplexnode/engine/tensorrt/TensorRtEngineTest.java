package org.duplexnode.engine.tensorrt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.duplexnode.engine.Engine;
import org.duplexnode.engine.EngineContractTest;
import org.junit.jupiter.api.Tag;

/**
 * The engine contract on TensorRT: the same tests as on ONNX Runtime, over the same ONNX fixture
 * (built in process). Skipped, with the reason, where libnvinfer, libcudart or a CUDA device is
 * missing; never reported as passed there.
 */
@Tag("integration")
class TensorRtEngineTest extends EngineContractTest {
  @Override
  protected Engine newEngine() {
    // per test, so each one is reported as skipped with the reason
    assumeTrue(TensorRtNatives.unavailable().isEmpty(),
        () -> "TensorRT not run: " + TensorRtNatives.unavailable().orElse(""));
    return new TensorRtEngine(64, true);
  }
}
