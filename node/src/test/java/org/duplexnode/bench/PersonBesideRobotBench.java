package org.duplexnode.bench;

import java.util.Arrays;
import java.util.Locale;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.audio.MovingBargeIn;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;

/**
 * A change the robot does not cause (docs/benchmarks.md): somebody steps up beside a robot whose
 * speaker and microphone are 0.2 m apart ({@link RobotTurnBench}'s rooms at that DRR) while it
 * talks, adding one reflection: the sound goes to the person and back, 2d further than the direct
 * path, and comes back {@code 0.2 / 2d} as strong times the body's reflection (0.5 in amplitude,
 * a generous figure for clothing). The reflection fades in over 500 ms, 10 s into the robot's
 * speech; audio.barge_in stop, no cmd_vel, the robot's text twice in utterances of 4 s; no user.
 * Arguments: the person's distances in metres (default 0.3 0.5 1.0), {@code reflection=R}
 * (default 0.5; 1.0 for a hard surface such as a door), and {@code listen=MS}
 * (audio.barge_in_listen_ms, its default unless given; the policy is the node's MovingBargeIn).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@person-beside-robot-bench "-DpersonBesideRobotBench=0.3 0.5 1.0 reflection=0.5"</pre>
 */
public final class PersonBesideRobotBench {
  private static final double CHANGE_S = 10.0;
  private static final double STEP_IN_MS = 500;
  private static final double SPEAKER_TO_MIC_M = 0.2;
  private static final double SOUND_M_PER_S = 343;

  private PersonBesideRobotBench() {}

  public static void main(String[] args) throws Exception {
    double[][] rooms = {{0.2, 20}, {0.4, 120}, {0.8, 20}, {0.8, 300}};
    double reflection = Arrays.stream(args).filter(a -> a.startsWith("reflection=")).mapToDouble(
        a -> Double.parseDouble(a.substring("reflection=".length()))).findFirst().orElse(0.5);
    int listenMs = BargeInRun.listenMs(args);
    double[] given = Arrays.stream(args).filter(a -> !a.startsWith("reflection=") && !a.startsWith("listen="))
        .mapToDouble(Double::parseDouble).toArray();
    double[] distances = java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(Double.NaN),
        Arrays.stream(given.length > 0 ? given : new double[] {0.3, 0.5, 1.0})).toArray();
    RobotTurnBench.Change none = new RobotTurnBench.Change("none", 7, 0);
    short[] speech = RobotTurnBench.textTwice();
    double at = SyntheticRoom.PLAY_START_S + CHANGE_S;
    System.out.printf(Locale.ROOT, "somebody steps up beside the robot at %.1f s (over %.0f ms); speaker and microphone %.1f m"
        + " apart; reflection %.2f; audio.barge_in stop, listening %d ms (the node's MovingBargeIn, no cmd_vel);"
        + " utterances of 4 s; no user; person_m -: nobody (the control)%n", at, STEP_IN_MS, SPEAKER_TO_MIC_M, reflection,
        listenMs);
    System.out.println("rt60_s delay_ms  person_m  reflection_ms  reflection_db  stops  cue_ducks  undone"
        + "  first_stop_after_change_s  user_speech_starts_after_change  stops_resumed  ducks  ducks_undone");
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      for (double[] shape : rooms) {
        double rt60 = shape[0];
        int delay = (int) shape[1];
        EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, 500, delay - 10);
        SyntheticRoom room = RobotTurnBench.echoAlone(rt60, delay, none, SPEAKER_TO_MIC_M, speech);
        for (double d : distances) {
          double delayMs = Double.isNaN(d) ? 0 : 1000 * 2 * d / SOUND_M_PER_S;
          double gainDb = Double.isNaN(d) ? Double.NEGATIVE_INFINITY
              : 20 * Math.log10(SPEAKER_TO_MIC_M / (2 * d) * reflection);
          SyntheticRoom changed = Double.isNaN(d) ? room.withEchoPathFrom(room, at, 0)
              : room.withEchoPathFrom(room.withReflection(delayMs, gainDb), at, STEP_IN_MS);
          java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
          MovingBargeIn policy = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20, listenMs), BargeIn.Mode.DUCK,
              BargeInRun.MOTION_HOLD_NS, now::get);
          BargeInRun r = BargeInRun.run(changed, new float[0], 1_000, changed.robotEndS(), 20, policy, now::set, 4.0,
              vad, echo);
          long starts = r.starts().stream().filter(s -> s >= at).count();
          System.out.printf(Locale.ROOT, "%6.1f %8d  %8s  %13.1f  %13.1f  %5d  %9d  %6d  %25s  %31d  %13d  %5d  %12d%n",
              rt60, delay,
              Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.1f", d), delayMs, gainDb, r.stops(), r.cueDucks(),
              r.cueRestores(), Double.isNaN(r.firstStopS()) ? "-" : String.format(Locale.ROOT, "%.2f", r.firstStopS() - at),
              starts, r.stopsResumed(), r.earlyBargeIns() - r.cueDucks() - r.stops(), r.undone() - r.stopsResumed());
        }
      }
    }
  }
}
