package org.duplexnode.ports;

/**
 * Per-unit state (fields of duplex_msgs/State).
 *
 * @param muted whether the unit was muted (~/mute): its microphone silenced, the model kept listening
 * @param bargeIn whether this state was sent at once because the user's voice was heard over the
 *     node's speech (stamped with the voice's onset; the other fields are the last unit's)
 */
public record StateUpdate(long stampNs, boolean speaking, long unitIndex, long utteranceId, double computeS,
                          double budgetS, int queueDepth, long droppedUnits, long droppedFrames, long inputErrors,
                          int cacheTokens, boolean muted, boolean bargeIn) implements OutputEvent {
  /** The state of a unit. */
  public StateUpdate(long stampNs, boolean speaking, long unitIndex, long utteranceId, double computeS,
                     double budgetS, int queueDepth, long droppedUnits, long droppedFrames, long inputErrors,
                     int cacheTokens, boolean muted) {
    this(stampNs, speaking, unitIndex, utteranceId, computeS, budgetS, queueDepth, droppedUnits, droppedFrames,
        inputErrors, cacheTokens, muted, false);
  }

  /** The state of a unit that was not muted. */
  public StateUpdate(long stampNs, boolean speaking, long unitIndex, long utteranceId, double computeS,
                     double budgetS, int queueDepth, long droppedUnits, long droppedFrames, long inputErrors,
                     int cacheTokens) {
    this(stampNs, speaking, unitIndex, utteranceId, computeS, budgetS, queueDepth, droppedUnits, droppedFrames,
        inputErrors, cacheTokens, false);
  }

  /** This unit's state, said again at {@code onsetNs} because the user's voice came over the node's speech. */
  public StateUpdate bargeInAt(long onsetNs) {
    return new StateUpdate(onsetNs, speaking, unitIndex, utteranceId, computeS, budgetS, queueDepth, droppedUnits,
        droppedFrames, inputErrors, cacheTokens, muted, true);
  }

  @Override
  public void sendTo(OutputPort port) {
    port.state(this);
  }
}
