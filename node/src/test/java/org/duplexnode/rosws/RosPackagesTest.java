package org.duplexnode.rosws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.duplexnode.config.RosNames;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.ros.RosNode;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ROS packages: package.xml files are valid format 3 and say how colcon builds each package,
 * interface packages are declared as such, and every .msg file parses with rosidl's rules plus the
 * project's bounds.
 */
@Tag("interop")
class RosPackagesTest {
  static List<Path> allPackages() throws IOException {
    return RosPackages.allPackages();
  }

  static List<Path> workspacePackages() throws IOException {
    return RosPackages.packages(RosPackages.WORKSPACE);
  }

  @Test
  void theWorkspaceHoldsMessagesBringupAndExamples() throws IOException {
    assertThat(workspacePackages().stream().map(p -> p.getFileName().toString()))
        .containsExactly("duplex_bringup", "duplex_examples", "duplex_msgs");
  }

  @ParameterizedTest
  @MethodSource("allPackages")
  void packageXmlIsFormat3AndNamedAfterItsFolder(Path pkg) throws IOException {
    PackageXml xml = PackageXml.read(pkg.resolve("package.xml"));
    assertThat(xml.problems()).as(pkg.toString()).isEmpty();
    assertThat(xml.name()).isEqualTo(pkg.getFileName().toString());
  }

  @ParameterizedTest
  @MethodSource("workspacePackages")
  void workspacePackagesSayHowColconBuildsThem(Path pkg) throws IOException {
    PackageXml xml = PackageXml.read(pkg.resolve("package.xml"));
    String buildType = xml.buildType();
    assertThat(buildType).as("export/build_type").isIn("ament_cmake", "ament_python");
    assertThat(xml.all("buildtool_depend")).contains(buildType);
    if (buildType.equals("ament_cmake")) {
      String cmake = Files.readString(pkg.resolve("CMakeLists.txt"));
      assertThat(cmake).contains("project(" + xml.name()).contains("ament_package()");
    } else {
      assertThat(Files.readString(pkg.resolve("setup.py"))).contains("package_name = '" + xml.name() + "'");
      assertThat(pkg.resolve("resource").resolve(xml.name())).as("ament index marker").isRegularFile();
      assertThat(Files.readString(pkg.resolve("setup.cfg"))).contains("$base/lib/" + xml.name());
    }
  }

  @ParameterizedTest
  @MethodSource("allPackages")
  void packagesWithMessagesAreInterfacePackages(Path pkg) throws IOException {
    Map<String, Path> messages = RosPackages.messages(pkg);
    PackageXml xml = PackageXml.read(pkg.resolve("package.xml"));
    if (messages.isEmpty()) {
      assertThat(xml.all("member_of_group")).doesNotContain("rosidl_interface_packages");
      return;
    }
    assertThat(xml.all("member_of_group")).contains("rosidl_interface_packages");
    if (!pkg.startsWith(RosPackages.WORKSPACE)) {
      return; // the node's bounded copies are read by the Maven build, not by colcon
    }
    assertThat(xml.all("buildtool_depend")).contains("rosidl_default_generators");
    assertThat(xml.all("exec_depend")).contains("rosidl_default_runtime");
    String cmake = Files.readString(pkg.resolve("CMakeLists.txt"));
    Set<String> dependencies = new HashSet<>();
    Map<String, Set<String>> known = RosPackages.knownTypes();
    for (Map.Entry<String, Path> m : messages.entrySet()) {
      assertThat(cmake).as("rosidl_generate_interfaces lists %s", m.getKey()).contains("\"msg/" + m.getKey() + ".msg\"");
      dependencies.addAll(MsgSpec.check(xml.name(), m.getKey(), Files.readString(m.getValue()), known).dependencies());
    }
    List<String> declared = new ArrayList<>(xml.all("depend"));
    declared.addAll(xml.all("build_depend"));
    Matcher deps = Pattern.compile("DEPENDENCIES([^)]*)\\)").matcher(cmake);
    assertThat(deps.find()).as("rosidl_generate_interfaces has DEPENDENCIES").isTrue();
    for (String d : dependencies) {
      assertThat(declared).as("package.xml depends on %s", d).contains(d);
      assertThat(deps.group(1).split("\\s+")).as("DEPENDENCIES names %s", d).contains(d);
    }
  }

  @ParameterizedTest
  @MethodSource("allPackages")
  void everyMsgFileParses(Path pkg) throws IOException {
    Map<String, Set<String>> known = RosPackages.knownTypes();
    for (Map.Entry<String, Path> m : RosPackages.messages(pkg).entrySet()) {
      MsgSpec spec = MsgSpec.check(pkg.getFileName().toString(), m.getKey(), Files.readString(m.getValue()), known);
      assertThat(spec.problems()).as(m.getValue().toString()).isEmpty();
    }
  }

  @Test
  void theMsgCheckRejectsWhatTheBuildWouldReject() throws IOException {
    String bad = String.join("\n",
        "uint8 ADD = 0",
        "uint8 TOO_BIG = 256",
        "string<=8 Bad_Name",
        "string text",
        "uint8[] data",
        "float64 x # comment",
        "float64 x",
        "Header header",
        "geometry_msgs/Point where",
        "int32<=4 count",
        "uint8[<=4] FLAGS=1",
        "string<=16 label \"a # b\"");
    assertThat(MsgSpec.check("duplex_msgs", "Bad", bad, RosPackages.knownTypes()).problems()).containsExactly(
        "line 2: constant TOO_BIG: 256 is out of range for uint8",
        "line 3: field name 'Bad_Name' must be lower case letters, digits and single underscores",
        "line 4: string 'text' has no bound; write string<=N",
        "line 5: sequence 'data' has no bound; write [<=N]",
        "line 7: 'x' is declared twice",
        "line 8: message type duplex_msgs/Header does not exist in ros_ws/src or node/src/main/ros-interfaces",
        "line 9: message type geometry_msgs/Point does not exist in ros_ws/src or node/src/main/ros-interfaces",
        "line 10: only strings take a <= bound, not int32",
        "line 11: constant FLAGS must have a primitive, non-array type");
  }

  @Test
  void thePackageXmlCheckRejectsWhatTheSchemaRejects(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("package.xml");
    Files.writeString(file, """
        <package format="3">
          <name>Bad__Name</name>
          <description>x</description>
          <version>1.0</version>
          <maintainer>nobody</maintainer>
          <buildtool_depend>ament_cmake</buildtool_depend>
          <run_depend>rclpy</run_depend>
        </package>""");
    assertThat(PackageXml.read(file).problems()).containsExactlyInAnyOrder(
        "<version> is out of order (format 3: name, version, description, maintainer, license, url, author, "
            + "dependencies, group_depend, member_of_group, export)",
        "<run_depend> is not an element of package format 3",
        "<license> appears 0 times",
        "name 'Bad__Name' must be lower case letters and digits with single underscores",
        "version '1.0' must be MAJOR.MINOR.PATCH",
        "maintainer 'nobody' needs an email attribute");
    Files.writeString(file, "<package format=\"2\"><name>a</name></package>");
    assertThat(PackageXml.read(file).problems()).containsExactly("root must be <package format=\"3\">");
  }

  @Test
  void theExampleWatchesAndListensOnTheNodesTopics() throws IOException {
    String source = Files.readString(RosPackages.WORKSPACE.resolve("duplex_examples/duplex_examples/watch_green_light.py"));
    Matcher node = Pattern.compile("declare_parameter\\('node', '([^']+)'\\)").matcher(source);
    assertThat(node.find()).isTrue();
    String defaultNode = node.group(1);
    assertThat(defaultNode + "/watch").isEqualTo(RosNames.expand(NodeTopics.WATCH.name(), "/", RosNode.DEFAULT_NAME));
    assertThat(defaultNode + "/events").isEqualTo(RosNames.expand(NodeTopics.EVENTS.name(), "/", RosNode.DEFAULT_NAME));
    assertThat(defaultNode + "/reply").isEqualTo(RosNames.expand(NodeTopics.REPLY.name(), "/", RosNode.DEFAULT_NAME));
    assertThat(source).contains("duplex_node + '/watch'").contains("duplex_node + '/events'")
        .contains("CommandReply, duplex_node + '/reply'").contains("command.request_id = ")
        .contains("reliability=ReliabilityPolicy.RELIABLE").doesNotContain("BEST_EFFORT")
        .as("the reply says whether the watch was added; no polling of subscription counts")
        .doesNotContain("get_subscription_count");
  }

  @Test
  void theSpeechRelayListensOnTheNodesSpeech() throws IOException {
    String source = Files.readString(RosPackages.WORKSPACE.resolve("duplex_examples/duplex_examples/speech_relay.py"));
    Matcher node = Pattern.compile("declare_parameter\\('node', '([^']+)'\\)").matcher(source);
    assertThat(node.find()).isTrue();
    assertThat(node.group(1) + "/speech").isEqualTo(RosNames.expand(NodeTopics.SPEECH.name(), "/", RosNode.DEFAULT_NAME));
    assertThat(source).contains("AudioDataStamped, duplex_node + '/speech'")
        .contains("reliability=ReliabilityPolicy.RELIABLE");
  }

  @Test
  void workspacePythonCompiles(@TempDir Path cache) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-m", "py_compile"));
    try (Stream<Path> s = Files.walk(RosPackages.WORKSPACE)) {
      s.filter(p -> p.toString().endsWith(".py")).sorted().forEach(p -> cmd.add(p.toString()));
    }
    assertThat(cmd).hasSizeGreaterThan(3);
    ProcessResult r = ProcessResult.run(cmd, Map.of("PYTHONPYCACHEPREFIX", cache.toString()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }
}
