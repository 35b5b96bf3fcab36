package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.duplexnode.testing.CycloneDdsPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A behaviour on CycloneDDS (a peer built from duplex_msgs' definitions) sends watch requests to
 * a running node that has no microphone audio: each one is applied, listed on ~/watches and
 * answered on ~/reply at once, accepted or refused with the reason.
 */
@Tag("interop")
class WatchRequestInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void everyRequestIsAnsweredAndListedWithoutAudio(@TempDir Path workDir) throws Exception {
    int domain = CycloneDdsPeer.randomDomainId();
    WatchRepliesTest.ListeningModel model = new WatchRepliesTest.ListeningModel();
    model.started.countDown();
    try (NodeOnDds node = NodeOnDds.start(domain, model);
         CycloneDdsPeer peer = CycloneDdsPeer.start(domain, workDir)) {
      peer.subscribe("/duplex_node/reply", "duplex_msgs/msg/CommandReply", PeerQos.reliable(100));
      peer.subscribe("/duplex_node/watches", "duplex_msgs/msg/WatchList", PeerQos.latched(1));
      peer.writer("/duplex_node/watch", "duplex_msgs/msg/WatchCommand", PeerQos.reliable(10));
      peer.awaitMatched("/duplex_node/watch", 1, WAIT);
      peer.awaitMatched("/duplex_node/reply", 1, WAIT);
      peer.awaitMatched("/duplex_node/watches", 1, WAIT);
      node.awaitReader("~/reply", WAIT);
      node.awaitReader("~/watches", WAIT);

      peer.publishWatch("/duplex_node/watch", "r1", 0, "green", 0, true, "the light turns green");
      JsonNode listed = peer.awaitSample("/duplex_node/watches", WAIT);
      assertThat(listed.get("watches")).hasSize(1);
      assertThat(listed.get("watches").get(0).get("watch_id").asText()).isEqualTo("green");
      assertThat(listed.get("watches").get(0).get("condition").asText()).isEqualTo("the light turns green");
      JsonNode added = peer.awaitSample("/duplex_node/reply", WAIT);
      assertThat(added.get("request_id").asText()).isEqualTo("r1");
      assertThat(added.get("command").asText()).isEqualTo("watch");
      assertThat(added.get("accepted").asBoolean()).isTrue();
      assertThat(added.get("reason").asText()).isEmpty();

      peer.publishWatch("/duplex_node/watch", "r2", 0, "green", 0, false, "the light turns green again");
      peer.publishWatch("/duplex_node/watch", "r3", 7, "green", 0, false, "");
      peer.publishWatch("/duplex_node/watch", "r4", 1, "door", 0, false, "");
      peer.publishWatch("/duplex_node/watch", "r5", 1, "green", 0, false, "");
      List<JsonNode> replies = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        replies.add(peer.awaitSample("/duplex_node/reply", WAIT));
      }
      assertThat(replies).extracting(r -> r.get("request_id").asText()).containsExactly("r2", "r3", "r4", "r5");
      assertThat(replies).extracting(r -> r.get("accepted").asBoolean()).containsExactly(false, false, false, true);
      assertThat(replies).extracting(r -> r.get("reason").asText())
          .containsExactly("duplicate_id", "invalid_field", "unknown_id", "");
      assertThat(replies.get(1).get("message").asText()).contains("unknown watch action 7");
      assertThat(peer.awaitSample("/duplex_node/watches", WAIT).get("watches")).isEmpty();
      assertThat(model.units).as("no audio, no unit: all of it happened without the model").isZero();
    }
  }
}
