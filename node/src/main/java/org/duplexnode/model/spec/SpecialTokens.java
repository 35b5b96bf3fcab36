package org.duplexnode.model.spec;

import java.util.Set;

/**
 * Ids of the special tokens the duplex protocol uses (MiniCPM-o 4.5 added_tokens.json). A model
 * package's manifest may override them; {@link #minicpmO45()} holds the release's values.
 */
public record SpecialTokens(
    int unitStart, int unitEnd, int listen, int speak, int ttsBos, int ttsEos, int turnEos,
    int chunkEos, int chunkTtsEos, int ttsPad, int audioStart, int audioEnd, int imageStart,
    int imageEnd, int imStart, int imEnd, int endOfText) {

  public static SpecialTokens minicpmO45() {
    return new SpecialTokens(151683, 151684, 151705, 151706, 151703, 151704, 151717, 151718, 151721,
        151722, 151697, 151699, 151669, 151670, 151644, 151645, 151643);
  }

  /** Tokens that end a unit without being fed at once (they are fed by finalize). */
  public boolean isTerminator(int id) {
    return id == listen || id == chunkEos || id == chunkTtsEos;
  }

  /** Tokens never counted as generated text (repetition history, transcript). */
  public Set<Integer> all() {
    return Set.of(unitStart, unitEnd, listen, speak, ttsBos, ttsEos, turnEos, chunkEos, chunkTtsEos, ttsPad,
        audioStart, audioEnd, imageStart, imageEnd, imStart, imEnd, endOfText);
  }
}
