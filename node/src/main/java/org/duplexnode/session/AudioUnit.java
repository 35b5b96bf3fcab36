package org.duplexnode.session;

/**
 * One unit of 16 kHz mono audio, the input of one streaming prefill.
 *
 * <p>Which samples it holds, counting stream samples from 0 at the stream's anchor stamp (sample j
 * is audio time {@code anchor + j * 62.5 us}) and writing A = first - pad (15920 with
 * {@link UnitSchedule#MINICPM_O_45}):
 * <ul>
 *   <li>{@code indexInStream == 0}: {@code leadingPadSamples} (560) zeros, then stream samples
 *       [0, A); 16480 samples in all.
 *   <li>{@code indexInStream == k >= 1}: stream samples [A + 16000 (k - 1), A + 16000 k).
 *   <li>The last unit of a stream that ended early (restart or end of input) is completed with
 *       {@code trailingPadSamples} zeros; those count as stream samples for the stamps.
 * </ul>
 * Filled gaps are zeros inside the samples (the ingest inserted them as stream samples).
 *
 * @param index unit index over the whole session (the model's current_time); never repeats
 * @param streamIndex which stream (0, 1, ... after each restart)
 * @param indexInStream position within the stream; 0 means the model must start a fresh audio
 *     state (mel buffer, audio encoder cache) for this unit
 * @param startNanos audio time of the first non-pad sample
 * @param endNanos audio time just after the last sample ({@code start + (samples - leading pad) * 62.5 us})
 * @param samples the samples; owned by the unit, do not modify
 * @param leadingPadSamples zeros before the audio (560 in unit 0 of a stream, else 0)
 * @param trailingPadSamples zeros appended because the stream ended inside this unit
 */
public record AudioUnit(long index, long streamIndex, int indexInStream, long startNanos, long endNanos,
    float[] samples, int leadingPadSamples, int trailingPadSamples) {

  /** True for unit 0 of a stream. */
  public boolean startsStream() {
    return indexInStream == 0;
  }
}
