package org.duplexnode.engine.tensorrt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.engine.EngineException;
import org.duplexnode.engine.Tensor;
import org.duplexnode.engine.TensorSpec;

/** The {@link org.duplexnode.engine.Graph} contract's input checks, before anything touches the device. */
final class InputCheck {
  private InputCheck() {}

  /** Input shapes by name, or an {@link EngineException} naming the graph and the offending tensor. */
  static Map<String, long[]> check(String graph, List<TensorSpec> inputs, List<TensorSpec> outputs,
      Map<String, Tensor> in, Map<String, Tensor> into, Map<String, DeviceBuffer.View> device) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (TensorSpec s : inputs) {
      DeviceBuffer.View v = device.get(s.name());
      Tensor t = in.get(s.name());
      if (v != null) {
        if (v.dtype() != s.dtype() || v.shape().length != s.rank()) {
          throw new EngineException("graph '" + graph + "': input " + s + " given a device view of " + v.dtype()
              + java.util.Arrays.toString(v.shape()));
        }
        shapes.put(s.name(), v.shape());
        continue;
      }
      if (t == null) {
        throw new EngineException("graph '" + graph + "': input " + s + " is missing");
      }
      if (t.dtype() != s.dtype() || t.rank() != s.rank()) {
        throw new EngineException("graph '" + graph + "': input " + s + " given " + t);
      }
      for (int k = 0; k < s.rank(); k++) {
        String d = s.dims().get(k);
        if (d.chars().allMatch(Character::isDigit) && Long.parseLong(d) != t.dim(k)) {
          throw new EngineException("graph '" + graph + "': input " + s + " given " + t);
        }
      }
      shapes.put(s.name(), t.shape());
    }
    List<String> extra = new ArrayList<>(in.keySet());
    inputs.forEach(s -> extra.remove(s.name()));
    if (!extra.isEmpty()) {
      throw new EngineException("graph '" + graph + "': unknown inputs " + extra);
    }
    for (String k : into.keySet()) {
      if (outputs.stream().noneMatch(s -> s.name().equals(k))) {
        throw new EngineException("graph '" + graph + "': no output named " + k);
      }
    }
    return shapes;
  }
}
