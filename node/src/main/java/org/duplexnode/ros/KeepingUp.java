package org.duplexnode.ros;

import org.duplexnode.ports.ConversationHealth;
/**
 * Whether the conversation is falling behind, with hysteresis so the warning neither flickers nor
 * sticks. A report is behind when units were dropped since the previous report, more than one
 * unit waits in the queue, or a unit finished since the previous report over the budget. The
 * status turns "falling behind" at the first such report and clears once the reports have not
 * been behind for {@code clearAfterNanos}: the queue has drained, no unit was dropped and the
 * units ran within budget (or none ran: the node is idle) for that long. Not thread-safe.
 */
final class KeepingUp {
  private final long clearAfterNanos;
  private long droppedBefore;
  private long unitsBefore;
  private boolean behind;
  private long caughtUpSinceNanos = -1;

  KeepingUp(long clearAfterNanos) {
    this.clearAfterNanos = clearAfterNanos;
  }

  /** Takes one report's figures at {@code nowNanos} (monotonic); true while falling behind. */
  boolean behind(ConversationHealth h, long nowNanos) {
    boolean dropping = h.droppedUnits() > droppedBefore;
    boolean overBudget = h.units() > unitsBefore && h.lastComputeS() > h.budgetS();
    boolean backlog = h.queueDepth() > 1;
    droppedBefore = h.droppedUnits();
    unitsBefore = h.units();
    if (dropping || overBudget || backlog) {
      behind = true;
      caughtUpSinceNanos = -1;
    } else if (behind) {
      if (caughtUpSinceNanos < 0) {
        caughtUpSinceNanos = nowNanos;
      }
      if (nowNanos - caughtUpSinceNanos >= clearAfterNanos) {
        behind = false;
        caughtUpSinceNanos = -1;
      }
    }
    return behind;
  }
}
