package org.duplexnode.model.spec;

/**
 * How speech codes are drawn (the release's TTS defaults).
 *
 * @param codesPerUnit codes a full unit yields (25 = 1 s at 25 Hz); the loop runs one step more
 * @param repetitionWindow past codes of the unit the repetition penalty looks at
 * @param greedy argmax instead of a seeded draw (the release always draws; greedy is for golden tests)
 */
public record TtsOptions(int audioBos, int eos, int codesPerUnit, double temperature, double repetitionPenalty,
                         int repetitionWindow, boolean greedy, long seed) {

  public static TtsOptions release(int audioBos, int eos, long seed) {
    return new TtsOptions(audioBos, eos, 25, 0.8, 1.05, 16, false, seed);
  }

  public TtsOptions asGreedy() {
    return new TtsOptions(audioBos, eos, codesPerUnit, temperature, repetitionPenalty, repetitionWindow, true, seed);
  }
}
