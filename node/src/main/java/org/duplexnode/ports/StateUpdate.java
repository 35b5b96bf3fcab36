package org.duplexnode.ports;

/** Per-unit state (fields of duplex_msgs/State). */
public record StateUpdate(long stampNs, boolean speaking, long unitIndex, long utteranceId, double computeS,
                          double budgetS, int queueDepth, long droppedUnits, long droppedFrames, long inputErrors,
                          int cacheTokens) implements OutputEvent {
  @Override
  public void sendTo(OutputPort port) {
    port.state(this);
  }
}
