package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.SpokenAudio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A behaviour on CycloneDDS (a peer built from duplex_msgs' definitions) mutes and unmutes a
 * running node on ~/mute and hears the user's voice activity on ~/user_speech: each mute is
 * answered on ~/reply, ~/state carries {@code muted}, and a sentence spoken into the node's
 * microphone comes out as one START and one END with the voice's stamps.
 */
@Tag("interop")
class MuteInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1000 * S;

  @TempDir Path workDir;

  private static byte[] tone(double seconds) {
    ByteBuffer b = ByteBuffer.allocate((int) (seconds * 16000) * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; b.hasRemaining(); i++) {
      b.putShort((short) (12000 * Math.sin(2 * Math.PI * 300 * i / 16000.0)));
    }
    return b.array();
  }

  private static JsonNode stateWhere(CycloneDdsPeer peer, boolean muted) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      JsonNode s = peer.awaitSample("/duplex_node/state", WAIT);
      if (s.get("muted").asBoolean() == muted) {
        return s;
      }
    }
    throw new AssertionError("no state with muted=" + muted);
  }

  @Test
  void muteIsAnsweredAndShownOnTheState() throws Exception {
    int domain = CycloneDdsPeer.randomDomainId();
    try (NodeOnDds node = NodeOnDds.listening(domain); CycloneDdsPeer peer = CycloneDdsPeer.start(domain, workDir)) {
      peer.subscribe("/duplex_node/reply", "duplex_msgs/msg/CommandReply", PeerQos.reliable(100));
      peer.subscribe("/duplex_node/state", CycloneDdsPeer.STATE, PeerQos.bestEffort(100));
      peer.writer("/duplex_node/mute", CycloneDdsPeer.MUTE, PeerQos.reliable(10));
      peer.awaitMatched("/duplex_node/mute", 1, WAIT);
      peer.awaitMatched("/duplex_node/reply", 1, WAIT);
      peer.awaitMatched("/duplex_node/state", 1, WAIT);
      node.awaitReader("~/reply", WAIT);
      node.awaitReader("~/state", WAIT);

      node.hear(tone(2), T0);
      assertThat(stateWhere(peer, false).get("unit_index").asLong()).isGreaterThanOrEqualTo(0);

      peer.publishMute("/duplex_node/mute", "q1", true);
      JsonNode muted = peer.awaitSample("/duplex_node/reply", WAIT);
      assertThat(muted.get("request_id").asText()).isEqualTo("q1");
      assertThat(muted.get("command").asText()).isEqualTo("mute");
      assertThat(muted.get("accepted").asBoolean()).isTrue();
      assertThat(muted.get("message").asText()).isEqualTo("muted");
      assertThat(muted.get("header").get("stamp").get("sec").asLong()).isEqualTo(T0 / S + 1); // its last audio: 1.9 s
      assertThat(node.pipeline().controlHealth().muted()).isTrue();
      // /diagnostics as `duplex-node run` reports it: muted at once, the mute counted.
      node.ros().diagnostics().report(() -> node.pipeline().controlHealth().report());
      assertThat(controlStatus(node)).containsEntry("muted", "true").containsEntry("mute accepted", "1")
          .containsEntry("mute refused", "0");

      node.hear(tone(2), T0 + 2 * S);
      JsonNode mutedState = stateWhere(peer, true);
      assertThat(mutedState.get("speaking").asBoolean()).isFalse();
      assertThat(mutedState.get("barge_in").asBoolean()).as("a unit's state, not a barge-in").isFalse();

      peer.publishMute("/duplex_node/mute", "q2", false);
      JsonNode unmuted = peer.awaitSample("/duplex_node/reply", WAIT);
      assertThat(unmuted.get("request_id").asText()).isEqualTo("q2");
      assertThat(unmuted.get("message").asText()).isEqualTo("unmuted");
      node.hear(tone(2), T0 + 4 * S);
      assertThat(stateWhere(peer, false).get("unit_index").asLong())
          .isGreaterThan(mutedState.get("unit_index").asLong());
      assertThat(node.pipeline().controlHealth().accepted()).containsEntry("mute", 2L);
    }
  }

  @Test
  void speechComesOutAsStartsAndEndsWithTheVoicesStamps() throws Exception {
    byte[] spoken = SpokenAudio.s16le(workDir, "Please tell me when the light turns green. Thank you very much.", 2);
    double seconds = spoken.length / 32000.0;
    int domain = CycloneDdsPeer.randomDomainId();
    try (NodeOnDds node = NodeOnDds.listening(domain); CycloneDdsPeer peer = CycloneDdsPeer.start(domain, workDir)) {
      peer.subscribe("/duplex_node/user_speech", CycloneDdsPeer.USER_SPEECH, PeerQos.reliable(100));
      peer.awaitMatched("/duplex_node/user_speech", 1, WAIT);
      node.awaitReader("~/user_speech", WAIT);

      node.hear(spoken, T0);

      // START, END, START, END...: the pause between the two sentences may end one stretch of voice.
      List<JsonNode> changes = new java.util.ArrayList<>();
      do {
        changes.add(peer.awaitSample("/duplex_node/user_speech", WAIT));
        changes.add(peer.awaitSample("/duplex_node/user_speech", WAIT));
        Thread.sleep(1000);
      } while (peer.pendingSamples("/duplex_node/user_speech") > 0);
      for (int k = 0; k < changes.size(); k += 2) {
        JsonNode start = changes.get(k);
        JsonNode end = changes.get(k + 1);
        assertThat(start.get("event").asInt()).isZero();
        assertThat(end.get("event").asInt()).isOne();
        assertThat(start.get("header").get("frame_id").asText()).isEqualTo("microphone_link");
        assertThat(seconds(start.get("header").get("stamp"))).as("decided after the onset")
            .isGreaterThan(seconds(start.get("start")));
        assertThat(seconds(start.get("end"))).isZero();
        assertThat(seconds(end.get("start"))).isEqualTo(seconds(start.get("start")));
        assertThat(seconds(end.get("end"))).isGreaterThan(seconds(end.get("start")));
        assertThat(seconds(end.get("header").get("stamp"))).as("after 100 ms of silence")
            .isGreaterThanOrEqualTo(seconds(end.get("end")) + 0.09);
      }
      double onset = seconds(changes.get(0).get("start")) - T0 / 1e9;
      assertThat(onset).as("the voice starts after 2 s of silence").isBetween(1.8, 2.6);
      double stop = seconds(changes.get(changes.size() - 1).get("end")) - T0 / 1e9;
      assertThat(stop).as("the voice ends 2 s before the audio").isBetween(seconds - 2.6, seconds - 1.8);
      assertThat(changes.size()).as("a few stretches of voice, not one per word").isLessThanOrEqualTo(8);
    }
  }

  /** The values of the status "duplex_node: conversation control" in a /diagnostics report made now. */
  private static java.util.Map<String, String> controlStatus(NodeOnDds node) {
    var array = node.ros().diagnostics().publishOnce();
    for (int i = 0; i < array.getStatus().size(); i++) {
      var status = array.getStatus().get(i);
      if (status.getNameAsString().equals("duplex_node: conversation control")) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (int k = 0; k < status.getValues().size(); k++) {
          values.put(status.getValues().get(k).getKeyAsString(), status.getValues().get(k).getValueAsString());
        }
        return values;
      }
    }
    throw new AssertionError("no conversation control status on /diagnostics");
  }

  private static double seconds(JsonNode time) {
    return time.get("sec").asLong() + time.get("nanosec").asLong() / 1e9;
  }
}
