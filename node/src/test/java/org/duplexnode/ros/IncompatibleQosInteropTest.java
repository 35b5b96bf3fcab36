package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import diagnostic_msgs.msg.dds.DiagnosticArray;
import diagnostic_msgs.msg.dds.DiagnosticStatus;
import diagnostic_msgs.msg.dds.KeyValue;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.duplexnode.testing.CycloneDdsPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incompatible-QoS check against a real, independent DDS participant: the node's own transport
 * (Fast-DDS), the discovery observer (CycloneDDS through JNA) and the CycloneDDS peer process, on
 * loopback in a random domain. The peer's endpoints use the node's real topics and types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("interop")
class IncompatibleQosInteropTest {
  private static final Duration DISCOVERY = Duration.ofSeconds(60);

  private int domainId;
  private FastDdsTransport node;
  private CycloneDiscoveryObserver observer;
  private IncompatibleQosMonitor monitor;
  private DiagnosticsPublisher diagnostics;
  private CycloneDdsPeer peer;
  private RosSubscription camera;
  private RosPublisher<?> events;
  private RosGraphNames names;

  @BeforeAll
  void start(@TempDir Path workDir) {
    domainId = CycloneDdsPeer.randomDomainId();
    List<InetAddress> loopback = List.of(InetAddress.getLoopbackAddress());
    node = new FastDdsTransport(new NodeIdentity("duplex_node", "/"), RosArgs.empty(), domainId, loopback);
    names = RosGraphNames.follow(node);
    node.subscribe(NodeTopics.WATCH, m -> { });
    camera = node.subscribe(NodeTopics.IMAGE, m -> { });
    node.advertise(NodeTopics.TRANSCRIPT);
    events = node.advertise(NodeTopics.EVENTS);
    observer = CycloneDiscoveryObserver.start(domainId, loopback, Duration.ofMillis(200));
    assertThat(observer.unavailable()).isEmpty();
    monitor = IncompatibleQosMonitor.of(node, observer, names);
    diagnostics = new DiagnosticsPublisher(node, NodeClock.system(), List::of, 5.0);
    diagnostics.reportQosCheck(monitor);
    peer = CycloneDdsPeer.start(domainId, workDir);
  }

  @AfterAll
  void stop() {
    if (peer != null) {
      peer.close();
    }
    if (observer != null) {
      observer.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private Optional<QosIncompatibility> reported(String topic) {
    return monitor.check().stream().filter(i -> i.topic().equals(topic)).findFirst();
  }

  private boolean observed(CycloneDdsPeer from, EndpointKind kind, String ddsTopic) {
    return observer.endpoints().stream().anyMatch(e -> e.kind() == kind && e.ddsTopic().equals(ddsTopic)
        && e.participantGuid().equalsIgnoreCase(from.participantGuid()));
  }

  private static String value(DiagnosticStatus s, String key) {
    for (int i = 0; i < s.getValues().size(); i++) {
      KeyValue kv = s.getValues().get(i);
      if (kv.getKeyAsString().equals(key)) {
        return kv.getValueAsString();
      }
    }
    throw new AssertionError("no key " + key + " in " + s.getNameAsString());
  }

  private static DiagnosticStatus qosStatus(DiagnosticArray array) {
    for (int i = 0; i < array.getStatus().size(); i++) {
      if (array.getStatus().get(i).getNameAsString().equals("duplex_node: qos")) {
        return array.getStatus().get(i);
      }
    }
    throw new AssertionError("no qos status in /diagnostics");
  }

  @Test
  void aBestEffortPublisherOnTheReliableWatchInputIsOnDiagnostics() {
    peer.writer("/duplex_node/watch", CycloneDdsPeer.WATCH_COMMAND, PeerQos.bestEffort(10));
    Await.until("the QoS check to report /duplex_node/watch", DISCOVERY, () -> reported("/duplex_node/watch").isPresent());

    QosIncompatibility found = reported("/duplex_node/watch").orElseThrow();
    assertThat(found.remote().participantGuid()).isEqualToIgnoringCase(peer.participantGuid());
    assertThat(found.mismatches()).containsExactly(new QosCompatibility.Mismatch("reliability", "best_effort", "reliable"));

    DiagnosticStatus status = qosStatus(diagnostics.publishOnce());
    assertThat(status.getLevel()).isEqualTo(DiagnosticStatus.WARN);
    assertThat(status.getMessageAsString()).contains("/duplex_node/watch");
    assertThat(value(status, DiagnosticsPublisher.INCOMPATIBLE_QOS))
        .contains("/duplex_node/watch: publisher of participant " + peer.participantGuid().toLowerCase(),
            "offers best_effort, volatile", "requests reliable, volatile", "reliability incompatible");
    assertThat(Long.parseLong(value(status, DiagnosticsPublisher.INCOMPATIBLE_QOS + " warnings"))).isPositive();
    assertThat(node.inputErrors().total()).isZero();
  }

  @Test
  void aTransientLocalSubscriptionOfTheVolatileTranscriptIsOnDiagnostics() {
    peer.subscribe("/duplex_node/transcript", CycloneDdsPeer.TRANSCRIPT, PeerQos.latched(1));
    Await.until("the QoS check to report /duplex_node/transcript", DISCOVERY,
        () -> reported("/duplex_node/transcript").isPresent());

    assertThat(reported("/duplex_node/transcript").orElseThrow().describe())
        .contains("subscription of participant", "requests reliable, transient_local", "offers reliable, volatile",
            "durability incompatible");
    assertThat(value(qosStatus(diagnostics.publishOnce()), DiagnosticsPublisher.INCOMPATIBLE_QOS))
        .contains("/duplex_node/transcript");
  }

  @Test
  void compatibleEndpointsThatMatchedGiveNoWarning() {
    peer.writer("/camera/image_raw", CycloneDdsPeer.IMAGE, PeerQos.reliable(5));
    peer.subscribe("/duplex_node/events", CycloneDdsPeer.PROACTIVE_EVENT, PeerQos.reliable(10));
    // Both are seen by the observer and matched by the node: the check had its chance to object.
    Await.until("the observer to see the peer's camera writer and events reader", DISCOVERY,
        () -> observed(peer, EndpointKind.WRITER, "rt/camera/image_raw")
            && observed(peer, EndpointKind.READER, "rt/duplex_node/events"));
    Await.until("the node to match both", DISCOVERY, () -> camera.matchedWriters() > 0 && events.matchedReaders() > 0);

    assertThat(reported("/camera/image_raw")).isEmpty();
    assertThat(reported("/duplex_node/events")).isEmpty();
    assertThat(value(qosStatus(diagnostics.publishOnce()), DiagnosticsPublisher.INCOMPATIBLE_QOS))
        .doesNotContain("/camera/image_raw", "/duplex_node/events");
  }

  @Test
  void aRosNodeThatAnnouncesItselfIsNamed() {
    // A second node over Fast-DDS announces its endpoints on ros_discovery_info, as every rmw does.
    FastDdsTransport teleop = new FastDdsTransport(new NodeIdentity("teleop", "/ui"), RosArgs.empty(), domainId,
        List.of(InetAddress.getLoopbackAddress()));
    try {
      teleop.advertise(TopicSpec.of("/duplex_node/force_listen", duplex_msgs.msg.dds.ForceListen.class, QosProfile.STATE));
      node.subscribe(NodeTopics.FORCE_LISTEN, m -> { });
      Await.until("the QoS check to name /ui/teleop on /duplex_node/force_listen", DISCOVERY,
          () -> reported("/duplex_node/force_listen").flatMap(QosIncompatibility::remoteNode).isPresent());
      assertThat(reported("/duplex_node/force_listen").orElseThrow().describe())
          .contains("publisher of node /ui/teleop (participant " + teleop.participantGuid() + ")",
              "offers best_effort, volatile", "requests reliable, volatile");
    } finally {
      teleop.close();
    }
  }

  @Test
  void theWarningClearsWhenTheEndpointGoesAway(@TempDir Path otherDir) {
    try (CycloneDdsPeer other = CycloneDdsPeer.start(domainId, otherDir)) {
      other.subscribe("/duplex_node/events", CycloneDdsPeer.PROACTIVE_EVENT, PeerQos.latched(1));
      Await.until("the QoS check to report the second peer on /duplex_node/events", DISCOVERY,
          () -> monitor.check().stream().anyMatch(i -> i.topic().equals("/duplex_node/events")
              && i.remote().participantGuid().equalsIgnoreCase(other.participantGuid())));
    }
    Await.until("the report to clear once the second peer left", DISCOVERY,
        () -> monitor.check().stream().noneMatch(i -> i.topic().equals("/duplex_node/events")));
    assertThat(value(qosStatus(diagnostics.publishOnce()), DiagnosticsPublisher.INCOMPATIBLE_QOS))
        .doesNotContain("/duplex_node/events");
  }
}
