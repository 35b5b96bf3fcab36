package org.duplexnode.ros;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Follows the subscribed inputs for diagnostics: for each, how long it has gone without a matched
 * publisher, measured on a monotonic clock so sim time cannot confuse it.
 */
public final class InputTracker {
  private final List<RosSubscription> subscriptions;
  private final LongSupplier monotonicNanos;
  private final long[] lastSeen;

  public InputTracker(List<RosSubscription> subscriptions, LongSupplier monotonicNanos) {
    this.subscriptions = List.copyOf(subscriptions);
    this.monotonicNanos = monotonicNanos;
    this.lastSeen = new long[subscriptions.size()];
    long now = monotonicNanos.getAsLong();
    java.util.Arrays.fill(lastSeen, now);
  }

  public synchronized List<InputHealth> snapshot() {
    long now = monotonicNanos.getAsLong();
    List<InputHealth> out = new ArrayList<>();
    for (int i = 0; i < subscriptions.size(); i++) {
      RosSubscription s = subscriptions.get(i);
      if (s.matchedWriters() > 0) {
        lastSeen[i] = now;
      }
      out.add(new InputHealth(s.topic(), s.matchedWriters(), s.received(), (now - lastSeen[i]) / 1e9));
    }
    return out;
  }
}
