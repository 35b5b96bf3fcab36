package org.duplexnode.ports;

/**
 * A behaviour's command that steers the conversation (duplex_msgs Say, Context, Reset; MQTT
 * {@code cmd/say}, {@code cmd/context}, {@code cmd/reset}). Each is answered with a
 * {@link CommandReply} carrying its {@link #requestId()}.
 */
public sealed interface ConversationControl {
  /** Chosen by the sender, echoed in the reply; may be empty. */
  String requestId();

  /** The command's name in replies and on /diagnostics. */
  String command();

  /**
   * Speak {@code text} in the robot's voice as a turn the model remembers.
   *
   * @param interrupt cut the utterance in progress and speak now; else after it ends
   */
  record Say(String requestId, String text, boolean interrupt) implements ConversationControl {
    public static final int MAX_CHARS = 4096;

    @Override public String command() { return "say"; }
  }

  /** Add, remove or clear notes the model keeps in its context ("the user's name is Ana"). */
  record Context(String requestId, Action action, String contextId, String text) implements ConversationControl {
    public static final int MAX_ID_CHARS = 64;
    public static final int MAX_CHARS = 1024;

    public enum Action { ADD, REMOVE, CLEAR }

    @Override public String command() { return "context"; }
  }

  /** A new conversation; watches and context notes kept or cleared. */
  record Reset(String requestId, boolean keepWatches, boolean keepContext) implements ConversationControl {
    @Override public String command() { return "reset"; }
  }
}
