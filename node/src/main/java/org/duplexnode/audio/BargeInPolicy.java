package org.duplexnode.audio;

/**
 * Where the local speaker takes its barge-in policy from at each voice onset and cue: a fixed one,
 * or one that follows the robot's motion ({@link MovingBargeIn}).
 */
public interface BargeInPolicy {
  /** The policy in effect now. */
  BargeIn current();

  /** What /diagnostics says of the robot's motion; null when the policy does not follow it. */
  default LocalAudioHealth.MotionState motion() {
    return null;
  }

  /**
   * The speaker undid a barge-in no voice held (a stop resumed, a duck at its level again): the
   * robot's own echo had been taken for a voice, so its path changed. A policy that follows the
   * robot's motion counts it as motion ({@link MovingBargeIn}); a fixed one ignores it.
   */
  default void echoPathMoved() { }

  /** Always {@code policy}. */
  static BargeInPolicy fixed(BargeIn policy) {
    return () -> policy;
  }
}
