package org.duplexnode.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.Watch;
import org.duplexnode.ports.WatchListChanged;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.MosquittoBroker;
import org.duplexnode.testing.RecordingSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge against a real mosquitto: topics, payloads, retained values, commands in and answers out. */
@Tag("interop")
class MqttBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PREFIX = "robots/r1/duplex";

  @TempDir Path dir;
  private MosquittoBroker broker;
  private RecordingSubscriber dashboard;

  /** What the node would do with commands: here, keep them. */
  static final class RecordingListener implements InputPort {
    final List<WatchRequest> watches = new CopyOnWriteArrayList<>();
    final List<String> forceListens = new CopyOnWriteArrayList<>();
    final List<MuteRequest> mutes = new CopyOnWriteArrayList<>();
    final List<CommandReply> refused = new CopyOnWriteArrayList<>();
    final List<ConversationControl> controls = new CopyOnWriteArrayList<>();

    @Override
    public void onImage(RawImage image) { }

    @Override
    public void onCompressedImage(RawCompressedImage image) { }

    @Override
    public void onAudio(RawAudio audio) { }

    @Override
    public void onFarEnd(RawAudio audio) { }

    @Override
    public void onWatchRequest(WatchRequest request) {
      watches.add(request);
    }

    @Override
    public void onForceListen(long stampNanos, String reason) {
      forceListens.add(reason);
    }

    @Override
    public void onMute(MuteRequest request) {
      mutes.add(request);
    }

    @Override
    public void onCommandRefused(CommandReply reply) {
      refused.add(reply);
    }

    @Override
    public void onControl(ConversationControl control) {
      controls.add(control);
    }
  }

  @BeforeEach
  void startBroker() throws Exception {
    broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.plain());
    dashboard = RecordingSubscriber.connect(broker.url(), PREFIX + "/#", false);
  }

  @AfterEach
  void stopBroker() throws Exception {
    dashboard.close();
    broker.close();
  }

  static ProactiveAlert alert(int i) {
    return new ProactiveAlert("ev-" + i, "utterance", "event " + i, "", "", i, 100 + i, "",
        -1, 1_700_000_000_000_000_000L + i * 1_000_000_000L, 0.1);
  }

  private MqttBridge bridge(MqttTestSettings settings, InputPort commands) throws Exception {
    MqttBridge b = MqttBridge.open(settings.build());
    if (commands != null) {
      MqttCommandSource.attach(b, commands, () -> 7L);
    }
    b.start();
    Await.until("the bridge to connect", WAIT, () -> b.status().connected());
    return b;
  }

  @Test
  void eventsTranscriptsStateAndWatchesArriveOnTheirTopicsWithTheRosIdsAndStamps() throws Exception {
    try (MqttBridge b = bridge(MqttTestSettings.of(broker.url(), dir.resolve("outbox")), null)) {
      MqttSink sink = new MqttSink(b, "microphone_link");
      ProactiveAlert a = new ProactiveAlert("ev-42", "green_light", "The light is green.", "w1", "light turns green",
          3, 12, "camera_optical", 1_700_000_000_500_000_000L, 1_700_000_001_000_000_000L, 0.2);
      sink.publish(new SpeechChunk(3, 12, 1_700_000_001_000_000_000L, new short[2400], true, false, false));
      sink.publish(a);
      sink.publish(new TranscriptUpdate(3, 12, 1_700_000_001_000_000_000L, "The light", "The light", false, true, false,
          1_700_000_000_000_000_000L, 1_700_000_001_000_000_000L));
      sink.publish(new StateUpdate(1_700_000_001_000_000_000L, true, 12, 3, 0.3, 1.0, 0, 0, 0, 0, 512));
      sink.publish(new WatchListChanged(1_700_000_001_000_000_000L,
          List.of(new Watch("w1", "light turns green", false, 1_600_000_000_000_000_000L, 0, 1))));

      JsonNode event = dashboard.awaitOn(PREFIX + "/events", 1, WAIT).get(0).json();
      assertThat(event.get("event_id").asText()).isEqualTo("ev-42");
      assertThat(event.get("frame_id").asText()).isEqualTo("camera_optical");
      assertThat(event.get("frame_stamp").get("nanosec").asLong()).isEqualTo(500_000_000L);
      assertThat(event.get("audio_stamp").get("sec").asLong()).isEqualTo(1_700_000_001L);
      assertThat(event.get("seq").asLong()).isEqualTo(1);
      JsonNode transcript = dashboard.awaitOn(PREFIX + "/transcript", 1, WAIT).get(0).json();
      assertThat(transcript.get("utterance_id").asLong()).isEqualTo(3);
      assertThat(transcript.get("proactive").asBoolean()).isTrue();
      assertThat(transcript.get("frame_id").asText()).isEqualTo("microphone_link");
      assertThat(transcript.get("seq").asLong()).isEqualTo(2);
      assertThat(dashboard.awaitOn(PREFIX + "/state", 1, WAIT).get(0).json().get("mode").asText()).isEqualTo("speaking");
      assertThat(dashboard.awaitOn(PREFIX + "/watches", 1, WAIT).get(0).json().get("watches").get(0).get("state")
          .asText()).isEqualTo("fired");
      Await.until("everything acknowledged", WAIT, () -> b.status().published() == 2 && b.status().queued() == 0);

      Set<String> topics = dashboard.messages().stream().map(RecordingSubscriber.Message::topic)
          .collect(Collectors.toSet());
      assertThat(topics).as("speech audio is not forwarded").containsExactlyInAnyOrder(PREFIX + "/events",
          PREFIX + "/transcript", PREFIX + "/state", PREFIX + "/watches", PREFIX + "/status");

      try (RecordingSubscriber late = RecordingSubscriber.connect(broker.url(), PREFIX + "/#", false)) {
        late.awaitOn(PREFIX + "/watches", 1, WAIT);
        late.awaitOn(PREFIX + "/state", 1, WAIT);
        assertThat(late.awaitOn(PREFIX + "/status", 1, WAIT).get(0).json().get("status").asText()).isEqualTo("online");
        assertThat(late.messages()).as("state, watches and status are retained; events are not")
            .allMatch(RecordingSubscriber.Message::retained)
            .noneMatch(m -> m.topic().endsWith("/events") || m.topic().endsWith("/transcript"));
      }
    }
    List<RecordingSubscriber.Message> status = dashboard.awaitOn(PREFIX + "/status", 2, WAIT);
    assertThat(status.get(status.size() - 1).json().get("status").asText()).as("a clean stop says offline")
        .isEqualTo("offline");
  }

  @Test
  void watchAndForceListenCommandsReachTheNodeAndAreAnswered() throws Exception {
    RecordingListener node = new RecordingListener();
    try (MqttBridge b = bridge(MqttTestSettings.of(broker.url(), dir.resolve("outbox")), node)) {
      dashboard.publish(PREFIX + "/cmd/watch", utf8("{\"schema_version\":1,\"request_id\":\"q1\",\"action\":\"add\","
          + "\"watch_id\":\"door\",\"condition\":\"the door opens\",\"once\":true}"));
      dashboard.publish(PREFIX + "/cmd/force_listen", utf8("{\"schema_version\":1,\"request_id\":\"q2\","
          + "\"reason\":\"estop\"}"));
      // The force-listen is answered when handed over; the watch by the node once applied (below).
      List<RecordingSubscriber.Message> replies = dashboard.awaitOn(PREFIX + "/cmd/reply", 1, WAIT);
      assertThat(replies).extracting(m -> m.json().get("request_id").asText()).containsExactly("q2");
      assertThat(replies).extracting(m -> m.json().get("status").asText()).containsOnly("accepted");
      assertThat(node.watches).containsExactly(
          new WatchRequest("q1", WatchRequest.Action.ADD, "door", "the door opens", 0, true));
      MqttSink sink = new MqttSink(b, "mic");
      sink.reply(CommandReply.refused(5_000_000_001L, "q1", "watch", CommandReply.DUPLICATE_ID,
          "watch 'door' is already active"));
      var refused = dashboard.awaitOn(PREFIX + "/cmd/reply", 2, WAIT).get(1).json();
      assertThat(refused.get("request_id").asText()).isEqualTo("q1");
      assertThat(refused.get("command").asText()).isEqualTo("watch");
      assertThat(refused.get("status").asText()).isEqualTo("refused");
      assertThat(refused.get("reason").asText()).isEqualTo("duplicate_id");
      assertThat(refused.get("message").asText()).isEqualTo("watch 'door' is already active");
      assertThat(refused.get("stamp").get("sec").asLong()).isEqualTo(5);
      assertThat(node.forceListens).containsExactly("estop");
      assertThat(b.status().inboundAccepted()).isEqualTo(2);
    }
  }

  @Test
  void sayContextAndResetReachTheNodeAndBadOnesAreRejected() throws Exception {
    RecordingListener node = new RecordingListener();
    try (MqttBridge b = bridge(MqttTestSettings.of(broker.url(), dir.resolve("outbox")), node)) {
      dashboard.publish(PREFIX + "/cmd/say", utf8("{\"schema_version\":1,\"request_id\":\"s1\","
          + "\"text\":\"hello Ana\",\"mode\":\"interrupt\"}"));
      dashboard.publish(PREFIX + "/cmd/context", utf8("{\"schema_version\":1,\"request_id\":\"c1\","
          + "\"action\":\"add\",\"context_id\":\"name\",\"text\":\"The user's name is Ana.\"}"));
      dashboard.publish(PREFIX + "/cmd/reset", utf8("{\"schema_version\":1,\"request_id\":\"r1\","
          + "\"keep_watches\":true}"));
      dashboard.publish(PREFIX + "/cmd/say", utf8("{\"schema_version\":1,\"request_id\":\"s2\","
          + "\"text\":\"x\",\"mode\":\"shout\"}"));
      dashboard.publish(PREFIX + "/cmd/reset", utf8("{\"schema_version\":1,\"request_id\":\"r2\","
          + "\"keep_watches\":\"yes\"}"));
      List<RecordingSubscriber.Message> errors = dashboard.awaitOn(PREFIX + "/cmd/error", 2, WAIT);
      assertThat(errors).extracting(m -> m.json().get("request_id").asText()).containsExactly("s2", "r2");
      assertThat(errors).extracting(m -> m.json().get("command").asText()).containsExactly("say", "reset");
      assertThat(errors.get(0).json().get("message").asText()).contains("mode");
      Await.until("three commands handed over", WAIT, () -> node.controls.size() == 3);
      assertThat(node.controls).containsExactly(new ConversationControl.Say("s1", "hello Ana", true),
          new ConversationControl.Context("c1", ConversationControl.Context.Action.ADD, "name",
              "The user's name is Ana."),
          new ConversationControl.Reset("r1", true, false));
      assertThat(dashboard.on(PREFIX + "/cmd/reply")).as("the node answers these, not the bridge").isEmpty();
    }
  }

  @Test
  void muteCommandsReachTheNodeAndUserSpeechAndMutedStateArePublished() throws Exception {
    RecordingListener node = new RecordingListener();
    try (MqttBridge b = bridge(MqttTestSettings.of(broker.url(), dir.resolve("outbox")), node)) {
      dashboard.publish(PREFIX + "/cmd/mute", utf8("{\"schema_version\":1,\"request_id\":\"m1\",\"muted\":true}"));
      dashboard.publish(PREFIX + "/cmd/mute", utf8("{\"schema_version\":1,\"request_id\":\"m2\",\"muted\":\"yes\"}"));
      dashboard.publish(PREFIX + "/cmd/mute", utf8("{\"schema_version\":1,\"request_id\":\"m3\"}"));
      dashboard.publish(PREFIX + "/cmd/mute", utf8("{\"schema_version\":1,\"muted\":false,\"mute\":true}"));
      dashboard.publish(PREFIX + "/cmd/mute", utf8("{\"schema_version\":1,\"muted\":false}"));

      List<RecordingSubscriber.Message> errors = dashboard.awaitOn(PREFIX + "/cmd/error", 3, WAIT);
      assertThat(errors).extracting(m -> m.json().get("command").asText()).containsOnly("mute");
      assertThat(errors).extracting(m -> m.json().get("reason").asText()).containsOnly("invalid_field");
      assertThat(errors).extracting(m -> m.json().get("request_id").asText()).containsExactly("m2", "m3", "");
      assertThat(errors.get(0).json().get("message").asText()).contains("muted (true or false) is required");
      assertThat(errors.get(2).json().get("message").asText()).contains("unknown field \"mute\"");
      Await.until("the valid commands handed to the node", WAIT, () -> node.mutes.size() == 2);
      assertThat(node.mutes).containsExactly(new MuteRequest("m1", true), new MuteRequest("", false));
      assertThat(dashboard.on(PREFIX + "/cmd/reply")).as("a mute is answered by the node once applied").isEmpty();

      MqttSink sink = new MqttSink(b, "microphone_link");
      sink.reply(CommandReply.accepted(5_000_000_001L, "m1", "mute", "muted"));
      JsonNode reply = dashboard.awaitOn(PREFIX + "/cmd/reply", 1, WAIT).get(0).json();
      assertThat(reply.get("command").asText()).isEqualTo("mute");
      assertThat(reply.get("status").asText()).isEqualTo("accepted");
      assertThat(reply.get("message").asText()).isEqualTo("muted");
      sink.publish(UserSpeechChange.start(2_032_000_000L, 2_000_000_000L));
      sink.publish(UserSpeechChange.end(4_128_000_000L, 2_000_000_000L, 4_000_000_000L));
      sink.publish(new StateUpdate(5_000_000_000L, false, 4, 0, 0.3, 1.0, 0, 0, 0, 0, 512, true));
      List<RecordingSubscriber.Message> speech = dashboard.awaitOn(PREFIX + "/user_speech", 2, WAIT);
      JsonNode start = speech.get(0).json();
      JsonNode end = speech.get(1).json();
      assertThat(start.get("type").asText()).isEqualTo("user_speech");
      assertThat(start.get("event").asText()).isEqualTo("start");
      assertThat(start.get("frame_id").asText()).isEqualTo("microphone_link");
      assertThat(start.get("stamp").get("nanosec").asLong()).isEqualTo(32_000_000L);
      assertThat(start.get("start").get("sec").asLong()).isEqualTo(2);
      assertThat(start.get("end").get("sec").asLong()).isZero();
      assertThat(end.get("event").asText()).isEqualTo("end");
      assertThat(end.get("end").get("sec").asLong()).isEqualTo(4);
      assertThat(end.get("seq").asLong()).isGreaterThan(start.get("seq").asLong());
      assertThat(speech).as("not retained: each change is an event").noneMatch(RecordingSubscriber.Message::retained);
      assertThat(dashboard.awaitOn(PREFIX + "/state", 1, WAIT).get(0).json().get("muted").asBoolean()).isTrue();
      assertThat(b.status().inboundAccepted()).isEqualTo(2);
    }
  }

  @Test
  void malformedCommandsAreRejectedWithAnErrorAndHaveNoEffect() throws Exception {
    RecordingListener node = new RecordingListener();
    MqttTestSettings s = MqttTestSettings.of(broker.url(), dir.resolve("outbox"))
        .with(NodeParameters.MQTT_INBOUND_MAX_PAYLOAD_BYTES, 1024);
    try (MqttBridge b = bridge(s, node)) {
      dashboard.publish(PREFIX + "/cmd/watch", utf8("{not json"));
      dashboard.publish(PREFIX + "/cmd/watch", utf8("{\"schema_version\":9,\"action\":\"clear\"}"));
      dashboard.publish(PREFIX + "/cmd/watch", utf8("{\"schema_version\":1,\"request_id\":\"bad\",\"action\":\"add\","
          + "\"watch_id\":\"" + "x".repeat(65) + "\",\"condition\":\"c\"}"));
      dashboard.publish(PREFIX + "/cmd/watch", new byte[2000]);
      dashboard.publish(PREFIX + "/cmd/force_listen", utf8("{\"schema_version\":1,\"reason\":42}"));
      dashboard.publish(PREFIX + "/cmd/watch", utf8("{\"schema_version\":1,\"request_id\":\"ok\",\"action\":\"clear\"}"));

      List<RecordingSubscriber.Message> errors = dashboard.awaitOn(PREFIX + "/cmd/error", 5, WAIT);
      assertThat(errors).extracting(m -> m.json().get("reason").asText()).containsExactly("malformed_json",
          "unsupported_schema_version", "invalid_field", "too_large", "invalid_field");
      assertThat(errors.get(2).json().get("request_id").asText()).isEqualTo("bad");
      assertThat(errors.get(2).json().get("message").asText()).contains("watch_id").contains("64");
      assertThat(errors.get(4).json().get("command").asText()).isEqualTo("force_listen");
      Await.until("the valid command handed to the node", WAIT, () -> !node.watches.isEmpty());
      assertThat(node.watches).as("only the valid command had an effect")
          .containsExactly(new WatchRequest("ok", WatchRequest.Action.CLEAR, "", "", 0, false));
      assertThat(node.forceListens).isEmpty();
      assertThat(b.status().inboundRejected()).containsEntry("malformed_json", 1L).containsEntry("invalid_field", 2L)
          .containsEntry("too_large", 1L).containsEntry("unsupported_schema_version", 1L);
    }
  }

  @Test
  void aFloodOfCommandsIsCutToTheRate() throws Exception {
    RecordingListener node = new RecordingListener();
    MqttTestSettings s = MqttTestSettings.of(broker.url(), dir.resolve("outbox"))
        .with(NodeParameters.MQTT_INBOUND_MAX_RATE, 2.0);
    try (MqttBridge b = bridge(s, node)) {
      for (int i = 0; i < 20; i++) {
        dashboard.publish(PREFIX + "/cmd/force_listen", utf8("{\"schema_version\":1,\"reason\":\"r" + i + "\"}"));
      }
      Await.until("20 answers", WAIT, () -> dashboard.on(PREFIX + "/cmd/reply").size()
          + dashboard.on(PREFIX + "/cmd/error").size() >= 20);
      assertThat(dashboard.on(PREFIX + "/cmd/error")).isNotEmpty()
          .allMatch(m -> m.json().get("reason").asText().equals("rate_limited"));
      assertThat(node.forceListens).hasSize(dashboard.on(PREFIX + "/cmd/reply").size()).hasSizeLessThan(20);
      assertThat(b.status().inboundRejected().get("rate_limited")).isEqualTo(20 - node.forceListens.size());
    }
  }

  @Test
  void theLastWillSaysOfflineWhenTheConnectionIsLost() throws Exception {
    int seen = 0; // status messages the dashboard has had so far
    for (int protocol : new int[] {5, 3}) {
      MqttSettings s = MqttTestSettings.of(broker.url(), dir.resolve("outbox" + protocol))
          .with(NodeParameters.MQTT_PROTOCOL, protocol).build();
      PayloadCodec codec = new PayloadCodec("r1");
      BrokerClient client = protocol == 5 ? new Paho5Client(s, null) : new Paho3Client(s, null, 16);
      client.connect(new BrokerClient.Will(s.topics().status(), codec.status(false)), () -> { });
      client.publish(s.topics().status(), codec.status(true), 1, true).get();
      // this connection's "online" must be in before the will is awaited, or the will's wait ends on it
      List<RecordingSubscriber.Message> online = dashboard.awaitOn(PREFIX + "/status", seen + 1, WAIT);
      assertThat(online.get(online.size() - 1).json().get("status").asText()).isEqualTo("online");
      client.close(); // the socket closes without DISCONNECT, as when the node dies
      List<RecordingSubscriber.Message> status = dashboard.awaitOn(PREFIX + "/status", online.size() + 1, WAIT);
      seen = status.size();
      JsonNode last = status.get(status.size() - 1).json();
      assertThat(last.get("status").asText()).as("MQTT " + protocol).isEqualTo("offline");
      assertThat(last.get("robot_id").asText()).isEqualTo("r1");
    }
  }

  @Test
  void mqtt311CarriesTheSameTraffic() throws Exception {
    RecordingListener node = new RecordingListener();
    try (MqttBridge b = bridge(MqttTestSettings.of(broker.url(), dir.resolve("outbox"))
        .with(NodeParameters.MQTT_PROTOCOL, 3), node)) {
      MqttSink sink = new MqttSink(b, "mic");
      for (int i = 0; i < 50; i++) {
        sink.publish(alert(i));
      }
      List<RecordingSubscriber.Message> events = dashboard.awaitOn(PREFIX + "/events", 50, WAIT);
      assertThat(events).extracting(m -> m.json().get("event_id").asText())
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "ev-" + i).toList());
      dashboard.publish(PREFIX + "/cmd/force_listen", utf8("{\"schema_version\":1}"));
      dashboard.awaitOn(PREFIX + "/cmd/reply", 1, WAIT);
      assertThat(node.forceListens).containsExactly("");
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
