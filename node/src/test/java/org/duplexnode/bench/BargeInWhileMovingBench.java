package org.duplexnode.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInPolicy;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.audio.MovingBargeIn;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;

/**
 * The robot turns while it talks, and says so on cmd_vel (docs/benchmarks.md): {@link RobotTurnBench}'s
 * rooms and turns, the echo path changing in the middle of a 1 s turn, cmd_vel at 10 Hz (moving
 * during the turn, still before and after), and the local speaker's barge-in a {@link MovingBargeIn}
 * as the node sets it up (audio.barge_in stop, audio.barge_in_while_moving duck) for several
 * audio.motion_hold_s. No user: every stop is the echo's doing, and so is every duck. Arguments:
 * the holds in seconds (default 0 3 12), and {@code mic=far,0.2} (the default): the microphones,
 * metres from the speaker ({@link RobotTurnBench}'s distant rooms) or on the robot r m from it.
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@barge-in-while-moving-bench "-DbargeInWhileMovingBench=0 3 12 mic=far,0.2"</pre>
 */
public final class BargeInWhileMovingBench {
  private static final double CHANGE_S = 10.0;
  private static final double TURN_S = 1.0;
  private static final long COMMAND_EVERY_NS = 100_000_000L;
  /** The model speaks in turns; a barge-in stops the one playing and the next plays as usual. */
  private static final double UTTERANCE_S = 4.0;

  private BargeInWhileMovingBench() {}

  public static void main(String[] args) throws Exception {
    // "far" is the microphone metres away (RobotTurnBench's other rooms), a number the robot's r in metres.
    double[] distances = Arrays.stream(args).filter(a -> a.startsWith("mic="))
        .flatMap(a -> Arrays.stream(a.substring(4).split(",")))
        .mapToDouble(d -> d.equals("far") ? Double.NaN : Double.parseDouble(d)).toArray();
    if (distances.length == 0) {
      distances = new double[] {Double.NaN, 0.2};
    }
    double[] holds = Arrays.stream(args).filter(a -> !a.startsWith("mic=")).mapToDouble(Double::parseDouble).toArray();
    if (holds.length == 0) {
      holds = new double[] {0, 3, 12};
    }
    double[][] rooms = {{0.2, 20}, {0.4, 120}, {0.8, 20}, {0.8, 300}};
    RobotTurnBench.Change turn = new RobotTurnBench.Change("robot turns", 8, 0);
    RobotTurnBench.Change none = new RobotTurnBench.Change("none", 7, 0);
    short[] speech = RobotTurnBench.textTwice();
    double at = SyntheticRoom.PLAY_START_S + CHANGE_S;
    double turnEnd = at + TURN_S / 2;
    System.out.printf(Locale.ROOT, "the robot turns from %.1f to %.1f s (cmd_vel at 10 Hz), its echo path changes at %.1f s;"
        + " audio.barge_in stop, audio.barge_in_while_moving duck 20 dB; no user%n", at - TURN_S / 2, turnEnd, at);
    System.out.printf(Locale.ROOT, "utterances of %.0f s; hold_s -: cmd_vel not followed (audio.barge_in_while_moving stop)%n",
        UTTERANCE_S);
    System.out.println("microphone       rt60_s delay_ms  hold_s  ducks  stops  cue_ducks  undone  first_stop_after_turn_end_s"
        + "  user_speech_starts_after_change  speech_after_change_s");
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      for (double distance : distances) {
        String label = Double.isNaN(distance) ? "mic metres away" : String.format(Locale.ROOT, "robot, r %.1f m", distance);
        for (double[] shape : rooms) {
          double rt60 = shape[0];
          int delay = (int) shape[1];
          EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, 500, delay - 10);
          SyntheticRoom room = RobotTurnBench.echoAlone(rt60, delay, none, distance, speech);
          SyntheticRoom changed = room.withEchoPathFrom(
              RobotTurnBench.echoAlone(rt60, delay, turn, distance, speech), at, 0);
          // NaN: the node does not follow cmd_vel (audio.barge_in_while_moving stop), the baseline.
          for (double hold : java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(Double.NaN),
              Arrays.stream(holds)).toArray()) {
            AtomicLong now = new AtomicLong();
            MovingBargeIn moving = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.DUCK,
                Math.round((Double.isNaN(hold) ? 0 : hold) * 1e9), now::get);
            BargeInPolicy policy = Double.isNaN(hold) ? BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.STOP, 20)) : moving;
            long[] nextCommand = {0};
            BargeInRun r = BargeInRun.run(changed, new float[0], 1_000, changed.robotEndS(), 20, policy, t -> {
              now.set(t);
              if (t >= nextCommand[0]) {
                nextCommand[0] += COMMAND_EVERY_NS;
                moving.motion(t >= (at - TURN_S / 2) * 1e9 && t < turnEnd * 1e9);
              }
            }, UTTERANCE_S, vad, echo);
            long starts = r.starts().stream().filter(s -> s >= at).count();
            System.out.printf(Locale.ROOT, "%-15s  %6.1f %8d  %6s  %5d  %5d  %9d  %6d  %27s  %31d  %21.1f%n", label, rt60,
                delay, Double.isNaN(hold) ? "-" : String.format(Locale.ROOT, "%.1f", hold),
                r.earlyBargeIns() - r.cueDucks() - r.stops(), r.stops(), r.cueDucks(), r.cueRestores(),
                Double.isNaN(r.firstStopS()) ? "-" : String.format(Locale.ROOT, "%.2f", r.firstStopS() - turnEnd), starts,
                changed.robotEndS() - at);
          }
        }
      }
    }
  }
}
