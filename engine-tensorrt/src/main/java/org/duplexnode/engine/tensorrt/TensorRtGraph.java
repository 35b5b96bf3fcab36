package org.duplexnode.engine.tensorrt;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.EngineException;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.engine.TensorSpec;

/**
 * A graph on TensorRT. It owns one CUDA stream (a graph belongs to one stage, so each stage runs
 * on its own stream), one execution context, device buffers per tensor that grow to the largest
 * shape seen, and pinned host staging buffers for host tensors. {@link #run(Map, Map, Map)} also
 * binds device views directly ({@link DeviceBuffer.View}): a KV cache kept on the device is
 * passed as its past prefix, and the new rows are written in place after it, with no host copy.
 * A launch whose bindings are all device views and whose shapes repeat is captured once as a
 * CUDA graph and replayed ({@link CapturedLaunches}).
 *
 * <p>Failures (bad inputs, a shape outside every optimisation profile, a CUDA or TensorRT error)
 * are {@link EngineException}s naming the graph; the graph stays usable afterwards.
 */
public final class TensorRtGraph implements Graph {
  private final String name;
  private final ICudaEngine engine;
  private final IExecutionContext context;
  private final CUstream_st stream = new CUstream_st();
  private final List<TensorSpec> inputs = new ArrayList<>();
  private final List<TensorSpec> outputs = new ArrayList<>();
  private final ProfileSelector profiles;
  private final Map<String, DeviceBuffer> scratch = new HashMap<>();
  private final Map<String, PinnedBuffer> staging = new HashMap<>();
  private final CapturedLaunches captured;
  private int profile = -1;

  TensorRtGraph(String name, ICudaEngine engine, Map<String, List<String>> dimNames, boolean captureCudaGraphs) {
    this.name = name;
    this.engine = engine;
    Cuda.check(cudart.cudaStreamCreate(stream), "cudaStreamCreate");
    this.context = engine.createExecutionContext();
    if (context == null || context.isNull()) {
      throw new EngineException("graph '" + name + "': TensorRT could not create an execution context");
    }
    List<ProfileSelector.Profile> ranges = new ArrayList<>();
    for (int p = 0; p < engine.getNbOptimizationProfiles(); p++) {
      ranges.add(new ProfileSelector.Profile(new LinkedHashMap<>()));
    }
    for (int i = 0; i < engine.getNbIOTensors(); i++) {
      String t = engine.getIOTensorName(i);
      BytePointer tp = new BytePointer(t);
      DType dtype = TrtTypes.dtype(name, t, engine.getTensorDataType(tp));
      long[] shape = Shapes.shape(engine.getTensorShape(tp));
      List<String> names = dimNames.getOrDefault(t, List.of());
      List<String> dims = new ArrayList<>();
      for (int k = 0; k < shape.length; k++) {
        dims.add(shape[k] >= 0 ? Long.toString(shape[k]) : (k < names.size() ? names.get(k) : "?"));
      }
      TensorSpec spec = new TensorSpec(t, dtype, dims);
      if (engine.getTensorIOMode(tp) == TrtTypes.IO_INPUT) {
        inputs.add(spec);
        for (int p = 0; p < ranges.size(); p++) {
          long[] min = Shapes.shape(engine.getProfileShape(tp, p, 0));
          long[] max = Shapes.shape(engine.getProfileShape(tp, p, 2));
          ranges.get(p).ranges().put(t, new long[][] {min, max});
        }
      } else {
        outputs.add(spec);
      }
    }
    this.profiles = new ProfileSelector(name, ranges);
    this.captured = new CapturedLaunches(name, stream, captureCudaGraphs ? 8 : 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TensorSpec> inputs() {
    return List.copyOf(inputs);
  }

  @Override
  public List<TensorSpec> outputs() {
    return List.copyOf(outputs);
  }

  @Override
  public Map<String, Tensor> run(Map<String, Tensor> in, Map<String, Tensor> into) {
    return run(in, into, Map.of());
  }

  /**
   * Runs with some tensors bound to device memory.
   *
   * @param in host inputs (every declared input not in {@code device})
   * @param into host tensors that receive some outputs in place
   * @param device inputs and outputs bound to device views (read and written in place)
   * @return the outputs in neither {@code into} nor {@code device}, as new host tensors
   */
  public synchronized Map<String, Tensor> run(Map<String, Tensor> in, Map<String, Tensor> into,
      Map<String, DeviceBuffer.View> device) {
    Map<String, long[]> shapes = InputCheck.check(name, inputs, outputs, in, into, device);
    int p = profiles.select(shapes);
    if (p != profile) {
      require(context.setOptimizationProfileAsync(p, stream), "select optimisation profile " + p);
      profile = p;
    }
    StringBuilder signature = new StringBuilder("p").append(p);
    for (TensorSpec s : inputs) {
      long[] shape = shapes.get(s.name());
      require(context.setInputShape(s.name(), Shapes.dims(shape)), "input " + s.name() + Arrays.toString(shape));
      DeviceBuffer.View v = device.get(s.name());
      if (v != null) {
        require(context.setTensorAddress(s.name(), v.address()), "bind " + s.name());
        signature.append(s.name()).append(Arrays.toString(shape)).append('@')
            .append(System.identityHashCode(v.buffer())).append('+').append(v.offset());
      } else {
        Tensor t = in.get(s.name());
        long bytes = t.elementCount() * t.dtype().bytes();
        PinnedBuffer host = staging(s.name(), bytes);
        host.put(t.bytes());
        DeviceBuffer dev = scratch(s.name(), bytes);
        Cuda.check(cudart.cudaMemcpyAsync(dev.address(0), host.pointer(), bytes, cudart.cudaMemcpyHostToDevice,
            stream), "copy " + s.name() + " to the device");
        require(context.setTensorAddress(s.name(), dev.address(0)), "bind " + s.name());
        signature.append("|host");
      }
    }
    Map<String, long[]> outShapes = new LinkedHashMap<>();
    for (TensorSpec s : outputs) {
      long[] shape = Shapes.shape(context.getTensorShape(s.name()));
      outShapes.put(s.name(), shape);
      DeviceBuffer.View v = device.get(s.name());
      if (v != null) {
        if (!Arrays.equals(v.shape(), shape)) {
          throw new EngineException("graph '" + name + "': output " + s.name() + " is " + Arrays.toString(shape)
              + ", the device view " + Arrays.toString(v.shape()));
        }
        require(context.setTensorAddress(s.name(), v.address()), "bind " + s.name());
        signature.append(s.name()).append('@').append(System.identityHashCode(v.buffer())).append('+')
            .append(v.offset());
      } else {
        long bytes = Tensor.elements(shape) * s.dtype().bytes();
        require(context.setTensorAddress(s.name(), scratch(s.name(), bytes).address(0)), "bind " + s.name());
        signature.append("|host");
      }
    }
    String key = device.size() == inputs.size() + outputs.size() ? signature.toString() : null;
    if (!captured.launch(key, () -> require(context.enqueueV3(stream), "enqueue"))) {
      require(context.enqueueV3(stream), "enqueue");
    }
    Map<String, Tensor> result = new LinkedHashMap<>();
    Map<String, PinnedBuffer> pending = new LinkedHashMap<>();
    for (TensorSpec s : outputs) {
      if (device.containsKey(s.name())) {
        continue;
      }
      long bytes = Tensor.elements(outShapes.get(s.name())) * s.dtype().bytes();
      PinnedBuffer host = staging("out:" + s.name(), bytes);
      Cuda.check(cudart.cudaMemcpyAsync(host.pointer(), scratch.get(s.name()).address(0), bytes,
          cudart.cudaMemcpyDeviceToHost, stream), "copy " + s.name() + " to the host");
      pending.put(s.name(), host);
    }
    Cuda.check(cudart.cudaStreamSynchronize(stream), "graph '" + name + "' run");
    for (Map.Entry<String, PinnedBuffer> e : pending.entrySet()) {
      long[] shape = outShapes.get(e.getKey());
      Tensor target = into.get(e.getKey());
      if (target != null && !Arrays.equals(target.shape(), shape)) {
        throw new EngineException("graph '" + name + "': output " + e.getKey() + " is " + Arrays.toString(shape)
            + ", the tensor given for it " + Arrays.toString(target.shape()));
      }
      Tensor out = target != null ? target : Tensor.allocate(dtypeOf(e.getKey()), shape);
      ByteBuffer dst = out.bytes();
      e.getValue().get(dst);
      if (target == null) {
        result.put(e.getKey(), out);
      }
    }
    return result;
  }

  private DType dtypeOf(String output) {
    return outputs.stream().filter(s -> s.name().equals(output)).findFirst().orElseThrow().dtype();
  }

  private DeviceBuffer scratch(String tensor, long bytes) {
    DeviceBuffer b = scratch.get(tensor);
    if (b == null || b.bytes() < bytes) {
      if (b != null) {
        b.close();
      }
      b = DeviceBuffer.allocate(Math.max(bytes, 256));
      scratch.put(tensor, b);
    }
    return b;
  }

  private PinnedBuffer staging(String key, long bytes) {
    PinnedBuffer b = staging.get(key);
    if (b == null || b.bytes() < bytes) {
      if (b != null) {
        b.close();
      }
      b = PinnedBuffer.allocate(Math.max(bytes, 256));
      staging.put(key, b);
    }
    return b;
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      throw new EngineException("graph '" + name + "': TensorRT refused to " + what + " (see the log)");
    }
  }

  @Override
  public synchronized void close() {
    captured.close();
    scratch.values().forEach(DeviceBuffer::close);
    staging.values().forEach(PinnedBuffer::close);
    context.close();
    engine.close();
    cudart.cudaStreamDestroy(stream);
  }
}
