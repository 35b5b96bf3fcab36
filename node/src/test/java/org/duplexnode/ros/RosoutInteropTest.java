package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The node's log reaches /rosout as rcl_interfaces/Log, read by a CycloneDDS peer built from ROS
 * 2's definition: logger name, level, text and source location; a level below the logger's
 * (--log-level) is not sent.
 */
@Tag("interop")
class RosoutInteropTest {
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  @Test
  void logLinesArriveOnRosoutWithNameLevelAndSource(@TempDir Path workDir) throws Exception {
    int domainId = CycloneDdsPeer.randomDomainId();
    Logger quiet = (Logger) LoggerFactory.getLogger("org.duplexnode.rosout.quiet");
    quiet.setLevel(Level.ERROR); // as --log-level org.duplexnode.rosout.quiet:=error sets it
    try (FastDdsTransport node = new FastDdsTransport(new NodeIdentity("duplex_node", "/robot1"), RosArgs.empty(),
             domainId, List.of(InetAddress.getLoopbackAddress()));
         CycloneDdsPeer peer = CycloneDdsPeer.start(domainId, workDir)) {
      RosoutAppender rosout = RosoutAppender.attach(node, NodeClock.system());
      try {
        peer.subscribe("/rosout", "rcl_interfaces/msg/Log", new PeerQos(true, true, 1000));
        peer.awaitMatched("/rosout", 1, DELIVERY);
        long before = System.currentTimeMillis() / 1000;
        quiet.warn("not for rosout: below the logger's level");
        quiet.error("the camera stopped: {}", "no frames for 5 s");
        JsonNode got = peer.awaitSample("/rosout", DELIVERY);
        assertThat(got.get("msg").asText()).isEqualTo("the camera stopped: no frames for 5 s");
        assertThat(got.get("level").asInt()).isEqualTo(40); // ERROR
        assertThat(got.get("name").asText()).isEqualTo("robot1.duplex_node");
        assertThat(got.get("file").asText()).isEqualTo("RosoutInteropTest.java");
        assertThat(got.get("function").asText())
            .isEqualTo(RosoutInteropTest.class.getName() + ".logLinesArriveOnRosoutWithNameLevelAndSource");
        assertThat(got.get("line").asInt()).isPositive();
        assertThat(got.at("/stamp/sec").asLong()).isBetween(before - 1, before + 60);

        LoggerFactory.getLogger("org.duplexnode.rosout.other").warn("a warning");
        JsonNode warn = peer.awaitSample("/rosout", DELIVERY);
        assertThat(warn.get("level").asInt()).isEqualTo(30);
        assertThat(warn.get("msg").asText()).isEqualTo("a warning");
      } finally {
        rosout.detach();
        quiet.setLevel(null);
      }
    }
  }

  @Test
  void logbackLevelsMapToRclLevels() {
    assertThat(RosoutAppender.level(Level.ERROR)).isEqualTo((byte) 40);
    assertThat(RosoutAppender.level(Level.WARN)).isEqualTo((byte) 30);
    assertThat(RosoutAppender.level(Level.INFO)).isEqualTo((byte) 20);
    assertThat(RosoutAppender.level(Level.DEBUG)).isEqualTo((byte) 10);
    assertThat(RosoutAppender.level(Level.TRACE)).isEqualTo((byte) 10);
  }
}
