package org.duplexnode.ingest.echo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * A {@link SyntheticRoom} through the node's echo path: the speaker's playback into a
 * {@link FarEndReference} in 100 ms slices as the local speaker hands them over, the microphone in
 * 100 ms blocks through an {@link EchoCancelStage}; then the figures.
 *
 * @param erleDb echo return loss enhancement in single talk after {@link #SETTLE_S} s of far end
 * @param convergenceS from the first played sample to the first half second of single talk whose ERLE reaches {@link #CONVERGED_DB}
 * @param nearEndKeptDb the user's voice in the output where both talk, over the user's voice in the microphone (0 dB: kept as loud)
 * @param erleDoubleTalkDb the echo in the microphone where both talk over what is left in the output besides the user's voice
 *     (echo, noise and the user's voice distorted by the suppression: a lower bound on the echo removed)
 * @param nearEndLagSamples how much later than in the microphone the user's voice is in the output (0: times kept)
 * @param cpuPerAudioS CPU seconds of the echo stage per second of audio
 * @param reading what /diagnostics would show at the end (null for a canceller outside the node)
 * @param erleSettledDb ERLE in single talk over the last {@link #SETTLED_SPAN_S} s before the user
 *     speaks: the canceller converged, whatever its filter length (a long filter learns slower, so
 *     {@code erleDb} from {@link #SETTLE_S} s on counts its learning)
 */
public record EchoCancelRun(double erleDb, double convergenceS, double nearEndKeptDb, double erleDoubleTalkDb,
                            int nearEndLagSamples, double cpuPerAudioS, EchoMeter.Reading reading,
                            double erleSettledDb) {
  public static final double SETTLE_S = 3.0;
  public static final double CONVERGED_DB = 20.0;
  public static final double SETTLED_SPAN_S = 3.0;
  private static final int RATE = SyntheticRoom.RATE;
  private static final int SLICE = 2400;
  private static final int MAX_LAG = 480;
  private static final long AHEAD_NANOS = 500_000_000L;

  /** Runs {@code room} through {@code canceller}, telling it the echo comes {@code delayMs} late. */
  public static EchoCancelRun run(SyntheticRoom room, EchoCanceller canceller, int delayMs) {
    return run(room, canceller, delayMs, false);
  }

  /** As above; with {@code suppressResidual} what the model hears: the {@link ResidualEchoSink} after the stage. */
  public static EchoCancelRun run(SyntheticRoom room, EchoCanceller canceller, int delayMs, boolean suppressResidual) {
    float[] mic = room.microphone();
    EchoMeter meter = new EchoMeter();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    float[] out = output(room, mic, canceller, delayMs, suppressResidual, meter);
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    return figures(room, mic, out, cpu / (mic.length / (double) RATE), meter.reading());
  }

  /**
   * What the node's echo stage makes of {@code mic}, {@code room}'s microphone, sample for sample:
   * the speaker's playback handed to the reference in 100 ms slices up to half a second ahead of
   * the 100 ms blocks the microphone hears.
   */
  static float[] output(SyntheticRoom room, float[] mic, EchoCanceller canceller, int delayMs, boolean suppressResidual,
                        EchoMeter meter) {
    FarEndReference reference = new FarEndReference();
    float[] out = new float[mic.length];
    FarEndTrail trail = suppressResidual ? new FarEndTrail() : null;
    AudioStreamSink collect = suppressResidual ? new ResidualEchoSink(new CollectingSink(out), trail)
        : new CollectingSink(out);
    EchoCancelStage stage = new EchoCancelStage(collect, canceller, reference, EchoAlignment.fixed(delayMs * 1_000_000L),
        1_000_000_000L, meter, frameNanos -> { }, trail);
    stage.streamStarted(0);
    int played = 0;
    long playStart = (long) (SyntheticRoom.PLAY_START_S * 1e9);
    for (int off = 0; off < mic.length; off += 1600) {
      // The speaker is handed its slices up to half a second ahead of what the microphone hears.
      long micNanos = off * 62_500L;
      while (played < room.robot24k().length
          && playStart + played * 1_000_000_000L / 24_000 < micNanos + AHEAD_NANOS) {
        int len = Math.min(SLICE, room.robot24k().length - played);
        reference.played(playStart + played * 1_000_000_000L / 24_000, 24_000, room.robot24k(), played, len);
        played += len;
      }
      int len = Math.min(1600, mic.length - off);
      float[] block = java.util.Arrays.copyOfRange(mic, off, off + len);
      stage.samples(block, 0, len);
    }
    stage.streamEnded();
    return out;
  }

  /**
   * The figures of {@code out}, what some canceller made of {@code room}'s microphone, sample for
   * sample (the same measure for every canceller compared).
   */
  public static EchoCancelRun measure(SyntheticRoom room, float[] out, double cpuPerAudioS, EchoMeter.Reading reading) {
    return figures(room, room.microphone(), out, cpuPerAudioS, reading);
  }

  private static EchoCancelRun figures(SyntheticRoom room, float[] mic, float[] out, double cpuPerS,
                                       EchoMeter.Reading reading) {
    int playStart = (int) (SyntheticRoom.PLAY_START_S * RATE);
    int userStart = (int) (room.userStartS() * RATE);
    int robotEnd = (int) (room.robotEndS() * RATE);
    int settled = playStart + (int) (SETTLE_S * RATE);
    double erle = erle(room, mic, out, settled, userStart);
    double convergence = Double.NaN;
    for (int from = playStart; from + RATE / 2 <= userStart; from += RATE / 10) {
      if (erle(room, mic, out, from, from + RATE / 2) >= CONVERGED_DB) {
        convergence = (from + RATE / 2 - playStart) / (double) RATE;
        break;
      }
    }
    // In double talk the output is the user's voice, scaled by what the suppression left of it,
    // plus what is left of the echo (and noise): the projection on the user's voice splits them.
    int lag = 0;
    double best = -1;
    for (int l = 0; l <= MAX_LAG; l++) {
      double g = projection(room, out, userStart, robotEnd, l);
      if (g > best) {
        best = g;
        lag = l;
      }
    }
    double gain = best;
    double echoIn = 0;
    double rest = 0;
    for (int i = userStart; i < robotEnd - MAX_LAG; i++) {
      if (doubleTalk(room, i)) {
        double r = out[i + lag] - gain * room.nearEnd()[i];
        rest += r * r;
        echoIn += (double) room.echo()[i] * room.echo()[i];
      }
    }
    return new EchoCancelRun(erle, convergence, 20 * Math.log10(Math.max(gain, 1e-6)),
        10 * Math.log10(echoIn / Math.max(rest, 1e-12)), lag, cpuPerS, reading,
        erle(room, mic, out, Math.max(settled, userStart - (int) (SETTLED_SPAN_S * RATE)), userStart));
  }

  /** How much of the user's voice is in the output {@code lag} samples later (1: all of it). */
  private static double projection(SyntheticRoom room, float[] out, int from, int to, int lag) {
    double cross = 0;
    double nearEnergy = 0;
    for (int i = from; i < to - MAX_LAG; i++) {
      if (doubleTalk(room, i)) {
        float near = room.nearEnd()[i];
        cross += (double) out[i + lag] * near;
        nearEnergy += (double) near * near;
      }
    }
    return cross / nearEnergy;
  }

  private static boolean doubleTalk(SyntheticRoom room, int i) {
    return active(room.nearEnd(), i) && active(room.echo(), i);
  }

  /** ERLE over [from, to) where the echo is active and the user is not. */
  static double erle(SyntheticRoom room, float[] mic, float[] out, int from, int to) {
    double m = 0;
    double o = 0;
    for (int i = from; i < to; i++) {
      if (!active(room.echo(), i) || room.nearEnd()[i] != 0f) {
        continue;
      }
      m += (double) mic[i] * mic[i];
      o += (double) out[i] * out[i];
    }
    return m == 0 ? Double.NaN : 10 * Math.log10(m / Math.max(o, 1e-12));
  }

  private static final java.util.Map<float[], boolean[]> ACTIVITY = new java.util.IdentityHashMap<>();

  /** The signal's energy over the 10 ms frame of {@code i} is above -50 dBFS. */
  private static synchronized boolean active(float[] x, int i) {
    boolean[] frames = ACTIVITY.computeIfAbsent(x, EchoCancelRun::activity);
    return frames[i / 160];
  }

  private static boolean[] activity(float[] x) {
    boolean[] frames = new boolean[(x.length + 159) / 160];
    for (int f = 0; f < frames.length; f++) {
      double e = 0;
      int to = Math.min(x.length, f * 160 + 160);
      for (int k = f * 160; k < to; k++) {
        e += (double) x[k] * x[k];
      }
      frames[f] = e / (to - f * 160) > 1e-5;
    }
    return frames;
  }
}
