package org.duplexnode.ingest.audio;

/** Why an audio message was dropped whole. Each is counted in {@link IngestCounters}. */
public enum RejectReason {
  /** No samples. */
  EMPTY,
  /** Sample rate outside the resampler's range. */
  BAD_SAMPLE_RATE,
  /** Channel count not in [1, {@value AudioIngestConfig#MAX_CHANNELS}]. */
  BAD_CHANNELS,
  /** Byte payload without a known sample format (AudioInfo missing or unknown). */
  UNKNOWN_FORMAT,
  /** Payload ends mid-frame. */
  TRUNCATED,
  /** Longer than the configured maximum message duration. */
  TOO_LONG,
  /** Stamped before an already accepted message (by more than the jitter tolerance). */
  OUT_OF_ORDER,
  /** Every sample lies in time already covered (a repeated or fully overlapping message). */
  DUPLICATE
}
