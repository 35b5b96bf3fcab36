package org.duplexnode.ingest.audio;

import java.util.Objects;

/**
 * Limits of the audio ingest.
 *
 * @param timeline the timeline tolerances
 * @param maxMessageNanos longest accepted message; longer ones are rejected as TOO_LONG so that one
 *     message cannot make the ingest allocate without bound
 */
public record AudioIngestConfig(AudioTimelineConfig timeline, long maxMessageNanos) {

  public static final int MAX_CHANNELS = 64;

  public AudioIngestConfig {
    Objects.requireNonNull(timeline, "timeline");
    if (maxMessageNanos <= 0 || maxMessageNanos > 60_000_000_000L) {
      throw new IllegalArgumentException("max message duration must be in (0, 60 s]: " + maxMessageNanos);
    }
  }

  /** Default timeline, messages up to 10 s. */
  public static AudioIngestConfig defaults() {
    return new AudioIngestConfig(AudioTimelineConfig.defaults(), 10_000_000_000L);
  }
}
