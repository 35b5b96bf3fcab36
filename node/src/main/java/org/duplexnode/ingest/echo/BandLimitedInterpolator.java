package org.duplexnode.ingest.echo;

/**
 * A signal's value between its samples: a Hann-windowed sinc of {@value #TAPS} taps, flat to about
 * 6 kHz at 16 kHz, from a table of {@value #PHASES} fractional positions (the nearest is taken: a
 * phase error below 1/2048 of a sample, under -55 dB up to 7 kHz). Linear interpolation would dull
 * the treble that the echo canceller must match; the table keeps it to 32 multiplications a sample.
 */
final class BandLimitedInterpolator {
  static final int TAPS = 32;
  /** Taps before the sample at or below the position: it uses {@code x[k - 15] .. x[k + 16]}. */
  static final int BEFORE = TAPS / 2 - 1;
  static final int PHASES = 1024;
  private static final float[][] TABLE = table();

  private BandLimitedInterpolator() {}

  /** The taps for a position {@code phase / PHASES} of a sample after {@code x[k]}, to multiply {@code x[k - 15 + j]} by. */
  static float[] taps(int phase) {
    return TABLE[phase];
  }

  /** {@code x} at {@code pos}; samples outside {@code x} are 0. */
  static double at(double[] x, double pos) {
    long k = (long) Math.floor(pos);
    int phase = (int) Math.round((pos - k) * PHASES);
    if (phase == PHASES) {
      k++;
      phase = 0;
    }
    float[] h = TABLE[phase];
    double sum = 0;
    for (int j = 0; j < TAPS; j++) {
      long i = k - BEFORE + j;
      if (i >= 0 && i < x.length) {
        sum += h[j] * x[(int) i];
      }
    }
    return sum;
  }

  private static float[][] table() {
    float[][] t = new float[PHASES][TAPS];
    for (int p = 0; p < PHASES; p++) {
      double f = p / (double) PHASES;
      double[] h = new double[TAPS];
      double sum = 0;
      for (int j = 0; j < TAPS; j++) {
        double d = f - (j - BEFORE);
        double sinc = Math.abs(d) < 1e-12 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
        h[j] = sinc * (0.5 + 0.5 * Math.cos(Math.PI * d / (TAPS / 2 + 0.5)));
        sum += h[j];
      }
      // Unity gain at DC for every phase: otherwise a slow drift through the phases modulates the level.
      for (int j = 0; j < TAPS; j++) {
        t[p][j] = (float) (h[j] / sum);
      }
    }
    return t;
  }
}
