package org.duplexnode.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.ros.TopicSpec;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes what the node reads from its command line and parameter files: ROS arguments
 * (remappings, namespace and name changes, {@code -p} overrides) applied to the declared
 * parameters and used to resolve every topic name, and parameter files loaded for the node.
 *
 * <p>Allowed failures: {@link IllegalArgumentException}, the parent of the parsers' own
 * {@code RosArgsException} and {@link ParameterException}. Regression inputs:
 * {@code ParameterFuzzTestInputs/<method>/}.
 */
@Tag("fuzz")
class ParameterFuzzTest {
  private static final Path PARAMS_FILE = tempFile();

  /** One argument per line; the fuzzer's lines follow {@code --ros-args}. */
  @FuzzTest(maxDuration = "2m")
  void rosArguments(byte[] input) {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
    String[] args = new String[lines.length + 1];
    args[0] = "--ros-args";
    System.arraycopy(lines, 0, args, 1, lines.length);
    try {
      RosArgs parsed = RosArgsParser.parse(args);
      // Parameter files named on the command line are the other target's business.
      RosArgs withoutFiles = new RosArgs(parsed.remaps(), parsed.parameters(), List.of(), parsed.logLevels(),
          parsed.enclave(), parsed.otherArgs());
      NodeIdentity identity = NodeIdentity.from("duplex_node", withoutFiles);
      new ParameterSet(NodeParameters.all()).apply(withoutFiles, identity.fullyQualifiedName());
      for (TopicSpec<?> topic : NodeTopics.inputs()) {
        RosNames.resolve(topic.name(), identity.namespace(), identity.name(), parsed.remaps());
      }
      for (TopicSpec<?> topic : NodeTopics.outputs()) {
        RosNames.resolve(topic.name(), identity.namespace(), identity.name(), parsed.remaps());
      }
    } catch (IllegalArgumentException expected) {
      // RosArgsException, ParameterException: documented rejections
    }
  }

  /** The bytes are a parameter file for the node {@code /duplex_node}. */
  @FuzzTest(maxDuration = "2m")
  void parameterFiles(byte[] input) throws IOException {
    Files.write(PARAMS_FILE, input);
    try {
      ParameterSet params = new ParameterSet(NodeParameters.all());
      ParamsFile.load(PARAMS_FILE, "/duplex_node").forEach((name, value) -> params.set(name, value, "file"));
    } catch (ParameterException expected) {
      // a file that is not YAML, not a node map, or sets a parameter to a wrong type or range
    }
  }

  private static Path tempFile() {
    try {
      Path file = Files.createTempFile("params-fuzz", ".yaml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
