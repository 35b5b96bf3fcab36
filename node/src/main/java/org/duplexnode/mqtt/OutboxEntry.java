package org.duplexnode.mqtt;

/**
 * One message waiting in the {@link Outbox}.
 *
 * @param seq the outbox's sequence number: increases by one per message appended, across restarts
 */
public record OutboxEntry(long seq, String topic, int qos, byte[] payload) {
  /** Bytes it counts against the outbox's bound (payload, topic and framing). */
  public long weight() {
    return payload.length + topic.length() + 24L;
  }
}
