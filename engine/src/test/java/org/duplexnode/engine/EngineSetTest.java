package org.duplexnode.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Engines are made per backend on first use, and closed only by the set that made them. */
@Tag("integration")
class EngineSetTest {
  @Test
  void anEngineIsCreatedOnceWhenAGraphFirstAsksForItsBackend() {
    try (EngineSet set = EngineSet.standard()) {
      assertThat(set.backends()).containsExactly("onnxruntime", "tensorrt");
      Engine a = set.forBackend("onnxruntime");
      assertThat(set.forBackend("onnxruntime")).isSameAs(a);
      assertThat(a.backend()).isEqualTo("onnxruntime");
      assertThatThrownBy(() -> set.forBackend("openvino")).isInstanceOf(EngineException.class)
          .hasMessageContaining("openvino").hasMessageContaining("onnxruntime");
    }
  }

  @Test
  void aSetOverACallersEngineLeavesItOpen() {
    try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.cpu()) {
      try (EngineSet set = EngineSet.of(engine)) {
        assertThat(set.forBackend("onnxruntime")).isSameAs(engine);
        assertThat(set.backends()).containsExactly("onnxruntime");
      }
      // still usable after the set is closed
      Graph g = engine.load("kv_append", EngineContractTest.FIXTURE);
      g.close();
    }
  }

  @Test
  void askingForTensorRtInABuildWithoutItsModuleSaysHowToGetIt() {
    try (EngineSet set = EngineSet.standard(List.of())) {
      assertThat(set.backends()).containsExactly("onnxruntime", "tensorrt");
      assertThatThrownBy(() -> set.forBackend("tensorrt")).isInstanceOf(EngineException.class)
          .hasMessageContaining("TensorRT backend not in this build").hasMessageContaining("-Pgpu");
    }
  }

  @Test
  void aBackendOnTheClassPathIsCreatedThroughItsProvider() {
    Engine found = new NamedEngine("tensorrt");
    EngineProvider provider = new EngineProvider() {
      @Override
      public String backend() {
        return "tensorrt";
      }

      @Override
      public Engine create() {
        return found;
      }
    };
    try (EngineSet set = EngineSet.standard(List.of(provider))) {
      assertThat(set.forBackend("tensorrt")).isSameAs(found);
    }
  }

  /** A backend that loads nothing: only its name matters to the set. */
  private record NamedEngine(String backend) implements Engine {
    @Override
    public Graph load(String name, Path file) {
      throw new EngineException("not loading " + name);
    }

    @Override
    public void close() {}
  }
}
