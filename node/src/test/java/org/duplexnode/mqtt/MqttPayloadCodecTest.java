package org.duplexnode.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.Watch;
import org.duplexnode.ports.WatchListChanged;
import org.duplexnode.ports.WatchRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON the bridge writes and the commands it reads, field by field. */
@Tag("unit")
class MqttPayloadCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PayloadCodec codec = new PayloadCodec("r1");
  private final CommandCodec commands = new CommandCodec(512);

  @Test
  void anEventCarriesTheRosFieldsIdsAndStamps() throws Exception {
    ProactiveAlert a = new ProactiveAlert("ev-1", "green_light", "The light is green.", "w1", "the light turns green",
        4, 17, "camera_optical", 1_700_000_000_123_456_789L, 1_700_000_001_000_000_001L, 0.25);
    JsonNode n = JSON.readTree(codec.event(a, "camera_optical", 42));
    assertThat(n.get("schema_version").asInt()).isEqualTo(1);
    assertThat(n.get("type").asText()).isEqualTo("event");
    assertThat(n.get("robot_id").asText()).isEqualTo("r1");
    assertThat(n.get("seq").asLong()).isEqualTo(42);
    assertThat(n.get("event_id").asText()).isEqualTo("ev-1");
    assertThat(n.get("kind").asText()).isEqualTo("green_light");
    assertThat(n.get("watch_id").asText()).isEqualTo("w1");
    assertThat(n.get("utterance_id").asLong()).isEqualTo(4);
    assertThat(n.get("unit_index").asLong()).isEqualTo(17);
    assertThat(n.get("frame_stamp").get("sec").asLong()).isEqualTo(1_700_000_000L);
    assertThat(n.get("frame_stamp").get("nanosec").asLong()).isEqualTo(123_456_789L);
    assertThat(n.get("audio_stamp").get("nanosec").asLong()).isEqualTo(1);
    assertThat(n.get("stamp")).isEqualTo(n.get("audio_stamp"));
    assertThat(n.get("latency_s").asDouble()).isEqualTo(0.25);
    assertThat(n.get("is_final").asBoolean()).isTrue();
    ProactiveAlert early = new ProactiveAlert("ev-1", "utterance", "The light", "", "", 4, 16, "", -1,
        1_700_000_000_000_000_000L, 0.1, false);
    assertThat(JSON.readTree(codec.event(early, "mic", 41)).get("is_final").asBoolean()).isFalse();
  }

  @Test
  void stateAndWatchesUseWordsForEnums() throws Exception {
    JsonNode s = JSON.readTree(codec.state(new StateUpdate(5_000_000_000L, true, 3, 2, 0.4, 1.0, 1, 0, 2, 3, 900),
        "mic"));
    assertThat(s.get("mode").asText()).isEqualTo("speaking");
    assertThat(s.get("cache_tokens").asInt()).isEqualTo(900);
    assertThat(s.has("seq")).as("latest values are not queued").isFalse();
    assertThat(s.get("barge_in").asBoolean()).isFalse();
    JsonNode told = JSON.readTree(codec.state(new StateUpdate(5_000_000_000L, true, 3, 2, 0.4, 1.0, 1, 0, 2, 3, 900)
        .bargeInAt(5_300_000_000L), "mic"));
    assertThat(told.get("barge_in").asBoolean()).isTrue();
    assertThat(told.get("stamp").get("nanosec").asLong()).isEqualTo(300_000_000L);
    JsonNode w = JSON.readTree(codec.watches(new WatchListChanged(1, List.of(
        new Watch("w1", "a door opens", true, 10, 0, 0), new Watch("w2", "a dog", false, 10, 20, 1)))));
    assertThat(w.get("watches")).hasSize(2);
    assertThat(w.get("watches").get(0).get("state").asText()).isEqualTo("armed");
    assertThat(w.get("watches").get(1).get("state").asText()).isEqualTo("fired");
    assertThat(w.get("watches").get(1).get("expires").get("nanosec").asLong()).isEqualTo(20);
  }

  @Test
  void aValidWatchAddBecomesARequest() throws Exception {
    InboundCommand c = commands.decode(CommandCodec.WATCH, bytes("{\"schema_version\":1,\"request_id\":\"q1\","
        + "\"action\":\"add\",\"watch_id\":\"door\",\"condition\":\"the door opens\",\"expire_after_s\":30,\"once\":true}"));
    assertThat(c.requestId()).isEqualTo("q1");
    assertThat(((InboundCommand.Watch) c).request()).isEqualTo(
        new WatchRequest("q1", WatchRequest.Action.ADD, "door", "the door opens", 30, true));
    InboundCommand clear = commands.decode(CommandCodec.WATCH, bytes("{\"schema_version\":1,\"action\":\"clear\"}"));
    assertThat(((InboundCommand.Watch) clear).request().action()).isEqualTo(WatchRequest.Action.CLEAR);
    InboundCommand f = commands.decode(CommandCodec.FORCE_LISTEN, bytes("{\"schema_version\":1,\"reason\":\"estop\"}"));
    assertThat(((InboundCommand.ForceListen) f).reason()).isEqualTo("estop");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json|{\"schema_version\":1,|malformed_json",
      "an array|[1,2]|malformed_json",
      "no version|{\"action\":\"clear\"}|unsupported_schema_version",
      "version 2|{\"schema_version\":2,\"action\":\"clear\"}|unsupported_schema_version",
      "unknown action|{\"schema_version\":1,\"action\":\"explode\",\"watch_id\":\"a\"}|invalid_field",
      "add without condition|{\"schema_version\":1,\"action\":\"add\",\"watch_id\":\"a\"}|invalid_field",
      "blank id|{\"schema_version\":1,\"action\":\"add\",\"watch_id\":\" \",\"condition\":\"x\"}|invalid_field",
      "negative expiry|{\"schema_version\":1,\"action\":\"add\",\"watch_id\":\"a\",\"condition\":\"x\",\"expire_after_s\":-1}|invalid_field",
      "once as text|{\"schema_version\":1,\"action\":\"add\",\"watch_id\":\"a\",\"condition\":\"x\",\"once\":\"yes\"}|invalid_field",
      "unknown field|{\"schema_version\":1,\"action\":\"clear\",\"colour\":\"red\"}|invalid_field",
      "duplicate key|{\"schema_version\":1,\"action\":\"clear\",\"action\":\"add\"}|malformed_json",
      "id as number|{\"schema_version\":1,\"action\":\"remove\",\"watch_id\":7}|invalid_field",
  })
  void aBadWatchCommandIsRejectedWithItsReason(String name, String payload, String reason) {
    assertThatThrownBy(() -> commands.decode(CommandCodec.WATCH, bytes(payload)))
        .isInstanceOfSatisfying(CommandRejected.class, r -> assertThat(r.reason()).isEqualTo(reason))
        .hasMessageNotContaining("Exception");
  }

  @Test
  void limitsAreThoseOfTheRosMessages() {
    String longId = "x".repeat(65);
    assertThatThrownBy(() -> commands.decode(CommandCodec.WATCH, bytes("{\"schema_version\":1,\"action\":\"remove\","
        + "\"watch_id\":\"" + longId + "\"}"))).hasMessageContaining("at most 64");
    CommandCodec roomy = new CommandCodec(8192);
    assertThatThrownBy(() -> roomy.decode(CommandCodec.WATCH, bytes("{\"schema_version\":1,\"action\":\"add\","
        + "\"watch_id\":\"a\",\"condition\":\"" + "c".repeat(1025) + "\"}"))).hasMessageContaining("1024");
    assertThatThrownBy(() -> roomy.decode(CommandCodec.FORCE_LISTEN, bytes("{\"schema_version\":1,\"reason\":\""
        + "r".repeat(257) + "\"}"))).hasMessageContaining("256");
    assertThatThrownBy(() -> commands.decode(CommandCodec.WATCH, new byte[513]))
        .isInstanceOfSatisfying(CommandRejected.class, r -> assertThat(r.reason()).isEqualTo("too_large"));
  }

  @Test
  void theRateLimiterPassesABurstThenTheRate() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(5, now::get);
    int passed = 0;
    for (int i = 0; i < 20; i++) {
      passed += limiter.tryAcquire() ? 1 : 0;
    }
    assertThat(passed).isEqualTo(5);
    now.addAndGet(1_000_000_000L);
    passed = 0;
    for (int i = 0; i < 20; i++) {
      passed += limiter.tryAcquire() ? 1 : 0;
    }
    assertThat(passed).isEqualTo(5);
    now.addAndGet(200_000_000L);
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void backoffDoublesToItsCeilingWithJitterAndResets() {
    Backoff b = new Backoff(0.5, 4, () -> 0.999999);
    assertThat(List.of(b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs()))
        .containsExactly(500L, 1000L, 2000L, 4000L, 4000L);
    b.reset();
    Backoff low = new Backoff(0.5, 4, () -> 0.0);
    assertThat(low.nextDelayMs()).isEqualTo(250L);
    assertThat(b.nextDelayMs()).isEqualTo(500L);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
