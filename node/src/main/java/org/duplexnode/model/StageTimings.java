package org.duplexnode.model;

/**
 * Where a unit's time went, in nanoseconds (wall clock on the model thread).
 *
 * @param mel the streaming log-mel (0 when the caller passed the mel)
 * @param audioEncode the audio encoder
 * @param vision the vision encoder (0 without a frame)
 * @param llm prefill, generate (decoding included) and finalize
 * @param tts the TTS codes of a speaking unit
 * @param token2wav Token2Wav windows
 * @param total the whole unit
 * @param insideGraphs the part of {@code total} spent inside graph calls; the rest is Java around them
 */
public record StageTimings(long mel, long audioEncode, long vision, long llm, long tts, long token2wav, long total,
                           long insideGraphs) {
  /** Java time around the graphs. */
  public long aroundGraphs() {
    return total - insideGraphs;
  }
}
