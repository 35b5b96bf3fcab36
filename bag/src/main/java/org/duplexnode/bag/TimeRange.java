package org.duplexnode.bag;

/** Log times of the first and last message, in nanoseconds (both inclusive). */
public record TimeRange(long startNs, long endNs) {
  public long durationNs() {
    return endNs - startNs;
  }

  public TimeRange union(TimeRange other) {
    return new TimeRange(Math.min(startNs, other.startNs), Math.max(endNs, other.endNs));
  }
}
