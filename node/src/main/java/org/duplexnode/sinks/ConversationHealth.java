package org.duplexnode.sinks;

/**
 * How the conversation is keeping up, for /diagnostics: per-unit compute against the 1-s budget,
 * the queue, drops and failures, the KV cache, time to first speech and barge-in stop time.
 *
 * @param lastComputeS model time of the last unit
 * @param overBudgetUnits units whose model time exceeded the budget
 * @param firstSpeechLatencyS for the last utterance: node-clock time from the end of the input
 *     audio of its first unit to the publication of its first speech chunk (-1 before any)
 * @param bargeInStopS for the last force-listen: node-clock time from the request to the
 *     interrupted end of the utterance (-1 before any)
 */
public record ConversationHealth(long units, double lastComputeS, double maxComputeS, long overBudgetUnits,
                                 double budgetS, int queueDepth, long droppedUnits, long failedUnits, int cacheTokens,
                                 boolean speaking, double firstSpeechLatencyS, double bargeInStopS) {
  public static ConversationHealth initial() {
    return new ConversationHealth(0, 0, 0, 0, 1.0, 0, 0, 0, 0, false, -1, -1);
  }
}
