package org.duplexnode.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.testing.ProcessResult;

/**
 * A Python launch file, outlined by node/src/test/python/launch_outline.py (run with the system
 * Python, which has no ROS 2): its arguments and nodes with substitutions written as in XML.
 */
final class PythonLaunchFile {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path OUTLINER = Path.of("src/test/python/launch_outline.py").toAbsolutePath();

  private PythonLaunchFile() {}

  static LaunchOutline outline(Path file) throws IOException, InterruptedException {
    ProcessResult r = ProcessResult.run(List.of(PYTHON.toString(), OUTLINER.toString(), file.toString()), Map.of());
    if (r.exitCode() != 0) {
      throw new AssertionError(file + " could not be outlined: " + r.stderr());
    }
    JsonNode json = new ObjectMapper().readTree(r.stdout().getBytes(StandardCharsets.UTF_8));
    List<LaunchOutline.Argument> arguments = new ArrayList<>();
    for (JsonNode a : json.get("arguments")) {
      arguments.add(new LaunchOutline.Argument(a.get("name").asText(), text(a.get("default")), text(a.get("description"))));
    }
    List<LaunchOutline.RosNodeAction> nodes = new ArrayList<>();
    for (JsonNode n : json.get("nodes")) {
      List<LaunchOutline.Parameter> parameters = new ArrayList<>();
      for (JsonNode p : n.get("parameters")) {
        parameters.add(p.has("file") ? LaunchOutline.Parameter.file(p.get("file").asText())
            : LaunchOutline.Parameter.value(p.get("name").asText(), p.get("value").asText()));
      }
      List<LaunchOutline.Remap> remaps = new ArrayList<>();
      n.get("remappings").forEach(m -> remaps.add(new LaunchOutline.Remap(m.get("from").asText(), m.get("to").asText())));
      Map<String, String> env = new LinkedHashMap<>();
      n.get("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      nodes.add(new LaunchOutline.RosNodeAction(n.get("pkg").asText(), n.get("exec").asText(), text(n.get("name")),
          text(n.get("namespace")), text(n.get("output")), texts(n.get("arguments")), texts(n.get("ros_arguments")),
          parameters, remaps, env));
    }
    return new LaunchOutline(arguments, nodes);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
