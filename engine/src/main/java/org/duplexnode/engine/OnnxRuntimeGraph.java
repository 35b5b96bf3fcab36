package org.duplexnode.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph on ONNX Runtime. Inputs and pinned outputs are passed as tensors over our own direct
 * buffers, so ONNX Runtime reads and writes them without copies.
 */
final class OnnxRuntimeGraph implements Graph {
  private final String name;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final List<TensorSpec> inputs;
  private final List<TensorSpec> outputs;

  OnnxRuntimeGraph(String name, OrtEnvironment env, OrtSession session) throws OrtException {
    this.name = name;
    this.env = env;
    this.session = session;
    this.inputs = specs(session.getInputInfo());
    this.outputs = specs(session.getOutputInfo());
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> info) {
    List<TensorSpec> out = new ArrayList<>();
    for (NodeInfo n : info.values()) {
      if (!(n.getInfo() instanceof TensorInfo t)) {
        throw new EngineException(n.getName() + " is not a tensor");
      }
      List<String> dims = new ArrayList<>();
      long[] shape = t.getShape();
      String[] symbols = t.getDimensionNames();
      for (int i = 0; i < shape.length; i++) {
        dims.add(shape[i] >= 0 ? Long.toString(shape[i])
            : (symbols != null && i < symbols.length && !symbols[i].isEmpty() ? symbols[i] : "?"));
      }
      out.add(new TensorSpec(n.getName(), dtype(t.type), dims));
    }
    return List.copyOf(out);
  }

  private static DType dtype(OnnxJavaType t) {
    return switch (t) {
      case FLOAT -> DType.FLOAT32;
      case FLOAT16 -> DType.FLOAT16;
      case INT64 -> DType.INT64;
      case INT32 -> DType.INT32;
      case BOOL -> DType.BOOL;
      case UINT8 -> DType.UINT8;
      default -> throw new EngineException("unsupported ONNX element type " + t);
    };
  }

  private static OnnxJavaType ortType(DType t) {
    return switch (t) {
      case FLOAT32 -> OnnxJavaType.FLOAT;
      case FLOAT16 -> OnnxJavaType.FLOAT16;
      case INT64 -> OnnxJavaType.INT64;
      case INT32 -> OnnxJavaType.INT32;
      case BOOL -> OnnxJavaType.BOOL;
      case UINT8 -> OnnxJavaType.UINT8;
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TensorSpec> inputs() {
    return inputs;
  }

  @Override
  public List<TensorSpec> outputs() {
    return outputs;
  }

  @Override
  public Map<String, Tensor> run(Map<String, Tensor> in, Map<String, Tensor> into) {
    check(in, into);
    Map<String, OnnxTensor> ortIn = new HashMap<>();
    Map<String, OnnxTensor> pinned = new HashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : in.entrySet()) {
        ortIn.put(e.getKey(), wrap(e.getValue()));
      }
      for (Map.Entry<String, Tensor> e : into.entrySet()) {
        pinned.put(e.getKey(), wrap(e.getValue()));
      }
      Map<String, Tensor> result = new LinkedHashMap<>();
      java.util.Set<String> requested = new java.util.LinkedHashSet<>();
      for (TensorSpec o : outputs) {
        if (!into.containsKey(o.name())) {
          requested.add(o.name());
        }
      }
      try (OrtSession.Result r = session.run(ortIn, requested, pinned)) {
        for (Map.Entry<String, OnnxValue> e : r) {
          if (!into.containsKey(e.getKey())) {
            result.put(e.getKey(), copy((OnnxTensor) e.getValue()));
          }
        }
      }
      return result;
    } catch (OrtException e) {
      throw new EngineException("graph '" + name + "' failed: " + e.getMessage(), e);
    } finally {
      ortIn.values().forEach(OnnxTensor::close);
      pinned.values().forEach(OnnxTensor::close);
    }
  }

  private void check(Map<String, Tensor> in, Map<String, Tensor> into) {
    for (TensorSpec s : inputs) {
      Tensor t = in.get(s.name());
      if (t == null) {
        throw new EngineException("graph '" + name + "': input " + s + " is missing");
      }
      if (t.dtype() != s.dtype() || t.rank() != s.rank()) {
        throw new EngineException("graph '" + name + "': input " + s + " given " + t);
      }
    }
    if (in.size() != inputs.size()) {
      List<String> extra = new ArrayList<>(in.keySet());
      inputs.forEach(s -> extra.remove(s.name()));
      throw new EngineException("graph '" + name + "': unknown inputs " + extra);
    }
    for (String k : into.keySet()) {
      if (outputs.stream().noneMatch(s -> s.name().equals(k))) {
        throw new EngineException("graph '" + name + "': no output named " + k);
      }
    }
  }

  private OnnxTensor wrap(Tensor t) throws OrtException {
    return OnnxTensor.createTensor(env, t.bytes(), t.shape(), ortType(t.dtype()));
  }

  private static Tensor copy(OnnxTensor o) {
    TensorInfo info = o.getInfo();
    Tensor t = Tensor.allocate(dtype(info.type), info.getShape());
    t.bytes().put(o.getByteBuffer().order(java.nio.ByteOrder.nativeOrder()));
    return t;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new EngineException("graph '" + name + "' did not close cleanly: " + e.getMessage(), e);
    }
  }
}
