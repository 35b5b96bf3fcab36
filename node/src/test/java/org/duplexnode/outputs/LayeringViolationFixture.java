package org.duplexnode.outputs;

import org.duplexnode.ros.SimClock;

/** A core class that uses an adapter, for the layering rules' own test: never used elsewhere. */
public final class LayeringViolationFixture {
  private LayeringViolationFixture() {}

  static long now(SimClock clock) {
    return clock.nowNanos();
  }
}
