package org.duplexnode.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoCancelRun;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SpeexEchoCanceller;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;

/**
 * Echo cancellation and barge-in at several levels of room noise and of the user's voice
 * (docs/benchmarks.md), in one room (RT60 0.4 s, echo 120 ms after playback at -22 dBFS), SpeexDSP
 * told the delay less 10 ms: ERLE in single talk, convergence, the user kept in double talk; then,
 * through Silero VAD and the echo guard as in the node, the user's voice at random onsets after
 * the first 9 s (stopped or not; from the onset to the first flush, a duck on the canceller's cue or
 * the stop, and to the stop) and the whole utterance with no user (stops and cue ducks, and starts
 * of ~/user_speech: each a false trigger). Arguments: TRIALS_PER_CELL FILTER_MS [pink] (the room's
 * noise pink instead of white, at the same level).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@echo-levels-bench "-DechoLevelsBench=4 500"</pre>
 */
public final class EchoLevelsBench {
  private static final double[] NOISE_DBFS = {-60, -45, -35};
  private static final double[] USER_DBFS = {-20, -26, -32, -36};
  private static final double ECHO_DBFS = -22;

  private EchoLevelsBench() {}

  public static void main(String[] all) throws Exception {
    boolean pink = java.util.Arrays.asList(all).contains("pink");
    String[] args = java.util.Arrays.stream(all).filter(a -> !a.equals("pink")).toArray(String[]::new);
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int filterMs = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int delay = 120;
    Random random = new Random(13);
    System.out.printf(Locale.ROOT, "RT60 0.4 s, echo %d ms at %.0f dBFS, filter %d ms told %d ms, %d trials per cell,"
        + " microphone blocks of 20 ms, %s noise%n", delay, ECHO_DBFS, filterMs, delay - 10, trials,
        pink ? "pink" : "white");
    System.out.println("noise_dbfs user_dbfs  erle_db  erle_settled_db  conv_s  dt_kept_db  alone_stops  alone_starts"
        + "  stopped  latency_ms first flush/stop/silent (each trial)");
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      for (double noise : NOISE_DBFS) {
        for (double user : USER_DBFS) {
          SyntheticRoom white = SyntheticRoom.make(new SyntheticRoom.Shape(0.4, delay, ECHO_DBFS, user, noise, 7));
          SyntheticRoom room = pink ? white.withPinkNoise(7) : white;
          EchoCancelRun cancel;
          try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, filterMs)) {
            cancel = EchoCancelRun.run(room, c, delay - 10);
          }
          EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, filterMs, delay - 10);
          BargeIn stop = new BargeIn(BargeIn.Mode.STOP, 20);
          float[] voice = BargeInRun.userVoice(room);
          BargeInRun alone = BargeInRun.run(room, voice, -1, room.robotEndS(), 20, stop, vad, echo);
          List<String> latencies = new ArrayList<>();
          int stopped = 0;
          for (int t = 0; t < trials; t++) {
            double onset = BargeInRun.onsetAfterConvergence(room, random);
            BargeInRun r = BargeInRun.run(room, voice, onset, onset + 1.0, 20, stop, vad, echo);
            if (r.confirmedNs() >= 0 && r.earlyBargeIns() == 0) {
              stopped++;
              latencies.add(String.format(Locale.ROOT, "%.0f/%.0f/%.0f", r.latencyNs() / 1e6, r.confirmedNs() / 1e6,
                  r.silentNs() / 1e6));
            } else {
              latencies.add(r.earlyBargeIns() > 0 ? "early" : "none");
            }
          }
          System.out.printf(Locale.ROOT, "%10.0f %9.0f  %7.1f  %15.1f  %6.2f  %10.1f  %11d  %12d  %4d/%-2d  %s%n", noise,
              user, cancel.erleDb(), cancel.erleSettledDb(), cancel.convergenceS(), cancel.nearEndKeptDb(),
              alone.earlyBargeIns(),
              alone.starts().size(), stopped, trials, String.join(" ", latencies));
        }
      }
    }
  }
}
