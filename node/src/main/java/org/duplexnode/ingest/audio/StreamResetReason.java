package org.duplexnode.ingest.audio;

/** Why the audio stream was restarted. Each is counted in {@link IngestCounters}. */
public enum StreamResetReason {
  /** A message arrived later than expected by more than the maximum gap that is filled with silence. */
  GAP_TOO_LONG,
  /** A message was stamped earlier than expected by more than the backwards-reset threshold. */
  TIME_BACKWARDS,
  /** The sample rate changed. */
  SAMPLE_RATE_CHANGE
}
