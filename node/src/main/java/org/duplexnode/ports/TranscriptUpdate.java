package org.duplexnode.ports;

/** The node's speech as text, one per speaking unit (fields of duplex_msgs/Transcript). */
public record TranscriptUpdate(long utteranceId, long unitIndex, long stampNs, String text, String textSoFar,
                               boolean isFinal, boolean proactive, boolean interrupted, long audioStartNs,
                               long audioEndNs) implements OutputEvent {
  @Override
  public void sendTo(OutputPort port) {
    port.transcript(this);
  }
}
