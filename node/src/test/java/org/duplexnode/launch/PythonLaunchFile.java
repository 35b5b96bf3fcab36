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
 * Python, which has no ROS 2): its arguments and processes with substitutions written as in XML.
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
    List<LaunchOutline.Process> processes = new ArrayList<>();
    for (JsonNode p : json.get("processes")) {
      List<String> cmd = new ArrayList<>();
      p.get("cmd").forEach(c -> cmd.add(c.asText()));
      Map<String, String> env = new LinkedHashMap<>();
      p.get("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      processes.add(new LaunchOutline.Process(text(p.get("name")), text(p.get("output")), cmd, env));
    }
    return new LaunchOutline(arguments, processes);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
