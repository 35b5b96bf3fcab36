package org.duplexnode.ports;

/**
 * Speech of one unit: 24 kHz S16LE mono. Players flush at {@code last}; {@code interrupted} says
 * the utterance was cut (barge-in or force-listen), so what is still queued should be dropped.
 * An interrupted last chunk may carry no samples.
 *
 * @param stampNs stamp of the end of the input audio that produced it
 */
public record SpeechChunk(long utteranceId, long unitIndex, long stampNs, short[] pcm, boolean first,
                          boolean last, boolean interrupted) implements OutputEvent {
  @Override
  public void sendTo(OutputPort port) {
    port.speech(this);
  }
}
