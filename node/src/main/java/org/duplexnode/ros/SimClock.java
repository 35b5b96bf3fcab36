package org.duplexnode.ros;

import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ports.NodeClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sim time (use_sim_time): reads 0 until the first /clock message, then the newest one. Time
 * going backwards (a bag restarted in a loop) is accepted, as ROS does, but counted and logged,
 * so stamps and diagnostics show the jump.
 */
public final class SimClock implements NodeClock {
  private static final Logger LOG = LoggerFactory.getLogger(SimClock.class);

  private final AtomicLong now = new AtomicLong();
  private final AtomicLong jumpsBack = new AtomicLong();

  public void update(long nanos) {
    long before = now.getAndSet(nanos);
    if (nanos < before) {
      if (jumpsBack.incrementAndGet() == 1) {
        LOG.warn("/clock went backwards from {} ns to {} ns; following it (further jumps are only counted)", before, nanos);
      }
    }
  }

  @Override
  public long nowNanos() {
    return now.get();
  }

  public long jumpsBack() {
    return jumpsBack.get();
  }
}
