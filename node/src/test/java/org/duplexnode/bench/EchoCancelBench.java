package org.duplexnode.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.duplexnode.ingest.echo.EchoCancelRun;
import org.duplexnode.ingest.echo.PublishedEchoRun;
import org.duplexnode.ingest.echo.PulseEchoCancel;
import org.duplexnode.ingest.echo.SpeexEchoCanceller;
import org.duplexnode.ingest.echo.SyntheticRoom;

/**
 * SpeexDSP echo cancellation in generated rooms (docs/benchmarks.md): for each RT60 and echo
 * delay, ERLE in single talk after convergence, convergence time, the user's level kept in double
 * talk, and CPU per second of audio. Arguments: FILTER_MS DELAY (audio.echo_delay_ms: a number of
 * ms for every room, the rest left to the filter; or "near", 10 ms less than each room's delay; or
 * "published": the published speech as the reference, the delay estimated, in the same rooms and
 * in rooms whose delay grows in steps with a player's clock skew, which is estimated and compensated).
 * With "pulse ROUNDS": each room through SpeexDSP (500 ms filter, the default, told the delay less 10 ms, and
 * told 0 ms) and through PulseAudio's module-echo-cancel (a private server; WebRTC, and WebRTC
 * with its extended filter), interleaved room by room, ROUNDS times; every run's row, then each
 * figure's median and spread over the rounds.
 *
 * With "skew [FILTER_MS [NOISE_DBFS]]": the published speech as the reference in rooms whose player's
 * clock is off the node's by -100 to 100 ppm and nothing else moves (white noise at NOISE_DBFS, -60
 * by default), when the delay is found and the ERLE in the 2-s windows after (the seconds before
 * and after the skew is believed).
 *
 * With "suppression [FILTER_MS]": the residual echo suppressor set deeper than its default, in four rooms.
 * A third argument "suppress" runs the stage's own residual echo suppressor after SpeexDSP (the node's
 * default, audio.echo_suppress); a fourth and fifth set the noise and the user's level (dBFS; -60 and -26).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@echo-bench "-DechoBench=300 0"
 * ./mvnw -q -B -o -pl node -am test-compile exec:exec@echo-bench "-DechoBench=pulse 2"</pre>
 */
public final class EchoCancelBench {
  private static final double[] RT60S = {0.2, 0.4, 0.8};
  private static final int[] DELAYS = {20, 120, 300};
  /** SpeexDSP's filter beside PulseAudio: the node's default (audio.echo_filter_ms). */
  private static final int PULSE_FILTER_MS = 500;
  private static final String HEADER =
      "rt60_s delay_ms  erle_db  convergence_s  dt_near_end_kept_db  dt_echo_lowered_db  lag  cpu_ms_per_s"
          + "  erle_settled_db";

  private EchoCancelBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("suppression")) {
      suppression(args.length > 1 ? Integer.parseInt(args[1]) : PULSE_FILTER_MS);
      return;
    }
    if (args.length > 0 && args[0].equals("skew")) {
      skewAfterTheLock(args.length > 1 ? Integer.parseInt(args[1]) : PULSE_FILTER_MS,
          args.length > 2 ? Double.parseDouble(args[2]) : -60);
      return;
    }
    if (args.length > 0 && args[0].equals("pulse")) {
      compareWithPulseAudio(args.length > 1 ? Integer.parseInt(args[1]) : 1);
      return;
    }
    int filterMs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    // "near": told 10 ms less than the room's delay (as measured at installation), else a fixed value
    boolean near = args.length > 1 && args[1].equals("near");
    if (args.length > 1 && args[1].equals("published")) {
      published(filterMs);
      return;
    }
    int delaySetMs = args.length > 1 && !near ? Integer.parseInt(args[1]) : 0;
    boolean suppress = args.length > 2 && args[2].equals("suppress");
    double noiseDb = args.length > 3 ? Double.parseDouble(args[3]) : -60;
    double userDb = args.length > 4 ? Double.parseDouble(args[4]) : -26;
    System.out.printf(Locale.ROOT, "filter %d ms, delay told %s, frame 10 ms, 16 kHz%s, noise %.0f dBFS, user %.0f dBFS%n",
        filterMs, near ? "room delay - 10 ms" : delaySetMs + " ms",
        suppress ? ", residual echo suppressed" : "", noiseDb, userDb);
    System.out.println(HEADER);
    for (double rt60 : RT60S) {
      for (int delay : DELAYS) {
        EchoCancelRun r = speex(SyntheticRoom.make(new SyntheticRoom.Shape(rt60, delay, -22, userDb, noiseDb, 7)),
            filterMs, near ? delay - 10 : delaySetMs, suppress);
        System.out.println(row(rt60, delay, r));
      }
    }
  }

  /**
   * The published speech as the reference, the delay estimated: when it is found, how far off, and
   * the ERLE from 3 s after; then a delay growing 10 ms every 8.5 s with a clock skew on top.
   */
  private static void published(int filterMs) {
    System.out.printf(Locale.ROOT, "published speech, delay estimated (0-500 ms), filter %d ms, frame 10 ms, 16 kHz%n",
        filterMs);
    System.out.println("rt60_s delay_ms  found_after_s  worst_error_ms  erle_db  restarts  cpu_ms_per_s"
        + "  model_erle_db  model_dt_kept_db");
    for (double rt60 : new double[] {0.2, 0.4, 0.8}) {
      for (int delay : new int[] {20, 120, 300, 450}) {
        SyntheticRoom room = SyntheticRoom.make(new SyntheticRoom.Shape(rt60, delay, -22, -26, -60, 7));
        try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, filterMs)) {
          PublishedEchoRun r = PublishedEchoRun.run(room, c, filterMs);
          double lock = r.firstLockS();
          double worst = r.estimates().stream().filter(t -> t.atS() >= lock)
              .mapToDouble(t -> Math.abs(t.estimate().delayMs() - delay)).max().orElse(Double.NaN);
          PublishedEchoRun model;
          try (SpeexEchoCanceller again = SpeexEchoCanceller.open(10, filterMs)) {
            model = PublishedEchoRun.run(room, again, filterMs, true);
          }
          System.out.printf(Locale.ROOT, "%6.1f %8d  %13.1f  %14.1f  %7.1f  %8d  %12.2f  %13.1f  %16.1f%n", rt60, delay,
              lock - SyntheticRoom.PLAY_START_S, worst, r.erleDb(lock + 3, room.userStartS()), r.restarts(),
              r.cpuPerAudioS() * 1000, model.erleDb(lock + 3, room.userStartS()),
              EchoCancelRun.measure(room, model.out(), 0, null).nearEndKeptDb());
        }
      }
    }
    System.out.println("RT60 0.3 s, 80 ms + 10 ms every 8.5 s (to 140 ms) + skew; ERLE from 4 s after each step to the next");
    System.out.println("skew_ppm  erle_between_steps_db               restarts  skew_estimate_ppm  alignment_moves");
    for (double ppm : new double[] {0, 20, 100, -100}) {
      SyntheticRoom room = SyntheticRoom.moving(new SyntheticRoom.Shape(0.3, 0, -22, -26, -60, 7),
          t -> 80 + ppm / 1000 * Math.max(0, t - 1) + 10 * Math.floor(Math.max(0, t - 1) / 8.5), 3);
      try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, filterMs)) {
        PublishedEchoRun r = PublishedEchoRun.run(room, c, filterMs);
        StringBuilder erle = new StringBuilder();
        for (double from = 9.5; from + 8.5 <= room.robotEndS(); from += 8.5) {
          erle.append(String.format(Locale.ROOT, " %.1f", r.erleDb(from + 4, from + 8.5)));
        }
        System.out.printf(Locale.ROOT, "%8.0f  %-34s  %8d  %17s  %15s%n", ppm, erle.toString().trim(), r.restarts(),
            value(r, "clock skew ppm"), value(r, "alignment moves"));
      }
    }
  }

  /** A player's clock off the node's and nothing else: the ERLE in the seconds after the delay is found. */
  private static void skewAfterTheLock(int filterMs, double noiseDbfs) {
    System.out.printf(Locale.ROOT, "published speech, delay estimated, filter %d ms, noise %.0f dBFS; the robot's"
        + " speech twice, 80 ms + the skew from its start; ERLE in 2-s windows from the lock%n", filterMs, noiseDbfs);
    System.out.println("rt60_s  seed  skew_ppm  lock_s  erle_db_lock+1..3  +3..5  +5..7  +7..9  +9..11  skew_estimate_ppm");
    for (double rt60 : RT60S) {
      for (int seed : new int[] {7, 8}) {
        for (double ppm : new double[] {0, 30, -30, 100, -100}) {
          SyntheticRoom room = SyntheticRoom.moving(new SyntheticRoom.Shape(rt60, 0, -22, -26, noiseDbfs, seed),
              t -> 80 + ppm / 1000 * Math.max(0, t - SyntheticRoom.PLAY_START_S), 2);
          try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, filterMs)) {
            PublishedEchoRun r = PublishedEchoRun.run(room, c, filterMs);
            double lock = r.firstLockS();
            StringBuilder erle = new StringBuilder();
            for (int from = 1; from < 11; from += 2) {
              erle.append(String.format(Locale.ROOT, "  %5.1f", r.erleDb(lock + from, lock + from + 2)));
            }
            System.out.printf(Locale.ROOT, "%6.1f  %4d  %8.0f  %6.1f %s  %17s%n", rt60, seed, ppm,
                lock - SyntheticRoom.PLAY_START_S, erle, value(r, "clock skew ppm"));
          }
        }
      }
    }
  }

  /**
   * The residual echo suppressor set deeper than SpeexDSP's default (-40 dB alone, -15 dB in
   * double talk), in the rooms where PulseAudio removed more: how much more echo it takes, and how
   * much of the user.
   */
  private static void suppression(int filterMs) {
    int[][] settings = {{-40, -15}, {-60, -15}, {-60, -25}, {-80, -30}};
    System.out.printf(Locale.ROOT, "filter %d ms, told the delay - 10 ms; suppression idle/active dB%n", filterMs);
    System.out.println("suppress  " + HEADER);
    for (double[] r : new double[][] {{0.2, 20}, {0.4, 20}, {0.8, 20}, {0.8, 120}}) {
      SyntheticRoom room = room(r[0], (int) r[1]);
      for (int[] s : settings) {
        try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, filterMs).suppression(s[0], s[1])) {
          System.out.printf(Locale.ROOT, "%4d/%-3d  %s%n", s[0], s[1], row(r[0], (int) r[1],
              EchoCancelRun.run(room, c, (int) r[1] - 10)));
        }
      }
    }
  }

  private static String value(PublishedEchoRun r, String key) {
    return r.report().values().stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow().value();
  }

  private static SyntheticRoom room(double rt60, int delay) {
    return SyntheticRoom.make(new SyntheticRoom.Shape(rt60, delay, -22, -26, -60, 7));
  }

  private static EchoCancelRun speex(SyntheticRoom room, int filterMs, int delayTold) {
    return speex(room, filterMs, delayTold, false);
  }

  private static EchoCancelRun speex(SyntheticRoom room, int filterMs, int delayTold, boolean suppress) {
    try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, filterMs)) {
      return EchoCancelRun.run(room, c, delayTold, suppress);
    }
  }

  private static String row(double rt60, int delay, EchoCancelRun r) {
    return String.format(Locale.ROOT, "%6.1f %8d  %7.1f  %13.2f  %19.1f  %18.1f  %3d  %12.2f", rt60, delay,
        r.erleDb(), r.convergenceS(), r.nearEndKeptDb(), r.erleDoubleTalkDb(), r.nearEndLagSamples(),
        r.cpuPerAudioS() * 1000) + String.format(Locale.ROOT, "  %15.1f", r.erleSettledDb());
  }

  private static void compareWithPulseAudio(int rounds) throws Exception {
    Path dir = Files.createTempDirectory("echo-bench-pulse");
    Map<String, List<EchoCancelRun>> runs = new LinkedHashMap<>();
    {
      System.out.println("module-echo-cancel " + String.join(" ", PulseEchoCancel.moduleArguments(false))
          + " (pulse ext: extended_filter=1 too)");
      System.out.println("round canceller          " + HEADER + "  offset_s");
      for (int round = 1; round <= rounds; round++) {
        for (double rt60 : RT60S) {
          for (int delay : DELAYS) {
            SyntheticRoom room = room(rt60, delay);
            EchoCancelRun told = speex(room, PULSE_FILTER_MS, delay - 10);
            EchoCancelRun zero = speex(room, PULSE_FILTER_MS, 0);
            EchoCancelRun suppressed = speex(room, PULSE_FILTER_MS, delay - 10, true);
            EchoCancelRun suppressedZero = speex(room, PULSE_FILTER_MS, 0, true);
            PulseEchoCancel.Result p = PulseEchoCancel.run(dir, room, false);
            PulseEchoCancel.Result ext = PulseEchoCancel.run(dir, room, true);
            String key = String.format(Locale.ROOT, "%6.1f %8d", rt60, delay);
            for (var e : List.of(Map.entry("speex told d-10 ", told), Map.entry("speex told 0    ", zero),
                Map.entry("speex+sup d-10  ", suppressed), Map.entry("speex+sup 0     ", suppressedZero),
                Map.entry("pulse webrtc    ", p.figures()), Map.entry("pulse ext       ", ext.figures()))) {
              runs.computeIfAbsent(e.getKey() + key, k -> new ArrayList<>()).add(e.getValue());
              System.out.printf(Locale.ROOT, "%5d %s %s%s%n", round, e.getKey(), row(rt60, delay, e.getValue()),
                  e.getValue() == p.figures() ? String.format(Locale.ROOT, "  %8.3f", p.offsetS())
                      : e.getValue() == ext.figures() ? String.format(Locale.ROOT, "  %8.3f", ext.offsetS()) : "");
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nmedian (min..max) over %d rounds%n", rounds);
    System.out.println("canceller        rt60_s delay_ms  erle_db              convergence_s     dt_kept_db"
        + "           dt_echo_db           cpu_ms_per_s         erle_settled_db");
    for (var e : runs.entrySet()) {
      List<EchoCancelRun> rs = e.getValue();
      System.out.printf(Locale.ROOT, "%s  %s  %s  %s  %s  %s  %s%n", e.getKey(), spread(rs, EchoCancelRun::erleDb, 1),
          spread(rs, EchoCancelRun::convergenceS, 1), spread(rs, EchoCancelRun::nearEndKeptDb, 1),
          spread(rs, EchoCancelRun::erleDoubleTalkDb, 1), spread(rs, r -> r.cpuPerAudioS() * 1000, 1),
          spread(rs, EchoCancelRun::erleSettledDb, 1));
    }
  }

  private static String spread(List<EchoCancelRun> runs, ToDoubleFunction<EchoCancelRun> figure, int decimals) {
    double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, "%-19s", String.format(Locale.ROOT, f + " (" + f + ".." + f + ")", median,
        v[0], v[v.length - 1]));
  }
}
