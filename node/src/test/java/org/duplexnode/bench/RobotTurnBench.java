package org.duplexnode.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.audio.EchoPathTrace;
import org.duplexnode.audio.ModelUnits;
import org.duplexnode.audio.MovingBargeIn;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;

/**
 * {@link EchoPathChangeBench}'s rooms with the microphone on the robot's body (docs/benchmarks.md):
 * the direct path from its speaker outweighs the room's reflections by the direct-to-reverberant
 * ratio of a microphone {@code r} m away in a 50 m³ room, and when the robot turns only the
 * reflections and the tail change (another seed at the same DRR). Part "table": what the echo alone
 * set off after the change, {@code audio.barge_in: stop}, as EchoPathChangeBench reports it. Part
 * "reconvergence": the speaker plays on whatever is heard ({@link EchoPathTrace}), and the bench
 * reports how long after the change a barge-in would still have been set off and how long the
 * canceller's ERLE took to come back, for these changes and for EchoPathChangeBench's own (the
 * microphone metres away). Arguments: none (both parts), or "table" or "reconvergence"; {@code listen=MS}
 * (audio.barge_in_listen_ms for the table, whose policy is the node's MovingBargeIn with nothing on
 * cmd_vel; its default unless given); {@code model=COMPUTE_MS} (the model's units reach the speaker,
 * an oracle's that hears no user: {@link ModelUnits}); {@code trace} (each voice heard while a stop listens).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@robot-turn-bench</pre>
 */
public final class RobotTurnBench {
  private static final double CHANGE_S = 10.0;
  private static final double VOLUME_M3 = 50;
  /** A loudspeaker's directivity toward a microphone beside it, roughly that of a half-space source. */
  private static final double DIRECTIVITY = 2;
  private static final double[][] ROOMS = {{0.2, 20}, {0.4, 120}, {0.8, 20}, {0.8, 300}};
  /** ERLE windows (s) of the reconvergence part, and the echo's level below which a 10 ms frame is left out. */
  private static final double ERLE_WINDOW_S = 0.5;
  private static final double ERLE_ECHO_DBFS = -45;

  /** What the echo path becomes: another impulse response (seed) at a level change (dB). */
  record Change(String name, long seed, double levelDb) {}

  private static final Change NONE = new Change("none", 7, 0);

  private RobotTurnBench() {}

  /**
   * The direct-to-reverberant ratio (dB) at {@code distanceM} from a source of directivity
   * {@value #DIRECTIVITY} in a diffuse room: 20·log10(r_c / r), with Sabine's critical distance
   * r_c = 0.057·sqrt(Q·V / RT60).
   */
  public static double robotDrrDb(double distanceM, double rt60S) {
    double critical = 0.057 * Math.sqrt(DIRECTIVITY * VOLUME_M3 / rt60S);
    return 20 * Math.log10(critical / distanceM);
  }

  public static void main(String[] all) throws Exception {
    int listenMs = BargeInRun.listenMs(all);
    if (Arrays.asList(all).contains("trace")) {
      BargeInRun.TRACE = System.out::println;
    }
    String[] args = Arrays.stream(all).filter(a -> !a.startsWith("listen=") && !a.startsWith("model=")
        && !a.equals("trace")).toArray(String[]::new);
    String part = args.length > 0 ? args[0] : "both";
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      if (!part.equals("reconvergence")) {
        table(vad, listenMs, ModelUnits.computeMs(all));
      }
      if (!part.equals("table")) {
        reconvergence(vad);
      }
    }
  }

  private static SyntheticRoom room(double rt60, int delay, Change change, double distanceM) {
    SyntheticRoom.Shape shape = new SyntheticRoom.Shape(rt60, delay, -22 + change.levelDb(), -26, -60, change.seed());
    return Double.isNaN(distanceM) ? SyntheticRoom.make(shape) : SyntheticRoom.onRobot(shape, robotDrrDb(distanceM, rt60));
  }

  private static void table(SileroVad vad, int listenMs, long computeMs) throws InterruptedException {
    Random phases = new Random(5);
    Change[] changes = {NONE, new Change("robot turns", 8, 0), new Change("robot turns +3 dB", 9, 3),
        new Change("same path +6 dB", 7, 6)};
    double[] fadesMs = {0, 300};
    System.out.printf(Locale.ROOT, "the echo path changes %.0f s after the robot starts; filter 500 ms told the delay - 10 ms;"
        + " audio.barge_in: stop, listening %d ms; microphone r m from the speaker, %.0f m3 room%n", CHANGE_S, listenMs,
        VOLUME_M3);
    System.out.println("r_m  rt60_s delay_ms  drr_db  change              fade_ms  first_trigger_after_change_s  stop"
        + "  cue_ducks  undone  first_user_speech_start_after_change_s  direct_path_change_db  stops  resumed  ducks  ducks_undone");
    for (double distance : new double[] {0.2, 0.5}) {
      for (double[] shape : ROOMS) {
        double rt60 = shape[0];
        int delay = (int) shape[1];
        SyntheticRoom room = room(rt60, delay, NONE, distance);
        EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, 500, delay - 10);
        for (Change change : changes) {
          SyntheticRoom other = change == NONE ? room : room(rt60, delay, change, distance);
          for (double fade : fadesMs) {
            if (change == NONE && fade > 0) {
              continue;
            }
            double at = SyntheticRoom.PLAY_START_S + CHANGE_S;
            SyntheticRoom changed = room.withEchoPathFrom(other, at, fade);
            // As the node sets it up by default: nothing says the robot turns (no cmd_vel), but a stop
            // that resumes counts as motion, and the hold after it is at most a duck.
            AtomicLong now = new AtomicLong();
            MovingBargeIn policy = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20, listenMs), BargeIn.Mode.DUCK,
                BargeInRun.MOTION_HOLD_NS, now::get);
            ModelUnits units = computeMs < 0 ? null : new ModelUnits(Math.round(phases.nextDouble() * 1e9),
                computeMs * 1_000_000L, Long.MAX_VALUE, (speaker, t) -> now.set(t));
            BargeInRun r = BargeInRun.run(changed, new float[0], 1_000, changed.robotEndS(), 20, policy,
                units == null ? (speaker, t) -> now.set(t) : units, 0, vad, echo);
            long stops = r.earlyBargeIns() - r.cueDucks();
            String starts = r.starts().stream().filter(s -> s >= at).findFirst()
                .map(s -> String.format(Locale.ROOT, "%.2f", s - at)).orElse("-");
            System.out.printf(Locale.ROOT, "%.1f %6.1f %8d  %6.1f  %-18s  %7.0f  %28s  %4s  %9d  %6d  %38s  %.3f  %5d  %7d  %5d  %12d%n", distance,
                rt60, delay, SyntheticRoom.directToReverberantDb(room.impulse()), change.name(), fade,
                Double.isNaN(r.firstEarlyS()) ? "-" : String.format(Locale.ROOT, "%.2f", r.firstEarlyS() - at),
                stops > 0 ? "yes" : "no", r.cueDucks(), r.cueRestores(), starts,
                20 * Math.log10(Math.abs(other.impulse()[0] / room.impulse()[0])), r.stops(), r.stopsResumed(),
                r.earlyBargeIns() - r.cueDucks() - r.stops(), r.undone() - r.stopsResumed());
            if (units != null && r.stops() > 0) {
              System.out.printf(Locale.ROOT, "    silent while its stops listened: %.2f s%n", units.silencedNs() / 1e9);
            }
          }
        }
      }
    }
  }

  /** One kind of change measured in every room, at one microphone distance (NaN: the rooms of EchoPathChangeBench). */
  private record Kind(String label, double distanceM, Change change, double fadeMs) {}

  /** As {@link #room}, the robot saying {@code speech} (no user). */
  static SyntheticRoom echoAlone(double rt60, int delay, Change change, double distanceM, short[] speech) {
    SyntheticRoom.Shape shape = new SyntheticRoom.Shape(rt60, delay, -22 + change.levelDb(), -26, -60, change.seed());
    return SyntheticRoom.echoAlone(shape, speech, 1.0, Double.isNaN(distanceM) ? Double.NaN : robotDrrDb(distanceM, rt60));
  }

  private static void reconvergence(SileroVad vad) throws InterruptedException {
    short[] speech = textTwice();
    Change other = new Change("other path", 8, 0);
    Change turns = new Change("robot turns", 8, 0);
    Change louder = new Change("same path +6 dB", 7, 6);
    List<Kind> kinds = List.of(
        new Kind("mic metres away", Double.NaN, NONE, 0),
        new Kind("mic metres away", Double.NaN, other, 0),
        new Kind("mic metres away", Double.NaN, louder, 0),
        new Kind("robot, r 0.2 m", 0.2, NONE, 0),
        new Kind("robot, r 0.2 m", 0.2, turns, 0),
        new Kind("robot, r 0.2 m", 0.2, turns, 300),
        new Kind("robot, r 0.2 m", 0.2, louder, 0),
        new Kind("robot, r 0.5 m", 0.5, turns, 0));
    System.out.printf(Locale.ROOT, "%nreconvergence: the speaker plays on; the echo path changes %.0f s after the robot starts;"
        + " the robot says its text twice; ERLE over %.1f s windows every 0.1 s of 10 ms frames whose echo is above %.0f dBFS%n",
        CHANGE_S, ERLE_WINDOW_S, ERLE_ECHO_DBFS);
    System.out.println("setting           rt60_s delay_ms  change              fade_ms  erle_before_db  erle_min_db"
        + "  erle_back_s  meter_erle_before_db  meter_min_db  meter_back_s  triggers_after  last_trigger_s  last_onset_s"
        + "  user_speech_starts_after  speech_left_s");
    Map<String, List<double[]>> summary = new LinkedHashMap<>();
    for (double[] shape : ROOMS) {
      double rt60 = shape[0];
      int delay = (int) shape[1];
      EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, 500, delay - 10);
      Map<Double, SyntheticRoom> bases = new LinkedHashMap<>();
      for (Kind kind : kinds) {
        SyntheticRoom room = bases.computeIfAbsent(kind.distanceM(), d -> echoAlone(rt60, delay, NONE, d, speech));
        SyntheticRoom to = kind.change() == NONE ? room : echoAlone(rt60, delay, kind.change(), kind.distanceM(), speech);
        double at = SyntheticRoom.PLAY_START_S + CHANGE_S;
        SyntheticRoom changed = room.withEchoPathFrom(to, at, kind.fadeMs());
        double end = changed.robotEndS();
        EchoPathTrace t = EchoPathTrace.run(changed, end, 20, vad, echo);
        EchoPathTrace.Recovery recovery = t.recovery(at, end, ERLE_WINDOW_S, ERLE_ECHO_DBFS);
        double back = recovery.backS();
        double[] meter = t.meterErleDb();
        double meterBefore = meter[(int) Math.round(at * 10)];
        double meterThreshold = Math.min(meterBefore - 3, 15);
        double meterMin = Double.POSITIVE_INFINITY;
        double meterLastBad = Double.NaN;
        for (int i = (int) Math.round(at * 10); i < meter.length && i <= (int) (end * 10); i++) {
          if (Double.isNaN(meter[i])) {
            continue;
          }
          meterMin = Math.min(meterMin, meter[i]);
          if (meter[i] < meterThreshold) {
            meterLastBad = i / 10.0;
          }
        }
        double meterBack = Double.isNaN(meterLastBad) ? 0 : meterLastBad + 0.1 - at;
        boolean meterNeverBack = !Double.isNaN(meterLastBad) && meterLastBad >= (int) (end * 10) / 10.0 - 0.5;
        List<Double> triggers = Stream.concat(t.onsets().stream(), t.cues().stream()).filter(s -> s >= at).sorted().toList();
        double last = triggers.isEmpty() ? Double.NaN : triggers.get(triggers.size() - 1) - at;
        double lastOnset = t.onsets().stream().filter(s -> s >= at).mapToDouble(s -> s - at).max().orElse(Double.NaN);
        long starts = t.starts().stream().filter(s -> s >= at).count();
        long beforeChange = Stream.concat(t.onsets().stream(), t.cues().stream()).filter(s -> s < at).count();
        System.out.printf(Locale.ROOT, "%-16s  %6.1f %8d  %-18s  %7.0f  %14.1f  %11.1f  %11s  %20.1f  %12.1f  %12s  %14d  %14s  %12s"
                + "  %24d  %13.1f%s%n",
            kind.label(), rt60, delay, kind.change().name(), kind.fadeMs(), recovery.beforeDb(), recovery.lowestDb(),
            (recovery.neverBack() ? ">" : "") + String.format(Locale.ROOT, "%.1f", back), meterBefore, meterMin,
            (meterNeverBack ? ">" : "") + String.format(Locale.ROOT, "%.1f", meterBack), triggers.size(),
            Double.isNaN(last) ? "-" : String.format(Locale.ROOT, "%.2f", last),
            Double.isNaN(lastOnset) ? "-" : String.format(Locale.ROOT, "%.2f", lastOnset), starts, end - at,
            beforeChange > 0 ? "  (" + beforeChange + " triggers before the change)" : "");
        summary.computeIfAbsent(kind.label() + ", " + kind.change().name() + ", fade " + (int) kind.fadeMs() + " ms",
            k -> new ArrayList<>()).add(new double[] {back, meterBack, Double.isNaN(last) ? 0 : last,
                Double.isNaN(lastOnset) ? 0 : lastOnset});
      }
    }
    System.out.println("\nover the rooms: median / max (s after the change)");
    System.out.println("setting, change, fade                                    erle_back_s  meter_back_s  last_trigger_s"
        + "  last_onset_s");
    for (Map.Entry<String, List<double[]>> e : summary.entrySet()) {
      System.out.printf(Locale.ROOT, "%-55s  %11s  %12s  %14s  %12s%n", e.getKey(), stat(e.getValue(), 0),
          stat(e.getValue(), 1), stat(e.getValue(), 2), stat(e.getValue(), 3));
    }
  }

  /**
   * The robot's text said twice, half a second apart (24 kHz): 25.5 s of speech after a change 10 s
   * in, where the canceller may take longer than the 7.5 s one saying leaves to learn a new path.
   */
  public static short[] textTwice() {
    short[] once = SyntheticRoom.make(SyntheticRoom.Shape.typical()).robot24k();
    short[] speech = Arrays.copyOf(once, 2 * once.length + 12_000);
    System.arraycopy(once, 0, speech, once.length + 12_000, once.length);
    return speech;
  }

  private static String stat(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return String.format(Locale.ROOT, "%.1f / %.1f", median, Arrays.stream(v).max().orElse(Double.NaN));
  }
}
