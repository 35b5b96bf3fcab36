package org.duplexnode.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer against itself: its protocol, and that its payload matches {@link PeerPayload}. */
@Tag("interop")
class CycloneDdsPeerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void twoPeersExchangeAnImageWhosePayloadJavaCanRecompute(@TempDir Path dir) throws Exception {
    int domainId = CycloneDdsPeer.randomDomainId();
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    try (CycloneDdsPeer writer = CycloneDdsPeer.start(domainId, a);
        CycloneDdsPeer reader = CycloneDdsPeer.start(domainId, b)) {
      reader.subscribe("/camera/image_raw", CycloneDdsPeer.IMAGE, PeerQos.reliable(10));
      writer.writer("/camera/image_raw", CycloneDdsPeer.IMAGE, PeerQos.reliable(10));
      writer.awaitMatched("/camera/image_raw", 1, WAIT);
      reader.awaitMatched("/camera/image_raw", 1, WAIT);
      writer.header(3, 4, "camera");
      writer.publishImage("/camera/image_raw", 30, 20, "bgra8", 99);

      JsonNode image = reader.awaitSample("/camera/image_raw", WAIT);
      byte[] expected = PeerPayload.bytes(99, 30 * 20 * 4);
      assertThat(image.at("/header/stamp/sec").asInt()).isEqualTo(3);
      assertThat(image.at("/header/frame_id").asText()).isEqualTo("camera");
      assertThat(image.get("encoding").asText()).isEqualTo("bgra8");
      assertThat(image.get("step").asLong()).isEqualTo(30 * 4);
      assertThat(image.at("/data/len").asInt()).isEqualTo(expected.length);
      assertThat(image.at("/data/hex").asText()).isEqualTo(HexFormat.of().formatHex(expected));
      assertThat(image.at("/data/fnv1a").asText()).isEqualTo(PeerPayload.fnv1a(expected));
      assertThat(writer.participantGuid()).hasSize(32).isNotEqualTo(reader.participantGuid());
    }
  }

  @Test
  void aRefusedCommandFailsWithThePeersReason(@TempDir Path dir) {
    try (CycloneDdsPeer peer = CycloneDdsPeer.start(CycloneDdsPeer.randomDomainId(), dir)) {
      assertThatThrownBy(() -> peer.publishImage("/nowhere", 4, 4, "rgb8", 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no writer on /nowhere");
      assertThatThrownBy(() -> peer.writer("/x", "sensor_msgs/msg/Nope", PeerQos.reliable(1)))
          .hasMessageContaining("unknown type 'sensor_msgs/msg/Nope'");
      assertThatThrownBy(() -> peer.command("pub_image /x", Duration.ofSeconds(10)))
          .hasMessageContaining("wrong number of arguments");
      peer.writer("/x", CycloneDdsPeer.IMAGE, PeerQos.bestEffort(1));
      assertThatThrownBy(() -> peer.publishImage("/x", 4, 4, "jpeg", 1))
          .hasMessageContaining("encoding jpeg");
    }
  }
}
