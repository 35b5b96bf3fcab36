package org.duplexnode.bench;

import java.util.List;
import java.util.Locale;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.audio.EchoPathTrace;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;

/**
 * A user who interrupts the robot twice (docs/benchmarks.md, "A user who interrupts twice"): in
 * the nine generated rooms of BargeInBench, the user's voice at 9.5 s; the robot's speech stops
 * {@value #STOP_MS} ms later (a stop: the detector's median) and goes on {@value #PAUSE_S} s after
 * that (its next utterance); the user speaks again GAP s into it. The first voice lasts FIRST s: a
 * phrase that goes on after the robot fell silent (1.0 s), or a lone word that ends before its
 * echo has died down (0.4 s). {@link EchoPathTrace}: SpeexDSP, Silero and the echo guard as in the
 * node. Per room, user level and first voice: how long after each onset the guard first passed a
 * voice (a stop, had barge-in been on), "-" when none within 0.5 s; and voices it passed anywhere
 * else. Arguments: none, or {@code duck}: the robot's speech goes on 20 dB lower for those
 * {@value #PAUSE_S} s instead of stopping ({@code audio.barge_in: duck}), then at its level.
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@interrupt-twice-bench</pre>
 */
public final class InterruptTwiceBench {
  private static final double FIRST_AT_S = 9.5;
  private static final int STOP_MS = 150;
  private static final double PAUSE_S = 2.0;
  private static final double[] FIRST_S = {1.0, 0.4};
  private static final double[] GAPS_S = {0.5, 1, 2};
  private static final double[] USER_DBFS = {-20, -26, -32};

  private InterruptTwiceBench() {}

  public static void main(String[] args) throws Exception {
    boolean duck = java.util.Arrays.asList(args).contains("duck");
    double resumed = FIRST_AT_S + STOP_MS / 1000.0 + PAUSE_S;
    System.out.printf(Locale.ROOT, "the user at %.1f s; the robot %s %d ms later and speaks again at %.2f s; the user"
        + " again after each gap (s) %s; echo -22 dBFS; latency (ms) from each onset to the first voice the guard passed%n",
        FIRST_AT_S, duck ? "ducks 20 dB" : "stops", STOP_MS, resumed, java.util.Arrays.toString(GAPS_S));
    System.out.println("rt60_s delay_ms  user_dbfs  first_s  first_ms  second_ms by gap  other_voices_passed");
    int missed = 0;
    int seconds = 0;
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      for (double rt60 : new double[] {0.2, 0.4, 0.8}) {
        for (int delay : new int[] {20, 120, 300}) {
          SyntheticRoom.Shape shape = new SyntheticRoom.Shape(rt60, delay, -22, -26, -60, 7);
          float[] voice = BargeInRun.userVoice(SyntheticRoom.make(shape));
          SyntheticRoom stopped = duck ? BargeInRun.duckedFor(shape, FIRST_AT_S + STOP_MS / 1000.0, PAUSE_S, 20)
              : BargeInRun.stoppedFor(shape, FIRST_AT_S + STOP_MS / 1000.0, PAUSE_S);
          EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, 500, delay - 10);
          for (double user : USER_DBFS) {
            for (double firstS : FIRST_S) {
              StringBuilder second = new StringBuilder();
              String first = "";
              long others = 0;
              for (double gap : GAPS_S) {
                double[] onsets = {FIRST_AT_S, resumed + gap};
                SyntheticRoom twice = BargeInRun.withUserAt(stopped, voice, user - shape.userDbfs(), onsets,
                    new double[] {firstS, Double.POSITIVE_INFINITY});
                EchoPathTrace t = EchoPathTrace.run(twice, onsets[1] + 1.0, 20, vad, echo);
                first = latency(t.onsets(), onsets[0]);
                String s = latency(t.onsets(), onsets[1]);
                second.append(s).append(' ');
                seconds++;
                missed += s.equals("-") ? 1 : 0;
                others += t.onsets().stream().filter(o -> !(o >= onsets[0] && o < onsets[0] + firstS + 0.5)
                    && !(o >= onsets[1])).count();
              }
              System.out.printf(Locale.ROOT, "%6.1f %8d  %9.0f  %7.1f  %8s  %16s  %19d%n", rt60, delay, user, firstS,
                  first, second.toString().trim(), others);
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "second interruptions unheard: %d of %d%n", missed, seconds);
  }

  /** Milliseconds from {@code onset} to the first of {@code times} within 0.5 s after it, or "-". */
  private static String latency(List<Double> times, double onset) {
    return times.stream().filter(t -> t >= onset && t < onset + 0.5).findFirst()
        .map(t -> String.format(Locale.ROOT, "%.0f", (t - onset) * 1000)).orElse("-");
  }
}
