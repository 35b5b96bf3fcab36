package org.duplexnode.ingest.audio.mel;

/**
 * Power spectrum |X[k]|^2, k = 0..n/2, of a real frame of even length n, through one complex FFT of
 * size n/2 (even samples as real parts, odd as imaginary, then separated). For n = 400 this is a
 * 200-point transform with radices 4, 2, 5, 5. Not thread-safe: holds scratch buffers.
 *
 * <p>The one-frame form, kept with the tests as the reference of {@link FrameBatchSpectrum}, which
 * {@link StreamingLogMel} uses to compute the same numbers for many frames at once.
 */
public final class RealPowerSpectrum {

  private final int n;
  private final int half;
  private final ComplexFft fft;
  private final double[] zr;
  private final double[] zi;
  private final double[] fr;
  private final double[] fi;
  private final double[] cos;
  private final double[] sin;

  /** @throws IllegalArgumentException if n is not even and positive */
  public RealPowerSpectrum(int n) {
    if (n < 2 || n % 2 != 0) {
      throw new IllegalArgumentException("frame length must be even: " + n);
    }
    this.n = n;
    this.half = n / 2;
    this.fft = new ComplexFft(half);
    this.zr = new double[half];
    this.zi = new double[half];
    this.fr = new double[half];
    this.fi = new double[half];
    this.cos = new double[half + 1];
    this.sin = new double[half + 1];
    for (int k = 0; k <= half; k++) {
      cos[k] = Math.cos(2 * Math.PI * k / n);
      sin[k] = Math.sin(2 * Math.PI * k / n);
    }
  }

  public int bins() {
    return half + 1;
  }

  /** Writes the n/2 + 1 power bins of {@code frame[0..n)} to {@code power}. */
  public void compute(double[] frame, double[] power) {
    for (int m = 0; m < half; m++) {
      zr[m] = frame[2 * m];
      zi[m] = frame[2 * m + 1];
    }
    fft.forward(zr, zi, fr, fi);
    for (int k = 0; k <= half; k++) {
      int a = k == half ? 0 : k;
      int b = k == 0 ? 0 : half - k;
      // even part E = (Z[k] + conj Z[h-k]) / 2, odd part O = (Z[k] - conj Z[h-k]) / 2i
      double er = 0.5 * (fr[a] + fr[b]);
      double ei = 0.5 * (fi[a] - fi[b]);
      double or = 0.5 * (fi[a] + fi[b]);
      double oi = -0.5 * (fr[a] - fr[b]);
      // X = E + W^k O with W = exp(-2 pi i / n)
      double xr = er + or * cos[k] + oi * sin[k];
      double xi = ei + oi * cos[k] - or * sin[k];
      power[k] = xr * xr + xi * xi;
    }
  }
}
