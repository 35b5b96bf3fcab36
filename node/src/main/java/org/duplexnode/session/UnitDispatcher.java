package org.duplexnode.session;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Completes each {@link AudioUnit} into a {@link SessionUnit}: pairs it with a frame from the
 * {@link FrameSlot}, attaches a pending force-listen request, and puts it on the {@link UnitQueue}.
 * Runs on the ingest thread; with a DROP_OLDEST queue it never waits for the model. A unit the
 * queue does not take (full DROP_OLDEST queue: its oldest unit goes instead; closed queue) is
 * counted there, never thrown.
 *
 * @param <F> the frame type
 */
public final class UnitDispatcher<F> implements Consumer<AudioUnit> {

  private final FrameSlot<F> frames;
  private final long maxFrameAgeNanos;
  private final UnitQueue<SessionUnit<F>> queue;
  private final AtomicBoolean forceListen = new AtomicBoolean();
  private volatile boolean muted;

  /**
   * @param maxFrameAgeNanos a frame older than this at the unit's end is not used
   */
  public UnitDispatcher(FrameSlot<F> frames, long maxFrameAgeNanos, UnitQueue<SessionUnit<F>> queue) {
    if (maxFrameAgeNanos < 0) {
      throw new IllegalArgumentException("max frame age must be >= 0: " + maxFrameAgeNanos);
    }
    this.frames = Objects.requireNonNull(frames, "frames");
    this.maxFrameAgeNanos = maxFrameAgeNanos;
    this.queue = Objects.requireNonNull(queue, "queue");
  }

  /** Marks the next unit produced as force-listen (barge-in); any thread. Repeated requests before it coalesce. */
  public void requestForceListen() {
    forceListen.set(true);
  }

  /**
   * Marks every unit produced from now on as muted (and force-listen, so the model keeps
   * listening), until unmuted; ingest thread, so a unit is muted when it is completed after the mute.
   */
  public void setMuted(boolean muted) {
    this.muted = muted;
  }

  @Override
  public void accept(AudioUnit unit) {
    Stamped<F> frame = frames.pick(unit.endNanos(), maxFrameAgeNanos);
    boolean m = muted;
    queue.put(new SessionUnit<>(unit, frame, forceListen.getAndSet(false) || m, m));
  }
}
