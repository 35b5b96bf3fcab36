package org.duplexnode.ingest.audio;

/**
 * Kaiser-windowed sinc low-pass design (Kaiser's empirical formulas for beta and length).
 * Frequencies are in cycles per input sample, times in input samples.
 */
final class KaiserLowpass {

  private KaiserLowpass() {
  }

  /** Kaiser's beta for a stopband attenuation in dB. */
  static double beta(double attenuationDb) {
    if (attenuationDb > 50) {
      return 0.1102 * (attenuationDb - 8.7);
    }
    if (attenuationDb >= 21) {
      return 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
    }
    return 0;
  }

  /** Filter length (taps) for an attenuation and a transition width in cycles per sample. */
  static int length(double attenuationDb, double transitionWidth) {
    return (int) Math.ceil((attenuationDb - 7.95) / (14.36 * transitionWidth)) + 1;
  }

  /**
   * The impulse response at time offset {@code t} (input samples) of a low-pass with cutoff
   * {@code cutoff} (cycles per sample, the -6 dB point) windowed over |t| < halfWidth.
   */
  static double tap(double t, double cutoff, double halfWidth, double beta) {
    if (Math.abs(t) >= halfWidth) {
      return 0;
    }
    double x = 2 * cutoff * t;
    double sinc = Math.abs(x) < 1e-12 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    double r = t / halfWidth;
    double window = besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta);
    return 2 * cutoff * sinc * window;
  }

  /** Modified Bessel function of the first kind, order 0 (power series; converges fast for beta < 20). */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }
}
