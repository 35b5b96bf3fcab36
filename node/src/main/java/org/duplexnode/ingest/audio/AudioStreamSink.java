package org.duplexnode.ingest.audio;

/**
 * Receives the contiguous 16 kHz mono stream that {@link AudioIngest} produces. Sample {@code j}
 * (counted from the last {@link #streamStarted}) belongs to audio time
 * {@code anchorNanos + j * 62500} ns. Calls come from the ingest's caller thread, in order; the
 * arrays are owned by the sink after the call.
 */
public interface AudioStreamSink {

  /** A new stream begins; sample 0 is stamped {@code anchorNanos}. */
  void streamStarted(long anchorNanos);

  /** The next {@code len} samples of the current stream. */
  void samples(float[] samples, int off, int len);

  /** The current stream ended (restart or end of input); no more samples until the next start. */
  void streamEnded();
}
