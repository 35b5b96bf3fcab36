package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.engine.Tensor;

/**
 * A package's graphs on the node's ONNX Runtime engine against the inputs and PyTorch outputs the
 * export wrote beside it (vectors.json: make_package --write-vectors, check_graphs --write-vectors).
 * {@code main(PACKAGE, VECTORS)} prints the per-graph table for a package anywhere, e.g. one made at
 * the release's widths (docs/jetson.md).
 */
public final class GraphVectors {
  /** Largest absolute difference over a case's outputs, per "graph/case" key; outputs of another shape are infinite. */
  public static Map<String, Double> maxAbsDifference(Path pkg, Path vectors) throws IOException {
    JsonNode index = new ObjectMapper().readTree(vectors.resolve("vectors.json").toFile());
    JsonNode graphs = new ObjectMapper().readTree(pkg.resolve("manifest.json").toFile()).get("graphs");
    Map<String, Double> worst = new TreeMap<>();
    Map<String, Graph> loaded = new HashMap<>();
    try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.cpu()) {
      for (var it = index.fields(); it.hasNext(); ) {
        var e = it.next();
        String name = e.getValue().get("graph").asText();
        Graph g = loaded.computeIfAbsent(name, n -> engine.load(n, pkg.resolve(graphs.get(n).get("file").asText())));
        Map<String, Tensor> in = new LinkedHashMap<>();
        e.getValue().get("inputs").fields().forEachRemaining(t -> in.put(t.getKey(), read(vectors, t.getValue())));
        Map<String, Tensor> out = g.run(in);
        double max = 0;
        for (var t = e.getValue().get("outputs").fields(); t.hasNext(); ) {
          var expected = t.next();
          max = Math.max(max, difference(read(vectors, expected.getValue()), out.get(expected.getKey())));
        }
        worst.put(e.getKey() + " " + e.getValue().get("case").asText(), max);
      }
    } finally {
      loaded.values().forEach(Graph::close);
    }
    return worst;
  }

  static double difference(Tensor expected, Tensor got) {
    if (got == null || !java.util.Arrays.equals(expected.shape(), got.shape())) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    if (expected.dtype() == DType.INT64) {
      long[] a = expected.toLongArray();
      long[] b = got.toLongArray();
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs((double) a[i] - b[i]));
      }
      return max;
    }
    float[] a = expected.toFloatArray();
    float[] b = got.toFloatArray();
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static Tensor read(Path dir, JsonNode entry) {
    long[] shape = new long[entry.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = entry.get("shape").get(i).asLong();
    }
    try {
      byte[] bytes = Files.readAllBytes(dir.resolve(entry.get("file").asText()));
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN);
      direct.put(bytes).flip();
      DType dtype = entry.get("dtype").asText().equals("int64") ? DType.INT64 : DType.FLOAT32;
      return Tensor.wrap(dtype, direct, shape);
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  public static void main(String[] args) throws IOException {
    maxAbsDifference(Path.of(args[0]), Path.of(args[1]))
        .forEach((k, v) -> System.out.printf("%-48s %.3g%n", k, v));
  }

  private GraphVectors() {
  }
}
