package org.duplexnode.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.audio.EchoPathTrace;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.PulseEchoCancel;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;
import org.duplexnode.pipeline.EchoAloneRun;

/**
 * The echo path's changes of {@link RobotTurnBench}'s part "reconvergence" beside PulseAudio's
 * module-echo-cancel (WebRTC, extended filter) on the same signals (docs/benchmarks.md): the robot's
 * echo alone, its path changed 10 s into its speech. For the node: its canceller, the voice
 * detector and the echo guard as {@link EchoPathTrace} runs them (the speaker plays on). For
 * WebRTC: the module's output through the pipeline with the node's canceller off, so that Silero
 * and ~/user_speech's rules judge what WebRTC left. Both: ERLE over 0.5 s windows (the lowest
 * after the change, and when it came back) and the starts of ~/user_speech after the change, each
 * a false trigger. Only rooms whose echo comes 20 ms after playback: later, the module removes
 * little at all (the section "Beside PulseAudio's module-echo-cancel"). Arguments: the rooms' RT60s
 * (s; default 0.2 0.4 0.8).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@pulse-path-change-bench</pre>
 */
public final class PulsePathChangeBench {
  private static final double CHANGE_S = 10.0;
  private static final double ERLE_WINDOW_S = 0.5;
  private static final double ERLE_ECHO_DBFS = -45;
  private static final int DELAY_MS = 20;
  /** A marker in the microphone before the robot speaks, which lines WebRTC's output up with it. */
  private static final double MARKER_FROM_S = 0.2;
  private static final double MARKER_S = 0.4;

  private record Kind(String label, double distanceM, RobotTurnBench.Change change) {}

  private PulsePathChangeBench() {}

  public static void main(String[] all) throws Exception {
    String part = all.length > 0 && !Character.isDigit(all[0].charAt(0)) ? all[0] : "both";
    double[] rt60s = Arrays.stream(all).filter(a -> Character.isDigit(a.charAt(0))).mapToDouble(Double::parseDouble)
        .toArray();
    if (rt60s.length == 0) {
      rt60s = new double[] {0.2, 0.4, 0.8};
    }
    Path dir = Files.createTempDirectory("pulse-path-change");
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      if (!part.equals("users")) {
        changes(vad, dir, rt60s);
      }
      if (!part.equals("changes")) {
        users(vad, dir, rt60s);
      }
    }
  }

  private static void changes(SileroVad vad, Path dir, double[] rt60s) throws Exception {
    RobotTurnBench.Change none = new RobotTurnBench.Change("none", 7, 0);
    List<Kind> kinds = List.of(
        new Kind("mic metres away", Double.NaN, none),
        new Kind("mic metres away", Double.NaN, new RobotTurnBench.Change("other path", 8, 0)),
        new Kind("mic metres away", Double.NaN, new RobotTurnBench.Change("same path +6 dB", 7, 6)),
        new Kind("robot, r 0.2 m", 0.2, none),
        new Kind("robot, r 0.2 m", 0.2, new RobotTurnBench.Change("robot turns", 8, 0)),
        new Kind("robot, r 0.5 m", 0.5, new RobotTurnBench.Change("robot turns", 8, 0)));
    short[] speech = RobotTurnBench.textTwice();
    double at = SyntheticRoom.PLAY_START_S + CHANGE_S;
    System.out.printf(Locale.ROOT, "the echo path changes %.0f s after the robot starts (at once); echo %d ms after playback;"
        + " ERLE over %.1f s windows of 10 ms frames whose echo is above %.0f dBFS; node: SpeexDSP 500 ms told %d ms,"
        + " the echo guard; webrtc: %s%n", CHANGE_S, DELAY_MS, ERLE_WINDOW_S, ERLE_ECHO_DBFS, DELAY_MS - 10,
        String.join(" ", PulseEchoCancel.moduleArguments(true)));
    System.out.println("setting           rt60_s  change            canceller  erle_before_db  erle_min_db  erle_back_s"
        + "  user_speech_starts_before  starts_after  first_start_after_s");
    EchoSettings speex = new EchoSettings(EchoSettings.Mode.SPEEX, 500, DELAY_MS - 10);
    for (double rt60 : rt60s) {
      for (Kind kind : kinds) {
        SyntheticRoom room = RobotTurnBench.echoAlone(rt60, DELAY_MS, none, kind.distanceM(), speech);
        SyntheticRoom to = RobotTurnBench.echoAlone(rt60, DELAY_MS, kind.change(), kind.distanceM(), speech);
        SyntheticRoom changed = room.withEchoPathFrom(to, at, 0);
        double end = changed.robotEndS();
        EchoPathTrace node = EchoPathTrace.run(changed, end, 20, vad, speex);
        print(kind, rt60, "node", node, at, end);
        float[] heard = webrtc(dir, changed);
        // WebRTC's output as the microphone of a room whose canceller is off: the pipeline's voice
        // detector and ~/user_speech judge it, as they judge the node's canceller's output.
        SyntheticRoom asHeard = new SyntheticRoom(changed.robot24k(), heard, new float[heard.length],
            new float[heard.length], changed.userStartS(), changed.robotEndS(), changed.impulse(), changed.echoAt(), null);
        EchoAloneRun judged = EchoAloneRun.run(asHeard, EchoSettings.off());
        EchoPathTrace w = new EchoPathTrace(List.of(), List.of(), judged.startsS(), new double[0], node.micEnergy(),
            energies(heard, node.micEnergy().length), node.echoEnergy(), node.farEndEnergy());
        print(kind, rt60, "webrtc", w, at, end);
      }
    }
  }

  /**
   * Users who talk over the robot for 1.5 s ("Stop please, robot."), four times in its 38 s of
   * speech (7 s apart, from 11 s: the echo meter's 5 s window is clear of each before the next), in
   * the same rooms, no change of the path, the speaker playing on: how soon after each voice onset
   * the node's detector passed the echo guard (a stop) and its cue came, and how soon Silero scored
   * a window of WebRTC's output as speech (0.5, the node's threshold); what either set off
   * elsewhere (echo alone, from 2 s into the robot's speech); and the user's level in each output
   * over the first 0.5 s of the voice, against the voice alone.
   */
  private static void users(SileroVad vad, Path dir, double[] rt60s) throws Exception {
    double[] onsets = {11.0, 18.0, 25.0, 32.0};
    double[] lengths = {1.5, 1.5, 1.5, 1.5};
    short[] speech = RobotTurnBench.textTwice();
    RobotTurnBench.Change none = new RobotTurnBench.Change("none", 7, 0);
    EchoSettings speex = new EchoSettings(EchoSettings.Mode.SPEEX, 500, DELAY_MS - 10);
    System.out.printf(Locale.ROOT, "%nusers over the robot at %s s for 1.5 s (en-gb+f3, -26 dBFS, 4 dB under the echo),"
        + " echo %d ms after playback; latency from the voice onset, ms: node stop (the detector through the echo guard)"
        + " / node cue / webrtc (Silero >= 0.5 on its output); user level over its first 0.5 s in the output, dB%n",
        Arrays.toString(onsets), DELAY_MS);
    System.out.println("rt60_s  onset_s  node_stop_ms  node_cue_ms  webrtc_ms  node_user_db  webrtc_user_db");
    for (double rt60 : rt60s) {
      float[] voice = BargeInRun.userVoice(SyntheticRoom.make(new SyntheticRoom.Shape(rt60, DELAY_MS, -22, -26, -60, 7)));
      SyntheticRoom room = BargeInRun.withUserAt(RobotTurnBench.echoAlone(rt60, DELAY_MS, none, Double.NaN, speech),
          voice, 0, onsets, lengths);
      float[] near = room.nearEnd();
      double end = room.robotEndS();
      EchoPathTrace node = EchoPathTrace.run(room, end, 20, vad, speex);
      float[] heard = webrtc(dir, room);
      vad.reset();
      List<Double> voiced = new java.util.ArrayList<>();
      for (int off = 0; off + SileroVad.WINDOW <= heard.length; off += SileroVad.WINDOW) {
        if (vad.score(heard, off) >= 0.5f) {
          voiced.add((off + SileroVad.WINDOW) / (double) SyntheticRoom.RATE);
        }
      }
      double[] out = energies(heard, node.micEnergy().length);
      double[] user = energies(near, node.micEnergy().length);
      for (double onset : onsets) {
        System.out.printf(Locale.ROOT, "%6.1f  %7.1f  %12s  %11s  %9s  %12.1f  %14.1f%n", rt60, onset,
            after(node.onsets(), onset), after(node.cues(), onset), after(voiced, onset),
            levelDb(node.outEnergy(), user, onset), levelDb(out, user, onset));
      }
      System.out.printf(Locale.ROOT, "%6.1f  echo alone: node stops %d, cue frames %d; webrtc voiced windows %d%n", rt60,
          outside(node.onsets(), onsets), outside(node.cues(), onsets), outside(voiced, onsets));
    }
  }

  /** The first of {@code times} within 1.5 s after {@code onset}, in ms after it, or "-". */
  private static String after(List<Double> times, double onset) {
    return times.stream().filter(t -> t >= onset && t < onset + 1.5).findFirst()
        .map(t -> String.format(Locale.ROOT, "%.0f", (t - onset) * 1000)).orElse("-");
  }

  /** How many of {@code times} lie from 2 s into the robot's speech and outside each user's 5 s. */
  private static long outside(List<Double> times, double[] onsets) {
    return times.stream().filter(t -> t >= SyntheticRoom.PLAY_START_S + 2
        && Arrays.stream(onsets).noneMatch(o -> t >= o - 0.1 && t < o + 5)).count();
  }

  /** The output's energy over the voice's over the 0.5 s from {@code onset}, in dB. */
  private static double levelDb(double[] out, double[] user, double onset) {
    double o = 0;
    double u = 0;
    for (int f = (int) Math.round(onset * 100); f < Math.min(out.length, (int) Math.round((onset + 0.5) * 100)); f++) {
      o += out[f];
      u += user[f];
    }
    return 10 * Math.log10(o / u);
  }

  /**
   * {@code room} through PulseAudio's module (extended filter), lined up with its microphone by a
   * marker before the robot speaks, which is then taken out of the output.
   */
  private static float[] webrtc(Path dir, SyntheticRoom room) throws Exception {
    float[] near = room.nearEnd().clone();
    float[] marker = marker(room.echo().length);
    for (int i = 0; i < near.length; i++) {
      near[i] += marker[i];
    }
    SyntheticRoom marked = new SyntheticRoom(room.robot24k(), room.echo(), near, room.noise(), MARKER_FROM_S,
        room.robotEndS(), room.impulse(), room.echoAt(), room.pathChange());
    int from = (int) (MARKER_FROM_S * SyntheticRoom.RATE);
    float[] heard = PulseEchoCancel.output(dir, marked, true, marker, from, from + (int) (MARKER_S * SyntheticRoom.RATE))
        .out();
    Arrays.fill(heard, 0, Math.min(heard.length, (int) ((MARKER_FROM_S + MARKER_S + 0.1) * SyntheticRoom.RATE)), 0);
    return heard;
  }

  /** A rising chirp of {@value #MARKER_S} s from 300 Hz to 3 kHz at -20 dBFS, from {@value #MARKER_FROM_S} s. */
  private static float[] marker(int length) {
    float[] x = new float[length];
    int from = (int) (MARKER_FROM_S * SyntheticRoom.RATE);
    int n = (int) (MARKER_S * SyntheticRoom.RATE);
    double amplitude = Math.pow(10, -20 / 20.0) * Math.sqrt(2);
    double phase = 0;
    for (int i = 0; i < n && from + i < length; i++) {
      double f = 300 + (3000 - 300) * i / (double) n;
      phase += 2 * Math.PI * f / SyntheticRoom.RATE;
      double edge = Math.min(1, Math.min(i, n - i) / 160.0);
      x[from + i] = (float) (amplitude * edge * Math.sin(phase));
    }
    return x;
  }

  private static double[] energies(float[] x, int frames) {
    double[] e = new double[frames];
    for (int i = 0; i < Math.min(x.length, frames * EchoPathTrace.FRAME); i++) {
      e[i / EchoPathTrace.FRAME] += (double) x[i] * x[i];
    }
    return e;
  }

  private static void print(Kind kind, double rt60, String canceller, EchoPathTrace t, double at, double end) {
    EchoPathTrace.Recovery r = t.recovery(at, end, ERLE_WINDOW_S, ERLE_ECHO_DBFS);
    List<Double> after = t.starts().stream().filter(s -> s >= at).toList();
    long startsBefore = t.starts().stream().filter(s -> s >= SyntheticRoom.PLAY_START_S && s < at).count();
    System.out.printf(Locale.ROOT, "%-16s  %6.1f  %-16s  %-9s  %14.1f  %11.1f  %11s  %25d  %12d  %s%n", kind.label(), rt60,
        kind.change().name(), canceller, r.beforeDb(), r.lowestDb(),
        (r.neverBack() ? ">" : "") + String.format(Locale.ROOT, "%.1f", r.backS()),
        startsBefore, after.size(), after.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", after.get(0) - at));
    System.out.flush();
  }
}
