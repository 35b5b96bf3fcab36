package org.duplexnode.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterDeclaration;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.config.RosNames;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.ros.RosNode;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launch files in launch/: XML ones use only what ROS 2 launch accepts, Python ones compile
 * and say the same as their XML twins, each starts the node with launch_ros's Node action, and the
 * command line that action runs (built as launch_ros builds it, also inside an including file's
 * namespace, remappings and parameters) is accepted by the node's own argument and parameter parsing.
 */
@Tag("integration")
class LaunchFilesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path LAUNCH = ROOT.resolve("launch");
  /** Where colcon would install duplex_bringup; only used to resolve $(find-pkg-prefix ...). */
  private static final Path PREFIX = Path.of("/opt/ws/install/duplex_bringup");
  private static final String INSTALLED_LAUNCHER = "lib/duplex_bringup/duplex-node";
  private static final Map<String, Path> PACKAGES = Map.of("duplex_bringup", PREFIX);
  private static final Map<String, String> SUBCOMMANDS = Map.of(
      "duplex.launch.xml", "run", "duplex_replay.launch.xml", "replay", "duplex_demo.launch.xml", "demo");

  static Stream<Path> xmlFiles() throws IOException {
    try (Stream<Path> s = Files.list(LAUNCH)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".launch.xml")).sorted().toList().stream();
    }
  }

  static Stream<Path> pythonFiles() throws IOException {
    try (Stream<Path> s = Files.list(LAUNCH)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".launch.py")).sorted().toList().stream();
    }
  }

  @Test
  void theThreeUsesEachHaveAnXmlAndAPythonLaunchFile() throws IOException {
    assertThat(xmlFiles().map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(SUBCOMMANDS.keySet());
    assertThat(pythonFiles().map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrderElementsOf(SUBCOMMANDS.keySet().stream().map(LaunchFilesTest::pythonTwinName).toList());
  }

  @ParameterizedTest
  @MethodSource("xmlFiles")
  void xmlUsesOnlyTagsAndAttributesOfRos2Launch(Path file) throws IOException {
    assertThat(XmlLaunchFile.read(file).problems()).as(file.toString()).isEmpty();
  }

  @Test
  void theXmlCheckRejectsWhatRos2LaunchWouldReject(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.launch.xml");
    Files.writeString(bad, """
        <launch>
          <arg name="a" default="$(var b)" doc="x"/>
          <executable cmd="x $(find pkg)"><remap from="a" to="b"/></executable>
          <node pkg="p" exec="e" ns="/x"/>
          <rosparam file="f"/>
        </launch>""");
    assertThat(XmlLaunchFile.read(bad).problems()).containsExactlyInAnyOrder(
        "<arg> has no attribute 'doc'",
        "<arg> uses $(var b) before any arg or let declares it",
        "<executable> uses an unknown substitution $(find ...)",
        "<remap> is not allowed in <executable>",
        "<node> has no attribute 'ns'",
        "<rosparam> is not a ROS 2 launch action (in <launch>)");
    Files.writeString(bad, "<launch><arg name='a'></launch>");
    assertThat(XmlLaunchFile.read(bad).problems()).singleElement().asString().startsWith("not well-formed XML");
    Files.writeString(bad, "<roslaunch/>");
    assertThat(XmlLaunchFile.read(bad).problems()).containsExactly("root element is <roslaunch>, not <launch>");
  }

  @ParameterizedTest
  @MethodSource("pythonFiles")
  void pythonCompiles(Path file, @TempDir Path cache) throws Exception {
    ProcessResult r = ProcessResult.run(
        List.of(PythonLaunchFile.PYTHON.toString(), "-m", "py_compile", file.toString()),
        Map.of("PYTHONPYCACHEPREFIX", cache.toString()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  @ParameterizedTest
  @MethodSource("xmlFiles")
  void thePythonTwinDeclaresAndRunsTheSame(Path xml) throws Exception {
    LaunchOutline fromXml = XmlLaunchFile.read(xml).outline();
    LaunchOutline fromPython = PythonLaunchFile.outline(xml.resolveSibling(pythonTwinName(xml.getFileName().toString())));
    assertThat(fromPython.arguments()).containsExactlyElementsOf(fromXml.arguments());
    assertThat(fromPython.nodes()).containsExactlyElementsOf(fromXml.nodes());
  }

  @ParameterizedTest
  @MethodSource("xmlFiles")
  void startsTheInstalledLauncherAsALaunchRosNodeWithOrtTelemetryOff(Path xml) throws IOException {
    LaunchOutline outline = XmlLaunchFile.read(xml).outline();
    assertThat(outline.nodes()).singleElement().satisfies(n -> {
      assertThat(n.pkg()).isEqualTo("duplex_bringup");
      assertThat(n.exec()).isEqualTo("duplex-node");
      assertThat(n.name()).isEqualTo("$(var node_name)");
      assertThat(n.namespace()).isEqualTo("$(var namespace)");
      assertThat(n.parameters()).first().isEqualTo(LaunchOutline.Parameter.file("$(var params_file)"));
      assertThat(n.env()).containsEntry("ORT_DISABLE_TELEMETRY", "1");
      assertThat(n.output()).isEqualTo("screen");
    });
    List<String> cmd = resolve(xml, requiredArguments(xml));
    assertThat(cmd.get(0)).isEqualTo(PREFIX.resolve(INSTALLED_LAUNCHER).toString());
    assertThat(cmd.get(1)).isEqualTo(SUBCOMMANDS.get(xml.getFileName().toString()));
  }

  @ParameterizedTest
  @MethodSource("xmlFiles")
  void theNodeAcceptsTheDefaultCommandLine(Path xml) throws IOException {
    RosArgs args = rosArgs(xml, requiredArguments(xml));
    NodeIdentity identity = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    assertThat(identity.fullyQualifiedName()).isEqualTo("/duplex_node");
    assertThat(args.paramsFiles()).first().isEqualTo(LAUNCH.resolve("duplex_node.params.yaml"));
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, identity.fullyQualifiedName());
    assertThat(params.unknown()).isEmpty();
    List<String> declared = NodeParameters.all().stream().map(ParameterDeclaration::name).toList();
    assertThat(args.parameters()).allSatisfy(p -> assertThat(declared).contains(p.name()));
  }

  @ParameterizedTest
  @MethodSource("xmlFiles")
  void everyRemapRenamesATopicOfTheNode(Path xml) throws IOException {
    RosArgs args = rosArgs(xml, requiredArguments(xml));
    NodeIdentity id = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    List<String> topics = allTopics().stream().map(t -> RosNames.expand(t.name(), id.namespace(), id.name())).toList();
    for (RosArgs.Remap r : args.remaps()) {
      if (r.from().startsWith("__")) {
        continue;
      }
      assertThat(topics).as("%s remaps %s", xml.getFileName(), r.from())
          .contains(RosNames.expand(r.from(), id.namespace(), id.name()));
    }
  }

  @ParameterizedTest
  @MethodSource("xmlFiles")
  void anIncludingFilesNamespaceRemapsAndParametersApply(Path xml) throws IOException {
    NodeCommandLine.IncludingScope scope = new NodeCommandLine.IncludingScope("/robot1",
        List.of(new LaunchOutline.Remap("audio/in", "/head/mic")),
        List.of(LaunchOutline.Parameter.value("audio.sample_rate", "48000")));
    RosArgs args = rosArgs(xml, requiredArguments(xml), scope);
    NodeIdentity id = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    assertThat(id.fullyQualifiedName()).isEqualTo("/robot1/duplex_node");
    assertThat(RosNames.resolve(NodeTopics.WATCH.name(), id.namespace(), id.name(), args.remaps()))
        .isEqualTo("/robot1/duplex_node/watch");
    if (!xml.getFileName().toString().equals("duplex_demo.launch.xml")) {
      // The including file's remapping comes first on the command line, so it wins (rcl: first match).
      assertThat(RosNames.resolve(NodeTopics.AUDIO.name(), id.namespace(), id.name(), args.remaps()))
          .isEqualTo("/head/mic");
    }
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, id.fullyQualifiedName());
    assertThat(params.unknown()).isEmpty();
    assertThat(params.getInt(NodeParameters.AUDIO_SAMPLE_RATE)).isEqualTo(48000);

    // A relative namespace argument goes under the pushed one; an absolute one does not.
    assertThat(NodeIdentity.from(RosNode.DEFAULT_NAME, rosArgs(xml, with(requiredArguments(xml), "namespace", "head"), scope))
        .fullyQualifiedName()).isEqualTo("/robot1/head/duplex_node");
    assertThat(NodeIdentity.from(RosNode.DEFAULT_NAME, rosArgs(xml, with(requiredArguments(xml), "namespace", "/other"), scope))
        .fullyQualifiedName()).isEqualTo("/other/duplex_node");
  }

  @Test
  void parametersSetInTheLaunchFileReachTheNodeByItsFullName() throws IOException {
    // launch_ros writes <param name= value=> to a file keyed by /NAMESPACE/NAME, not /**.
    RosArgs args = rosArgs(LAUNCH.resolve("duplex.launch.xml"),
        Map.of("namespace", "robot1", "node_name", "head", "subscribe_raw", "false"));
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, "/robot1/head");
    assertThat(params.getBool(NodeParameters.CAMERA_SUBSCRIBE_RAW)).isFalse();
    ParameterSet otherNode = new ParameterSet(NodeParameters.all()).apply(args, "/robot1/other");
    assertThat(otherNode.getBool(NodeParameters.CAMERA_SUBSCRIBE_RAW)).isTrue();
  }

  @Test
  void liveDefaultsFollowTheUsualCameraAndMicrophoneDrivers() throws IOException {
    RosArgs args = rosArgs(LAUNCH.resolve("duplex.launch.xml"), Map.of());
    Map<String, String> resolved = resolvedInputs(args);
    assertThat(resolved).containsEntry(NodeTopics.IMAGE.name(), "/image_raw")
        .containsEntry(NodeTopics.COMPRESSED_IMAGE.name(), "/image_raw/compressed")
        .containsEntry(NodeTopics.AUDIO.name(), "/audio/audio_stamped")
        .containsEntry(NodeTopics.AUDIO_INFO.name(), "/audio/audio_info")
        .containsEntry(NodeTopics.WATCH.name(), "/duplex_node/watch");
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, "/duplex_node");
    assertThat(params.getBool(NodeParameters.USE_SIM_TIME)).isFalse();
    assertThat(params.getString(NodeParameters.QUEUE_POLICY)).isEqualTo("drop_oldest");
  }

  @Test
  void launchArgumentsSetNamespaceNameTopicsAndImageKind() throws IOException {
    RosArgs args = rosArgs(LAUNCH.resolve("duplex.launch.xml"), Map.of(
        "namespace", "/robot1", "node_name", "head_duplex", "image_topic", "/usb_cam/image_raw",
        "subscribe_raw", "false", "subscribe_compressed", "true"));
    NodeIdentity id = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    assertThat(id.fullyQualifiedName()).isEqualTo("/robot1/head_duplex");
    assertThat(resolvedInputs(args)).containsEntry(NodeTopics.IMAGE.name(), "/usb_cam/image_raw")
        .containsEntry(NodeTopics.COMPRESSED_IMAGE.name(), "/usb_cam/image_raw/compressed")
        .containsEntry(NodeTopics.WATCH.name(), "/robot1/head_duplex/watch");
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, id.fullyQualifiedName());
    assertThat(params.getBool(NodeParameters.CAMERA_SUBSCRIBE_RAW)).isFalse();
    assertThat(params.getBool(NodeParameters.CAMERA_SUBSCRIBE_COMPRESSED)).isTrue();
  }

  @Test
  void replayRunsTheBagInSimTimeWithABlockingQueue() throws IOException {
    Path xml = LAUNCH.resolve("duplex_replay.launch.xml");
    List<String> cmd = resolve(xml, Map.of("bag", "/data/my bag", "rate", "2.0"));
    assertThat(cmd.subList(1, 8)).containsExactly("replay", "/data/my bag", "--rate", "2.0", "--ros-args", "--log-level", "info");
    RosArgs args = RosArgsParser.parse(cmd.subList(1, cmd.size()).toArray(new String[0]));
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, "/duplex_node");
    assertThat(params.getBool(NodeParameters.USE_SIM_TIME)).isTrue();
    assertThat(params.getString(NodeParameters.QUEUE_POLICY)).isEqualTo("block");
    assertThatThrownBy(() -> resolve(xml, Map.of())).hasMessageContaining("'bag' has no default");
  }

  private static Map<String, String> resolvedInputs(RosArgs args) {
    NodeIdentity id = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    Map<String, String> out = new LinkedHashMap<>();
    for (TopicSpec<?> t : NodeTopics.inputs()) {
      out.put(t.name(), RosNames.resolve(t.name(), id.namespace(), id.name(), args.remaps()));
    }
    return out;
  }

  private static List<TopicSpec<?>> allTopics() {
    List<TopicSpec<?>> all = new ArrayList<>(NodeTopics.inputs());
    all.addAll(NodeTopics.outputs());
    return all;
  }

  /** The command line of the file's one node, as launch_ros runs it at the top level. */
  static List<String> resolve(Path xml, Map<String, String> given) throws IOException {
    return resolve(xml, given, NodeCommandLine.IncludingScope.NONE);
  }

  static List<String> resolve(Path xml, Map<String, String> given, NodeCommandLine.IncludingScope scope)
      throws IOException {
    LaunchOutline outline = XmlLaunchFile.read(xml).outline();
    Substitutions s = new Substitutions(xml.getParent(), PACKAGES);
    s.declare(outline.arguments(), given);
    LaunchOutline.RosNodeAction n = outline.nodes().get(0);
    List<LaunchOutline.Parameter> parameters = new ArrayList<>();
    for (LaunchOutline.Parameter p : n.parameters()) {
      parameters.add(p.isFile() ? LaunchOutline.Parameter.file(s.resolve(p.file()))
          : LaunchOutline.Parameter.value(s.resolve(p.name()), s.resolve(p.value())));
    }
    List<LaunchOutline.Remap> remaps = new ArrayList<>();
    for (LaunchOutline.Remap r : n.remaps()) {
      remaps.add(new LaunchOutline.Remap(s.resolve(r.from()), s.resolve(r.to())));
    }
    LaunchOutline.RosNodeAction resolved = new LaunchOutline.RosNodeAction(s.resolve(n.pkg()), s.resolve(n.exec()),
        n.name() == null ? null : s.resolve(n.name()), n.namespace() == null ? null : s.resolve(n.namespace()),
        n.output(), s.resolveAll(n.arguments()), s.resolveAll(n.rosArguments()), parameters, remaps, n.env());
    // launch_ros writes these to /tmp; the build folder keeps them out of the machine's /tmp.
    Path temp = Files.createDirectories(Path.of("target/launch-params")).toAbsolutePath();
    return NodeCommandLine.of(resolved, PACKAGES, scope, temp);
  }

  private static RosArgs rosArgs(Path xml, Map<String, String> given) throws IOException {
    return rosArgs(xml, given, NodeCommandLine.IncludingScope.NONE);
  }

  private static RosArgs rosArgs(Path xml, Map<String, String> given, NodeCommandLine.IncludingScope scope)
      throws IOException {
    List<String> cmd = resolve(xml, given, scope);
    return RosArgsParser.parse(cmd.subList(1, cmd.size()).toArray(new String[0]));
  }

  private static Map<String, String> with(Map<String, String> given, String name, String value) {
    Map<String, String> out = new LinkedHashMap<>(given);
    out.put(name, value);
    return out;
  }

  /** Values for the arguments a file declares without default (the replay's bag). */
  private static Map<String, String> requiredArguments(Path xml) throws IOException {
    Map<String, String> given = new LinkedHashMap<>();
    for (LaunchOutline.Argument a : XmlLaunchFile.read(xml).outline().arguments()) {
      if (a.defaultValue() == null) {
        given.put(a.name(), "/data/" + a.name());
      }
    }
    return given;
  }

  private static String pythonTwinName(String xmlName) {
    return xmlName.replace(".launch.xml", ".launch.py");
  }
}
