package org.duplexnode.session;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Keeps the newest few camera frames so that each unit can be paired with the newest frame stamped
 * at or before the unit's end. More than one frame is kept because frames often arrive ahead of the
 * audio: with only the newest kept, a frame stamped just after the unit's end would hide the one
 * the unit should get.
 *
 * <p>A frame stamped earlier than the newest kept one is ignored and counted, unless it is earlier
 * by more than the backwards-reset threshold (a bag loop or clock reset): then the slot is cleared
 * and starts over from that frame. Thread-safe: the camera callback offers, the audio thread picks.
 *
 * @param <F> the frame type
 */
public final class FrameSlot<F> {

  private final int capacity;
  private final long backwardsResetNanos;
  private final ArrayDeque<Stamped<F>> frames;
  private long outOfOrder;
  private long resets;

  /**
   * @param capacity frames kept (at least 1)
   * @param backwardsResetNanos a frame this much older than the newest clears the slot
   */
  public FrameSlot(int capacity, long backwardsResetNanos) {
    if (capacity < 1 || capacity > 1024) {
      throw new IllegalArgumentException("capacity must be in [1, 1024]: " + capacity);
    }
    if (backwardsResetNanos <= 0) {
      throw new IllegalArgumentException("backwards reset threshold must be positive: " + backwardsResetNanos);
    }
    this.capacity = capacity;
    this.backwardsResetNanos = backwardsResetNanos;
    this.frames = new ArrayDeque<>(capacity);
  }

  /** Eight frames, reset on a 1-s backwards jump. */
  public static <F> FrameSlot<F> withDefaults() {
    return new FrameSlot<>(8, 1_000_000_000L);
  }

  public synchronized void offer(long stampNanos, F frame) {
    Stamped<F> newest = frames.peekLast();
    if (newest != null && stampNanos < newest.stampNanos()) {
      if (newest.stampNanos() - stampNanos > backwardsResetNanos) {
        frames.clear();
        resets++;
      } else {
        outOfOrder++;
        return;
      }
    }
    if (frames.size() == capacity) {
      frames.removeFirst();
    }
    frames.addLast(new Stamped<>(stampNanos, frame));
  }

  /**
   * The newest frame with {@code unitEnd - maxAge <= stamp <= unitEnd}, or null if there is none.
   * The frame stays in the slot (a slow camera's frame may serve several units while it is young enough).
   */
  public synchronized Stamped<F> pick(long unitEndNanos, long maxAgeNanos) {
    Iterator<Stamped<F>> it = frames.descendingIterator();
    while (it.hasNext()) {
      Stamped<F> f = it.next();
      if (f.stampNanos() <= unitEndNanos) {
        return unitEndNanos - f.stampNanos() <= maxAgeNanos ? f : null;
      }
    }
    return null;
  }

  public synchronized void clear() {
    frames.clear();
  }

  /** Frames ignored because they were older than the newest kept one. */
  public synchronized long outOfOrderFrames() {
    return outOfOrder;
  }

  /** Times the slot was cleared by a backwards jump. */
  public synchronized long resets() {
    return resets;
  }
}
