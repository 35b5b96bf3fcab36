package org.duplexnode.ingest.echo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.duplexnode.ports.RawAudio;

/**
 * How soon the microphone stops hearing the robot's speaker once a barge-in stops it, from a
 * recording of a steady sound the speaker played and was stopped in ({@code duplex-node audio
 * check}): the part of "voice onset to speaker silence" that the sound card, the sound server and
 * the speaker itself add after the flush. A Bluetooth or network speaker, or a server that keeps
 * what it was given, plays on; a wired card through PulseAudio or PipeWire stops within tens of ms
 * (docs/benchmarks.md, "From the stop to silence through a sound server").
 *
 * <p>The level is the median of the microphone's 5 ms windows over the {@value #BEFORE_MS} ms
 * before the stop; the speaker is silent at the first window after the stop from which
 * {@value #QUIET_MS} ms stay {@value #DOWN_DB} dB under that level. A room's reverberation decays
 * after that (what the microphone hears of the robot's own speaker a few cm away is mostly the
 * direct sound); the microphone's own latency is included.
 */
public final class SpeakerStop {
  static final int BEFORE_MS = 300;
  static final int QUIET_MS = 50;
  static final double DOWN_DB = 10;
  /** Beyond this the speaker is not silent in time for barge-in's goal (150 ms from the voice's onset). */
  static final int SLOW_MS = 150;
  static final int WINDOW_MS = 5;
  /** A window's mean square under this (-70 dBFS) is not the speaker heard. */
  private static final double HEARD_ENERGY = Math.pow(32768 * Math.pow(10, -70 / 20.0), 2);

  private SpeakerStop() {}

  /**
   * The time from {@code stopNanos} to the speaker's silence as the microphone heard it (ms); NaN
   * where it cannot be told (the blocks do not span the stop, or the microphone heard nothing before
   * it); +inf where it did not fall silent within the blocks.
   */
  public static double silentAfterMs(List<RawAudio> microphone, long stopNanos) {
    Windows w = Windows.of(microphone);
    long[] starts = w.startsNanos();
    double[] energies = w.energies();
    double[] before = new double[starts.length];
    int n = 0;
    int first = -1;
    for (int i = 0; i < starts.length; i++) {
      long at = starts[i];
      if (at >= stopNanos - BEFORE_MS * 1_000_000L && at < stopNanos) {
        before[n++] = energies[i];
      }
      if (first < 0 && at >= stopNanos) {
        first = i;
      }
    }
    if (n < BEFORE_MS / WINDOW_MS / 2 || first < 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(before, n);
    Arrays.sort(sorted);
    double level = sorted[n / 2];
    if (level < HEARD_ENERGY) {
      return Double.NaN;
    }
    double quiet = level * Math.pow(10, -DOWN_DB / 10);
    int need = QUIET_MS / WINDOW_MS;
    int run = 0;
    for (int i = first; i < starts.length; i++) {
      run = energies[i] <= quiet ? run + 1 : 0;
      if (run == need) {
        return (starts[i - need + 1] - stopNanos) / 1e6;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** The check's line for {@code silentAfterMs}. */
  public static EchoCheck.Finding finding(double silentAfterMs) {
    if (Double.isNaN(silentAfterMs)) {
      return new EchoCheck.Finding("stop", EchoCheck.Level.WARN, "not measured: the microphone did not hear the"
          + " speaker's steady sound before the stop");
    }
    String text = Double.isInfinite(silentAfterMs)
        ? "the microphone still heard the speaker at the end of the recording, a second after a barge-in's stop"
        : String.format(Locale.ROOT, "the microphone stopped hearing the speaker %.0f ms after a barge-in's stop"
            + " (%.0f dB down, its own latency included)", silentAfterMs, DOWN_DB);
    if (silentAfterMs > SLOW_MS) {
      return new EchoCheck.Finding("stop", EchoCheck.Level.WARN, text + ": the speaker plays on after a stop (a"
          + " Bluetooth or network speaker, or a sound server's buffer), and a barge-in silences it that much later");
    }
    return new EchoCheck.Finding("stop", EchoCheck.Level.OK, text);
  }

  /**
   * A microphone's S16LE mono blocks cut into {@value #WINDOW_MS} ms windows: each one's start
   * (from its block's stamp) and mean square.
   */
  public record Windows(long[] startsNanos, double[] energies) {
    public static Windows of(List<RawAudio> microphone) {
      List<Long> starts = new ArrayList<>();
      List<Double> energies = new ArrayList<>();
      for (RawAudio b : microphone) {
        short[] s = samples(b.data());
        int w = b.sampleRate() * WINDOW_MS / 1000;
        for (int i = 0; i + w <= s.length; i += w) {
          double e = 0;
          for (int k = i; k < i + w; k++) {
            e += (double) s[k] * s[k];
          }
          starts.add(b.stampNanos() + i * 1_000_000_000L / b.sampleRate());
          energies.add(e / w);
        }
      }
      return new Windows(starts.stream().mapToLong(Long::longValue).toArray(),
          energies.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  private static short[] samples(byte[] s16le) {
    short[] s = new short[s16le.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) ((s16le[2 * i] & 0xff) | (s16le[2 * i + 1] << 8));
    }
    return s;
  }
}
