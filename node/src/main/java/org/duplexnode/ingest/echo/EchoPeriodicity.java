package org.duplexnode.ingest.echo;

/**
 * Whether what the canceller let through is voiced at the far end's own pitch: the robot's voice,
 * not the user's. A wall brought close, a turn of the robot or a louder speaker filter the far
 * end differently but leave its period as it was, so the test still holds while the canceller's
 * filter no longer fits the echo path and the level tests take the echo for a voice
 * (docs/benchmarks.md, "When the echo path changes"). A user's voice has a pitch of its own.
 *
 * <p>How: both signals at 8 kHz (pairs of samples averaged), each window less its mean. The
 * output's period is the lag of its best normalised autocorrelation from 2.5 to 16.6 ms
 * (60-400 Hz) over the last
 * {@value #WINDOW} samples (40 ms), when that best is at least {@value #OUTPUT_PERIODIC} (a
 * voice under the residual of a broken filter is seldom cleaner). It sounds like the far end when
 * the far end, over one of the windows that end 0 to {@value #FAR_END_LOOKBACK} samples (40 ms)
 * earlier (the far end is read ahead of its echo), is voiced (its own best at least
 * {@value #FAR_END_VOICED}) and correlates at that period, within 2 % or at a multiple, at least
 * {@value #SAME_PERIOD} of its own best. An output without a period, or a far end without one
 * there, says nothing.
 *
 * <p>Once the robot is silent its echo is the room's reverberation of what it said last, which
 * {@link #voicedUnlikeTheFarEnd} tells from a voice: the far end's last {@value #SOUNDED} samples of
 * sound (1 s, kept through its pauses) are looked at for the output's period, and a period none of
 * their voiced windows has is a voice's own.
 *
 * <p>The far end's autocorrelations are kept per window, so that a test every frame computes
 * only the windows new since the last; nothing is computed unless asked.
 */
final class EchoPeriodicity {
  /** Samples at 8 kHz: 40 ms. */
  static final int WINDOW = 320;
  static final int MIN_LAG = 20;
  static final int MAX_LAG = 133;
  static final double OUTPUT_PERIODIC = 0.35;
  static final double FAR_END_VOICED = 0.6;
  static final double SAME_PERIOD = 0.85;
  /** How far back the far end's windows reach (8 kHz samples): the delay it is read ahead, and more. */
  static final int FAR_END_LOOKBACK = 320;
  private static final int STEP = 40;
  private static final int SIZE = 2048;
  private static final int CURVES = FAR_END_LOOKBACK / STEP + 2;
  /** The far end's last second of sound (8 kHz), its silences left out. */
  static final int SOUNDED = 8_000;
  /** A voice that is not the robot's must be clearly periodic: its best normalised autocorrelation. */
  static final double VOICE_PERIODIC = 0.5;
  private static final int SOUNDED_STEP = 160;
  private static final int SOUNDED_CURVES = SOUNDED / SOUNDED_STEP;
  private final float[] sounded = new float[SOUNDED];
  private long soundedWritten;
  private final double[][] soundedCurve = new double[SOUNDED_CURVES][MAX_LAG - MIN_LAG + 1];
  private final double[] soundedBest = new double[SOUNDED_CURVES];
  private final long[] soundedEnd = new long[SOUNDED_CURVES];
  private final float[] out = new float[SIZE];
  private final float[] far = new float[SIZE];
  /** The far end's autocorrelation over lags MIN_LAG..MAX_LAG for the window ending at {@link #curveEnd}. */
  private final double[][] curve = new double[CURVES][MAX_LAG - MIN_LAG + 1];
  private final double[] curveBest = new double[CURVES];
  private final long[] curveEnd = new long[CURVES];
  private final double[] outCurve = new double[MAX_LAG - MIN_LAG + 1];
  private final float[] window = new float[WINDOW];
  private final double[] energy = new double[WINDOW + 1];
  private long written;
  private long tests;
  private long answeredAt = -1;
  private boolean answer;

  EchoPeriodicity() {
    java.util.Arrays.fill(curveEnd, -1);
    java.util.Arrays.fill(soundedEnd, -1);
  }

  /** One 16-kHz frame of the canceller's output and the far end it was given. */
  void frame(short[] output, short[] farEnd, int len) {
    frame(output, farEnd, len, false);
  }

  /** As {@link #frame(short[], short[], int)}; {@code farEndSounds}: the far end is not silence in it. */
  void frame(short[] output, short[] farEnd, int len, boolean farEndSounds) {
    for (int i = 0; i + 1 < len; i += 2) {
      int at = (int) (written % SIZE);
      out[at] = (output[i] + output[i + 1]) * 0.5f;
      far[at] = (farEnd[i] + farEnd[i + 1]) * 0.5f;
      written++;
      if (farEndSounds) {
        sounded[(int) (soundedWritten++ % SOUNDED)] = far[at];
      }
    }
  }

  /**
   * Whether the last {@value #WINDOW} samples of output are clearly voiced (best at least
   * {@value #VOICE_PERIODIC}) at a period that none of the voiced windows of the far end's last
   * second of sound has (within 2 %, or at a multiple, {@value #SAME_PERIOD} of its best): a voice
   * in the room, not the robot's echo nor its room's tail, which keep the robot's periods. False
   * where the far end had no voiced sound to compare with.
   */
  boolean voicedUnlikeTheFarEnd() {
    if (written < WINDOW || soundedWritten < WINDOW) {
      return false;
    }
    int lag = periodOf(written, VOICE_PERIODIC);
    if (lag == 0) {
      return false;
    }
    boolean voiced = false;
    long last = soundedWritten - soundedWritten % SOUNDED_STEP;
    for (long end = last; end >= Math.max(WINDOW, soundedWritten - SOUNDED + WINDOW); end -= SOUNDED_STEP) {
      int c = (int) ((end / SOUNDED_STEP) % SOUNDED_CURVES);
      if (soundedEnd[c] != end) {
        soundedBest[c] = autocorrelation(sounded, end, soundedCurve[c]);
        soundedEnd[c] = end;
      }
      if (soundedBest[c] < FAR_END_VOICED) {
        continue;
      }
      voiced = true;
      if (hasPeriod(soundedCurve[c], soundedBest[c], lag)) {
        return false;
      }
    }
    return voiced;
  }

  /**
   * Whether the last {@value #WINDOW} samples of output are voiced at the far end's pitch. Asked
   * again before the next frame (the cue, then the guard, in one frame), it answers as before.
   */
  boolean soundsLikeFarEnd() {
    if (written < WINDOW + FAR_END_LOOKBACK + STEP) {
      return false;
    }
    if (answeredAt != written) {
      answer = test(written);
      answeredAt = written;
    }
    return answer;
  }

  private boolean test(long end) {
    tests++;
    int lag = periodOf(end, OUTPUT_PERIODIC);
    if (lag == 0) {
      return false;
    }
    long last = end - end % STEP;
    for (long farEnd = last; farEnd >= end - FAR_END_LOOKBACK; farEnd -= STEP) {
      int c = farEndCurve(farEnd);
      if (curveBest[c] >= FAR_END_VOICED && hasPeriod(curve[c], curveBest[c], lag)) {
        return true;
      }
    }
    return false;
  }

  /** The output's period (lag) over the window ending at {@code end}, or 0 where its best is under {@code atLeast}. */
  private int periodOf(long end, double atLeast) {
    autocorrelation(out, end, outCurve);
    int lag = 0;
    double best = atLeast;
    for (int t = MIN_LAG; t <= MAX_LAG; t++) {
      if (outCurve[t - MIN_LAG] > best) {
        best = outCurve[t - MIN_LAG];
        lag = t;
      }
    }
    return lag;
  }

  /** Whether a far-end window with this autocorrelation and best correlates at {@code lag} (within 2 %) nearly as well. */
  private static boolean hasPeriod(double[] farEndCurve, double farEndBest, int lag) {
    int spread = Math.max(1, (int) Math.round(lag * 0.02));
    double atLag = 0;
    for (int t = lag - spread; t <= lag + spread; t++) {
      if (t >= MIN_LAG && t <= MAX_LAG) {
        atLag = Math.max(atLag, farEndCurve[t - MIN_LAG]);
      }
    }
    return atLag >= SAME_PERIOD * farEndBest;
  }

  /** Tests computed so far (each a few hundred thousand multiply-adds at most). */
  long tests() {
    return tests;
  }

  /** The slot holding the far end's autocorrelation for the window ending at {@code end}, computed if new. */
  private int farEndCurve(long end) {
    int c = (int) ((end / STEP) % CURVES);
    if (curveEnd[c] != end) {
      curveBest[c] = autocorrelation(far, end, curve[c]);
      curveEnd[c] = end;
    }
    return c;
  }

  /**
   * The normalised autocorrelation at lags MIN_LAG..MAX_LAG of the window of {@code ring} ending at
   * {@code end}, into {@code into}: the window copied out of the ring, less its mean, its energies
   * from running sums. Returns the best of them.
   */
  private double autocorrelation(float[] ring, long end, double[] into) {
    int start = (int) ((end - WINDOW) % ring.length);
    int first = Math.min(WINDOW, ring.length - start);
    System.arraycopy(ring, start, window, 0, first);
    System.arraycopy(ring, 0, window, first, WINDOW - first);
    // Without its mean: a microphone's DC offset would otherwise correlate at every lag.
    double sum = 0;
    for (float v : window) {
      sum += v;
    }
    float mean = (float) (sum / WINDOW);
    for (int i = 0; i < WINDOW; i++) {
      window[i] -= mean;
    }
    energy[0] = 0;
    for (int i = 0; i < WINDOW; i++) {
      energy[i + 1] = energy[i] + (double) window[i] * window[i];
    }
    double best = 0;
    for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
      float xy = 0;
      for (int i = 0; i < WINDOW - lag; i++) {
        xy += window[i] * window[i + lag];
      }
      double xx = energy[WINDOW - lag];
      double yy = energy[WINDOW] - energy[lag];
      into[lag - MIN_LAG] = xx <= 0 || yy <= 0 ? 0 : xy / Math.sqrt(xx * yy);
      best = Math.max(best, into[lag - MIN_LAG]);
    }
    return best;
  }
}
