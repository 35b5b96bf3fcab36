package org.duplexnode.audio;

import java.util.Map;
import java.util.function.Consumer;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;

/**
 * The barge-in parameters a behaviour may change while the node runs (~/set_parameters):
 * {@code audio.barge_in}, {@code audio.barge_in_duck_db} and {@code audio.barge_in_listen_ms}, applied to the local speaker from its
 * next voice onset on. A robot that is about to turn or drive while it talks can set {@code duck}
 * or {@code off} and restore {@code stop} afterwards: the echo canceller's filter no longer fits
 * a path that moved, and its echo may be taken for the user until it has learnt the new one.
 */
public final class BargeInParameters {
  private BargeInParameters() {}

  /**
   * What applies each changeable parameter to {@code speaker}, reading the new values from
   * {@code params} (the service has set them there); none without a local speaker.
   */
  public static Map<String, Consumer<Object>> appliedTo(LocalSpeaker speaker, ParameterSet params) {
    return speaker == null ? Map.of() : appliedTo((Consumer<BargeIn>) speaker::bargeIn, params);
  }

  /**
   * As above, handing the new policy to {@code policy} (a {@link MovingBargeIn} keeps it as the one
   * for a robot that stands still).
   */
  public static Map<String, Consumer<Object>> appliedTo(Consumer<BargeIn> policy, ParameterSet params) {
    Consumer<Object> apply = value -> policy.accept(BargeIn.from(params));
    return Map.of(NodeParameters.BARGE_IN, apply, NodeParameters.BARGE_IN_DUCK_DB, apply,
        NodeParameters.BARGE_IN_LISTEN_MS, apply);
  }
}
