package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duplexnode.ros.EndpointQos.Durability;
import org.duplexnode.ros.EndpointQos.Reliability;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class IncompatibleQosMonitorTest {
  private static final String OWN = "0".repeat(24) + "000001c1";
  private static final String TRANSCRIPT_TYPE = "duplex_msgs::msg::dds_::Transcript_";
  private static final String WATCH_TYPE = "duplex_msgs::msg::dds_::WatchCommand_";
  private static final EndpointQos RELIABLE_VOLATILE = new EndpointQos(Reliability.RELIABLE, Durability.VOLATILE);
  private static final EndpointQos BEST_EFFORT_VOLATILE = new EndpointQos(Reliability.BEST_EFFORT, Durability.VOLATILE);
  private static final EndpointQos RELIABLE_LATCHED = new EndpointQos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL);

  /** An observer whose endpoints the test sets. */
  static final class FakeObserver implements DiscoveryObserver {
    final List<RemoteEndpoint> endpoints = new ArrayList<>();
    String unavailable;

    @Override
    public List<RemoteEndpoint> endpoints() {
      return List.copyOf(endpoints);
    }

    @Override
    public Optional<String> unavailable() {
      return Optional.ofNullable(unavailable);
    }

    @Override
    public void close() {}
  }

  private final List<LocalEndpoint> local = List.of(
      new LocalEndpoint("rt/duplex_node/watch", WATCH_TYPE, EndpointKind.READER, RELIABLE_VOLATILE),
      new LocalEndpoint("rt/duplex_node/transcript", TRANSCRIPT_TYPE, EndpointKind.WRITER, RELIABLE_VOLATILE));
  private final FakeObserver observer = new FakeObserver();
  private final IncompatibleQosMonitor monitor = new IncompatibleQosMonitor(() -> local, observer, OWN,
      guid -> Optional.ofNullable(Map.of("aa".repeat(16), "/ui/teleop").get(guid)));

  private static RemoteEndpoint remote(String guid, EndpointKind kind, String topic, String type, EndpointQos qos) {
    return new RemoteEndpoint(guid, guid.substring(0, 24) + "000001c1", kind, topic, type, qos);
  }

  @Test
  void aBestEffortPublisherOnAReliableInputIsReportedWithTopicNodeAndKinds() {
    observer.endpoints.add(remote("aa".repeat(16), EndpointKind.WRITER, "rt/duplex_node/watch", WATCH_TYPE, BEST_EFFORT_VOLATILE));

    List<QosIncompatibility> found = monitor.check();

    assertThat(found).hasSize(1);
    assertThat(found.get(0).topic()).isEqualTo("/duplex_node/watch");
    assertThat(found.get(0).describe())
        .contains("/duplex_node/watch", "publisher of node /ui/teleop", "offers best_effort, volatile",
            "requests reliable, volatile", "reliability incompatible");
    assertThat(monitor.warnings()).isEqualTo(1);
  }

  @Test
  void aTransientLocalSubscriptionOnAVolatileOutputIsReported() {
    observer.endpoints.add(remote("bb".repeat(16), EndpointKind.READER, "rt/duplex_node/transcript", TRANSCRIPT_TYPE, RELIABLE_LATCHED));

    List<QosIncompatibility> found = monitor.check();

    assertThat(found).singleElement().satisfies(i -> assertThat(i.describe())
        .contains("subscription of participant " + "bb".repeat(12), "requests reliable, transient_local",
            "offers reliable, volatile", "durability incompatible"));
  }

  @Test
  void compatibleEndpointsOtherTopicsOtherTypesAndTheNodesOwnAreNotReported() {
    observer.endpoints.add(remote("cc".repeat(16), EndpointKind.WRITER, "rt/duplex_node/watch", WATCH_TYPE, RELIABLE_VOLATILE));
    observer.endpoints.add(remote("dd".repeat(16), EndpointKind.READER, "rt/duplex_node/transcript", TRANSCRIPT_TYPE, BEST_EFFORT_VOLATILE));
    observer.endpoints.add(remote("ee".repeat(16), EndpointKind.WRITER, "rt/other/watch", WATCH_TYPE, BEST_EFFORT_VOLATILE));
    observer.endpoints.add(remote("ff".repeat(16), EndpointKind.WRITER, "rt/duplex_node/watch", TRANSCRIPT_TYPE, BEST_EFFORT_VOLATILE));
    // A remote writer on a topic the node also writes: same side, nothing to match.
    observer.endpoints.add(remote("ab".repeat(16), EndpointKind.WRITER, "rt/duplex_node/transcript", TRANSCRIPT_TYPE, BEST_EFFORT_VOLATILE));
    observer.endpoints.add(new RemoteEndpoint("0".repeat(24) + "00000107", OWN, EndpointKind.WRITER,
        "rt/duplex_node/watch", WATCH_TYPE, BEST_EFFORT_VOLATILE));

    assertThat(monitor.check()).isEmpty();
    assertThat(monitor.warnings()).isZero();
  }

  @Test
  void eachPairIsWarnedOnceAndClearsWhenTheEndpointGoesAway() {
    RemoteEndpoint bad = remote("aa".repeat(16), EndpointKind.WRITER, "rt/duplex_node/watch", WATCH_TYPE, BEST_EFFORT_VOLATILE);
    observer.endpoints.add(bad);
    assertThat(monitor.check()).hasSize(1);
    assertThat(monitor.check()).hasSize(1);
    assertThat(monitor.warnings()).isEqualTo(1);

    observer.endpoints.clear();
    assertThat(monitor.check()).isEmpty();

    observer.endpoints.add(bad);
    assertThat(monitor.check()).hasSize(1);
    assertThat(monitor.warnings()).isEqualTo(2);
  }

  @Test
  void anUnavailableObserverIsSaidSo() {
    observer.unavailable = "CycloneDDS's libddsc not found";
    assertThat(monitor.check()).isEmpty();
    assertThat(monitor.unavailable()).contains("CycloneDDS's libddsc not found");
  }
}
