package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.mqtt.MqttBridge;
import org.duplexnode.mqtt.MqttCommandSource;
import org.duplexnode.mqtt.MqttSettings;
import org.duplexnode.mqtt.MqttSink;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.replay.RunRecord;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.session.QueuePolicy;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.MosquittoBroker;
import org.duplexnode.testing.RecordingSubscriber;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with the bridge wired as {@code duplex-node run} wires it: a watch added over MQTT
 * reaches the model, and the proactive event that answers it comes back over MQTT with the id the
 * ROS side has.
 */
@Tag("interop")
class MqttPipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PREFIX = "robots/r1/duplex";
  private static final long S = 1_000_000_000L;

  @TempDir Path dir;

  /** The node's bridge to {@code broker} as robot r1, with its outbox in the test's folder. */
  private MqttBridge bridgeTo(MosquittoBroker broker) throws java.io.IOException {
    ParameterSet params = new ParameterSet(NodeParameters.all());
    var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    params.set(NodeParameters.MQTT_URL, f.textNode(broker.url()), "test");
    params.set(NodeParameters.MQTT_ROBOT_ID, f.textNode("r1"), "test");
    params.set(NodeParameters.MQTT_OUTBOX_DIR, f.textNode(dir.resolve("outbox").toString()), "test");
    return MqttBridge.open(MqttSettings.from(params));
  }

  @Test
  void aWatchAddedOverMqttIsAnsweredByAnEventOverMqtt() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.plain());
         RecordingSubscriber dashboard = RecordingSubscriber.connect(broker.url(), PREFIX + "/#", false)) {
      MqttBridge bridge = bridgeTo(broker);
      MqttSink mqtt = new MqttSink(bridge, "mic");
      PipelineSettings s = new PipelineSettings(QueuePolicy.BLOCK, 2, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
          KindRules.none(), "cam", "mic", "spk");
      ConversationPipelineTest.ScriptedModel model = new ConversationPipelineTest.ScriptedModel();
      RunRecord record = new RunRecord();
      long t0 = 1000 * S;
      record.start(t0);
      try (ConversationPipeline p = ConversationPipeline.start(s, model,
          OutputPort.fanOut(new RosOutputs(new ConversationPipelineTest.Recording(), () -> t0, "spk", "mic"), mqtt),
          record, () -> t0)) {
        MqttCommandSource.attach(bridge, p.input(), () -> t0);
        bridge.start();
        Await.until("the bridge to connect", WAIT, () -> bridge.status().connected());
        dashboard.publish(PREFIX + "/cmd/watch", ("{\"schema_version\":1,\"request_id\":\"add-light\","
            + "\"action\":\"add\",\"watch_id\":\"w1\",\"condition\":\"the light turns green\",\"once\":true}")
            .getBytes(StandardCharsets.UTF_8));
        // No audio has come yet: the node adds the watch, lists it and says so at once.
        JsonNode reply = dashboard.awaitOn(PREFIX + "/cmd/reply", 1, WAIT).get(0).json();
        assertThat(reply.get("request_id").asText()).isEqualTo("add-light");
        assertThat(reply.get("status").asText()).isEqualTo("accepted");
        Await.until("w1 listed before any audio", WAIT, () -> dashboard.on(PREFIX + "/watches").stream()
            .anyMatch(m -> m.json().get("watches").toString().contains("\"w1\"")));
        assertThat(model.units).isEmpty();
        for (int k = 0; k < 65; k++) {
          p.input().onAudio(new RawAudio(t0 + k * 100_000_000L, "mic", 16000, 1, "S16LE", new byte[3200]));
        }
        p.finishInput();
        assertThat(model.armed).containsExactly(List.of(
            "Please keep watching and tell me as soon as this happens: the light turns green"), List.of());

        List<RecordingSubscriber.Message> events = dashboard.awaitOn(PREFIX + "/events", 1, WAIT);
        JsonNode event = events.get(0).json();
        assertThat(event.get("watch_id").asText()).isEqualTo("w1");
        assertThat(event.get("event_id").asText()).as("the id of the ROS event").isEqualTo(
            record.alerts().get(0).eventId());
        assertThat(dashboard.awaitOn(PREFIX + "/transcript", 2, WAIT).get(1).json().get("text_so_far").asText())
            .isEqualTo("The light is green");
        Await.until("the watch list with w1", WAIT, () -> dashboard.on(PREFIX + "/watches").stream()
            .anyMatch(m -> m.json().get("watches").toString().contains("\"w1\"")));
        Await.until("a state per unit, the last one", WAIT, () -> dashboard.on(PREFIX + "/state").stream()
            .anyMatch(m -> m.json().get("unit_index").asLong() == model.units.size() - 1));
      } finally {
        bridge.close();
      }
    }
  }

  @Test
  void aMuteOverMqttIsAnsweredByTheNodeAndSilencesItUntilUnmuted() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.plain());
         RecordingSubscriber dashboard = RecordingSubscriber.connect(broker.url(), PREFIX + "/#", false)) {
      MqttBridge bridge = bridgeTo(broker);
      MuteTest.SpeakingModel model = new MuteTest.SpeakingModel();
      long t0 = 1000 * S;
      try (ConversationPipeline p = ConversationPipeline.start(WatchRepliesTest.settings(), model,
          new MqttSink(bridge, "mic"), null, () -> t0)) {
        MqttCommandSource.attach(bridge, p.input(), () -> t0);
        bridge.start();
        Await.until("the bridge to connect", WAIT, () -> bridge.status().connected());
        MuteTest.tone(p, t0, 20);
        Await.until("the node speaking", WAIT, () -> dashboard.on(PREFIX + "/transcript").size() >= 1);

        dashboard.publish(PREFIX + "/cmd/mute", "{\"schema_version\":1,\"request_id\":\"hush\",\"muted\":true}"
            .getBytes(StandardCharsets.UTF_8));
        JsonNode reply = dashboard.awaitOn(PREFIX + "/cmd/reply", 1, WAIT).get(0).json();
        assertThat(reply.get("request_id").asText()).isEqualTo("hush");
        assertThat(reply.get("command").asText()).isEqualTo("mute");
        assertThat(reply.get("status").asText()).isEqualTo("accepted");
        assertThat(reply.get("message").asText()).isEqualTo("muted");
        MuteTest.tone(p, t0 + 2 * S, 30);
        Await.until("a muted state", WAIT, () -> dashboard.on(PREFIX + "/state").stream()
            .anyMatch(m -> m.json().get("muted").asBoolean()));
        Await.until("the interrupted end of the utterance", WAIT, () -> dashboard.on(PREFIX + "/transcript").stream()
            .anyMatch(m -> m.json().get("interrupted").asBoolean()));
        int said = dashboard.on(PREFIX + "/transcript").size();

        dashboard.publish(PREFIX + "/cmd/mute", "{\"schema_version\":1,\"request_id\":\"talk\",\"muted\":false}"
            .getBytes(StandardCharsets.UTF_8));
        JsonNode unmuted = dashboard.awaitOn(PREFIX + "/cmd/reply", 2, WAIT).get(1).json();
        assertThat(unmuted.get("request_id").asText()).isEqualTo("talk");
        assertThat(unmuted.get("message").asText()).isEqualTo("unmuted");
        assertThat(dashboard.on(PREFIX + "/transcript")).as("nothing said while muted").hasSize(said);
        MuteTest.tone(p, t0 + 5 * S, 30);
        p.finishInput();
        Await.until("speaking again", WAIT, () -> dashboard.on(PREFIX + "/transcript").size() > said);
        assertThat(p.controlHealth().accepted()).containsEntry("mute", 2L);
      } finally {
        bridge.close();
      }
    }
  }
}
