package org.duplexnode.audio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When what the local speaker hands its line plays, on the clock the microphone is stamped with.
 *
 * <p>A line plays its samples back to back: while it still plays what it was handed, the next
 * slice follows the last. Otherwise it plays from now, the device's own latency after (a constant,
 * which the echo delay takes in). The device's position is not used for that: a sound server's
 * moves in steps, runs ahead of what is heard while the server fills its buffer, and stalls when a
 * stream runs dry; through PulseAudio it scattered a far end read per slice by 5-15 ms, and
 * stamped the next utterance after a pause half a second late. It is used after a flush, to count
 * what the line was given from what it played.
 *
 * <p>Speech and the silence that keeps a device's stream playing between utterances are told
 * apart: a duck plays again the speech the line held, not the silence after it.
 */
final class PlaybackTimeline {
  private static final int RATE = 24_000;

  /** Whether the line is to be kept playing silence between utterances once speech started it. */
  private final boolean keepStreaming;
  private volatile LongSupplier clockNs = System::nanoTime;
  /** Frames handed to the line since it opened, and of those the silence since its last speech (player thread). */
  private long writtenFrames;
  private long silenceAfterSpeech;
  /** Set by a flush: what the line was given before it will never play, so count from what it played. */
  private volatile boolean recount;
  /** When the last slice of speech handed over ends playing, and when all the line was given does. */
  private volatile long playsUntilNanos = Long.MIN_VALUE;
  private volatile long streamUntilNanos = Long.MIN_VALUE;
  /**
   * Whether speech started the device's stream and it has not been flushed since: silence keeps it
   * playing only then (a sound server waits for a full buffer before it starts a stream, and silence
   * that started it would keep that whole buffer queued ahead of the speech).
   */
  private volatile boolean streaming;
  /** Times the line ran dry while it was to be kept playing. */
  private final AtomicLong streamRestarts = new AtomicLong();

  PlaybackTimeline(boolean keepStreaming) {
    this.keepStreaming = keepStreaming;
  }

  void clock(LongSupplier clockNs) {
    this.clockNs = clockNs;
  }

  long now() {
    return clockNs.getAsLong();
  }

  /** Whether the line still plays speech handed to it. */
  boolean playing() {
    return playsUntilNanos > now();
  }

  /** Frames of speech the line held unplayed, the device having played {@code playedFrames} (-1: it cannot tell, so none). */
  long speechHeld(long playedFrames) {
    return playedFrames < 0 ? 0 : Math.max(0, writtenFrames - silenceAfterSpeech - playedFrames);
  }

  /** The line was flushed: nothing it held plays. Returns when. */
  long flushed() {
    recount = true;
    long now = now();
    playsUntilNanos = Math.min(playsUntilNanos, now);
    streamUntilNanos = Math.min(streamUntilNanos, now);
    streaming = false;
    return now;
  }

  /**
   * {@code frames} of speech are handed to the line now: returns when the first plays. After a
   * flush the count of what the line was given starts again from {@code playedFrames}.
   */
  long speech(int frames, LongSupplier playedFrames) {
    long now = now();
    if (recount) {
      recount = false;
      writtenFrames = Math.max(0, playedFrames.getAsLong());
      silenceAfterSpeech = 0;
      playsUntilNanos = Math.min(playsUntilNanos, now);
      streamUntilNanos = Math.min(streamUntilNanos, now);
    }
    long start = startAt(now);
    writtenFrames += frames;
    silenceAfterSpeech = 0;
    streamUntilNanos = start + framesToNanos(frames);
    playsUntilNanos = streamUntilNanos;
    streaming = keepStreaming;
    return start;
  }

  /** Of what {@link #speech} counted, {@code frames} never reached the line (a short or failed write). */
  void notWritten(int frames) {
    writtenFrames -= frames;
  }

  /** Whether the stream, started by speech, plays less than {@code aheadNanos} past {@code now}: it wants silence. */
  boolean wantsSilence(long now, long aheadNanos) {
    return streaming && streamUntilNanos - now < aheadNanos;
  }

  /** {@code frames} of silence were handed to the line from {@code start}. */
  void silence(long start, int frames) {
    writtenFrames += frames;
    silenceAfterSpeech += frames;
    streamUntilNanos = start + framesToNanos(frames);
  }

  /**
   * Where the next samples play: after what the line holds, or now where it ran dry (counted when
   * it was to be kept playing: the player fell behind).
   */
  long startAt(long now) {
    if (streamUntilNanos > now) {
      return streamUntilNanos;
    }
    if (streaming) {
      streamRestarts.incrementAndGet();
    }
    return now;
  }

  long streamRestarts() {
    return streamRestarts.get();
  }

  private static long framesToNanos(int frames) {
    return frames * 1_000_000_000L / RATE;
  }
}
