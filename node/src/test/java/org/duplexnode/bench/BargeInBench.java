package org.duplexnode.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInPolicy;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.audio.ModelUnits;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;

/**
 * Barge-in latency in generated rooms (docs/benchmarks.md): the local speaker plays the robot's
 * speech on a simulated sound card, the microphone hears its echo through the room, and the user
 * starts talking over it at a random time after the canceller's first 9 s; SpeexDSP and Silero
 * run as in the node. Per room: the latency from the user's voice onset to the card's first flush
 * (the canceller's cue silencing the speaker, or the detector's stop), to the last sound the card
 * played (the speaker silent for good), and to the detector's stop over
 * the trials, and a run of the robot's speech alone (echo only) that must neither stop nor duck it.
 * Arguments: TRIALS_PER_ROOM BLOCK_MS (microphone block) FILTER_MS (audio.echo_filter_ms, 500 by default)
 * [voice=NAME:PITCH] (the user's espeak-ng voice, en-gb+f3:70 by default; en-us:50 is the robot's
 * own) [listen=MS] (audio.barge_in_listen_ms, its default unless given) [model=COMPUTE_MS] (the
 * model's units reach the speaker, an oracle's: {@link ModelUnits}) [trace] (each voice heard
 * while a stop listens) [USER_TEXT...] (what the
 * user says, "Stop please, robot..." by default).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@barge-in-bench "-DbargeInBench=6 20 500"</pre>
 */
public final class BargeInBench {
  private BargeInBench() {}

  public static void main(String[] all) throws Exception {
    String[] userVoice = java.util.Arrays.stream(all).filter(a -> a.startsWith("voice=")).findFirst()
        .map(a -> a.substring("voice=".length())).orElse("en-gb+f3:70").split(":");
    int listenMs = BargeInRun.listenMs(all);
    long computeMs = ModelUnits.computeMs(all);
    if (java.util.Arrays.asList(all).contains("trace")) {
      BargeInRun.TRACE = System.out::println;
    }
    String[] args = java.util.Arrays.stream(all).filter(a -> !a.startsWith("voice=") && !a.startsWith("listen=")
        && !a.startsWith("model=") && !a.equals("trace")).toArray(String[]::new);
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int blockMs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int filterMs = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    // The rest of the arguments, if any, are what the user says instead of the room's "Stop please, robot...".
    String userText = args.length > 3 ? String.join(" ", java.util.Arrays.copyOfRange(args, 3, args.length)) : null;
    double[] rt60s = {0.2, 0.4, 0.8};
    int[] delays = {20, 120, 300};
    Random random = new Random(11);
    List<Double> stopped = new ArrayList<>();
    List<Double> confirmed = new ArrayList<>();
    List<Double> silent = new ArrayList<>();
    int missed = 0;
    long falseStops = 0;
    long restores = 0;
    int resumedOverUser = 0;
    long heldByModel = 0;
    long heldByPitch = 0;
    // The model's units begin at another phase in each trial; drawn apart from the onsets, which stay as they were.
    Random phases = new Random(5);
    System.out.printf(Locale.ROOT, "%d trials per room, microphone blocks of %d ms, filter %d ms, told the delay - 10 ms%s,"
        + " the user's voice %s at %s, a stop listens %d ms%s%n", trials, blockMs, filterMs,
        userText == null ? "" : ", the user says \"" + userText + "\"", userVoice[0], userVoice[1], listenMs,
        computeMs < 0 ? "" : String.format(Locale.ROOT, ", the model's units reported %d ms after their end"
            + " (an oracle: it ends its utterance once a unit heard 500 ms of the user)", computeMs));
    System.out.println("rt60_s delay_ms  echo_alone_triggers  echo_voiced_windows  erle_at_onset_db  missed  "
        + "latency_ms first flush/stop/silent (each trial)");
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      for (double rt60 : rt60s) {
        for (int delay : delays) {
          SyntheticRoom.Shape shape = new SyntheticRoom.Shape(rt60, delay, -22, -26, -60, 7);
          SyntheticRoom room = SyntheticRoom.make(shape, userText == null ? SyntheticRoom.USER : userText,
              userVoice[0], Integer.parseInt(userVoice[1]));
          EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, filterMs, delay - 10);
          float[] voice = BargeInRun.userVoice(room);
          BargeIn stop = new BargeIn(BargeIn.Mode.STOP, 20, listenMs);
          BargeInRun alone = run(room, voice, -1, room.robotEndS(), blockMs, stop, vad, echo,
              units(computeMs, phases, Long.MAX_VALUE));
          falseStops += alone.earlyBargeIns();
          List<String> latencies = new ArrayList<>();
          double erle = 0;
          int roomMissed = 0;
          for (int t = 0; t < trials; t++) {
            double onset = BargeInRun.onsetAfterConvergence(room, random);
            ModelUnits units = units(computeMs, phases, Math.round(onset * 1e9));
            double waitS = computeMs < 0 ? 0 : 2 + computeMs / 1000.0; // the model's unit that heard the voice, then the speaker's wait
            BargeInRun r = run(room, voice, onset, onset + 1.5 + listenMs / 1000.0 + waitS, blockMs, stop, vad, echo,
                units);
            if (units != null) {
              heldByModel += units.heldByModel();
              heldByPitch += units.heldByPitch();
            }
            erle += r.erleAtOnsetDb() / trials;
            restores += r.cueRestores();
            if (r.confirmedNs() < 0 || r.earlyBargeIns() > 0) {
              // A cue's duck the detector never confirmed is undone: the user was not heard.
              roomMissed++;
              latencies.add(r.earlyBargeIns() > 0 ? "early" : "none");
            } else if (r.undone() > 0) {
              // Silenced, then the utterance resumed (or ducked, then at its level again): the user's voice
              // did not go on once the echo had died away.
              resumedOverUser++;
              latencies.add(String.format(Locale.ROOT, "%.0f/%.0f/resumed", r.latencyNs() / 1e6, r.confirmedNs() / 1e6));
            } else {
              stopped.add(r.latencyNs() / 1e6);
              confirmed.add(r.confirmedNs() / 1e6);
              silent.add(r.silentNs() / 1e6);
              latencies.add(String.format(Locale.ROOT, "%.0f/%.0f/%.0f", r.latencyNs() / 1e6, r.confirmedNs() / 1e6,
                  r.silentNs() / 1e6));
            }
          }
          missed += roomMissed;
          System.out.printf(Locale.ROOT, "%6.1f %8d  %16d  %19d  %16.1f  %6d  %s%n", rt60, delay, alone.earlyBargeIns(),
              alone.echoOnsets(), erle, roomMissed, String.join(" ", latencies));
        }
      }
    }
    double[] st = stopped.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] co = confirmed.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] si = silent.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "trials %d, stopped %d, missed %d, resumed over the user %d, cue ducks undone %d%n",
        trials * 9, st.length, missed, resumedOverUser, restores);
    System.out.printf(Locale.ROOT, "onset to the first flush (the cue's or the stop's): p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
        percentile(st, 50), percentile(st, 95), percentile(st, 100));
    System.out.printf(Locale.ROOT, "onset to the speaker's last sound: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
        percentile(si, 50), percentile(si, 95), percentile(si, 100));
    System.out.printf(Locale.ROOT, "onset to the detector's stop: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
        percentile(co, 50), percentile(co, 95), percentile(co, 100));
    System.out.printf(Locale.ROOT, "echo alone (9 rooms, whole utterance each): %d triggers (stops and cue ducks)%n",
        falseStops);
    if (computeMs >= 0) {
      System.out.printf(Locale.ROOT, "listening stops held by the voice's pitch %d, by the model's word %d%n",
          heldByPitch, heldByModel);
    }
  }

  /** The model's units for one run (its units' phase drawn), or null without a model. */
  private static ModelUnits units(long computeMs, Random phases, long userOnsetNs) {
    double phase = phases.nextDouble();
    return computeMs < 0 ? null : new ModelUnits(Math.round(phase * 1e9), computeMs * 1_000_000L, userOnsetNs,
        (speaker, t) -> { });
  }

  private static BargeInRun run(SyntheticRoom room, float[] voice, double onsetS, double untilS, int blockMs,
                                BargeIn stop, SileroVad vad, EchoSettings echo, ModelUnits units)
      throws InterruptedException {
    return BargeInRun.run(room, voice, onsetS, untilS, blockMs, BargeInPolicy.fixed(stop),
        units == null ? (speaker, t) -> { } : units, 0, vad, echo);
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int k = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
  }
}
