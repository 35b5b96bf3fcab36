package org.duplexnode.model.spec;

/**
 * Token2Wav: speech codes to 24 kHz audio, streaming, with its own caches (flow encoder, the
 * flow-matching steps, HiFT).
 */
public interface Vocoder {
  /** Audio for a window of codes; {@code last} flushes at the end of a turn. */
  float[] stream(int[] codes, boolean last);

  /** Back to the prompt voice's initial caches (start of a turn). */
  void resetCaches();
}
