package org.duplexnode.engine.tensorrt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvonnxparser;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;
import org.duplexnode.engine.EngineException;

/**
 * Builds an engine from an ONNX file in process, with one optimisation profile in which every
 * dynamic dimension ranges over [0, maxDynamic] (optimised for 1). For small graphs and tests;
 * production engines come from tensorrt-engines/build_engines.py with the contract's profiles.
 */
final class OnnxBuild {
  private OnnxBuild() {}

  /** The serialised engine and the ONNX dimension names of every input and output. */
  record Result(IHostMemory plan, Map<String, List<String>> dimNames) {}

  static Result build(TrtLogger logger, String graph, Path onnx, long maxDynamic) {
    IBuilder builder = nvinfer.createInferBuilder(logger);
    INetworkDefinition net = builder.createNetworkV2(0);
    IParser parser = nvonnxparser.createParser(net, logger);
    if (!parser.parseFromFile(onnx.toString(), org.bytedeco.tensorrt.nvinfer.ILogger.Severity.kWARNING.value)) {
      List<String> errors = new ArrayList<>();
      for (int i = 0; i < parser.getNbErrors(); i++) {
        errors.add(parser.getError(i).desc());
      }
      throw new EngineException("graph '" + graph + "': TensorRT cannot parse " + onnx + ": " + errors);
    }
    IBuilderConfig config = builder.createBuilderConfig();
    IOptimizationProfile profile = builder.createOptimizationProfile();
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (int i = 0; i < net.getNbInputs(); i++) {
      ITensor t = net.getInput(i);
      Dims64 d = t.getDimensions();
      long[] min = new long[d.nbDims()];
      long[] opt = new long[d.nbDims()];
      long[] max = new long[d.nbDims()];
      for (int k = 0; k < d.nbDims(); k++) {
        boolean dynamic = d.d(k) < 0;
        min[k] = dynamic ? 0 : d.d(k);
        opt[k] = dynamic ? 1 : d.d(k);
        max[k] = dynamic ? maxDynamic : d.d(k);
      }
      BytePointer name = new BytePointer(t.getName());
      profile.setDimensions(name, 0, Shapes.dims(min));
      profile.setDimensions(name, 1, Shapes.dims(opt));
      profile.setDimensions(name, 2, Shapes.dims(max));
      names.put(t.getName(), dimNames(t));
    }
    for (int i = 0; i < net.getNbOutputs(); i++) {
      names.put(net.getOutput(i).getName(), dimNames(net.getOutput(i)));
    }
    config.addOptimizationProfile(profile);
    IHostMemory plan = builder.buildSerializedNetwork(net, config);
    if (plan == null || plan.isNull()) {
      throw new EngineException("graph '" + graph + "': TensorRT could not build an engine from " + onnx
          + " (see the TensorRT errors logged above)");
    }
    return new Result(plan, names);
  }

  private static List<String> dimNames(ITensor t) {
    List<String> out = new ArrayList<>();
    Dims64 d = t.getDimensions();
    for (int k = 0; k < d.nbDims(); k++) {
      String n = d.d(k) >= 0 ? null : t.getDimensionName(k);
      out.add(n == null || n.isEmpty() ? (d.d(k) >= 0 ? Long.toString(d.d(k)) : "?") : n);
    }
    return out;
  }
}
