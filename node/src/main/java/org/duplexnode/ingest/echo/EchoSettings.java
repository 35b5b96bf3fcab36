package org.duplexnode.ingest.echo;

import java.util.Locale;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;

/**
 * How the microphone's echo of the node's own speech is cancelled.
 *
 * @param mode off, or speex (SpeexDSP with the local speaker as the reference)
 * @param filterMs the longest echo path modelled (delay left after {@code delayMs} plus the room's tail)
 * @param delayMs how much later than its playback time the microphone hears the speaker; with the
 *     published reference, the alignment until the delay is estimated
 * @param reference what the canceller subtracts
 * @param suppressResidual whether the echo the canceller leaves is suppressed after it
 *     ({@link ResidualEchoSuppressor}) in what the model hears; the voice detector keeps the canceller's output
 * @param trackDelay with the local speaker: whether the delay (from {@code delayMs}) and the clock skew
 *     between speaker and microphone follow what is estimated from the signals ({@link TrackedEchoDelay})
 */
public record EchoSettings(Mode mode, int filterMs, int delayMs, Reference reference, boolean suppressResidual,
                           boolean trackDelay) {
  /** Which canceller. */
  public enum Mode { OFF, SPEEX }

  /**
   * The far end: what the local speaker played (times known), the speech published on
   * {@code ~/speech} for another node to play (delay estimated), what the robot's player says it
   * plays on {@code audio/far_end} (delay estimated: any sound it plays, and in a replay the
   * recorded far end), or the first when the local speaker plays, else the second.
   */
  public enum Reference { AUTO, SPEAKER, PUBLISHED, TOPIC }

  /** With the reference chosen by whether the local speaker plays. */
  public EchoSettings(Mode mode, int filterMs, int delayMs) {
    this(mode, filterMs, delayMs, Reference.AUTO);
  }

  /** With the residual echo suppressed, as the node's default. */
  public EchoSettings(Mode mode, int filterMs, int delayMs, Reference reference) {
    this(mode, filterMs, delayMs, reference, true);
  }

  /** With the delay fixed (the local speaker's times are known). */
  public EchoSettings(Mode mode, int filterMs, int delayMs, Reference reference, boolean suppressResidual) {
    this(mode, filterMs, delayMs, reference, suppressResidual, false);
  }

  /** The same with the residual echo suppressed or not. */
  public EchoSettings suppressing(boolean suppress) {
    return new EchoSettings(mode, filterMs, delayMs, reference, suppress, trackDelay);
  }

  /** Frame of the canceller (ms): short enough to add little delay, long enough for its FFT. */
  public static final int FRAME_MS = 10;

  public static EchoSettings off() {
    return new EchoSettings(Mode.OFF, 300, 0);
  }

  public static EchoSettings from(ParameterSet p) {
    return new EchoSettings(Mode.valueOf(p.getString(NodeParameters.ECHO_CANCEL).toUpperCase(Locale.ROOT)),
        (int) p.getLong(NodeParameters.ECHO_FILTER_MS), (int) p.getLong(NodeParameters.ECHO_DELAY_MS),
        Reference.valueOf(p.getString(NodeParameters.ECHO_REFERENCE).toUpperCase(Locale.ROOT)),
        p.getBool(NodeParameters.ECHO_SUPPRESS), p.getBool(NodeParameters.ECHO_DELAY_TRACKING));
  }

  /** AUTO made SPEAKER or PUBLISHED by whether {@code localSpeaker} plays. */
  public EchoSettings resolved(boolean localSpeaker) {
    if (reference != Reference.AUTO) {
      return this;
    }
    return new EchoSettings(mode, filterMs, delayMs, localSpeaker ? Reference.SPEAKER : Reference.PUBLISHED,
        suppressResidual, trackDelay);
  }

  /**
   * As a replay resolves it: AUTO is TOPIC, the far end recorded in the bag; a replay has no
   * speaker, and its published speech is made again by the model, while the bag's echo is of what
   * played when it was recorded.
   *
   * @throws IllegalArgumentException for SPEAKER or PUBLISHED, which a replay cannot follow
   */
  public EchoSettings resolvedForReplay() {
    if (!enabled() || reference == Reference.TOPIC) {
      return this;
    }
    if (reference == Reference.AUTO) {
      return new EchoSettings(mode, filterMs, delayMs, Reference.TOPIC, suppressResidual, trackDelay);
    }
    throw new IllegalArgumentException("a replay cancels the echo of the far end recorded in the bag (audio/far_end): "
        + "audio.echo_reference must be topic or auto, not " + reference.name().toLowerCase(Locale.ROOT)
        + " (a replay has no speaker, and the speech it publishes is made again, not what the microphone heard)");
  }

  /** Whether the far end is read from {@code audio/far_end}. */
  public boolean readsFarEndTopic() {
    return enabled() && reference == Reference.TOPIC;
  }

  public boolean enabled() {
    return mode != Mode.OFF;
  }
}
