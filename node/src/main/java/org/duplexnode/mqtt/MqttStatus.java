package org.duplexnode.mqtt;

import java.util.Map;

/**
 * The bridge's counters at one moment, for /diagnostics and the shutdown summary.
 *
 * @param published messages the broker acknowledged (events, transcripts)
 * @param queued messages waiting in the outbox now
 * @param dropped messages dropped because the outbox was full (oldest first)
 * @param refused messages the broker refused (e.g. not authorised on the topic); not retried
 * @param reconnects connections made after the first
 * @param inboundRejected rejected commands by reason
 * @param lastError the last connection problem, empty when none
 */
public record MqttStatus(String url, boolean connected, long published, int queued, long queuedBytes, long dropped,
                         long refused, long outboxWriteErrors, long reconnects, long inboundAccepted,
                         Map<String, Long> inboundRejected, String lastError) {
  public MqttStatus {
    inboundRejected = Map.copyOf(inboundRejected);
  }

  public long inboundRejectedTotal() {
    return inboundRejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public String summary() {
    return "mqtt " + (connected ? "connected to " : "not connected to ") + url + ": " + published + " published, "
        + queued + " queued, " + dropped + " dropped, " + refused + " refused, " + reconnects + " reconnects; commands "
        + inboundAccepted + " accepted, " + inboundRejected + " rejected";
  }
}
