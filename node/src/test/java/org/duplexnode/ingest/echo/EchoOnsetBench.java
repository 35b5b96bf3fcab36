package org.duplexnode.ingest.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duplexnode.bench.RobotTurnBench;

/**
 * A filter-free double-talk test measured against changes of the echo path (docs/benchmarks.md,
 * "What was tried against it"): onsets the far end does not explain. The robot's echo rises only
 * where its speech rose, an echo delay earlier, whatever path it took; a user's syllables rise on
 * their own. In 16 bands (200-4000 Hz, 32 ms Hann windows every 10 ms) an onset is a band 12 dB
 * above its quietest of the three frames before and 10 dB above its quietest of the last 2 s; it
 * is explained when the far end (read at the echo's time, as the canceller is told it) rose 6 dB in
 * that band or the next within the last 70 ms. The figure is the count of unexplained onsets over
 * the last 100 ms, in the canceller's output and in the microphone, while the echo may be heard.
 * Echo alone (from 5 s into the robot's speech, before and after a change 10 s in) against users
 * over the echo (the first 10 ms frame from their onset at which it reaches the threshold). No
 * detector and no guard: what the test alone would tell. Arguments: the threshold (default 14).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@echo-onset-bench "-DechoOnsetBench=14"</pre>
 */
public final class EchoOnsetBench {
  private static final int RATE = SyntheticRoom.RATE;
  private static final int HOP = 160;
  private static final int WINDOW = 512;
  private static final int BANDS = 16;
  private static final double RISE_DB = 12;
  private static final double FAR_RISE_DB = 6;
  private static final int EXPLAINS_FRAMES = 7;
  private static final double ABOVE_FLOOR_DB = 10;
  private static final int FLOOR_FRAMES = 200;
  private static final double BELOW_MIC_DB = 25;
  private static final int COUNT_FRAMES = 10;
  private static final int ECHO_TAIL_FRAMES = 80;
  private static final double CHANGE_S = 11.0;

  private EchoOnsetBench() {}

  /** One room's run: the microphone, the canceller's output and the far end at the echo's time, in 10 ms frames of band levels. */
  private record Run(double[][] mic, double[][] out, double[][] far, boolean[] echoPossible) {}

  public static void main(String[] args) throws Exception {
    int threshold = args.length > 0 ? Integer.parseInt(args[0]) : 14;
    double[][] rooms = {{0.2, 20}, {0.4, 120}, {0.8, 20}, {0.8, 300}};
    short[] twice = RobotTurnBench.textTwice();
    System.out.printf(Locale.ROOT, "unexplained onsets per 100 ms; threshold %d; echo alone from 5 s, the change at %.1f s%n",
        threshold, CHANGE_S);
    System.out.println("case                             rt60_s delay_ms  noise  | output: echo max before / after"
        + " change, user ms to threshold | microphone: the same");
    for (double[] shape : rooms) {
      double rt60 = shape[0];
      int delay = (int) shape[1];
      for (double noise : new double[] {-60, -35}) {
        List<String[]> cases = new ArrayList<>();
        SyntheticRoom base = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(rt60, delay, -22, -26, noise, 3), twice, 1.0);
        changes(cases, "other path (metres away)", base, SyntheticRoom.echoAlone(
            new SyntheticRoom.Shape(rt60, delay, -22, -26, noise, 5), twice, 1.0), delay, threshold);
        changes(cases, "same path +6 dB (metres away)", base, SyntheticRoom.echoAlone(
            new SyntheticRoom.Shape(rt60, delay, -16, -26, noise, 3), twice, 1.0), delay, threshold);
        for (double r : new double[] {0.2, 0.5}) {
          SyntheticRoom a = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(rt60, delay, -22, -26, noise, 7), twice, 1.0,
              RobotTurnBench.robotDrrDb(r, rt60));
          SyntheticRoom b = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(rt60, delay, -22, -26, noise, 8), twice, 1.0,
              RobotTurnBench.robotDrrDb(r, rt60));
          changes(cases, String.format(Locale.ROOT, "robot turns, r %.1f m", r), a, b, delay, threshold);
        }
        for (double user : new double[] {-20, -26, -32}) {
          SyntheticRoom u = SyntheticRoom.make(new SyntheticRoom.Shape(rt60, delay, -22, user, noise, 11));
          users(cases, String.format(Locale.ROOT, "user %.0f dBFS (metres away)", user), u, delay, threshold);
          SyntheticRoom onRobot = SyntheticRoom.onRobot(new SyntheticRoom.Shape(rt60, delay, -22, user, noise, 17),
              RobotTurnBench.robotDrrDb(0.2, rt60));
          users(cases, String.format(Locale.ROOT, "user %.0f dBFS (robot, r 0.2 m)", user), onRobot, delay, threshold);
        }
        users(cases, "user at the robot's pitch -26", SyntheticRoom.make(
            new SyntheticRoom.Shape(rt60, delay, -22, -26, noise, 23), SyntheticRoom.USER, "en-us", 50), delay, threshold);
        users(cases, "a lone \"Stop.\" -26", SyntheticRoom.make(
            new SyntheticRoom.Shape(rt60, delay, -22, -26, noise, 29), "Stop."), delay, threshold);
        for (String[] c : cases) {
          System.out.printf(Locale.ROOT, "%-32s %6.1f %8d  %5.0f  | %-44s | %s%n", c[0], rt60, delay, noise, c[1], c[2]);
        }
      }
    }
  }

  private static void changes(List<String[]> cases, String name, SyntheticRoom before, SyntheticRoom after, int delay,
                              int threshold) {
    Run r = run(before.withEchoPathFrom(after, CHANGE_S, 0), delay);
    int at = (int) Math.round(CHANGE_S * 100);
    String[] row = {name, "", ""};
    for (int which = 0; which < 2; which++) {
      int[] count = unexplained(r, which == 0);
      int over = 0;
      for (int f = at; f < count.length; f++) {
        over += r.echoPossible()[f] && count[f] >= threshold ? 1 : 0;
      }
      row[which + 1] = String.format(Locale.ROOT, "%d / %d (%d frames at or above)",
          maxOver(count, r.echoPossible(), 500, at), maxOver(count, r.echoPossible(), at, count.length), over);
    }
    cases.add(row);
  }

  private static void users(List<String[]> cases, String name, SyntheticRoom room, int delay, int threshold) {
    Run r = run(room, delay);
    float[] near = room.nearEnd();
    int onset = -1;
    for (int f = 0; f + 1 < near.length / HOP && onset < 0; f++) {
      double e = 0;
      for (int i = f * HOP; i < f * HOP + HOP; i++) {
        e += (double) near[i] * near[i];
      }
      onset = e / HOP > 1e-5 ? f : -1;
    }
    String[] row = {name, "", ""};
    for (int which = 0; which < 2; which++) {
      int[] count = unexplained(r, which == 0);
      int echo = maxOver(count, r.echoPossible(), 500, onset - 3);
      String reached = "not within 300 ms";
      for (int f = onset; f < onset + 30 && f < count.length; f++) {
        if (count[f] >= threshold) {
          reached = (f - onset) * 10 + " ms";
          break;
        }
      }
      row[which + 1] = String.format(Locale.ROOT, "echo max %d, user %s", echo, reached);
    }
    cases.add(row);
  }

  /** The largest count over [from, to) where the echo may be heard. */
  private static int maxOver(int[] count, boolean[] possible, int from, int to) {
    int max = 0;
    for (int f = Math.max(0, from); f < Math.min(to, count.length); f++) {
      if (possible[f]) {
        max = Math.max(max, count[f]);
      }
    }
    return max;
  }

  /** Unexplained onsets over the last {@value #COUNT_FRAMES} frames, in the output ({@code output}) or the microphone. */
  private static int[] unexplained(Run r, boolean output) {
    double[][] level = output ? r.out() : r.mic();
    int frames = level.length;
    int[] perFrame = new int[frames];
    boolean[][] farRose = new boolean[frames][BANDS];
    for (int f = 3; f < frames; f++) {
      for (int b = 0; b < BANDS; b++) {
        farRose[f][b] = rise(r.far(), f, b) >= FAR_RISE_DB;
      }
    }
    for (int f = FLOOR_FRAMES; f < frames; f++) {
      for (int b = 0; b < BANDS; b++) {
        if (rise(level, f, b) < RISE_DB || level[f][b] <= r.mic()[f][b] - BELOW_MIC_DB
            || level[f][b] <= floor(level, f - 1, b) + ABOVE_FLOOR_DB) {
          continue;
        }
        boolean explained = false;
        for (int k = 0; k < EXPLAINS_FRAMES && !explained; k++) {
          boolean[] rose = farRose[f - k];
          explained = rose[b] || b > 0 && rose[b - 1] || b + 1 < BANDS && rose[b + 1];
        }
        perFrame[f] += explained ? 0 : 1;
      }
    }
    int[] count = new int[frames];
    int sum = 0;
    for (int f = 0; f < frames; f++) {
      sum += perFrame[f] - (f >= COUNT_FRAMES ? perFrame[f - COUNT_FRAMES] : 0);
      count[f] = sum;
    }
    return count;
  }

  /** How far band {@code b} of frame {@code f} stands above its quietest of the three frames before. */
  private static double rise(double[][] level, int f, int b) {
    double min = Double.POSITIVE_INFINITY;
    for (int k = 1; k <= 3 && f - k >= 0; k++) {
      min = Math.min(min, level[f - k][b]);
    }
    return level[f][b] - min;
  }

  private static double floor(double[][] level, int f, int b) {
    double min = Double.POSITIVE_INFINITY;
    for (int k = Math.max(0, f - FLOOR_FRAMES + 1); k <= f; k++) {
      min = Math.min(min, level[k][b]);
    }
    return min;
  }

  /** {@code room} through SpeexDSP (500 ms, told the delay less 10 ms) as {@link EchoCancelRun} feeds it. */
  private static Run run(SyntheticRoom room, int delay) {
    float[] mic = room.microphone();
    float[] out;
    try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, 500)) {
      out = EchoCancelRun.output(room, mic, c, delay - 10, false, new EchoMeter());
    }
    // The far end as the microphone hears it, read where the canceller is told its echo is.
    float[] far = new float[mic.length];
    int shift = (delay - 10) * RATE / 1000;
    short[] robot = room.robot24k();
    for (int i = 0; i < far.length; i++) {
      double t = ((i - shift) / (double) RATE - SyntheticRoom.PLAY_START_S) * 24_000;
      int k = (int) Math.floor(t);
      if (k >= 0 && k + 1 < robot.length) {
        far[i] = (float) ((robot[k] + (t - k) * (robot[k + 1] - robot[k])) / 32768.0);
      }
    }
    boolean[] possible = new boolean[mic.length / HOP];
    int lastSounding = Integer.MIN_VALUE / 2;
    for (int f = 0; f < possible.length; f++) {
      double e = 0;
      for (int i = f * HOP; i < f * HOP + HOP; i++) {
        e += (double) far[i] * far[i];
      }
      if (e / HOP * 32768.0 * 32768.0 >= 1) {
        lastSounding = f;
      }
      possible[f] = f - lastSounding <= ECHO_TAIL_FRAMES;
    }
    return new Run(bands(mic), bands(out), bands(far), possible);
  }

  /** Band levels (dB) of 10 ms frames, each a 512-sample Hann window ending at the frame's end. */
  private static double[][] bands(float[] x) {
    Radix2Fft fft = new Radix2Fft(WINDOW);
    int frames = x.length / HOP;
    double[][] level = new double[frames][BANDS];
    double[] edges = new double[BANDS + 1];
    for (int b = 0; b <= BANDS; b++) {
      edges[b] = 200 * Math.pow(4000 / 200.0, b / (double) BANDS);
    }
    double[] re = new double[WINDOW];
    double[] im = new double[WINDOW];
    for (int f = 0; f < frames; f++) {
      int end = f * HOP + HOP;
      for (int i = 0; i < WINDOW; i++) {
        int k = end - WINDOW + i;
        double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (WINDOW - 1));
        re[i] = k >= 0 ? x[k] * w : 0;
        im[i] = 0;
      }
      fft.forward(re, im);
      double[] e = new double[BANDS];
      for (int bin = 0; bin <= WINDOW / 2; bin++) {
        double hz = bin * (double) RATE / WINDOW;
        for (int b = 0; b < BANDS; b++) {
          if (hz >= edges[b] && hz < edges[b + 1]) {
            e[b] += re[bin] * re[bin] + im[bin] * im[bin];
          }
        }
      }
      for (int b = 0; b < BANDS; b++) {
        level[f][b] = 10 * Math.log10(e[b] + 1e-12);
      }
    }
    return level;
  }
}
