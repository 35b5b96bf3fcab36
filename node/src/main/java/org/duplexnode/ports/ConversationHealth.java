package org.duplexnode.ports;

/**
 * How the conversation is keeping up, for /diagnostics: per-unit compute against the 1-s budget,
 * the queue, drops and failures, the KV cache, time to first speech and barge-in stop time.
 *
 * @param lastComputeS model time of the last unit
 * @param overBudgetUnits units whose model time exceeded the budget
 * @param firstSpeechLatencyS for the last utterance: node-clock time from the end of the input
 *     audio of its first unit to the publication of its first speech chunk (-1 before any; measured
 *     where speech is published, not by the core)
 * @param bargeInStopS for the last force-listen that stopped speech: node-clock time from its
 *     arrival to the publication of the interrupted utterance's last chunk (-1 before any; measured
 *     where speech is published, not by the core)
 * @param failedUnits units skipped because the model threw or ran past the unit time limit
 * @param timedOutUnits of those, the units that ran past the limit (their late output discarded)
 * @param stuckS how long the model has been on its current unit when that is past the limit, else 0
 * @param unitTimeoutS the unit time limit
 * @param failedInARow failed units since the last unit that ran (0 when the last one ran)
 * @param lastFailure why the last failed unit failed; empty before any
 * @param modelFailure why the model stopped for good (its thread ended, or too many units failed
 *     in a row); empty while it runs
 * @param refusedWatches watch ADDs refused (limits, duplicate id, no room in the model's context)
 */
public record ConversationHealth(long units, double lastComputeS, double maxComputeS, long overBudgetUnits,
                                 double budgetS, int queueDepth, long droppedUnits, long failedUnits, int cacheTokens,
                                 boolean speaking, double firstSpeechLatencyS, double bargeInStopS,
                                 long timedOutUnits, double stuckS, double unitTimeoutS, long failedInARow,
                                 String lastFailure, String modelFailure, long refusedWatches) {
  public static ConversationHealth initial() {
    return new ConversationHealth(0, 0, 0, 0, 1.0, 0, 0, 0, 0, false, -1, -1, 0, 0, 0, 0, "", "", 0);
  }

  /** The same figures while the model has been on its current unit for {@code seconds}, past the limit. */
  public ConversationHealth stuckFor(double seconds) {
    return new ConversationHealth(units, lastComputeS, maxComputeS, overBudgetUnits, budgetS, queueDepth, droppedUnits,
        failedUnits, cacheTokens, speaking, firstSpeechLatencyS, bargeInStopS, timedOutUnits, seconds, unitTimeoutS,
        failedInARow, lastFailure, modelFailure, refusedWatches);
  }

  /** The same figures with another count of refused watch ADDs. */
  public ConversationHealth withRefusedWatches(long n) {
    return new ConversationHealth(units, lastComputeS, maxComputeS, overBudgetUnits, budgetS, queueDepth, droppedUnits,
        failedUnits, cacheTokens, speaking, firstSpeechLatencyS, bargeInStopS, timedOutUnits, stuckS, unitTimeoutS,
        failedInARow, lastFailure, modelFailure, n);
  }

  /** The same figures with the speech timings measured where speech is published. */
  public ConversationHealth withSpeechTimings(double firstSpeechS, double bargeInS) {
    return new ConversationHealth(units, lastComputeS, maxComputeS, overBudgetUnits, budgetS, queueDepth, droppedUnits,
        failedUnits, cacheTokens, speaking, firstSpeechS, bargeInS, timedOutUnits, stuckS, unitTimeoutS,
        failedInARow, lastFailure, modelFailure, refusedWatches);
  }

  /** Whether the model has stopped for good. */
  public boolean modelFailed() {
    return !modelFailure.isEmpty();
  }
}
