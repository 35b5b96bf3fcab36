package org.duplexnode.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine contract of {@link Graph}, run against every backend by subclassing. The graph is a
 * real ONNX file (engine/src/test/python/make_engine_fixture.py): rows = stack(2x, x+1),
 * total = sum(past) + sum(x), next_ids = ids + P.
 */
public abstract class EngineContractTest {
  /** Spelled from the checkout so that the TensorRT module's tests, run in their own folder, find it too. */
  public static final Path FIXTURE = Path.of("../engine/src/test/resources/engine/kv_append.onnx");

  Engine engine;
  Graph graph;

  protected abstract Engine newEngine();

  @BeforeEach
  void load() {
    engine = newEngine();
    graph = engine.load("kv_append", FIXTURE);
  }

  @AfterEach
  void close() {
    // null when a backend's test was skipped before loading (its natives are missing)
    if (graph != null) {
      graph.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void declaresInputsAndOutputsWithSymbolicDimensions() {
    assertThat(graph.inputs()).extracting(TensorSpec::toString)
        .containsExactly("x: float32[S, 4]", "ids: int64[S]", "past: float32[P, 2, 4]");
    assertThat(graph.outputs()).extracting(TensorSpec::name).containsExactly("rows", "total", "next_ids");
  }

  @Test
  void computesOutputsForDynamicLengths() {
    Tensor past = Tensor.allocate(DType.FLOAT32, 3, 2, 4);
    past.floats().put(new float[24]).flip();
    for (int i = 0; i < 24; i++) {
      past.floats().put(i, 1f);
    }
    Map<String, Tensor> out = graph.run(Map.of(
        "x", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4),
        "ids", Tensor.ofLongs(new long[] {5}, 1),
        "past", past));
    assertThat(out.get("rows").shape()).containsExactly(1, 2, 4);
    assertThat(out.get("rows").toFloatArray()).containsExactly(2, 4, 6, 8, 2, 3, 4, 5);
    assertThat(out.get("total").toFloatArray()).containsExactly(7, 8, 9, 10);
    assertThat(out.get("next_ids").toLongArray()).containsExactly(8);
  }

  @Test
  void writesPinnedOutputsInPlaceSoACacheGrowsWithoutCopies() {
    // A cache with room for 5 rows; the graph reads the first P rows and writes the new ones after them.
    Tensor cache = Tensor.allocate(DType.FLOAT32, 5, 2, 4);
    long p = 0;
    for (float step = 1; step <= 2; step++) {
      Tensor x = Tensor.ofFloats(new float[] {step, step, step, step, step, step, step, step}, 2, 4);
      Map<String, Tensor> out = graph.run(
          Map.of("x", x, "ids", Tensor.ofLongs(new long[] {0, 0}, 2), "past", cache.rows(0, p)),
          Map.of("rows", cache.rows(p, p + 2)));
      assertThat(out).doesNotContainKey("rows");
      assertThat(out.get("next_ids").toLongArray()).containsExactly(p, p);
      p += 2;
    }
    float[] all = cache.toFloatArray();
    // rows 0-1 from step 1 (2x = 2, x+1 = 2), rows 2-3 from step 2 (4 and 3), row 4 untouched.
    assertThat(all[0]).isEqualTo(2f);
    assertThat(all[4]).isEqualTo(2f);
    assertThat(all[2 * 8]).isEqualTo(4f);
    assertThat(all[2 * 8 + 4]).isEqualTo(3f);
    assertThat(all[4 * 8]).isEqualTo(0f);
  }

  @Test
  void sameInputsGiveSameOutputs() {
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 1, 4),
        "ids", Tensor.ofLongs(new long[] {1}, 1), "past", Tensor.allocate(DType.FLOAT32, 0, 2, 4));
    assertThat(graph.run(in).get("rows").toFloatArray()).isEqualTo(graph.run(in).get("rows").toFloatArray());
  }

  @Test
  void badInputsFailWithTheNameAndTheGraphStaysUsable() {
    assertThatThrownBy(() -> graph.run(Map.of("x", Tensor.ofFloats(new float[4], 1, 4))))
        .isInstanceOf(EngineException.class).hasMessageContaining("ids");
    assertThatThrownBy(() -> graph.run(Map.of("x", Tensor.ofLongs(new long[4], 1, 4),
        "ids", Tensor.ofLongs(new long[] {1}, 1), "past", Tensor.allocate(DType.FLOAT32, 0, 2, 4))))
        .isInstanceOf(EngineException.class).hasMessageContaining("x: float32");
    assertThatThrownBy(() -> graph.run(Map.of("x", Tensor.ofFloats(new float[3], 1, 3),
        "ids", Tensor.ofLongs(new long[] {1}, 1), "past", Tensor.allocate(DType.FLOAT32, 0, 2, 4))))
        .isInstanceOf(EngineException.class).hasMessageContaining("kv_append");
    assertThat(graph.run(Map.of("x", Tensor.ofFloats(new float[4], 1, 4), "ids", Tensor.ofLongs(new long[] {1}, 1),
        "past", Tensor.allocate(DType.FLOAT32, 0, 2, 4))).get("next_ids").toLongArray()).containsExactly(1);
  }

  @Test
  void missingFilesAreClearErrors() {
    assertThatThrownBy(() -> engine.load("nope", Path.of("no/such.onnx")))
        .isInstanceOf(EngineException.class).hasMessageContaining("no/such.onnx");
  }

  static List<String> names(List<TensorSpec> specs) {
    return specs.stream().map(TensorSpec::name).toList();
  }
}
