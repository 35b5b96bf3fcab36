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
 */
final class ClockSkewFit {
  static final int HISTORY = 60;
  static final double BREAK_MS = 0.5;
  static final double MIN_SPREAD_S2 = 0.5;
  static final double MAX_PPM = 1000;

  private record Point(double atS, double delayMs, long run) {}

  private final Deque<Point> points = new ArrayDeque<>();
  private long run;
  /** ms per s, i.e. parts per thousand; NaN until believed. */
  private double slope = Double.NaN;

  /** Adds the delay {@code delayMs} measured at microphone time {@code atNanos}; returns the skew (ppm), NaN until believed. */
  double add(long atNanos, double delayMs) {
    double atS = atNanos / 1e9;
    Point last = points.peekLast();
    if (last != null) {
      double rate = Double.isNaN(slope) ? 0 : slope;
      if (Math.abs(delayMs - (last.delayMs() + rate * (atS - last.atS()))) > BREAK_MS) {
        run++;
      }
    }
    points.addLast(new Point(atS, delayMs, run));
    if (points.size() > HISTORY) {
      points.removeFirst();
    }
    fit();
    return ppm();
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
