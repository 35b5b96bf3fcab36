package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioDataStamped;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duplexnode.config.RosArgs;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.duplexnode.testing.CycloneDdsPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The microphone's DDS peer crashes and comes back: the node's subscription (audio/in, sensor-data
 * QoS, as the node subscribes it) sees the writer go when the peer's lease expires, matches the
 * restarted peer, and receives its data again, with no action on the node's side.
 */
@Tag("interop")
class PeerRestartTest {
  private static final Duration DISCOVERY = Duration.ofSeconds(30);
  /** CycloneDDS announces a 10-s participant lease; Fast-DDS drops the peer once it lapses. */
  private static final Duration LEASE_EXPIRY = Duration.ofSeconds(60);
  private static final String TOPIC = "/audio/in";

  @Test
  void nodeGetsDataAgainAfterThePeerIsKilledAndRestarted(@TempDir Path workDir) throws Exception {
    int domainId = CycloneDdsPeer.randomDomainId();
    BlockingQueue<Long> stamps = new LinkedBlockingQueue<>();
    try (FastDdsTransport node = new FastDdsTransport(new NodeIdentity("duplex_node", "/"), RosArgs.empty(), domainId,
        List.of(InetAddress.getLoopbackAddress()))) {
      RosSubscription sub = node.subscribe(NodeTopics.AUDIO,
          (AudioDataStamped m) -> stamps.add((long) m.getHeader().getStamp().getSec()));

      CycloneDdsPeer first = CycloneDdsPeer.start(domainId, Files.createDirectories(workDir.resolve("first")));
      try {
        first.writer(TOPIC, CycloneDdsPeer.AUDIO_DATA_STAMPED, PeerQos.bestEffort(10));
        Await.until("the node to match the first peer", DISCOVERY, () -> sub.matchedWriters() == 1);
        assertThat(publishUntilReceived(first, stamps, 100)).isTrue();
      } finally {
        first.kill();
      }
      Await.until("the node to drop the killed peer's writer", LEASE_EXPIRY, () -> sub.matchedWriters() == 0);
      stamps.clear();

      try (CycloneDdsPeer second = CycloneDdsPeer.start(domainId, Files.createDirectories(workDir.resolve("second")))) {
        second.writer(TOPIC, CycloneDdsPeer.AUDIO_DATA_STAMPED, PeerQos.bestEffort(10));
        Await.until("the node to match the restarted peer", DISCOVERY, () -> sub.matchedWriters() == 1);
        assertThat(publishUntilReceived(second, stamps, 200)).isTrue();
      }
      assertThat(sub.received()).isGreaterThanOrEqualTo(2);
    }
  }

  /** Best effort: publishes a message a second (up to 20) until one stamped {@code sec} arrives. */
  private static boolean publishUntilReceived(CycloneDdsPeer peer, BlockingQueue<Long> stamps, int sec)
      throws InterruptedException {
    for (int attempt = 0; attempt < 20; attempt++) {
      peer.publishAudio(TOPIC, 320, attempt, sec, 0);
      Long got = stamps.poll(1, TimeUnit.SECONDS);
      while (got != null) {
        if (got == sec) {
          return true;
        }
        got = stamps.poll(100, TimeUnit.MILLISECONDS);
      }
    }
    return false;
  }
}
