package org.duplexnode.ingest.audio;

import java.util.Objects;

/**
 * Places audio messages on one continuous sample timeline from their stamps, at the message's own
 * sample rate (before resampling, so the resampler only ever sees contiguous audio).
 *
 * <p>A stream starts at the first message: its stamp anchors sample 0, and the expected stamp of the
 * next message is {@code anchor + samplesSoFar / rate}. A message with the same stamp and length as
 * the previous accepted one is a repeat and is dropped as {@link RejectReason#DUPLICATE} (by stamps
 * alone a repeat of a message shorter than the tolerance would pass for jitter). Every other
 * message is compared with the expectation ({@code delta = stamp - expected}, tolerance {@code tol}):
 * <ul>
 *   <li>{@code |delta| <= tol}: jitter. The message continues the stream as is; its stamp is not used.
 *   <li>{@code tol < delta <= maxGapFill}: a gap. {@code round(delta * rate)} samples of silence go
 *       before the message, which then starts exactly where its stamp says.
 *   <li>{@code delta > maxGapFill}: the stream restarts at this message ({@link StreamResetReason#GAP_TOO_LONG}).
 *   <li>{@code delta < -backwardsReset}: time went backwards; the stream restarts at this message
 *       ({@link StreamResetReason#TIME_BACKWARDS}).
 *   <li>otherwise ({@code -backwardsReset <= delta < -tol}) the message overlaps time already covered:
 *     <ul>
 *       <li>if it ends no later than {@code expected + tol} it brings nothing new and is dropped:
 *           as {@link RejectReason#OUT_OF_ORDER} if stamped earlier than the previous accepted
 *           message by more than {@code tol} (it arrived after a later one), else as
 *           {@link RejectReason#DUPLICATE};
 *       <li>else its first {@code round(-delta * rate)} samples are dropped (an overlap) and the rest
 *           continues the stream.
 *     </ul>
 * </ul>
 * A change of sample rate restarts the stream ({@link StreamResetReason#SAMPLE_RATE_CHANGE}).
 * Silence inserted for a gap counts as stream samples, so the expectation stays anchored to the stamps.
 * Not thread-safe.
 */
public final class AudioTimeline {

  /** What to do with one message. */
  public sealed interface Placement permits Start, Append, Drop {
  }

  /** Start a new stream at this message (all of it is used). {@code reason} is null for the first stream. */
  public record Start(StreamResetReason reason) implements Placement {
  }

  /** Continue the stream: insert {@code silenceFrames} of silence, then the message minus its first {@code skipFrames}. */
  public record Append(int silenceFrames, int skipFrames) implements Placement {
  }

  /** Drop the whole message. */
  public record Drop(RejectReason reason) implements Placement {
    public Drop {
      Objects.requireNonNull(reason, "reason");
    }
  }

  private static final Append CONTIGUOUS = new Append(0, 0);

  private final AudioTimelineConfig config;
  private boolean started;
  private int rate;
  private long anchorNanos;
  private long streamFrames;
  private long lastStampNanos;
  private int lastFrames;

  public AudioTimeline(AudioTimelineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Decides where a message of {@code frames} samples at {@code sampleRate} stamped {@code stampNanos} goes, and records it. */
  public Placement place(long stampNanos, int sampleRate, int frames) {
    if (!started) {
      return start(null, stampNanos, sampleRate, frames);
    }
    if (sampleRate != rate) {
      return start(StreamResetReason.SAMPLE_RATE_CHANGE, stampNanos, sampleRate, frames);
    }
    if (stampNanos == lastStampNanos && frames == lastFrames) {
      return new Drop(RejectReason.DUPLICATE);
    }
    long tol = config.jitterToleranceNanos();
    long expected = expectedStampNanos();
    long delta = stampNanos - expected;
    if (delta > tol) {
      if (delta > config.maxGapFillNanos()) {
        return start(StreamResetReason.GAP_TOO_LONG, stampNanos, sampleRate, frames);
      }
      int silence = (int) framesIn(delta, rate);
      streamFrames += silence + frames;
      accepted(stampNanos, frames);
      return new Append(silence, 0);
    }
    if (delta >= -tol) {
      streamFrames += frames;
      accepted(stampNanos, frames);
      return CONTIGUOUS;
    }
    if (-delta > config.backwardsResetNanos()) {
      return start(StreamResetReason.TIME_BACKWARDS, stampNanos, sampleRate, frames);
    }
    long endNanos = stampNanos + nanosOf(frames, rate);
    if (endNanos <= expected + tol) {
      return new Drop(stampNanos < lastStampNanos - tol ? RejectReason.OUT_OF_ORDER : RejectReason.DUPLICATE);
    }
    int skip = (int) Math.min(frames - 1L, framesIn(-delta, rate));
    streamFrames += frames - skip;
    accepted(stampNanos, frames);
    return new Append(0, skip);
  }

  /** Forgets the stream; the next message starts a new one without a reset reason. */
  public void clear() {
    started = false;
  }

  /** Stamp of sample 0 of the current stream. */
  public long anchorNanos() {
    return anchorNanos;
  }

  /** Samples (at the stream's rate) in the current stream, inserted silence included. */
  public long streamFrames() {
    return streamFrames;
  }

  /** Where the next message is expected to start. */
  public long expectedStampNanos() {
    return anchorNanos + nanosOf(streamFrames, rate);
  }

  private Placement start(StreamResetReason reason, long stampNanos, int sampleRate, int frames) {
    started = true;
    rate = sampleRate;
    anchorNanos = stampNanos;
    streamFrames = frames;
    accepted(stampNanos, frames);
    return new Start(reason);
  }

  private void accepted(long stampNanos, int frames) {
    lastStampNanos = stampNanos;
    lastFrames = frames;
  }

  /** Duration of {@code frames} samples at {@code rate}, without overflow for any realistic stream length. */
  public static long nanosOf(long frames, int rate) {
    return frames / rate * 1_000_000_000L + frames % rate * 1_000_000_000L / rate;
  }

  /** Samples at {@code rate} in {@code nanos}, rounded to nearest. */
  static long framesIn(long nanos, int rate) {
    return (nanos / 1_000_000_000L) * rate + ((nanos % 1_000_000_000L) * rate + 500_000_000L) / 1_000_000_000L;
  }
}
