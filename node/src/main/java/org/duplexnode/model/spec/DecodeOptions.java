package org.duplexnode.model.spec;

/**
 * How the LLM's tokens are chosen each unit (the release's streaming_generate defaults).
 *
 * @param greedy argmax instead of sampling (both are deterministic: sampling uses {@code seed})
 * @param forceListenUnits the first units of a session are forced to listen (force_listen_count)
 * @param maxTokensPerUnit max_new_speak_tokens_per_chunk; the last step is forced to chunk_eos
 * @param maxUnitChars a token is rejected and the unit cut when the unit's text would reach this
 */
public record DecodeOptions(
    boolean greedy, double temperature, int topK, double topP, double repetitionPenalty,
    int repetitionWindow, double turnEosLengthPenalty, int forceListenUnits, int maxTokensPerUnit,
    int maxUnitChars, long seed) {

  public static DecodeOptions releaseDefaults(long seed) {
    return new DecodeOptions(false, 0.7, 20, 0.8, 1.05, 512, 1.1, 3, 20, 28, seed);
  }

  public static DecodeOptions greedyDefaults() {
    return new DecodeOptions(true, 0.7, 20, 0.8, 1.05, 512, 1.1, 3, 20, 28, 0);
  }

  public DecodeOptions withForceListenUnits(int n) {
    return new DecodeOptions(greedy, temperature, topK, topP, repetitionPenalty, repetitionWindow,
        turnEosLengthPenalty, n, maxTokensPerUnit, maxUnitChars, seed);
  }
}
