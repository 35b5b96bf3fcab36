package org.duplexnode.ports;

/**
 * Per-unit state (fields of duplex_msgs/State).
 *
 * @param muted whether the unit was muted (~/mute): its microphone silenced, the model kept listening
 */
public record StateUpdate(long stampNs, boolean speaking, long unitIndex, long utteranceId, double computeS,
                          double budgetS, int queueDepth, long droppedUnits, long droppedFrames, long inputErrors,
                          int cacheTokens, boolean muted) implements OutputEvent {
  /** The state of a unit that was not muted. */
  public StateUpdate(long stampNs, boolean speaking, long unitIndex, long utteranceId, double computeS,
                     double budgetS, int queueDepth, long droppedUnits, long droppedFrames, long inputErrors,
                     int cacheTokens) {
    this(stampNs, speaking, unitIndex, utteranceId, computeS, budgetS, queueDepth, droppedUnits, droppedFrames,
        inputErrors, cacheTokens, false);
  }

  @Override
  public void sendTo(OutputPort port) {
    port.state(this);
  }
}
