package org.duplexnode.ports;

/**
 * What a source hands to the rest of the node. Called on the source's thread: implementations
 * copy or enqueue and return at once; they never wait for the model.
 */
public interface InputPort {
  void onImage(RawImage image);

  void onCompressedImage(RawCompressedImage image);

  void onAudio(RawAudio audio);

  /**
   * What the robot's loudspeaker plays, as its player publishes it ({@code audio/far_end}): the
   * echo canceller's far end when {@code audio.echo_reference} is topic.
   */
  void onFarEnd(RawAudio audio);

  void onWatchRequest(WatchRequest request);

  /** A command that steers the conversation (say, context, reset); answered on the reply topic. */
  void onControl(ConversationControl control);

  /**
   * A command the source could not read (an unknown action, say): the node answers it on the
   * reply topic like any other, so the sender is never left waiting.
   */
  void onCommandRefused(CommandReply reply);

  /** Stop speaking now; applies to the next unit. */
  void onForceListen(long stampNanos, String reason);

  /** Mute or unmute: applied and answered at once, whatever the model is doing. */
  void onMute(MuteRequest request);
}
