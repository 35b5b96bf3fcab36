package org.duplexnode.ros.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterDeclaration;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.ServiceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's parameter services and ~/reset, called by a CycloneDDS client that follows
 * rmw_cyclonedds's wire format (src/test/c/ros_peer/ros_service_client.c: request header, then
 * the fields, on rq/...Request; the reply on rr/...Reply must carry the same header).
 */
@Tag("interop")
class NodeServicesInteropTest {
  private static final String NODE = "/robot1/duplex_node";

  @TempDir
  static Path workDir;
  private static int domainId;
  private static FastDdsTransport transport;
  private static NodeServices services;
  private static ParameterSet params;
  private static final List<Object> applied = new CopyOnWriteArrayList<>();
  private static final AtomicInteger resets = new AtomicInteger();
  private static volatile boolean resetFails;

  @BeforeAll
  static void startNode() throws Exception {
    domainId = CycloneDdsPeer.randomDomainId();
    RosArgs args = RosArgsParser.parse("--ros-args", "-r", "__ns:=/robot1", "-p", "audio.sample_rate:=48000",
        "-p", "mqtt.password:=s3cret");
    params = new ParameterSet(NodeParameters.all()).apply(args, NODE);
    transport = new FastDdsTransport(new NodeIdentity("duplex_node", "/robot1"), args, domainId,
        List.of(InetAddress.getLoopbackAddress()));
    // diagnostics.period_s stands in for a parameter that can change while the node runs.
    services = NodeServices.start(transport, params, Map.of(NodeParameters.DIAGNOSTICS_PERIOD_S, applied::add));
    services.serveReset(() -> {
      resets.incrementAndGet();
      if (resetFails) {
        throw new IllegalStateException("the model is still loading");
      }
      return "conversation cleared";
    });
    Files.writeString(workDir.resolve("cyclonedds.xml"), CycloneDdsPeer.loopbackConfig());
  }

  @AfterAll
  static void stopNode() {
    services.close();
    transport.close();
  }

  @Test
  void servesEachServiceUnderTheNodesName() {
    assertThat(services.names()).containsExactly("/robot1/duplex_node/list_parameters",
        "/robot1/duplex_node/get_parameters", "/robot1/duplex_node/set_parameters",
        "/robot1/duplex_node/describe_parameters", "/robot1/duplex_node/get_parameter_types",
        "/robot1/duplex_node/reset");
  }

  @Test
  void listGivesEveryDeclaredParameterAndItsPrefixes() throws Exception {
    JsonNode all = call("list");
    List<String> declared = NodeParameters.all().stream().map(ParameterDeclaration::name).toList();
    assertThat(texts(all.get("names"))).containsExactlyElementsOf(declared);
    assertThat(texts(all.get("prefixes"))).contains("audio", "camera", "mqtt.tls").doesNotContain("use_sim_time");

    JsonNode audio = call("list", "audio");
    assertThat(texts(audio.get("names"))).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("audio."));
  }

  @Test
  void getAnswersEachNameInOrderWithItsTypeAndValue() throws Exception {
    JsonNode got = call("get", "audio.sample_rate", "use_sim_time", "frames.camera", "no.such", "mqtt.password");
    JsonNode v = got.get("values");
    assertThat(v).hasSize(5);
    assertThat(v.get(0).get("type").asInt()).isEqualTo(2);
    assertThat(v.get(0).get("integer_value").asLong()).isEqualTo(48000);
    assertThat(v.get(1).get("type").asInt()).isEqualTo(1);
    assertThat(v.get(1).get("bool_value").asBoolean()).isFalse();
    assertThat(v.get(2).get("type").asInt()).isEqualTo(4);
    assertThat(v.get(2).get("string_value").asText()).isEqualTo("camera_color_optical_frame");
    assertThat(v.get(3).get("type").asInt()).as("an undeclared name is NOT_SET").isZero();
    assertThat(v.get(4).get("string_value").asText()).as("a secret never leaves the node").isEqualTo("(hidden)");
  }

  @Test
  void typesAndDescriptionsComeFromTheDeclarations() throws Exception {
    assertThat(call("types", "audio.sample_rate", "diagnostics.period_s", "dds.interfaces", "nope").get("types"))
        .extracting(JsonNode::asInt).containsExactly(2, 3, 9, 0);
    JsonNode d = call("describe", "audio.sample_rate", "diagnostics.period_s").get("descriptors");
    assertThat(d.get(0).get("name").asText()).isEqualTo("audio.sample_rate");
    assertThat(d.get(0).get("type").asInt()).isEqualTo(2);
    assertThat(d.get(0).get("description").asText()).startsWith("Sample rate assumed");
    assertThat(d.get(0).get("additional_constraints").asText()).isEqualTo("between 8000 and 192000");
    assertThat(d.get(0).get("read_only").asBoolean()).isTrue();
    assertThat(d.get(1).get("read_only").asBoolean()).isFalse();
  }

  @Test
  void setRefusesReadOnlyUndeclaredMistypedAndInvalidValuesWithAReasonEach() throws Exception {
    assertThat(setResult("audio.sample_rate", "integer", "44100").get("reason").asText())
        .contains("audio.sample_rate").contains("read-only");
    assertThat(params.getInt(NodeParameters.AUDIO_SAMPLE_RATE)).isEqualTo(48000);
    assertThat(setResult("no.such", "bool", "true").get("reason").asText()).contains("not declared");
    assertThat(setResult("diagnostics.period_s", "string", "fast").get("reason").asText())
        .isEqualTo("Wrong parameter type, parameter {diagnostics.period_s} is of type {double}, "
            + "setting it to {string} is not allowed.");
    assertThat(setResult("diagnostics.period_s", "double", "600").get("reason").asText()).contains("between 0.1 and 60");
    assertThat(params.getDouble(NodeParameters.DIAGNOSTICS_PERIOD_S)).isEqualTo(1.0);
    assertThat(applied).doesNotContain(600.0);
  }

  @Test
  void setChangesARunTimeParameterAndTellsTheNode() throws Exception {
    JsonNode result = setResult("diagnostics.period_s", "double", "2.5");
    assertThat(result.get("successful").asBoolean()).as(result.toString()).isTrue();
    assertThat(applied).contains(2.5);
    assertThat(call("get", "diagnostics.period_s").at("/values/0/double_value").asDouble()).isEqualTo(2.5);
    assertThat(setResult("diagnostics.period_s", "double", "1.0").get("successful").asBoolean()).isTrue();
  }

  @Test
  void resetCallsTheNodesHookAndReportsItsAnswer() throws Exception {
    int before = resets.get();
    JsonNode ok = call("reset");
    assertThat(ok.get("success").asBoolean()).isTrue();
    assertThat(ok.get("message").asText()).isEqualTo("conversation cleared");
    assertThat(resets.get()).isEqualTo(before + 1);
    resetFails = true;
    try {
      JsonNode failed = call("reset");
      assertThat(failed.get("success").asBoolean()).isFalse();
      assertThat(failed.get("message").asText()).isEqualTo("the model is still loading");
    } finally {
      resetFails = false;
    }
  }

  private static JsonNode setResult(String name, String type, String value) throws Exception {
    JsonNode results = call("set", name, type, value).get("results");
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  private static JsonNode call(String... command) throws Exception {
    return ServiceClient.call(domainId, NODE, workDir.resolve("cyclonedds.xml"), command);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
