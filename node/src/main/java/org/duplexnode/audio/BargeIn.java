package org.duplexnode.audio;

import java.util.Locale;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;

/**
 * What the local speaker does when the user starts speaking over it (barge-in).
 *
 * @param mode stop (drop the utterance), duck (play its rest lower) or off
 * @param duckDb how much lower a ducked utterance plays (dB)
 * @param listenMs how long a stopped utterance waits, silent, for the user's voice to go on before
 *     it resumes where it stopped (0: a stop drops it at once)
 */
public record BargeIn(Mode mode, double duckDb, int listenMs) {
  /** The speaker's answer to a voice onset, harshest first. */
  public enum Mode { STOP, DUCK, OFF }

  /** A policy whose stop drops the utterance at once. */
  public BargeIn(Mode mode, double duckDb) {
    this(mode, duckDb, 0);
  }

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
    int listenMs = p.getInt(NodeParameters.BARGE_IN_LISTEN_MS);
    if (mode.equals("auto")) {
      return new BargeIn(p.getString(NodeParameters.ECHO_CANCEL).equals("speex") ? Mode.STOP : Mode.OFF, duckDb,
          listenMs);
    }
    return new BargeIn(Mode.valueOf(mode.toUpperCase(Locale.ROOT)), duckDb, listenMs);
  }

  /** As /diagnostics shows it: "stop", "stop, listens N ms", "duck N dB" or "off". */
  public String label() {
    String name = mode.name().toLowerCase(Locale.ROOT);
    if (mode == Mode.STOP && listenMs > 0) {
      return String.format(Locale.ROOT, "%s, listens %d ms", name, listenMs);
    }
    return mode == Mode.DUCK ? String.format(Locale.ROOT, "%s %.0f dB", name, duckDb) : name;
  }

  /**
   * This policy, but no harsher than {@code mode}: off is milder than duck, duck than stop. A duck
   * keeps this policy's depth.
   */
  public BargeIn atMost(Mode mode) {
    return mode.ordinal() > this.mode.ordinal() ? new BargeIn(mode, duckDb, listenMs) : this;
  }

  /** The factor a ducked sample is multiplied by. */
  public double duckGain() {
    return Math.pow(10, -duckDb / 20);
  }
}
