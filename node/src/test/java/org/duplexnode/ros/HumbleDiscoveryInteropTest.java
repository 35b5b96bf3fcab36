package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import duplex_msgs.msg.dds.Transcript;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.duplexnode.config.RosArgs;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.CycloneDdsPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code dds.ros_distro} humble the node announces itself on ros_discovery_info in Humble's
 * layout (24-byte gids), as a CycloneDDS peer built from Humble's definitions reads it; and it
 * reads other Humble participants' announcements.
 */
@Tag("interop")
class HumbleDiscoveryInteropTest {
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  @Test
  void aPeerBuiltFromHumblesDefinitionsFindsTheNodeAndItsEndpoints(@TempDir Path workDir) throws Exception {
    int domainId = CycloneDdsPeer.randomDomainId();
    try (FastDdsTransport node = new FastDdsTransport(new NodeIdentity("duplex_node", "/robot1"), RosArgs.empty(),
             domainId, List.of(InetAddress.getLoopbackAddress()), GidLayout.HUMBLE);
         CycloneDdsPeer peer = CycloneDdsPeer.startHumble(domainId, workDir)) {
      node.advertise(TopicSpec.of("~/probe", Transcript.class, QosProfile.RELIABLE));
      peer.discovery();
      JsonNode got = peer.awaitSample(CycloneDdsPeer.DISCOVERY_TOPIC, DELIVERY);
      String eightZeroBytes = "00".repeat(8);
      assertThat(got.get("gid").asText()).isEqualTo(HexFormat.of().formatHex(node.participantGid()) + eightZeroBytes);
      assertThat(got.at("/nodes/0/node_namespace").asText()).isEqualTo("/robot1");
      assertThat(got.at("/nodes/0/node_name").asText()).isEqualTo("duplex_node");
      assertThat(got.at("/nodes/0/writer_gids").size()).isEqualTo(node.writerGuids().size()).isGreaterThanOrEqualTo(1);
      rmw_dds_common.msg.dds.Gid writer = new rmw_dds_common.msg.dds.Gid();
      GraphAnnouncer.copy(node.writerGuids().get(0), writer);
      assertThat(got.at("/nodes/0/writer_gids/0").asText())
          .isEqualTo(HexFormat.of().formatHex(writer.getData()) + eightZeroBytes);
    }
  }

  @Test
  void theNodeReadsAnotherHumbleParticipantsAnnouncement() throws Exception {
    int domainId = CycloneDdsPeer.randomDomainId();
    List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
    try (FastDdsTransport other = new FastDdsTransport(new NodeIdentity("talker", "/"), RosArgs.empty(), domainId, lo,
             GidLayout.HUMBLE);
         FastDdsTransport node = new FastDdsTransport(new NodeIdentity("duplex_node", "/"), RosArgs.empty(), domainId,
             lo, GidLayout.HUMBLE)) {
      other.advertise(TopicSpec.of("/chatter", Transcript.class, QosProfile.RELIABLE));
      RosGraphNames names = RosGraphNames.follow(node);
      rmw_dds_common.msg.dds.Gid writer = new rmw_dds_common.msg.dds.Gid();
      GraphAnnouncer.copy(other.writerGuids().get(0), writer);
      String guid = HexFormat.of().formatHex(writer.getData());
      Await.until("the talker's announcement", DELIVERY, () -> names.apply(guid).isPresent());
      assertThat(names.apply(guid)).contains("/talker");
    }
  }

  @Test
  void theLayoutFollowsTheDistribution() {
    assertThat(GidLayout.ofDistro("humble")).isEqualTo(GidLayout.HUMBLE);
    assertThat(GidLayout.ofDistro(" Humble ")).isEqualTo(GidLayout.HUMBLE);
    assertThat(GidLayout.ofDistro("iron")).isEqualTo(GidLayout.IRON);
    assertThat(GidLayout.ofDistro("jazzy")).isEqualTo(GidLayout.IRON);
    assertThat(GidLayout.ofDistro("rolling")).isEqualTo(GidLayout.IRON);
    assertThat(GidLayout.of("humble").bytes()).isEqualTo(24);
  }
}
