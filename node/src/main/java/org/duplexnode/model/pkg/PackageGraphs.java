package org.duplexnode.model.pkg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.engine.Engine;
import org.duplexnode.engine.EngineException;
import org.duplexnode.engine.EngineSet;
import org.duplexnode.engine.Graph;

/**
 * The ten graphs of a package, each loaded by the engine of the backend its manifest entry names
 * and checked against the contract; closes them all.
 */
public final class PackageGraphs implements AutoCloseable {
  private final Map<String, Graph> graphs;

  private PackageGraphs(Map<String, Graph> graphs) {
    this.graphs = graphs;
  }

  /**
   * Loads every graph of the contract. Fails with every problem found (a graph missing from the
   * manifest, another backend, a file the engine cannot load, ports that differ from the
   * contract), after closing what it loaded.
   */
  static PackageGraphs load(ModelPackage pkg, EngineSet engines) {
    List<String> problems = new ArrayList<>();
    Map<String, Graph> loaded = new LinkedHashMap<>();
    for (String name : GraphContract.graphNames()) {
      problems.addAll(loadOne(pkg.dir(), pkg.manifest(), engines, name, loaded));
    }
    if (!problems.isEmpty()) {
      loaded.values().forEach(Graph::close);
      throw new ModelPackageException(problems);
    }
    return new PackageGraphs(loaded);
  }

  /** Loads one graph into {@code into} and returns what is wrong with it (empty when it conforms). */
  static List<String> loadOne(Path dir, Manifest m, Engine engine, String name, Map<String, Graph> into) {
    return loadOne(dir, m, EngineSet.of(engine), name, into);
  }

  static List<String> loadOne(Path dir, Manifest m, EngineSet engines, String name, Map<String, Graph> into) {
    String base = "graphs." + name;
    if (!m.at(base).isObject()) {
      return List.of(name + ": not in " + Manifest.FILE_NAME + " graphs");
    }
    String backend = m.at(base + ".backend").asText("");
    if (!engines.backends().contains(backend)) {
      return List.of(name + ": backend '" + backend + "', this runtime runs " + String.join(", ",
          engines.backends().stream().map(b -> "'" + b + "'").toList()));
    }
    if (backend.equals("tensorrt")) {
      List<String> engineProblems = tensorRtEntry(m, name);
      if (!engineProblems.isEmpty()) {
        return engineProblems;
      }
    }
    Graph g;
    try {
      g = engines.forBackend(backend).load(name, dir.resolve(m.at(base + ".file").asText("")));
    } catch (EngineException e) {
      return List.of(name + ": " + e.getMessage());
    }
    List<String> problems = GraphContract.check(name, g.inputs(), g.outputs(), m);
    into.put(name, g);
    return problems;
  }

  /**
   * A graph served by a TensorRT engine names the ONNX graph it was built from ({@code onnx}) and
   * the engine's cache key ({@code cache_key}: trt&lt;version&gt;-sm&lt;cc&gt;-&lt;precision profile&gt;),
   * and its file lies in the folder of that key, so an engine of another TensorRT or GPU is never
   * picked up by mistake.
   */
  static List<String> tensorRtEntry(Manifest m, String name) {
    String base = "graphs." + name;
    List<String> problems = new ArrayList<>();
    String key = m.at(base + ".cache_key").asText("");
    String file = m.at(base + ".file").asText("");
    if (!key.matches("trt\\d+(\\.\\d+)*-sm\\d+-[a-z0-9-]+")) {
      problems.add(name + ": backend tensorrt needs cache_key trt<version>-sm<cc>-<precision>, found '" + key + "'");
    } else if (!file.contains("/" + key + "/")) {
      problems.add(name + ": engine " + file + " is not in the folder of its cache_key " + key);
    }
    if (!m.at(base + ".onnx").isTextual()) {
      problems.add(name + ": backend tensorrt needs onnx (the graph the engine was built from)");
    }
    return problems;
  }

  public Graph get(String name) {
    Graph g = graphs.get(name);
    if (g == null) {
      throw new IllegalArgumentException("no graph " + name);
    }
    return g;
  }

  public int size() {
    return graphs.size();
  }

  @Override
  public void close() {
    graphs.values().forEach(Graph::close);
  }
}
