package org.duplexnode.ingest.echo;

/**
 * Finds how late the microphone hears the reference when nobody measured it (another node plays
 * the speech): every second of microphone with the reference active, the generalised
 * cross-correlation with phase transform (GCC-PHAT) of that second against the reference 0 to
 * {@value #MAX_DELAY_MS} ms earlier. The phase transform whitens both signals: the direct path's
 * peak stands out of the room's reverberation and of the speech's own pitch. A peak is believed
 * when it stands {@value #CONFIDENT} times the spread of the rest above their mean, or
 * {@value #REPEATED_CONFIDENT} times where it repeats (a reverberant, noisy room). Within
 * {@value #FOLLOW_MS} ms of the delay believed it moves that delay at once; a new delay (the first,
 * or a jump) is believed only when two seconds in a row agree on it within {@value #AGREE_MS} ms, so
 * that one second of a talker who happens to sound like the node does not move it. The peak is
 * found between samples, and the reference is read resampled at the drift the caller found (a
 * player's clock skew), so that the estimates give that skew to a fraction of a ppm. One thread.
 */
public final class EchoDelayEstimator {
  /** The longest delay searched (ms); a later echo is never confidently found. */
  public static final int MAX_DELAY_MS = 500;
  /** Peak-to-sidelobe ratio at or above which an estimate is believed. */
  public static final double CONFIDENT = 8.0;
  /** A confident estimate this close (ms) to the believed delay moves it at once (drift, a player's small steps). */
  static final double FOLLOW_MS = 15.0;
  /** Two estimates this close (ms) are the same delay. */
  static final double AGREE_MS = 3.0;
  /**
   * A sharp peak this far above its sidelobes is believed where it repeats (three seconds in a row
   * within {@link #REPEAT_MS}, or on the delay believed): in a reverberant room the sidelobes are
   * the room's reflections, the same every second, and the direct path stands only 5 to 10 times
   * their spread above them in noise; a talker's peak does not come back to a quarter of a ms.
   */
  static final double REPEATED_CONFIDENT = 5.0;
  /** How close (ms) a weak peak must come back (4 samples; a drift of 100 ppm moves it 0.1 ms a second). */
  static final double REPEAT_MS = 0.25;
  private static final int RATE = 16_000;
  private static final long NANOS_PER_SAMPLE = 62_500L;
  /** Microphone samples per estimate (one second). */
  static final int WINDOW = RATE;
  private static final int LAGS = MAX_DELAY_MS * RATE / 1000;
  private static final int N = 32_768;
  /** Below 100 Hz and above 7 kHz the reference has little (mains hum, the resampler's band edge). */
  private static final int LOW_BIN = 100 * N / RATE;
  private static final int HIGH_BIN = 7_000 * N / RATE;
  /** A 10 ms frame of reference above -50 dBFS is active; a second needs 30 of them to be correlated. */
  private static final double ACTIVE_POWER = Math.pow(10, -50 / 10.0);
  private static final int MIN_ACTIVE_FRAMES = 30;
  /** Samples either side of the peak left out of the sidelobes (the direct path's width). */
  private static final int PEAK_HALF_WIDTH = 32;
  /** Lags summed for a spread peak (2 ms). */
  private static final int SPREAD = 32;
  /** Grid points per sample either side of the correlation's highest sample. */
  private static final int REFINE_STEPS = 64;
  /** Seconds with a reference but no confident peak after which the lock is lost. */
  private static final int LOCK_LOST_AFTER = 3;

  private final FarEndReference reference;
  private final Radix2Fft fft = new Radix2Fft(N);
  private final float[] mic = new float[WINDOW];
  private final float[] ref = new float[WINDOW + LAGS];
  private final double[] micRe = new double[N];
  private final double[] micIm = new double[N];
  private final double[] refRe = new double[N];
  private final double[] refIm = new double[N];
  private final double[] smoothed = new double[LAGS + 1];
  private int filled;
  private long windowStartNanos;
  private long expectedNanos = Long.MIN_VALUE;
  private int missed;
  /** A confident delay (ms) of the last second that is not yet believed; NaN when none. */
  private double candidateMs = Double.NaN;
  private long estimates;
  private double driftRate;
  /** The sharp peaks (ms) of the last two seconds whose peak reached REPEATED_CONFIDENT; NaN where one did not. */
  private double weakBefore = Double.NaN;
  private double weakBeforeThat = Double.NaN;
  private volatile DelayEstimate last = DelayEstimate.NONE;

  public EchoDelayEstimator(FarEndReference reference) {
    this.reference = reference;
  }

  /**
   * How fast the delay grows (ns per ns, from the skew fitted to the estimates): each second's
   * reference is read resampled at it. Called on the ingest thread.
   */
  public void driftRate(double rate) {
    this.driftRate = rate;
  }

  /** The latest estimate; any thread. */
  public DelayEstimate estimate() {
    return last;
  }

  /**
   * Takes {@code len} microphone samples, the first heard at {@code startNanos}; returns true when a
   * second was complete and the estimate was refreshed.
   */
  public boolean heard(short[] samples, int len, long startNanos) {
    if (startNanos != expectedNanos) {
      // A new stream: the second so far is not contiguous with what follows.
      filled = 0;
    }
    expectedNanos = startNanos + len * NANOS_PER_SAMPLE;
    boolean refreshed = false;
    for (int i = 0; i < len; i++) {
      if (filled == 0) {
        windowStartNanos = startNanos + i * NANOS_PER_SAMPLE;
      }
      mic[filled++] = samples[i] / 32768f;
      if (filled == WINDOW) {
        filled = 0;
        refreshed |= correlate();
      }
    }
    return refreshed;
  }

  private boolean correlate() {
    // Resampled at the drift found so far, pivoting on the second's middle: a skewed echo's peak
    // then stays one sample wide instead of smearing over the second's drift.
    double rate = driftRate;
    reference.read(windowStartNanos - LAGS * NANOS_PER_SAMPLE, -rate * (LAGS + WINDOW / 2) * NANOS_PER_SAMPLE, 1 - rate,
        ref, ref.length);
    if (activeFrames() < MIN_ACTIVE_FRAMES) {
      return false;
    }
    load(mic, micRe, micIm);
    load(ref, refRe, refIm);
    fft.forward(micRe, micIm);
    fft.forward(refRe, refIm);
    // Cross-spectrum conj(M) R: its inverse peaks at k = LAGS - delay (ref[k + i] lines up with mic[i]).
    for (int b = 0; b < N; b++) {
      double re = micRe[b] * refRe[b] + micIm[b] * refIm[b];
      double im = micRe[b] * refIm[b] - micIm[b] * refRe[b];
      int f = b <= N / 2 ? b : N - b;
      double mag = Math.hypot(re, im);
      if (f < LOW_BIN || f > HIGH_BIN || mag < 1e-20) {
        micRe[b] = 0;
        micIm[b] = 0;
      } else {
        micRe[b] = re / mag;
        micIm[b] = im / mag;
      }
    }
    fft.inverse(micRe, micIm);
    // A delay that moves within the second spreads the peak over several samples, which the phase
    // transform's one-sample peak loses in its sidelobes: the correlation summed over 2 ms finds it.
    // The more confident of the two is taken.
    Peak sharp = peak(micRe, PEAK_HALF_WIDTH);
    boxSum(micRe, smoothed, SPREAD);
    Peak spread = peak(smoothed, 2 * SPREAD);
    Peak best = sharp.confidence() >= spread.confidence() ? sharp : spread;
    double confidence = best.confidence();
    estimates++;
    DelayEstimate before = last;
    double delayMs = (LAGS - refine(best == sharp ? micRe : smoothed, best.lag())) * (1 - rate) * 1000.0 / RATE;
    long atNanos = windowStartNanos + WINDOW / 2 * NANOS_PER_SAMPLE;
    double repeatedMs = repeatedPeakMs(sharp, best == sharp ? delayMs : Double.NaN, rate, before, atNanos);
    if (confidence < CONFIDENT && !Double.isNaN(repeatedMs)) {
      missed = 0;
      candidateMs = Double.NaN;
      last = new DelayEstimate(repeatedMs, sharp.confidence(), true, estimates, atNanos);
      return true;
    }
    if (confidence < CONFIDENT) {
      missed++;
      candidateMs = Double.NaN;
      last = new DelayEstimate(before.delayMs(), confidence, before.locked() && missed < LOCK_LOST_AFTER, estimates,
          before.atNanos());
    } else if (before.locked() && Math.abs(delayMs - before.delayMs()) <= FOLLOW_MS
        || Math.abs(delayMs - candidateMs) <= AGREE_MS) {
      missed = 0;
      candidateMs = Double.NaN;
      last = new DelayEstimate(delayMs, confidence, true, estimates, atNanos);
    } else {
      // A new delay: believed when the next second agrees.
      missed = before.locked() ? missed + 1 : 0;
      candidateMs = delayMs;
      last = new DelayEstimate(before.delayMs(), confidence, before.locked() && missed < LOCK_LOST_AFTER, estimates,
          before.atNanos());
    }
    return true;
  }

  /**
   * The delay (ms) of a sharp peak at least {@value #REPEATED_CONFIDENT} that is where the echo has
   * been: within {@value #REPEAT_MS} ms of the delay believed (where the drift would have moved it),
   * or of the two seconds before it, each at least as confident; NaN for any other. {@code knownMs}:
   * the sharp peak's delay where the second's estimate already found it between samples, else NaN.
   */
  private double repeatedPeakMs(Peak sharp, double knownMs, double rate, DelayEstimate before, long atNanos) {
    if (sharp.confidence() < REPEATED_CONFIDENT) {
      weakBefore = Double.NaN;
      weakBeforeThat = Double.NaN;
      return Double.NaN;
    }
    double sharpMs = !Double.isNaN(knownMs) ? knownMs : (LAGS - refine(micRe, sharp.lag())) * (1 - rate) * 1000.0 / RATE;
    boolean onTheDelay = before.locked()
        && Math.abs(sharpMs - before.delayMs() - rate * (atNanos - before.atNanos()) / 1e6) <= REPEAT_MS;
    boolean thrice = Math.abs(sharpMs - weakBefore) <= REPEAT_MS && Math.abs(weakBefore - weakBeforeThat) <= REPEAT_MS;
    weakBeforeThat = weakBefore;
    weakBefore = sharpMs;
    return onTheDelay || thrice ? sharpMs : Double.NaN;
  }

  /**
   * Where between samples the correlation peaks, within a sample of {@code lag}: the phase
   * transform's band ends below 8 kHz, so the correlation is band-limited and its samples give its
   * value anywhere. A grid of 1/{@value #REFINE_STEPS} sample, then a parabola through the best
   * point and its neighbours. A delay that moves with a clock skew is found to a fraction of a
   * sample each second, which the skew's fit needs.
   */
  private static double refine(double[] c, int lag) {
    double bestPos = lag;
    double bestValue = c[lag];
    double step = 1.0 / REFINE_STEPS;
    for (int i = -REFINE_STEPS; i <= REFINE_STEPS; i++) {
      double pos = lag + i * step;
      double v = BandLimitedInterpolator.at(c, pos);
      if (v > bestValue) {
        bestValue = v;
        bestPos = pos;
      }
    }
    double left = BandLimitedInterpolator.at(c, bestPos - step);
    double right = BandLimitedInterpolator.at(c, bestPos + step);
    double curvature = left - 2 * bestValue + right;
    if (curvature < 0) {
      bestPos += step * Math.max(-0.5, Math.min(0.5, (left - right) / (2 * curvature)));
    }
    return bestPos;
  }

  /** The highest of {@code c[0..LAGS]} and its height over the mean and spread of the rest (beyond {@code halfWidth}). */
  private static Peak peak(double[] c, int halfWidth) {
    int peak = 0;
    for (int k = 1; k <= LAGS; k++) {
      if (c[k] > c[peak]) {
        peak = k;
      }
    }
    double sum = 0;
    double sq = 0;
    int count = 0;
    for (int k = 0; k <= LAGS; k++) {
      if (Math.abs(k - peak) > halfWidth) {
        sum += c[k];
        sq += c[k] * c[k];
        count++;
      }
    }
    double mean = sum / count;
    double sd = Math.sqrt(Math.max(sq / count - mean * mean, 1e-30));
    return new Peak(peak, (c[peak] - mean) / sd);
  }

  private record Peak(int lag, double confidence) {}

  /** {@code dst[k]}: the sum of {@code c} over k +- width/2 (within 0..LAGS). */
  private static void boxSum(double[] c, double[] dst, int width) {
    int half = width / 2;
    double acc = 0;
    for (int k = 0; k <= Math.min(half, LAGS); k++) {
      acc += c[k];
    }
    for (int k = 0; k <= LAGS; k++) {
      dst[k] = acc;
      int add = k + half + 1;
      int drop = k - half;
      if (add <= LAGS) {
        acc += c[add];
      }
      if (drop >= 0) {
        acc -= c[drop];
      }
    }
  }

  private int activeFrames() {
    int active = 0;
    for (int f = 0; f + 160 <= ref.length; f += 160) {
      double e = 0;
      for (int i = f; i < f + 160; i++) {
        e += (double) ref[i] * ref[i];
      }
      if (e / 160 > ACTIVE_POWER) {
        active++;
      }
    }
    return active;
  }

  private static void load(float[] src, double[] re, double[] im) {
    java.util.Arrays.fill(re, 0);
    java.util.Arrays.fill(im, 0);
    for (int i = 0; i < src.length; i++) {
      re[i] = src[i];
    }
  }
}
