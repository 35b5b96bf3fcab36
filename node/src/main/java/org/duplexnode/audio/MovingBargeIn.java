package org.duplexnode.audio;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.duplexnode.ports.MotionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barge-in policy of a robot that moves: {@code audio.barge_in} while it stands still; while
 * its velocity commands say it moves (or a joint named in audio.motion_joints moves, from
 * joint_states: {@link #jointStates}), and {@code hold} after the last one that did, at most
 * {@code audio.barge_in_while_moving} (the milder of the two: off is milder than duck, duck than
 * stop). When the robot turns or drives, its loudspeaker's echo reaches the microphone through a
 * changed room and the canceller's filter no longer fits: until it has learnt the new path, the
 * echo stands far above what the guard expects and would stop the robot's own speech
 * (docs/benchmarks.md, "When the echo path changes"). The hold covers that learning.
 *
 * <p>The hold is measured on a monotonic clock, not the node's: velocity commands are live, and a
 * wall clock stepped by NTP must not end a hold early or make it last.
 */
public final class MovingBargeIn implements BargeInPolicy, MotionListener {
  private static final Logger LOG = LoggerFactory.getLogger(MovingBargeIn.class);
  /**
   * How long the last command that said the robot moves counts without a newer one, whatever the
   * hold: between commands (10-50 Hz) and until a base controller's usual cmd_vel timeout (0.5 s)
   * stops the robot when they stop coming.
   */
  static final int COMMAND_TIMEOUT_MS = 500;
  private final BargeIn.Mode whileMoving;
  private final long holdNanos;
  private final LongSupplier monotonicNanos;
  private volatile BargeIn configured;
  private final Signal velocityCommands = new Signal("cmd_vel");
  /** A barge-in no voice held: the echo path changed without a word from the robot. */
  private final Signal echoPath = new Signal("a barge-in its own echo made");
  private volatile Signal jointStates;
  private volatile Supplier<? extends Collection<String>> jointsNotHeard;

  /**
   * @param configured audio.barge_in as it stands (a behaviour may change it: {@link #configured(BargeIn)})
   * @param whileMoving the mildest policy allowed while the robot moves
   * @param holdNanos how long after the last moving command the robot still counts as moving
   */
  public MovingBargeIn(BargeIn configured, BargeIn.Mode whileMoving, long holdNanos, LongSupplier monotonicNanos) {
    if (holdNanos < 0) {
      throw new IllegalArgumentException("hold must not be negative: " + holdNanos);
    }
    this.configured = configured;
    this.whileMoving = whileMoving;
    this.holdNanos = holdNanos;
    this.monotonicNanos = monotonicNanos;
  }

  /** audio.barge_in changed while the node runs. */
  public void configured(BargeIn policy) {
    this.configured = policy;
  }

  /** A velocity command (cmd_vel). */
  @Override
  public void motion(boolean moving) {
    velocityCommands.heard(moving);
  }

  /**
   * Follows the robot's joints too (joint_states): what the returned listener hears counts as a
   * velocity command does, with its own timeout, so that neither source's "still" ends the
   * other's motion. {@code notHeard} says which of the joints followed no message has named yet,
   * for /diagnostics.
   */
  public MotionListener jointStates(Supplier<? extends Collection<String>> notHeard) {
    this.jointsNotHeard = notHeard;
    Signal signal = new Signal("joint_states");
    jointStates = signal;
    return signal::heard;
  }

  /**
   * The speaker undid a barge-in its own echo had made (no voice went on while it listened): the
   * echo path changed, whatever moved it, and the canceller learns it meanwhile. Counts as a motion
   * that has just ended: the hold runs from now.
   */
  @Override
  public void echoPathMoved() {
    echoPath.heard(true);
    echoPath.heard(false);
  }

  /**
   * Whether the robot moves (the last command of either source said so, and is at most
   * {@value #COMMAND_TIMEOUT_MS} ms old), or moved within the hold; or its own echo stopped it
   * within the hold ({@link #echoPathMoved}).
   */
  public boolean moving() {
    long now = monotonicNanos.getAsLong();
    Signal j = jointStates;
    return velocityCommands.moving(now) || j != null && j.moving(now) || echoPath.moving(now);
  }

  @Override
  public BargeIn current() {
    BargeIn now = configured;
    return moving() ? now.atMost(whileMoving) : now;
  }

  @Override
  public LocalAudioHealth.MotionState motion() {
    Signal j = jointStates;
    Supplier<? extends Collection<String>> notHeard = jointsNotHeard;
    return new LocalAudioHealth.MotionState(whileMoving.name().toLowerCase(java.util.Locale.ROOT), moving(),
        velocityCommands.messages.get(), velocityCommands.movingMessages.get(), j == null ? 0 : j.messages.get(),
        j == null ? 0 : j.movingMessages.get(), notHeard == null ? null : List.copyOf(notHeard.get()));
  }

  /** One source of motion: what its last message said, and when one last said the robot moves. */
  private final class Signal {
    private final String topic;
    /** When a message last said the robot moves; meaningful only once {@link #moved} is set. */
    private volatile long movedAtNanos;
    private volatile boolean moved;
    /** Whether the last message said the robot moves. */
    private volatile boolean saysMoving;
    private volatile boolean announced;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong movingMessages = new AtomicLong();

    Signal(String topic) {
      this.topic = topic;
    }

    void heard(boolean moving) {
      messages.incrementAndGet();
      boolean was = moving(monotonicNanos.getAsLong());
      saysMoving = moving;
      if (moving) {
        movingMessages.incrementAndGet();
        movedAtNanos = monotonicNanos.getAsLong();
        moved = true;
      }
      // Told once per stretch of motion, on the message that starts it and the first one after the hold.
      if (moving && !announced) {
        announced = true;
        LOG.info("the robot moves ({}): barge-in {} until {} s after it stops", topic, current().label(),
            holdNanos / 1e9);
      } else if (!moving && !was && announced) {
        announced = false;
        LOG.info("{} says the robot stands still: barge-in {}", topic, current().label());
      }
    }

    boolean moving(long now) {
      if (!moved) {
        return false;
      }
      long since = now - movedAtNanos;
      return since <= holdNanos || saysMoving && since <= COMMAND_TIMEOUT_MS * 1_000_000L;
    }
  }
}
