package org.duplexnode.audio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A sound card made up for tests: it plays 24 kHz frames as a clock the test moves on, holds what
 * it was given and not yet played, and drops that on a flush. It keeps every frame it was given
 * (with the frame position it plays at) and when it was last flushed.
 */
final class SimulatedSoundCard implements LocalSpeaker.Line {
  private final AtomicLong clockNs;
  private final long startNs;
  private final short[] given = new short[24_000 * 120];
  private long accepted;
  private long lastFlushNs = Long.MIN_VALUE;
  private int flushes;

  SimulatedSoundCard(AtomicLong clockNs) {
    this.clockNs = clockNs;
    this.startNs = clockNs.get();
  }

  @Override
  public synchronized int write(byte[] pcm, int off, int len) {
    // An underrun: the card plays what comes next from now on.
    accepted = Math.max(accepted, elapsedFrames());
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
    lastFlushNs = clockNs.get();
    flushes++;
  }

  @Override
  public void close() { }

  @Override
  public synchronized long playedFrames() {
    return Math.min(accepted, elapsedFrames());
  }

  private long elapsedFrames() {
    return (clockNs.get() - startNs) * 24_000 / 1_000_000_000L;
  }

  /** The last frame the card will play (exclusive) as it stands. */
  synchronized long acceptedFrames() {
    return accepted;
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
