package org.duplexnode.mqtt;

import java.util.function.Supplier;
import org.duplexnode.ports.StatusReport.Level;
import org.duplexnode.ports.StatusReport;

/**
 * The bridge's status for /diagnostics: connection, outbox, drops, reconnects and rejected
 * commands. WARN while disconnected, and in the first report after new drops or rejected
 * commands; else OK.
 */
public final class MqttReport implements Supplier<StatusReport> {
  private final Supplier<MqttStatus> status;
  private long lastDropped;
  private long lastRejected;

  public MqttReport(Supplier<MqttStatus> status) {
    this.status = status;
  }

  @Override
  public synchronized StatusReport get() {
    MqttStatus m = status.get();
    StatusReport.Builder b = new StatusReport.Builder()
        .add("connected", m.connected())
        .add("published", m.published())
        .add("queued", m.queued())
        .add("queued bytes", m.queuedBytes())
        .add("dropped (outbox full)", m.dropped())
        .add("refused by broker", m.refused())
        .add("outbox write errors", m.outboxWriteErrors())
        .add("reconnects", m.reconnects())
        .add("commands accepted", m.inboundAccepted());
    m.inboundRejected().forEach((reason, n) -> b.add("commands rejected: " + reason, n));
    Level level;
    String message;
    if (!m.connected()) {
      level = Level.WARN;
      message = "not connected to the broker; " + m.queued() + " messages queued"
          + (m.lastError().isEmpty() ? "" : ": " + m.lastError());
    } else if (m.dropped() > lastDropped) {
      level = Level.WARN;
      message = (m.dropped() - lastDropped) + " messages dropped: the outbox was full";
    } else if (m.inboundRejectedTotal() > lastRejected) {
      level = Level.WARN;
      message = (m.inboundRejectedTotal() - lastRejected) + " commands rejected since the last report";
    } else {
      level = Level.OK;
      message = "connected";
    }
    lastDropped = m.dropped();
    lastRejected = m.inboundRejectedTotal();
    return b.build("mqtt", m.url(), level, message);
  }
}
