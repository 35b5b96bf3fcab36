package org.duplexnode.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.duplexnode.engine.EngineContractTest;
import org.duplexnode.engine.EngineException;
import org.duplexnode.engine.EngineSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the backend does before and without natives: nothing is loaded until a graph is. */
@Tag("integration")
class TensorRtWithoutGpuTest {
  @Test
  void constructingTheEngineLoadsNoNativeLibrary() throws Exception {
    // a fresh JVM: in this one another test may already have probed
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), NoNativeProbe.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("no/such.plan not found").contains("probed=false");
    try (TensorRtEngine engine = new TensorRtEngine()) {
      assertThat(engine.backend()).isEqualTo("tensorrt");
    }
  }

  @Test
  void loadingWithoutTensorRtNamesWhatIsMissing() {
    assumeTrue(TensorRtNatives.unavailable().isPresent(), "TensorRT is available here; this test is for machines without it");
    try (TensorRtEngine engine = new TensorRtEngine()) {
      assertThatThrownBy(() -> engine.load("kv_append", EngineContractTest.FIXTURE))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("TensorRT backend unavailable")
          .hasMessageMatching("(?s).*(libcudart|libnvinfer\\.so\\.\\d+|libnvonnxparser|no CUDA device).*");
    }
  }

  @Test
  void theNodesEngineSetFindsThisBackendOnTheClassPath() {
    try (EngineSet set = EngineSet.standard()) {
      assertThat(set.forBackend("tensorrt")).isInstanceOf(TensorRtEngine.class);
    }
  }
}
