package org.duplexnode.audio;

import java.util.Locale;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;

/**
 * What the local speaker does when the user starts speaking over it (barge-in).
 *
 * @param mode stop (drop the utterance), duck (play its rest lower) or off
 * @param duckDb how much lower a ducked utterance plays (dB)
 */
public record BargeIn(Mode mode, double duckDb) {
  /** The speaker's answer to a voice onset, harshest first. */
  public enum Mode { STOP, DUCK, OFF }

  public static BargeIn off() {
    return new BargeIn(Mode.OFF, 0);
  }

  /**
   * From audio.barge_in; auto is stop where the echo is cancelled (the voice detector then hears
   * the user, not the speaker) and off otherwise (the speaker's own echo would stop it).
   */
  public static BargeIn from(ParameterSet p) {
    String mode = p.getString(NodeParameters.BARGE_IN);
    double duckDb = p.getDouble(NodeParameters.BARGE_IN_DUCK_DB);
    if (mode.equals("auto")) {
      return new BargeIn(p.getString(NodeParameters.ECHO_CANCEL).equals("speex") ? Mode.STOP : Mode.OFF, duckDb);
    }
    return new BargeIn(Mode.valueOf(mode.toUpperCase(Locale.ROOT)), duckDb);
  }

  /** As /diagnostics shows it: "stop", "duck N dB" or "off". */
  public String label() {
    String name = mode.name().toLowerCase(Locale.ROOT);
    return mode == Mode.DUCK ? String.format(Locale.ROOT, "%s %.0f dB", name, duckDb) : name;
  }

  /**
   * This policy, but no harsher than {@code mode}: off is milder than duck, duck than stop. A duck
   * keeps this policy's depth.
   */
  public BargeIn atMost(Mode mode) {
    return mode.ordinal() > this.mode.ordinal() ? new BargeIn(mode, duckDb) : this;
  }

  /** The factor a ducked sample is multiplied by. */
  public double duckGain() {
    return Math.pow(10, -duckDb / 20);
  }
}
