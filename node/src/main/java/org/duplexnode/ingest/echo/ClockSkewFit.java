package org.duplexnode.ingest.echo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The rate at which the echo's delay grows: the player's clock against the microphone's, fitted to
 * the last {@value #HISTORY} delay estimates. A player also changes its delay in steps (its buffer
 * grows or is trimmed), so the estimates are cut into runs wherever one is more than
 * {@value #BREAK_MS} ms off the run's line, and one slope is fitted to all runs, each about its own
 * mean (least squares with an intercept per run): a step moves a run's intercept, never the slope.
 * One estimate off its neighbours is a run of its own and weighs nothing. The slope is believed
 * from two estimates a second apart ({@value #MIN_SPREAD_S2} s² of squared deviation) and is kept
 * within +-{@value #MAX_PPM} ppm. One thread.
 *
 * <p>Why so soon: until the slope is believed the canceller learns a path that drifts, and keeps
 * what it learnt for seconds after: waiting for four estimates lost 9 to 16 dB of ERLE in two of
 * the seconds after the lock at 30 ppm, 10 to 13 dB at 100 ppm. The estimates scatter by
 * hundredths of a millisecond, so the first slope is off by a few ppm, which the next estimates
 * correct (docs/benchmarks.md, "The skew believed from the second estimate").
 *
 * <p>The rate itself may change: a sound server's rate controller (PulseAudio's module-loopback,
 * for one) lets the delay stand for seconds, grow at tens of ppm for seconds, and stand again. A
 * fit over a minute follows that a minute late, and a line drawn at the old slope moves the echo
 * under the canceller as much as no line at all (through such a controller, at the settings the
 * check recommended, the echo alone passed the barge-in guard 3 to 6 times in 13 s of speech in 4
 * of 9 recordings). So a fit that {@linkplain #following() follows} the rate starts over from the
 * last two estimates when the rate has changed: one estimate more than {@value #BEND_ONCE_MS} ms, or two in a row more than
 * {@value #BEND_MS} ms on the same side, off where the slope says the delay would be since the
 * estimate before (less than {@value #BREAK_MS} ms: a step is a run, not a bend). Estimates that
 * scatter more than that (a noisy room) raise both to {@value #BEND_SIGMAS} and twice that times
 * their scatter, estimated from the second differences of the last {@value #SCATTER_HISTORY}
 * (whatever the slope), so that scatter alone does not start the fit over once it is known.
 */
final class ClockSkewFit {
  static final int HISTORY = 60;
  static final double BREAK_MS = 0.5;
  static final double MIN_SPREAD_S2 = 0.5;
  static final double MAX_PPM = 1000;
  static final double BEND_MS = 0.005;
  static final double BEND_ONCE_MS = 0.02;
  static final double BEND_SIGMAS = 4;
  static final int SCATTER_HISTORY = 15;

  private record Point(double atS, double delayMs, long run) {}

  private final Deque<Point> points = new ArrayDeque<>();
  private final boolean followsBends;
  private long run;
  /** ms per s, i.e. parts per thousand; NaN until believed. */
  private double slope = Double.NaN;
  /** How far the last estimate was off the slope (ms), where that was more than BEND_MS; else 0. */
  private double offBefore;
  private long bends;
  /** The last estimates' second differences (ms per s, absolute; for estimates a second apart, ms): their scatter. */
  private final Deque<Double> curvatures = new ArrayDeque<>();
  private Point lastSeen;
  private Point beforeLast;

  private ClockSkewFit(boolean followsBends) {
    this.followsBends = followsBends;
  }

  /** The skew now, for the canceller's alignment: starts over where the rate changes. */
  static ClockSkewFit following() {
    return new ClockSkewFit(true);
  }

  /** One skew over all the estimates (the last {@value #HISTORY}), for a recording's verdict. */
  static ClockSkewFit overall() {
    return new ClockSkewFit(false);
  }

  /** Adds the delay {@code delayMs} measured at microphone time {@code atNanos}; returns the skew (ppm), NaN until believed. */
  double add(long atNanos, double delayMs) {
    double atS = atNanos / 1e9;
    Point last = points.peekLast();
    if (last != null) {
      double rate = Double.isNaN(slope) ? 0 : slope;
      double off = delayMs - (last.delayMs() + rate * (atS - last.atS()));
      if (Math.abs(off) > BREAK_MS) {
        run++;
        offBefore = 0;
      } else if (followsBends && !Double.isNaN(slope)) {
        bendAt(last, off);
      }
    }
    Point p = new Point(atS, delayMs, run);
    if (followsBends) {
      keepScatter(p);
    }
    points.addLast(p);
    if (points.size() > HISTORY) {
      points.removeFirst();
    }
    fit();
    return ppm();
  }

  /** Starts over from {@code last} when an estimate {@code off} the slope says the rate has changed. */
  private void bendAt(Point last, double off) {
    double bend = Math.max(BEND_MS, BEND_SIGMAS * scatterMs());
    double once = Math.max(BEND_ONCE_MS, 2 * BEND_SIGMAS * scatterMs());
    boolean again = Math.abs(off) > bend && offBefore != 0 && Math.signum(off) == Math.signum(offBefore);
    if (Math.abs(off) > once || again) {
      points.clear();
      points.addLast(last);
      offBefore = 0;
      bends++;
      return;
    }
    offBefore = Math.abs(off) > bend ? off : 0;
  }

  /**
   * Keeps how far {@code p} is off the line through the two estimates before it, within one run (a
   * step is no scatter): the estimates' scatter, whatever the slope.
   */
  private void keepScatter(Point p) {
    if (beforeLast != null && lastSeen != null && p.atS() > lastSeen.atS() && lastSeen.atS() > beforeLast.atS()
        && beforeLast.run() == p.run()) {
      double curvature = (p.delayMs() - lastSeen.delayMs()) / (p.atS() - lastSeen.atS())
          - (lastSeen.delayMs() - beforeLast.delayMs()) / (lastSeen.atS() - beforeLast.atS());
      curvatures.addLast(Math.abs(curvature));
      if (curvatures.size() > SCATTER_HISTORY) {
        curvatures.removeFirst();
      }
    }
    beforeLast = lastSeen;
    lastSeen = p;
  }

  /**
   * How far an estimate falls off the slope from the one before by scatter alone (ms; a standard
   * deviation, from the median of the second differences: theirs is sqrt 3 times as wide); 0 until
   * a few are seen.
   */
  private double scatterMs() {
    if (curvatures.size() < 5) {
      return 0;
    }
    double[] sorted = curvatures.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return 1.4826 * sorted[sorted.length / 2] / Math.sqrt(3);
  }

  /** Times the fit started over because the rate changed. */
  long bends() {
    return bends;
  }

  /** The delay's growth in ppm of the microphone's time (positive: the player's clock is slower); NaN until believed. */
  double ppm() {
    return slope * 1000;
  }

  private void fit() {
    // Means per run, then the pooled slope about them.
    java.util.Map<Long, double[]> means = new java.util.HashMap<>();
    for (Point p : points) {
      double[] m = means.computeIfAbsent(p.run(), r -> new double[3]);
      m[0] += p.atS();
      m[1] += p.delayMs();
      m[2]++;
    }
    double sxy = 0;
    double sxx = 0;
    for (Point p : points) {
      double[] m = means.get(p.run());
      double dt = p.atS() - m[0] / m[2];
      sxy += dt * (p.delayMs() - m[1] / m[2]);
      sxx += dt * dt;
    }
    if (sxx < MIN_SPREAD_S2) {
      return;
    }
    double max = MAX_PPM / 1000;
    slope = Math.max(-max, Math.min(max, sxy / sxx));
  }
}
