package org.duplexnode.engine.tensorrt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.duplexnode.engine.Engine;
import org.duplexnode.engine.EngineException;
import org.duplexnode.engine.Graph;

/**
 * The TensorRT backend. {@link #load} takes a serialised engine ({@code .plan}/{@code .engine},
 * built by tensorrt-engines/build_engines.py for this TensorRT version and GPU) or an ONNX file,
 * which it builds in process ({@link OnnxBuild}). Constructing it loads nothing; the first
 * {@link #load} loads libnvinfer and libcudart and fails with an {@link EngineException} that
 * names the missing library when they are not on the machine.
 *
 * <p>Symbolic dimension names: TensorRT engines keep only -1 for dynamic dimensions, so a plan's
 * names come from {@code <plan>.dims.json} beside it (written by the build script), else "?".
 */
public final class TensorRtEngine implements Engine {
  private final long maxDynamic;
  private final boolean captureCudaGraphs;
  private TrtLogger logger;
  private IRuntime runtime;

  /**
   * @param maxDynamic upper bound of every dynamic dimension when an ONNX file is built in process
   * @param captureCudaGraphs replay repeated device-bound launches as CUDA graphs
   */
  public TensorRtEngine(long maxDynamic, boolean captureCudaGraphs) {
    this.maxDynamic = maxDynamic;
    this.captureCudaGraphs = captureCudaGraphs;
  }

  public TensorRtEngine() {
    this(256, true);
  }

  @Override
  public String backend() {
    return "tensorrt";
  }

  @Override
  public synchronized Graph load(String name, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new EngineException("graph '" + name + "': file " + file + " not found");
    }
    TensorRtNatives.require();
    if (runtime == null) {
      logger = new TrtLogger();
      runtime = nvinfer.createInferRuntime(logger);
    }
    ICudaEngine engine;
    Map<String, List<String>> dimNames;
    if (file.getFileName().toString().endsWith(".onnx")) {
      OnnxBuild.Result r = OnnxBuild.build(logger, name, file, maxDynamic);
      engine = runtime.deserializeCudaEngine(r.plan().data(), r.plan().size());
      dimNames = r.dimNames();
      r.plan().close();
    } else {
      try (BytePointer plan = readNative(file)) {
        engine = runtime.deserializeCudaEngine(plan, plan.limit());
      }
      dimNames = sidecarDims(name, file);
    }
    if (engine == null || engine.isNull()) {
      throw new EngineException("graph '" + name + "': TensorRT cannot deserialise " + file
          + " (an engine built for another TensorRT version or GPU? see the log)");
    }
    return new TensorRtGraph(name, engine, dimNames, captureCudaGraphs);
  }

  /** Reads a file of any size (LLM engines exceed 2 GB) into native memory. */
  private static BytePointer readNative(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      BytePointer p = new BytePointer(size);
      for (long off = 0; off < size; ) {
        long chunk = Math.min(1L << 30, size - off);
        java.nio.ByteBuffer window = new BytePointer(p).position(off).limit(off + chunk).asByteBuffer();
        while (window.hasRemaining()) {
          if (ch.read(window, off + window.position()) < 0) {
            throw new IOException("file ended early at byte " + (off + window.position()));
          }
        }
        off += chunk;
      }
      return p.limit(size);
    } catch (IOException e) {
      throw new EngineException("engine " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static Map<String, List<String>> sidecarDims(String name, Path plan) {
    Path side = plan.resolveSibling(plan.getFileName() + ".dims.json");
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(side)) {
      return out;
    }
    try {
      JsonNode root = new ObjectMapper().readTree(side.toFile());
      root.fields().forEachRemaining(e -> {
        List<String> dims = new ArrayList<>();
        e.getValue().forEach(d -> dims.add(d.asText()));
        out.put(e.getKey(), dims);
      });
      return out;
    } catch (IOException e) {
      throw new EngineException("graph '" + name + "': " + side + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  static boolean isNull(Pointer p) {
    return p == null || p.isNull();
  }
}
