package org.duplexnode.ports;

/**
 * The node's answer to a behaviour's command (duplex_msgs/CommandReply on {@code ~/reply}, MQTT
 * {@code cmd/reply}): sent once per command, as soon as the node has applied or refused it, so a
 * behaviour never has to infer the outcome from other topics.
 *
 * @param stampNs the input time the command took effect at (node clock)
 * @param requestId chosen by the sender; empty when it gave none
 * @param command the command's name: {@code watch}, {@code say}, {@code context}, {@code reset}, {@code mute}
 * @param reason empty when accepted, else a stable code (docs/interfaces.md, "Command replies")
 * @param message what was done, or why it was refused, for people
 */
public record CommandReply(long stampNs, String requestId, String command, boolean accepted, String reason,
                           String message) implements OutputEvent {
  /** A field missing, out of range or of an unknown value. */
  public static final String INVALID_FIELD = "invalid_field";
  /** An ADD whose id is already active. */
  public static final String DUPLICATE_ID = "duplicate_id";
  /** An ADD beyond the most watches (or context notes) the node keeps. */
  public static final String TOO_MANY = "too_many";
  /** An ADD whose expiry cannot be written in a builtin_interfaces/Time. */
  public static final String EXPIRED = "expired";
  /** An ADD whose text does not fit what the model's context keeps for it. */
  public static final String OVER_BUDGET = "over_budget";
  /** A command this model or node cannot carry out (a say to a model without text-to-speech). */
  public static final String UNSUPPORTED = "unsupported";
  /** A REMOVE of an id that is not active. */
  public static final String UNKNOWN_ID = "unknown_id";
  public static CommandReply accepted(long stampNs, String requestId, String command, String message) {
    return new CommandReply(stampNs, requestId, command, true, "", message);
  }

  public static CommandReply refused(long stampNs, String requestId, String command, String reason, String message) {
    return new CommandReply(stampNs, requestId, command, false, reason, message);
  }

  @Override
  public void sendTo(OutputPort port) {
    port.reply(this);
  }
}
