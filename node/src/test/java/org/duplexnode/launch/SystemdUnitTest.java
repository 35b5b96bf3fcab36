package org.duplexnode.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * launch/systemd/duplex-node.service: systemd accepts it, and the command it starts is one the
 * node accepts, feeding the node from the same driver topics as duplex.launch.xml.
 */
@Tag("interop")
class SystemdUnitTest {
  private static final Path UNIT = LaunchFilesTest.LAUNCH.resolve("systemd/duplex-node.service");
  private static final String INSTALLED_LAUNCHER = "/opt/duplex-node/node/bin/duplex-node";
  private static final String INSTALLED_PARAMS = "/etc/duplex-node/duplex_node.params.yaml";

  @Test
  void systemdAnalyzeFindsNothingToSay(@TempDir Path dir) throws Exception {
    // The unit names the launcher where docs/deploy.md installs it; verify against the real one.
    Path copy = dir.resolve("duplex-node.service");
    Path launcher = LaunchFilesTest.ROOT.resolve("node/bin/duplex-node");
    Files.writeString(copy, Files.readString(UNIT).replace(INSTALLED_LAUNCHER, launcher.toString()));
    ProcessResult r = ProcessResult.run(List.of("systemd-analyze", "verify", copy.toString()), Map.of());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr().lines().filter(l -> l.contains("duplex-node.service"))).as("warnings about the unit").isEmpty();
  }

  @Test
  void restartsOnFailureButNotOnBadConfiguration() throws IOException {
    Map<String, List<String>> service = section("Service");
    assertThat(service.get("Restart")).containsExactly("on-failure");
    assertThat(service.get("RestartPreventExitStatus")).containsExactly("2");
    assertThat(service.get("SuccessExitStatus")).containsExactly("143");
    assertThat(service.get("User")).containsExactly("robot");
    assertThat(service.get("Environment")).contains("ROS_DOMAIN_ID=0", "ORT_DISABLE_TELEMETRY=1");
    assertThat(section("Install").get("WantedBy")).containsExactly("multi-user.target");
  }

  @Test
  void startsTheNodeOnTheSameTopicsAsTheLiveLaunchFile() throws IOException {
    List<String> exec = XmlLaunchFile.splitCommandLine(section("Service").get("ExecStart").get(0));
    assertThat(exec.get(0)).isEqualTo(INSTALLED_LAUNCHER);
    assertThat(exec.get(1)).isEqualTo("run");
    List<String> args = new ArrayList<>();
    for (String a : exec.subList(1, exec.size())) {
      // The installed parameter file is a copy of the committed one (docs/deploy.md, section 6).
      args.add(a.equals(INSTALLED_PARAMS) ? LaunchFilesTest.LAUNCH.resolve("duplex_node.params.yaml").toString() : a);
    }
    RosArgs unit = RosArgsParser.parse(args.toArray(new String[0]));
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(unit, "/duplex_node");
    assertThat(params.unknown()).isEmpty();

    List<String> launch = LaunchFilesTest.resolve(LaunchFilesTest.LAUNCH.resolve("duplex.launch.xml"), Map.of());
    RosArgs live = RosArgsParser.parse(launch.subList(1, launch.size()).toArray(new String[0]));
    List<RosArgs.Remap> topicRemaps = live.remaps().stream().filter(r -> !r.from().startsWith("__")).toList();
    assertThat(unit.remaps()).containsExactlyInAnyOrderElementsOf(topicRemaps);
  }

  /** Keys of one section, continuation lines joined and quotes around whole values removed. */
  private static Map<String, List<String>> section(String name) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String current = null;
    String joined = Files.readString(UNIT).replaceAll("\\\\\\n\\s*", " ");
    for (String line : joined.lines().toList()) {
      String t = line.strip();
      if (t.startsWith("[")) {
        current = t.substring(1, t.length() - 1);
      } else if (name.equals(current) && !t.isEmpty() && !t.startsWith("#")) {
        int eq = t.indexOf('=');
        String value = t.substring(eq + 1).strip();
        if (value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        out.computeIfAbsent(t.substring(0, eq), k -> new ArrayList<>()).add(value);
      }
    }
    return out;
  }
}
