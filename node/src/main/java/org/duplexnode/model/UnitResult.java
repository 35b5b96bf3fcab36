package org.duplexnode.model;

import java.util.List;

/**
 * What one unit (one second of audio) produced, the release's streaming_generate result.
 *
 * @param unitIndex units since prepare, from 0 (the release's current_time)
 * @param isListen the unit ended in {@code <|listen|>}: no speech, {@code audio} is one second of zeros
 * @param forcedListen it listened because it was forced (first units of a session, or force-listen)
 * @param text the unit's text (steps after the first, special tokens removed)
 * @param audio 24 kHz mono float32 speech of this unit; one second (or more at the end of a turn,
 *     or empty when Token2Wav had not enough codes for a window); owned by the caller
 * @param endOfTurn {@code <|turn_eos|>} was emitted (or forced by force-listen) in this unit
 * @param tokens every LLM token chosen in order, the terminator included
 * @param speechCodes the TTS codes of a speaking unit (25, or fewer at the start or end of a turn)
 * @param textTokens tokens kept for the TTS (the release's n_tokens)
 * @param llmCacheLength LLM positions after this unit, its finalize included
 * @param audioEncoderPositions positions in the audio encoder's cache after this unit
 * @param timings where the time went
 */
public record UnitResult(long unitIndex, boolean isListen, boolean forcedListen, String text, float[] audio,
                         boolean endOfTurn, List<Integer> tokens, int[] speechCodes, int textTokens,
                         int llmCacheLength, int audioEncoderPositions, StageTimings timings) {}
