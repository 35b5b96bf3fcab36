package org.duplexnode.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The engines a model package may name, one per backend, each created the first time a graph
 * asks for it: a package whose LLM runs on TensorRT while Token2Wav stays on ONNX Runtime gets
 * both, and a machine without CUDA never loads TensorRT's natives unless a graph needs them.
 * Closes what it created.
 */
public final class EngineSet implements AutoCloseable {
  private final Map<String, Supplier<Engine>> factories = new LinkedHashMap<>();
  private final Map<String, Engine> created = new LinkedHashMap<>();
  private final boolean ownsEngines;

  private EngineSet(boolean ownsEngines) {
    this.ownsEngines = ownsEngines;
  }

  /** The backend of the TensorRT module, present only in builds for a GPU target. */
  static final String TENSORRT = "tensorrt";

  /**
   * ONNX Runtime on the CPU and the backends found on the class path ({@link EngineProvider}).
   * TensorRT is always named, so a package that asks for it in a build without it gets a clear
   * error instead of "unknown backend".
   */
  public static EngineSet standard() {
    return standard(ServiceLoader.load(EngineProvider.class));
  }

  static EngineSet standard(Iterable<EngineProvider> providers) {
    EngineSet s = new EngineSet(true);
    s.factories.put("onnxruntime", OnnxRuntimeEngine::cpu);
    for (EngineProvider p : providers) {
      s.factories.putIfAbsent(p.backend(), p::create);
    }
    s.factories.putIfAbsent(TENSORRT, () -> {
      throw new EngineException("TensorRT backend not in this build: its module (engine-tensorrt) is on the class"
          + " path only in a build for a GPU target (./mvnw -Pgpu package, docs/jetson.md)");
    });
    return s;
  }

  /** Only {@code engine} (tests, tools that hold their engine); it is not closed by this set. */
  public static EngineSet of(Engine engine) {
    EngineSet s = new EngineSet(false);
    s.factories.put(engine.backend(), () -> engine);
    return s;
  }

  /** The backends graphs may name. */
  public java.util.Set<String> backends() {
    return java.util.Collections.unmodifiableSet(factories.keySet());
  }

  /**
   * The engine of {@code backend}, created on first use.
   *
   * @throws EngineException for a backend this set does not have, or one that cannot start here
   */
  public synchronized Engine forBackend(String backend) {
    Engine e = created.get(backend);
    if (e != null) {
      return e;
    }
    Supplier<Engine> f = factories.get(backend);
    if (f == null) {
      throw new EngineException("backend '" + backend + "' is not one this runtime runs (" + factories.keySet() + ")");
    }
    e = f.get();
    created.put(backend, e);
    return e;
  }

  @Override
  public synchronized void close() {
    if (ownsEngines) {
      created.values().forEach(Engine::close);
    }
    created.clear();
  }
}
