package org.duplexnode.ros;

import diagnostic_msgs.msg.dds.DiagnosticStatus;
import java.util.Locale;
import org.duplexnode.ports.ConversationHealth;

/**
 * The level and message of the conversation's /diagnostics status. ERROR once the model has
 * stopped for good (with the reason; the node then exits), while the model is stuck on a unit past
 * the unit time limit, while the latest unit failed, and in the first report after units failed
 * (the model threw or ran past the limit; with the last reason); WARN while falling behind
 * ({@link KeepingUp}); else OK.
 *
 * @param level a {@link DiagnosticStatus} level
 */
public record ConversationStatus(byte level, String message) {

  /**
   * As {@link #of(ConversationHealth, long, boolean)}, behind when the last unit ran over the
   * budget or more than one unit waits (no memory of earlier reports).
   */
  public static ConversationStatus of(ConversationHealth h, long failedBefore) {
    return of(h, failedBefore, h.lastComputeS() > h.budgetS() || h.queueDepth() > 1);
  }

  /**
   * @param failedBefore {@link ConversationHealth#failedUnits()} at the previous report
   * @param behind whether the conversation is falling behind ({@link KeepingUp})
   */
  public static ConversationStatus of(ConversationHealth h, long failedBefore, boolean behind) {
    if (h.modelFailed()) {
      return new ConversationStatus(DiagnosticStatus.ERROR, "model failed: " + h.modelFailure());
    }
    if (h.stuckS() > 0) {
      return new ConversationStatus(DiagnosticStatus.ERROR, String.format(Locale.ROOT,
          "model stuck: on the current unit for %.1f s, over the %.1f s limit", h.stuckS(), h.unitTimeoutS()));
    }
    if (h.failedUnits() > failedBefore || h.failedInARow() > 0) {
      long timedOut = h.timedOutUnits();
      return new ConversationStatus(DiagnosticStatus.ERROR, (h.failedUnits() - failedBefore)
          + " units failed in the model since the last report, " + h.failedInARow() + " in a row"
          + (timedOut > 0 ? " (" + timedOut + " timed out so far)" : "") + ": " + h.lastFailure());
    }
    if (behind) {
      return new ConversationStatus(DiagnosticStatus.WARN, "falling behind: last unit "
          + String.format(Locale.ROOT, "%.2f", h.lastComputeS()) + " s of a " + h.budgetS() + " s budget, "
          + h.queueDepth() + " units queued, " + h.droppedUnits() + " units dropped so far");
    }
    return new ConversationStatus(DiagnosticStatus.OK, "keeping up");
  }
}
