package org.duplexnode.ports;

/**
 * An utterance that is not an answer to what the user just said (fields of
 * duplex_msgs/ProactiveEvent). Each such utterance gives two events with the same id: an early
 * one at the unit where it was found proactive, with the text so far, and a final one when the
 * utterance ends, with the whole text ({@code isFinal}).
 *
 * @param watchId the watch it answers, empty when not attributed
 * @param frameStampNs the frame seen in the deciding unit, -1 when none
 * @param latencyS from audioStampNs to the moment the event was made (node clock)
 * @param isFinal the utterance has ended and {@code text} is all of it
 */
public record ProactiveAlert(String eventId, String kind, String text, String watchId, String watchCondition,
                             long utteranceId, long unitIndex, String frameId, long frameStampNs,
                             long audioStampNs, double latencyS, boolean isFinal) implements OutputEvent {
  /** A final event: the whole utterance. */
  public ProactiveAlert(String eventId, String kind, String text, String watchId, String watchCondition,
                        long utteranceId, long unitIndex, String frameId, long frameStampNs, long audioStampNs,
                        double latencyS) {
    this(eventId, kind, text, watchId, watchCondition, utteranceId, unitIndex, frameId, frameStampNs, audioStampNs,
        latencyS, true);
  }

  @Override
  public void sendTo(OutputPort port) {
    port.proactive(this);
  }
}
