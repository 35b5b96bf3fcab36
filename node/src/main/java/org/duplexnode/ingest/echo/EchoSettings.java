package org.duplexnode.ingest.echo;

import java.util.Locale;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;

/**
 * How the microphone's echo of the node's own speech is cancelled.
 *
 * @param mode off, or speex (SpeexDSP with the local speaker as the reference)
 * @param filterMs the longest echo path modelled (delay left after {@code delayMs} plus the room's tail)
 * @param delayMs how much later than its playback time the microphone hears the speaker
 */
public record EchoSettings(Mode mode, int filterMs, int delayMs) {
  /** Which canceller. */
  public enum Mode { OFF, SPEEX }

  /** Frame of the canceller (ms): short enough to add little delay, long enough for its FFT. */
  public static final int FRAME_MS = 10;

  public static EchoSettings off() {
    return new EchoSettings(Mode.OFF, 300, 0);
  }

  public static EchoSettings from(ParameterSet p) {
    return new EchoSettings(Mode.valueOf(p.getString(NodeParameters.ECHO_CANCEL).toUpperCase(Locale.ROOT)),
        (int) p.getLong(NodeParameters.ECHO_FILTER_MS), (int) p.getLong(NodeParameters.ECHO_DELAY_MS));
  }

  public boolean enabled() {
    return mode != Mode.OFF;
  }
}
