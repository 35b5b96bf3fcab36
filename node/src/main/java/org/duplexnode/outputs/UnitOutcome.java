package org.duplexnode.outputs;

/**
 * One processed unit as the outputs stage sees it.
 *
 * @param audioStartNs stamp of the unit's first input sample
 * @param audioEndNs stamp just after its last input sample
 * @param frameStampNs stamp of the camera frame the unit used, or -1 when none
 * @param frameId frame of that image (empty when none)
 * @param listening the model listened this unit
 * @param text the unit's text (empty when listening)
 * @param speech 24 kHz mono samples in [-1, 1] produced this unit (may be empty)
 * @param endOfTurn the model ended its turn in this unit
 * @param forcedListen the unit listened because force-listen (or session start) forced it
 * @param computeNs time the model took for the unit
 * @param queueDepth units waiting behind this one
 * @param cacheTokens tokens in the LLM's KV cache after the unit
 */
public record UnitOutcome(long unitIndex, long audioStartNs, long audioEndNs, long frameStampNs, String frameId,
                          boolean listening, String text, float[] speech, boolean endOfTurn, boolean forcedListen,
                          long computeNs, int queueDepth, int cacheTokens) {}
