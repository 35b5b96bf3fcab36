package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.duplexnode.testing.CycloneDdsPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A behaviour on CycloneDDS (a peer built from duplex_msgs' definitions) sends ~/say, ~/context
 * and ~/reset to a running node: each reaches the model and is answered on ~/reply, a command
 * with an unknown mode or action is refused with the reason.
 */
@Tag("interop")
class ConversationControlInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void sayContextAndResetAreAnsweredOverDds(@TempDir Path workDir) throws Exception {
    int domain = CycloneDdsPeer.randomDomainId();
    ConversationControlTest.SayingModel model = new ConversationControlTest.SayingModel();
    try (NodeOnDds node = NodeOnDds.start(domain, model);
         CycloneDdsPeer peer = CycloneDdsPeer.start(domain, workDir)) {
      peer.subscribe("/duplex_node/reply", "duplex_msgs/msg/CommandReply", PeerQos.reliable(100));
      peer.writer("/duplex_node/say", "duplex_msgs/msg/Say", PeerQos.reliable(10));
      peer.writer("/duplex_node/context", "duplex_msgs/msg/Context", PeerQos.reliable(10));
      peer.writer("/duplex_node/reset", "duplex_msgs/msg/Reset", PeerQos.reliable(10));
      for (String t : List.of("/duplex_node/say", "/duplex_node/context", "/duplex_node/reset", "/duplex_node/reply")) {
        peer.awaitMatched(t, 1, WAIT);
      }
      node.awaitReader("~/reply", WAIT);
      peer.publishContext("/duplex_node/context", "c1", 0, "name", "The user is Ana");
      JsonNode context = peer.awaitSample("/duplex_node/reply", WAIT);
      peer.publishSay("/duplex_node/say", "s1", 0, "hello Ana");
      JsonNode say = peer.awaitSample("/duplex_node/reply", WAIT);
      peer.publishSay("/duplex_node/say", "s2", 9, "hello");
      JsonNode badSay = peer.awaitSample("/duplex_node/reply", WAIT);
      peer.publishContext("/duplex_node/context", "c2", 5, "name", "x");
      JsonNode badContext = peer.awaitSample("/duplex_node/reply", WAIT);
      peer.publishReset("/duplex_node/reset", "r1", true, false);
      JsonNode reset = peer.awaitSample("/duplex_node/reply", WAIT);

      List<JsonNode> replies = new ArrayList<>(List.of(context, say, badSay, badContext, reset));
      assertThat(replies).extracting(r -> r.get("request_id").asText()).containsExactly("c1", "s1", "s2", "c2", "r1");
      assertThat(replies).extracting(r -> r.get("command").asText())
          .containsExactly("context", "say", "say", "context", "reset");
      assertThat(replies).extracting(r -> r.get("accepted").asBoolean())
          .containsExactly(true, true, false, false, true);
      assertThat(badSay.get("reason").asText()).isEqualTo("invalid_field");
      assertThat(badSay.get("message").asText()).contains("unknown say mode 9");
      assertThat(badContext.get("message").asText()).contains("unknown context action 5");
      assertThat(reset.get("message").asText()).isEqualTo("new conversation: watches kept, context cleared");
      // No audio: the say and the reset reached the model between units.
      Await.until("the model to get the say", WAIT, () -> model.says.contains("hello Ana"));
      assertThat(model.resetsAtUnit).containsExactly(0);
      // Counted as rejected inputs (/diagnostics, "inputs") as well as answered.
      assertThat(node.transport().inputErrors().count("/duplex_node/say", "invalid say command")).isEqualTo(1);
      assertThat(node.transport().inputErrors().count("/duplex_node/context", "invalid context command")).isEqualTo(1);
    }
  }
}
