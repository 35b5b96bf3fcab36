package org.duplexnode.ports;

/**
 * Hears whether the robot is told to move (its velocity commands, cmd_vel): while it turns or
 * drives, the path from its loudspeaker to its microphone changes and the echo canceller must
 * learn it again.
 */
public interface MotionListener {
  /** A velocity command arrived: {@code moving} when any of its components is not (nearly) zero. */
  void motion(boolean moving);
}
