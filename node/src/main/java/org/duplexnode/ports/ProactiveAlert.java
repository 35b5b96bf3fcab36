package org.duplexnode.ports;

/**
 * An utterance the node started on its own (fields of duplex_msgs/ProactiveEvent).
 *
 * @param watchId the watch it answers, empty when not attributed
 * @param frameStampNs the frame seen in the deciding unit, -1 when none
 * @param latencyS from audioStampNs to the moment the event was made (node clock)
 */
public record ProactiveAlert(String eventId, String kind, String text, String watchId, String watchCondition,
                             long utteranceId, long unitIndex, String frameId, long frameStampNs,
                             long audioStampNs, double latencyS) implements OutputEvent {
  @Override
  public void sendTo(OutputPort port) {
    port.proactive(this);
  }
}
