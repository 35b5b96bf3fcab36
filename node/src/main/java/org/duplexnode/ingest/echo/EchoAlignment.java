package org.duplexnode.ingest.echo;

/**
 * How far before each microphone frame the canceller's reference is taken: a delay set by hand
 * (the local speaker, whose playback times are known) or one estimated from the signals
 * ({@link TrackedEchoDelay}). Called on the ingest thread.
 */
public interface EchoAlignment {
  /** The reference for a frame heard at t is what played at t minus this. */
  long delayNanos();

  /**
   * The delay for the frame heard from {@code frameNanos} on, to a fraction of a nanosecond: where
   * it moves with {@link #driftRate()}, the frames' reference is one continuous signal.
   */
  default double delayNanosAt(long frameNanos) {
    return delayNanos();
  }

  /**
   * How much the delay grows per unit of microphone time (a player's clock slower than the
   * microphone's by this ratio): within a frame the reference is read at 1 minus this times the
   * microphone's rate.
   */
  default double driftRate() {
    return 0;
  }

  /**
   * True once after the echo path changed so much that the canceller must start over; the stage
   * asks before each frame.
   */
  default boolean restart() {
    return false;
  }

  /** Sees each microphone frame (before cancellation), the first sample heard at {@code startNanos}. */
  default void heard(short[] mic, int len, long startNanos) {
  }

  /** A delay that never changes. */
  static EchoAlignment fixed(long delayNanos) {
    return () -> delayNanos;
  }
}
