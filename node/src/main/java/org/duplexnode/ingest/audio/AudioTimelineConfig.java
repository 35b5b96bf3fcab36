package org.duplexnode.ingest.audio;

/**
 * Tolerances of the audio timeline (see {@link AudioTimeline} for the rules they drive).
 *
 * @param jitterToleranceNanos a message stamped within this of the expected time continues the
 *     stream seamlessly; its stamp is ignored and the sample count is the truth
 * @param maxGapFillNanos a later stamp beyond the tolerance and up to this is filled with silence;
 *     beyond it the stream restarts
 * @param backwardsResetNanos a message stamped earlier than expected by more than this restarts the
 *     stream (bag loop, clock reset); smaller backward steps are overlaps, duplicates or out-of-order
 */
public record AudioTimelineConfig(long jitterToleranceNanos, long maxGapFillNanos, long backwardsResetNanos) {

  /** Upper bound of {@code maxGapFillNanos}: the silence it inserts is allocated. */
  public static final long MAX_GAP_FILL_LIMIT_NANOS = 60_000_000_000L;

  public AudioTimelineConfig {
    if (jitterToleranceNanos < 0) {
      throw new IllegalArgumentException("jitter tolerance must be >= 0: " + jitterToleranceNanos);
    }
    if (maxGapFillNanos < jitterToleranceNanos || maxGapFillNanos > MAX_GAP_FILL_LIMIT_NANOS) {
      throw new IllegalArgumentException("max gap fill must be in [jitter tolerance, 60 s]: " + maxGapFillNanos);
    }
    if (backwardsResetNanos <= jitterToleranceNanos) {
      throw new IllegalArgumentException("backwards reset threshold must exceed the jitter tolerance: "
          + backwardsResetNanos);
    }
  }

  /** 50 ms jitter tolerance, gaps up to 2 s filled, backwards jumps over 1 s restart. */
  public static AudioTimelineConfig defaults() {
    return new AudioTimelineConfig(50_000_000L, 2_000_000_000L, 1_000_000_000L);
  }
}
