package org.duplexnode.model;

import java.util.List;

/**
 * What the LLM decided in one unit.
 *
 * @param tokens every token chosen in order, including the leading listen/speak decision and the
 *     terminator (fed later by finalize)
 * @param listening the unit ended in {@code <|listen|>}
 * @param endOfTurn {@code <|turn_eos|>} was emitted (or forced by force-listen) in this unit
 * @param text this unit's text, special tokens removed
 * @param spoken tokens at step >= 1 with their hidden states, for the TTS
 * @param terminator the token finalize feeds before {@code </unit>}
 * @param forcedListen the unit listened because it was forced (start of session or force-listen)
 */
public record GeneratedUnit(List<Integer> tokens, boolean listening, boolean endOfTurn, String text,
                            List<SpokenToken> spoken, int terminator, boolean forcedListen) {}
