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

  /** Always {@code policy}. */
  static BargeInPolicy fixed(BargeIn policy) {
    return () -> policy;
  }
}
