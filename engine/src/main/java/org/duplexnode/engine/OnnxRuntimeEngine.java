package org.duplexnode.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The ONNX Runtime backend. CPU by default; the CUDA or TensorRT execution providers when asked
 * for and present in the native library (the Maven artifact for CPU has neither; the GPU artifact
 * has both on x86_64 only).
 */
public final class OnnxRuntimeEngine implements Engine {
  /** Where graphs run. */
  public enum Provider { CPU, CUDA, TENSORRT }

  private final OrtEnvironment env;
  private final Provider provider;
  private final int intraOpThreads;

  public OnnxRuntimeEngine(Provider provider, int intraOpThreads) {
    this.env = OrtEnvironment.getEnvironment();
    this.provider = provider;
    this.intraOpThreads = intraOpThreads;
  }

  /** CPU with ONNX Runtime's default thread count. */
  public static OnnxRuntimeEngine cpu() {
    return new OnnxRuntimeEngine(Provider.CPU, 0);
  }

  @Override
  public String backend() {
    return "onnxruntime";
  }

  @Override
  public Graph load(String name, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new EngineException("graph '" + name + "': file " + file + " not found");
    }
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      switch (provider) {
        case CUDA -> options.addCUDA(0);
        case TENSORRT -> options.addTensorrt(0);
        case CPU -> { }
        default -> throw new IllegalStateException(provider.name());
      }
      OrtSession session = env.createSession(file.toString(), options);
      return new OnnxRuntimeGraph(name, env, session);
    } catch (OrtException e) {
      throw new EngineException("graph '" + name + "' (" + file + ") cannot be loaded on ONNX Runtime "
          + provider.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    // The environment is a process-wide singleton shared by every engine; it is not closed here.
  }
}
