package org.duplexnode.audio;

import java.util.List;

/**
 * What /diagnostics reports of a local sound device (the local speaker or microphone).
 *
 * @param role "speaker" or "microphone"
 * @param device the device as configured ("" for the default) and, once open, the line it got
 * @param running whether the device is open and in use
 * @param samples samples played or captured so far
 * @param dropped speech chunks dropped because the speaker fell behind (0 for the microphone)
 * @param errors failures: the device could not be opened, a write or read failed
 * @param lastError the last failure's message, "" if none
 * @param bargeIn the speaker's barge-in policy and what the user's voice did to it; null for the microphone
 * @param streamRestarts times the speaker's device ran dry while it was to be kept playing (its
 *     thread fell behind): each starts the stream again, with another latency, which the echo
 *     canceller must learn anew; 0 for the microphone
 * @param volumeDb the speaker's {@code audio.local_speaker_volume_db} as it stands (0 for the microphone)
 */
public record LocalAudioHealth(String role, String device, boolean running, long samples, long dropped,
                               long errors, String lastError, BargeInState bargeIn, long streamRestarts,
                               double volumeDb) {

  /** At the volume as the model made it. */
  public LocalAudioHealth(String role, String device, boolean running, long samples, long dropped, long errors,
                          String lastError, BargeInState bargeIn, long streamRestarts) {
    this(role, device, running, samples, dropped, errors, lastError, bargeIn, streamRestarts, 0);
  }

  /** Without stream restarts counted. */
  public LocalAudioHealth(String role, String device, boolean running, long samples, long dropped, long errors,
                          String lastError, BargeInState bargeIn) {
    this(role, device, running, samples, dropped, errors, lastError, bargeIn, 0);
  }

  /**
   * The local speaker's barge-in as it stands (a behaviour may change it while the node runs).
   *
   * @param policy "stop", "stop, listens N ms", "duck N dB" or "off"
   * @param bargeIns voice onsets that stopped or ducked an utterance
   * @param cueDucks ducks on the echo canceller's cue
   * @param cueDucksUndone those the voice detector did not confirm (echo, or a voice too soft to count)
   * @param motion how the policy follows the robot's motion; null when it does not
   * @param bargeInsUndone barge-ins after which no voice went on while the utterance listened
   *     (audio.barge_in_listen_ms), so that it resumed or played at its level again: the robot's own
   *     echo had been taken for the user
   * @param bargeInsTheModelEnded listening stops held because the model's unit that heard the voice
   *     no longer spoke the utterance (it ended its turn on the user)
   */
  public record BargeInState(String policy, long bargeIns, long cueDucks, long cueDucksUndone, MotionState motion,
                             long bargeInsUndone, long bargeInsTheModelEnded) {
    public BargeInState(String policy, long bargeIns, long cueDucks, long cueDucksUndone, MotionState motion,
                        long bargeInsUndone) {
      this(policy, bargeIns, cueDucks, cueDucksUndone, motion, bargeInsUndone, 0);
    }

    public BargeInState(String policy, long bargeIns, long cueDucks, long cueDucksUndone, MotionState motion) {
      this(policy, bargeIns, cueDucks, cueDucksUndone, motion, 0);
    }

    public BargeInState(String policy, long bargeIns, long cueDucks, long cueDucksUndone) {
      this(policy, bargeIns, cueDucks, cueDucksUndone, null, 0);
    }
  }

  /**
   * The robot's motion as the barge-in policy follows it.
   *
   * @param whileMoving audio.barge_in_while_moving
   * @param moving whether the robot moves, or moved within audio.motion_hold_s
   * @param commands velocity commands heard
   * @param movingCommands those that said the robot moves
   * @param jointStates joint-state messages heard that named a joint of audio.motion_joints
   * @param movingJointStates those in which one of them moved
   * @param jointsNotHeard joints of audio.motion_joints no message has named yet; null when
   *     joint_states is not read
   */
  public record MotionState(String whileMoving, boolean moving, long commands, long movingCommands,
                            long jointStates, long movingJointStates, List<String> jointsNotHeard) {
    /** A robot whose joints are not followed. */
    public MotionState(String whileMoving, boolean moving, long commands, long movingCommands) {
      this(whileMoving, moving, commands, movingCommands, 0, 0, null);
    }
  }

  /** A microphone's health (no barge-in). */
  public LocalAudioHealth(String role, String device, boolean running, long samples, long dropped, long errors,
                          String lastError) {
    this(role, device, running, samples, dropped, errors, lastError, null);
  }

  /** A device that could not be opened: counted as one error, with the reason. */
  public static LocalAudioHealth unavailable(String role, String device, String reason) {
    return new LocalAudioHealth(role, device, false, 0, 0, 1, reason);
  }
}
