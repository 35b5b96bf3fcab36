package org.duplexnode.ingest.echo;

/**
 * An in-place complex FFT of a power-of-two size (iterative radix 2), enough for a cross-correlation
 * a second; the mel front end's mixed-radix plan is shaped for its batches of short frames.
 */
final class Radix2Fft {
  private final int n;
  private final double[] cos;
  private final double[] sin;

  Radix2Fft(int n) {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two: " + n);
    }
    this.n = n;
    cos = new double[n / 2];
    sin = new double[n / 2];
    for (int k = 0; k < n / 2; k++) {
      cos[k] = Math.cos(2 * Math.PI * k / n);
      sin[k] = Math.sin(2 * Math.PI * k / n);
    }
  }

  int size() {
    return n;
  }

  /** Forward transform (e^{-i...}) of {@code re + i im}. */
  void forward(double[] re, double[] im) {
    transform(re, im, -1);
  }

  /** Inverse transform, scaled by 1/n. */
  void inverse(double[] re, double[] im) {
    transform(re, im, 1);
    for (int i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }

  private void transform(double[] re, double[] im, int sign) {
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j |= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      int half = len >> 1;
      int step = n / len;
      for (int start = 0; start < n; start += len) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * step];
          double wi = sign * sin[k * step];
          int a = start + k;
          int b = a + half;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}
