package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import diagnostic_msgs.msg.dds.DiagnosticArray;
import diagnostic_msgs.msg.dds.DiagnosticStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.duplexnode.mqtt.MqttReport;
import org.duplexnode.mqtt.MqttStatus;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.testing.OfflineTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bridge's counters in /diagnostics, and when its status turns WARN. */
@Tag("unit")
class MqttDiagnosticsTest {
  private static MqttStatus status(boolean connected, long dropped, Map<String, Long> rejected) {
    return new MqttStatus("tcp://broker:1883", connected, 10, 2, 900, dropped, 0, 0, 1, 4, rejected,
        connected ? "" : "connect to tcp://broker:1883 failed: Connection refused");
  }

  private static Map<String, String> values(DiagnosticStatus s) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < s.getValues().size(); i++) {
      out.put(s.getValues().get(i).getKeyAsString(), s.getValues().get(i).getValueAsString());
    }
    return out;
  }

  private static DiagnosticStatus mqttStatus(DiagnosticArray a) {
    for (int i = 0; i < a.getStatus().size(); i++) {
      if (a.getStatus().get(i).getNameAsString().endsWith(": mqtt")) {
        return a.getStatus().get(i);
      }
    }
    throw new AssertionError("no mqtt status");
  }

  @Test
  void countersAreReportedAndProblemsTurnItWarn() {
    AtomicReference<MqttStatus> now = new AtomicReference<>(status(false, 0, Map.of()));
    DiagnosticsPublisher d = new DiagnosticsPublisher(new OfflineTransport(), NodeClock.system(), List::of, 5);
    d.report(new MqttReport(now::get));

    DiagnosticStatus down = mqttStatus(d.publishOnce());
    assertThat(down.getLevel()).isEqualTo(DiagnosticStatus.WARN);
    assertThat(down.getMessageAsString()).contains("not connected").contains("2 messages queued")
        .contains("Connection refused");
    assertThat(values(down)).containsEntry("queued", "2").containsEntry("published", "10")
        .containsEntry("reconnects", "1").containsEntry("commands accepted", "4");

    now.set(status(true, 0, Map.of()));
    assertThat(mqttStatus(d.publishOnce()).getLevel()).isEqualTo(DiagnosticStatus.OK);

    now.set(status(true, 3, Map.of("rate_limited", 2L)));
    DiagnosticStatus dropped = mqttStatus(d.publishOnce());
    assertThat(dropped.getLevel()).isEqualTo(DiagnosticStatus.WARN);
    assertThat(dropped.getMessageAsString()).contains("3 messages dropped");
    assertThat(values(dropped)).containsEntry("commands rejected: rate_limited", "2");

    assertThat(mqttStatus(d.publishOnce()).getLevel()).as("only new drops warn").isEqualTo(DiagnosticStatus.OK);
  }
}
