package org.duplexnode.audio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A sound card made up for tests: it plays 24 kHz frames as a clock the test moves on, holds what
 * it was given and not yet played (up to its buffer: a write waits for room as a real one does), and
 * drops that on a flush. It keeps every frame it was given
 * (with the frame position it plays at) and when it was last flushed.
 */
final class SimulatedSoundCard implements LocalSpeaker.Line {
  private final AtomicLong clockNs;
  /** Frames played by {@code markNs}; from then on the card plays one frame per 1/24000 s until it runs dry. */
  private long playedAtMark;
  private long markNs;
  private final short[] given = new short[24_000 * 120];
  private long accepted;
  private long lastFlushNs = Long.MIN_VALUE;
  private int flushes;

  private final long bufferFrames;
  /** When the card started playing after it had run dry (or first), and from which frame. */
  private final java.util.List<Long> startsNs = new java.util.ArrayList<>();
  private final java.util.List<Long> startFrames = new java.util.ArrayList<>();
  /** The clock time at which a writer last found the card full and waited for room; MIN_VALUE when none waits. */
  private long waitingAt = Long.MIN_VALUE;

  SimulatedSoundCard(AtomicLong clockNs) {
    this(clockNs, Long.MAX_VALUE / 2);
  }

  SimulatedSoundCard(AtomicLong clockNs, long bufferFrames) {
    this.clockNs = clockNs;
    this.bufferFrames = bufferFrames;
    this.markNs = clockNs.get();
  }

  @Override
  public synchronized int write(byte[] pcm, int off, int len) {
    long toFlushes = flushes;
    while (accepted - playedFrames() + len / 2 > bufferFrames) {
      waitingAt = clockNs.get();
      notifyAll();
      try {
        wait(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        waitingAt = Long.MIN_VALUE;
        return 0;
      }
      if (flushes != toFlushes) {
        waitingAt = Long.MIN_VALUE;
        return 0;
      }
    }
    waitingAt = Long.MIN_VALUE;
    if (playedFrames() == accepted) {
      // Run dry (or never started): what comes now plays from now; the frame count stood still.
      mark();
      startsNs.add(markNs);
      startFrames.add(accepted);
    }
    for (int i = 0; i < len / 2 && accepted < given.length; i++) {
      given[(int) accepted++] = (short) ((pcm[off + 2 * i] & 0xff) | (pcm[off + 2 * i + 1] << 8));
    }
    return len;
  }

  @Override
  public synchronized void flush() {
    long played = playedFrames();
    java.util.Arrays.fill(given, (int) Math.min(played, given.length), (int) Math.min(accepted, given.length),
        (short) 0);
    accepted = played;
    mark();
    lastFlushNs = clockNs.get();
    flushes++;
    // A writer waiting for room returns at once and hands its speech over again: it no longer waits
    // at this time, so settle() must wait for that hand-over, not take the old wait for it (else
    // the card restarts at whichever time the writer's thread happened to run: runs differed).
    waitingAt = Long.MIN_VALUE;
    notifyAll();
  }

  @Override
  public void close() { }

  @Override
  public synchronized long playedFrames() {
    return Math.min(accepted, playedAtMark + (clockNs.get() - markNs) * 24_000 / 1_000_000_000L);
  }

  private void mark() {
    playedAtMark = accepted;
    markNs = clockNs.get();
  }

  /**
   * Waits (at most {@code timeoutMs} of real time) until the writer has topped the card up at the
   * clock's present time: it waits for room now, or it has nothing more to write.
   * A test that moves the clock only after this sees the same playback every run: what the writer
   * hands over, and the times it stamps, never depend on when its thread happened to run.
   */
  synchronized void settle(java.util.function.BooleanSupplier writerDone, long timeoutMs) throws InterruptedException {
    long until = System.nanoTime() + timeoutMs * 1_000_000L;
    while (waitingAt != clockNs.get() && !writerDone.getAsBoolean() && System.nanoTime() < until) {
      wait(1);
    }
    if (waitingAt != clockNs.get() && !writerDone.getAsBoolean()) {
      throw new IllegalStateException("the speaker did not top the card up within " + timeoutMs + " ms");
    }
  }

  /** Waits (at most {@code timeoutMs} of real time) until the card holds {@code frames} not yet played. */
  synchronized void awaitHolding(long frames, long timeoutMs) throws InterruptedException {
    long until = System.nanoTime() + timeoutMs * 1_000_000L;
    while (accepted - playedFrames() < frames && System.nanoTime() < until) {
      wait(1);
    }
  }

  /** The last frame the card will play (exclusive) as it stands. */
  synchronized long acceptedFrames() {
    return accepted;
  }

  /**
   * What the room heard from the card from its first frame on, on the clock's timeline: silence
   * where the card had run dry or was flushed and not yet written again (a stop that listens).
   */
  synchronized short[] heard() {
    if (startsNs.isEmpty()) {
      return new short[0];
    }
    long played = playedFrames();
    long first = startsNs.get(0);
    int last = startsNs.size() - 1;
    int length = (int) ((startsNs.get(last) - first) * 24_000 / 1_000_000_000L + played - startFrames.get(last));
    short[] out = new short[Math.max(0, length)];
    for (int i = 0; i <= last; i++) {
      long from = startFrames.get(i);
      long to = i < last ? Math.min(startFrames.get(i + 1), played) : played;
      int at = (int) ((startsNs.get(i) - first) * 24_000 / 1_000_000_000L);
      for (long f = from; f < to && at + f - from < out.length && f < given.length; f++) {
        out[(int) (at + f - from)] = given[(int) f];
      }
    }
    return out;
  }

  /**
   * When (the clock's time) the card last played a sample that was not silence, up to now;
   * MIN_VALUE if it never did.
   */
  synchronized long lastSoundNs() {
    short[] heard = heard();
    int last = heard.length - 1;
    while (last >= 0 && heard[last] == 0) {
      last--;
    }
    return last < 0 ? Long.MIN_VALUE : startsNs.get(0) + (last + 1) * 1_000_000_000L / 24_000;
  }

  synchronized short frame(long at) {
    return given[(int) at];
  }

  synchronized long lastFlushNs() {
    return lastFlushNs;
  }

  synchronized int flushes() {
    return flushes;
  }
}
