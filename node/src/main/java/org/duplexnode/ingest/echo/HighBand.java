package org.duplexnode.ingest.echo;

/**
 * The energy of a 16 kHz stream above {@code cutoffHz}, frame by frame: a fourth-order
 * Butterworth high-pass (two biquads) whose state runs on across frames. A voice's unvoiced first
 * sounds ("s", "f", "h", "t") lie mostly up there, where voiced echo has little, so they stand out
 * of the echo in this band long before they do across the whole spectrum.
 */
final class HighBand {
  /** Q of the two sections of a fourth-order Butterworth filter. */
  private static final double[] Q = {0.54119610, 1.30656296};

  private final double[] b0 = new double[2];
  private final double[] b1 = new double[2];
  private final double[] a1 = new double[2];
  private final double[] a2 = new double[2];
  /** Direct form II transposed state of each section. */
  private final double[] z1 = new double[2];
  private final double[] z2 = new double[2];

  HighBand(double cutoffHz, double rateHz) {
    double w0 = 2 * Math.PI * cutoffHz / rateHz;
    double cos = Math.cos(w0);
    for (int s = 0; s < 2; s++) {
      double alpha = Math.sin(w0) / (2 * Q[s]);
      double a0 = 1 + alpha;
      b0[s] = (1 + cos) / 2 / a0;
      b1[s] = -(1 + cos) / a0;
      a1[s] = -2 * cos / a0;
      a2[s] = (1 - alpha) / a0;
    }
  }

  /** The sum of squares of the first {@code len} samples of {@code x} after the filter. */
  double energy(short[] x, int len) {
    double e = 0;
    for (int i = 0; i < len; i++) {
      double v = x[i];
      for (int s = 0; s < 2; s++) {
        // b2 equals b0 for a high-pass biquad.
        double y = b0[s] * v + z1[s];
        z1[s] = b1[s] * v - a1[s] * y + z2[s];
        z2[s] = b0[s] * v - a2[s] * y;
        v = y;
      }
      e += v * v;
    }
    return e;
  }
}
