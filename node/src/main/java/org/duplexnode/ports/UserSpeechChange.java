package org.duplexnode.ports;

/**
 * The user started or stopped speaking, as the node's voice detector hears the microphone
 * (duplex_msgs/UserSpeech on {@code ~/user_speech}). All times are input times.
 *
 * @param stampNs when the detector decided the change (the end of the window that decided it)
 * @param startNs the voice onset
 * @param endNs the end of the voice (END only; 0 on START)
 */
public record UserSpeechChange(long stampNs, Kind kind, long startNs, long endNs) implements OutputEvent {
  public enum Kind { START, END }

  public static UserSpeechChange start(long stampNs, long startNs) {
    return new UserSpeechChange(stampNs, Kind.START, startNs, 0);
  }

  public static UserSpeechChange end(long stampNs, long startNs, long endNs) {
    return new UserSpeechChange(stampNs, Kind.END, startNs, endNs);
  }

  @Override
  public void sendTo(OutputPort port) {
    port.userSpeech(this);
  }
}
