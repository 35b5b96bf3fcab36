package org.duplexnode.ingest.audio;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of the audio ingest, written by the ingest thread and readable from any thread (for
 * diagnostics). Durations are in nanoseconds of audio time.
 */
public final class IngestCounters {

  private static final int ACCEPTED = 0;
  private static final int NON_FINITE = 1;
  private static final int GAPS_FILLED = 2;
  private static final int GAP_FILL_NANOS = 3;
  private static final int OVERLAPS_TRIMMED = 4;
  private static final int OVERLAP_TRIM_NANOS = 5;
  private static final int INPUT_FRAMES = 6;
  private static final int FIXED = 7;

  private final AtomicLongArray values =
      new AtomicLongArray(FIXED + RejectReason.values().length + StreamResetReason.values().length);

  void accepted(long frames) {
    values.incrementAndGet(ACCEPTED);
    values.addAndGet(INPUT_FRAMES, frames);
  }

  void nonFinite(long samples) {
    values.addAndGet(NON_FINITE, samples);
  }

  void gapFilled(long nanos) {
    values.incrementAndGet(GAPS_FILLED);
    values.addAndGet(GAP_FILL_NANOS, nanos);
  }

  void overlapTrimmed(long nanos) {
    values.incrementAndGet(OVERLAPS_TRIMMED);
    values.addAndGet(OVERLAP_TRIM_NANOS, nanos);
  }

  void reject(RejectReason reason) {
    values.incrementAndGet(FIXED + reason.ordinal());
  }

  void restarted(StreamResetReason reason) {
    values.incrementAndGet(FIXED + RejectReason.values().length + reason.ordinal());
  }

  /** Messages accepted (wholly or after trimming an overlap). */
  public long acceptedMessages() {
    return values.get(ACCEPTED);
  }

  /** Samples per channel of accepted messages, before trimming. */
  public long inputFrames() {
    return values.get(INPUT_FRAMES);
  }

  /** NaN or infinite samples replaced by 0. */
  public long nonFiniteSamples() {
    return values.get(NON_FINITE);
  }

  public long gapsFilled() {
    return values.get(GAPS_FILLED);
  }

  public long gapFillNanos() {
    return values.get(GAP_FILL_NANOS);
  }

  public long overlapsTrimmed() {
    return values.get(OVERLAPS_TRIMMED);
  }

  public long overlapTrimNanos() {
    return values.get(OVERLAP_TRIM_NANOS);
  }

  public long rejected(RejectReason reason) {
    return values.get(FIXED + reason.ordinal());
  }

  public long rejectedTotal() {
    long sum = 0;
    for (RejectReason r : RejectReason.values()) {
      sum += rejected(r);
    }
    return sum;
  }

  public long resets(StreamResetReason reason) {
    return values.get(FIXED + RejectReason.values().length + reason.ordinal());
  }

  /** Rejections by reason, for diagnostics (a copy). */
  public Map<RejectReason, Long> rejectedByReason() {
    Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
    for (RejectReason r : RejectReason.values()) {
      m.put(r, rejected(r));
    }
    return m;
  }

  /** Stream restarts by reason, for diagnostics (a copy). */
  public Map<StreamResetReason, Long> resetsByReason() {
    Map<StreamResetReason, Long> m = new EnumMap<>(StreamResetReason.class);
    for (StreamResetReason r : StreamResetReason.values()) {
      m.put(r, resets(r));
    }
    return m;
  }

  @Override
  public String toString() {
    return "IngestCounters{accepted=" + acceptedMessages() + ", rejected=" + rejectedByReason()
        + ", resets=" + resetsByReason() + ", nonFinite=" + nonFiniteSamples()
        + ", gapsFilled=" + gapsFilled() + ", overlapsTrimmed=" + overlapsTrimmed() + "}";
  }
}
