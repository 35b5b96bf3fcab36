package org.duplexnode.mqtt;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerS} tokens a second, holding at most {@code max(1, ratePerS)}, so a
 * burst of that many passes and a flood is cut to the rate. Time is injected (nanoseconds).
 */
public final class RateLimiter {
  private final double ratePerNs;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  public RateLimiter(double ratePerS, LongSupplier nanoTime) {
    this.ratePerNs = ratePerS / 1e9;
    this.capacity = Math.max(1, ratePerS);
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  /** Takes a token if there is one. */
  public synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * ratePerNs);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
