package org.duplexnode.mqtt;

import java.util.function.DoubleSupplier;

/**
 * Waits between reconnect attempts: {@code min}, doubling per failure up to {@code max}, each
 * scaled by a random factor in [0.5, 1) so that a fleet of robots does not reconnect in step after
 * a broker restart. A success starts again from {@code min}.
 */
public final class Backoff {
  private final double minS;
  private final double maxS;
  private final DoubleSupplier random;
  private int failures;

  public Backoff(double minS, double maxS, DoubleSupplier random) {
    if (!(minS > 0) || maxS < minS) {
      throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + minS + ".." + maxS);
    }
    this.minS = minS;
    this.maxS = maxS;
    this.random = random;
  }

  /** The wait before the next attempt (ms), counting one more failure. */
  public long nextDelayMs() {
    double ceiling = Math.min(maxS, minS * Math.pow(2, Math.min(failures, 30)));
    failures++;
    return Math.round(ceiling * (0.5 + 0.5 * random.getAsDouble()) * 1000);
  }

  public void reset() {
    failures = 0;
  }
}
