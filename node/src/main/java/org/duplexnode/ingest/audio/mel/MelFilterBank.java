package org.duplexnode.ingest.audio.mel;

/**
 * Triangular mel filters on the Slaney mel scale with Slaney area normalisation, as librosa's
 * {@code filters.mel(htk=False, norm="slaney")} and Whisper's feature extractor build them:
 * mel is linear below 1 kHz (f / (200/3)) and logarithmic above (15 + ln(f / 1000) / (ln 6.4 / 27));
 * n_mels + 2 points equally spaced in mel from fMin to fMax give the triangle corners; triangle i
 * rises from corner i to corner i+1 and falls to corner i+2, scaled by 2 / (corner i+2 - corner i) in Hz.
 * Stored sparsely (each filter's non-zero bins only).
 */
final class MelFilterBank {

  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27;

  private final int mels;
  private final int[] firstBin;
  private final double[][] weights;

  MelFilterBank(int mels, int nFft, double sampleRate, double fMin, double fMax) {
    this.mels = mels;
    int bins = nFft / 2 + 1;
    double[] corners = new double[mels + 2];
    double melMin = hzToMel(fMin);
    double melMax = hzToMel(fMax);
    for (int i = 0; i < mels + 2; i++) {
      corners[i] = melToHz(melMin + (melMax - melMin) * i / (mels + 1));
    }
    firstBin = new int[mels];
    weights = new double[mels][];
    double[] row = new double[bins];
    for (int i = 0; i < mels; i++) {
      double lo = corners[i];
      double mid = corners[i + 1];
      double hi = corners[i + 2];
      double norm = 2 / (hi - lo);
      int first = -1;
      int last = -1;
      for (int k = 0; k < bins; k++) {
        double f = k * sampleRate / nFft;
        double rising = (f - lo) / (mid - lo);
        double falling = (hi - f) / (hi - mid);
        row[k] = Math.max(0, Math.min(rising, falling)) * norm;
        if (row[k] > 0) {
          if (first < 0) {
            first = k;
          }
          last = k;
        }
      }
      if (first < 0) {
        first = 0;
        last = -1; // an empty filter (possible with many mels and a short FFT)
      }
      firstBin[i] = first;
      weights[i] = new double[last - first + 1];
      System.arraycopy(row, first, weights[i], 0, weights[i].length);
    }
  }

  static double hzToMel(double hz) {
    return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  }

  static double melToHz(double mel) {
    return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  }

  int mels() {
    return mels;
  }

  /** First FFT bin of filter i. */
  int firstBin(int i) {
    return firstBin[i];
  }

  /** Weights of filter i from its first bin on (a copy). */
  double[] weights(int i) {
    return weights[i].clone();
  }
}
