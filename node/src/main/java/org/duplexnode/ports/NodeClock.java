package org.duplexnode.ports;

/**
 * The node's notion of "now" in nanoseconds since the epoch: wall time when live, /clock when
 * use_sim_time is set, the bag's time during replay. Injected everywhere a stamp is made so
 * that live, simulated and replayed runs share the same code.
 */
public interface NodeClock {
  long nowNanos();

  /** Wall-clock time. */
  static NodeClock system() {
    return () -> {
      java.time.Instant now = java.time.Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
