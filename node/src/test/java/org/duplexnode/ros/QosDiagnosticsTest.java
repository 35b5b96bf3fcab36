package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import diagnostic_msgs.msg.dds.DiagnosticArray;
import diagnostic_msgs.msg.dds.DiagnosticStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.testing.OfflineTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The "qos" status of /diagnostics: none, a mismatch (WARN), cleared, unavailable. */
@Tag("unit")
class QosDiagnosticsTest {
  private static final String TYPE = "duplex_msgs::msg::dds_::WatchCommand_";

  private final List<RemoteEndpoint> remote = new ArrayList<>();
  private String unavailable;
  private final DiscoveryObserver observer = new DiscoveryObserver() {
    @Override
    public List<RemoteEndpoint> endpoints() {
      return List.copyOf(remote);
    }

    @Override
    public Optional<String> unavailable() {
      return Optional.ofNullable(unavailable);
    }

    @Override
    public void close() { }
  };
  private final DiagnosticsPublisher diagnostics = new DiagnosticsPublisher(
      new OfflineTransport(), NodeClock.system(), List::of, 5.0);

  QosDiagnosticsTest() {
    LocalEndpoint watch = new LocalEndpoint("rt/duplex_node/watch", TYPE, EndpointKind.READER,
        new EndpointQos(EndpointQos.Reliability.RELIABLE, EndpointQos.Durability.VOLATILE));
    diagnostics.reportQosCheck(new IncompatibleQosMonitor(() -> List.of(watch), observer, "00".repeat(16),
        guid -> Optional.empty()));
  }

  private DiagnosticStatus qos() {
    DiagnosticArray array = diagnostics.publishOnce();
    assertThat(array.getStatus().size()).isEqualTo(2);
    return array.getStatus().get(1);
  }

  private static Map<String, String> values(DiagnosticStatus s) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < s.getValues().size(); i++) {
      out.put(s.getValues().get(i).getKeyAsString(), s.getValues().get(i).getValueAsString());
    }
    return out;
  }

  @Test
  void noRemoteEndpointsIsOk() {
    DiagnosticStatus s = qos();
    assertThat(s.getNameAsString()).isEqualTo("duplex_node: qos");
    assertThat(s.getLevel()).isEqualTo(DiagnosticStatus.OK);
    assertThat(values(s)).containsEntry("incompatible_qos", "none").containsEntry("incompatible_qos warnings", "0");
  }

  @Test
  void aMismatchWarnsAndClearsWhenTheEndpointLeaves() {
    remote.add(new RemoteEndpoint("ab".repeat(16), "ab".repeat(12) + "000001c1", EndpointKind.WRITER,
        "rt/duplex_node/watch", TYPE, new EndpointQos(EndpointQos.Reliability.BEST_EFFORT, EndpointQos.Durability.VOLATILE)));
    DiagnosticStatus s = qos();
    assertThat(s.getLevel()).isEqualTo(DiagnosticStatus.WARN);
    assertThat(s.getMessageAsString()).contains("/duplex_node/watch");
    assertThat(values(s)).containsEntry("incompatible_qos endpoints", "1").containsEntry("incompatible_qos warnings", "1");
    assertThat(values(s).get("incompatible_qos")).contains("/duplex_node/watch", "best_effort", "reliable");

    remote.clear();
    DiagnosticStatus cleared = qos();
    assertThat(cleared.getLevel()).isEqualTo(DiagnosticStatus.OK);
    assertThat(values(cleared)).containsEntry("incompatible_qos", "none").containsEntry("incompatible_qos warnings", "1");
  }

  @Test
  void anUnavailableCheckIsShownNotHidden() {
    unavailable = "CycloneDDS's libddsc not found";
    DiagnosticStatus s = qos();
    assertThat(values(s)).containsEntry("incompatible_qos", "unavailable: CycloneDDS's libddsc not found");
    assertThat(s.getMessageAsString()).contains("unavailable");
  }
}
