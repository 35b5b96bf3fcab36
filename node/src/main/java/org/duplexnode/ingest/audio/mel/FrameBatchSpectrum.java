package org.duplexnode.ingest.audio.mel;

/**
 * Power spectra of up to {@value #MAX_FRAMES} windowed frames at once: a real FFT of n points as
 * one complex FFT of n/2 points (the radix passes of an {@link FftPlan}), then the even/odd
 * separation, with the frame as the innermost index.
 *
 * <p>Why: a butterfly of one frame is a few dozen scalar operations on scattered positions, while
 * the same butterfly over many frames is a unit-stride loop over {@code double[position][frame]}
 * rows with no offsets, which HotSpot's C2 vectorises. Each frame goes through exactly the
 * operations of the one-frame transform in the same order, so the results are bit-identical to it
 * (a vector lane computes what the scalar code computes; the test sources keep that one-frame form,
 * RealPowerSpectrum, as the reference). Radices 2, 3, 4 and 5 only (400 =
 * 2 x 4 x 2 x 5 x 5); other sizes are refused. Not thread-safe: holds the rows.
 */
final class FrameBatchSpectrum {

  static final int MAX_FRAMES = 64;

  private static final double C5_1 = Math.cos(2 * Math.PI / 5);
  private static final double C5_2 = Math.cos(4 * Math.PI / 5);
  private static final double S5_1 = Math.sin(2 * Math.PI / 5);
  private static final double S5_2 = Math.sin(4 * Math.PI / 5);
  private static final double S3 = Math.sin(2 * Math.PI / 3);

  private final int n;
  private final int half;
  private final int[] factors;
  /** Frame sample feeding each complex position after the digit reversal (2 p: real part, 2 p + 1: imaginary). */
  private final int[] source;
  private final double[][] twiddleCos;
  private final double[][] twiddleSin;
  private final double[] cos;
  private final double[] sin;
  private final double[][] re;
  private final double[][] im;
  private final double[][] power;

  /** @throws IllegalArgumentException if n is odd or n/2 has a prime factor above 5 */
  FrameBatchSpectrum(int n) {
    if (n < 2 || n % 2 != 0) {
      throw new IllegalArgumentException("frame length must be even: " + n);
    }
    this.n = n;
    this.half = n / 2;
    FftPlan fft = new FftPlan(half);
    factors = fft.factors();
    for (int r : factors) {
      if (r > 5) {
        throw new IllegalArgumentException("frame length " + n + " has a radix " + r + " pass; only 2, 3, 4, 5");
      }
    }
    int[] permutation = fft.permutation();
    source = new int[half];
    for (int i = 0; i < half; i++) {
      source[i] = 2 * permutation[i];
    }
    twiddleCos = new double[factors.length][];
    twiddleSin = new double[factors.length][];
    for (int level = 0; level < factors.length; level++) {
      twiddleCos[level] = fft.twiddleCos(level);
      twiddleSin[level] = fft.twiddleSin(level);
    }
    cos = new double[half + 1];
    sin = new double[half + 1];
    for (int k = 0; k <= half; k++) {
      cos[k] = Math.cos(2 * Math.PI * k / n);
      sin[k] = Math.sin(2 * Math.PI * k / n);
    }
    re = new double[half][MAX_FRAMES];
    im = new double[half][MAX_FRAMES];
    power = new double[half + 1][MAX_FRAMES];
  }

  int bins() {
    return half + 1;
  }

  /** Loads frame f ({@code frame[0..n)}, already windowed) into column f. */
  void load(int f, double[] frame) {
    for (int i = 0; i < half; i++) {
      int s = source[i];
      re[i][f] = frame[s];
      im[i][f] = frame[s + 1];
    }
  }

  /** Loads frame f as {@code x[start + i] * window[i]} (the frame must lie inside x). */
  void load(int f, float[] x, int start, double[] window) {
    for (int i = 0; i < half; i++) {
      int s = source[i];
      re[i][f] = x[start + s] * window[s];
      im[i][f] = x[start + s + 1] * window[s + 1];
    }
  }

  /**
   * Transforms columns 0..count-1 and returns the power rows: {@code power[k][f]} is |X[k]|^2 of
   * frame f, k = 0..n/2. The rows stay valid until the next load.
   */
  double[][] transform(int count) {
    if (count < 1 || count > MAX_FRAMES) {
      throw new IllegalArgumentException("frames per batch must be in [1, " + MAX_FRAMES + "]: " + count);
    }
    int m = 1;
    for (int level = factors.length - 1; level >= 0; level--) {
      int r = factors[level];
      int size = m * r;
      double[] wc = twiddleCos[level];
      double[] ws = twiddleSin[level];
      for (int off = 0; off < half; off += size) {
        for (int k = 0; k < m; k++) {
          int i = off + k;
          switch (r) {
            case 2 -> radix2(count, i, m, wc[k], ws[k]);
            case 3 -> radix3(count, i, m, wc[k], ws[k], wc[m + k], ws[m + k]);
            case 4 -> radix4(count, i, m, wc[k], ws[k], wc[m + k], ws[m + k], wc[2 * m + k], ws[2 * m + k]);
            default -> radix5(count, i, m, wc, ws, k);
          }
        }
      }
      m = size;
    }
    for (int k = 0; k <= half; k++) {
      int a = k == half ? 0 : k;
      int b = k == 0 ? 0 : half - k;
      separate(count, re[a], im[a], re[b], im[b], cos[k], sin[k], power[k]);
    }
    return power;
  }

  private static void separate(int count, double[] ra, double[] ia, double[] rb, double[] ib,
      double c, double s, double[] p) {
    for (int f = 0; f < count; f++) {
      double er = 0.5 * (ra[f] + rb[f]);
      double ei = 0.5 * (ia[f] - ib[f]);
      double or = 0.5 * (ia[f] + ib[f]);
      double oi = -0.5 * (ra[f] - rb[f]);
      double xr = er + or * c + oi * s;
      double xi = ei + oi * c - or * s;
      p[f] = xr * xr + xi * xi;
    }
  }

  private void radix2(int count, int i0, int m, double c, double s) {
    double[] r0 = re[i0];
    double[] q0 = im[i0];
    double[] r1 = re[i0 + m];
    double[] q1 = im[i0 + m];
    for (int f = 0; f < count; f++) {
      double t1r = r1[f] * c + q1[f] * s;
      double t1i = q1[f] * c - r1[f] * s;
      double t0r = r0[f];
      double t0i = q0[f];
      r0[f] = t0r + t1r;
      q0[f] = t0i + t1i;
      r1[f] = t0r - t1r;
      q1[f] = t0i - t1i;
    }
  }

  private void radix3(int count, int i0, int m, double c1, double s1, double c2, double s2) {
    double[] r0 = re[i0];
    double[] q0 = im[i0];
    double[] r1 = re[i0 + m];
    double[] q1 = im[i0 + m];
    double[] r2 = re[i0 + 2 * m];
    double[] q2 = im[i0 + 2 * m];
    for (int f = 0; f < count; f++) {
      double t1r = r1[f] * c1 + q1[f] * s1;
      double t1i = q1[f] * c1 - r1[f] * s1;
      double t2r = r2[f] * c2 + q2[f] * s2;
      double t2i = q2[f] * c2 - r2[f] * s2;
      double t0r = r0[f];
      double t0i = q0[f];
      double sr = t1r + t2r;
      double si = t1i + t2i;
      double dr = (t1r - t2r) * S3;
      double di = (t1i - t2i) * S3;
      double er = t0r - 0.5 * sr;
      double ei = t0i - 0.5 * si;
      r0[f] = t0r + sr;
      q0[f] = t0i + si;
      r1[f] = er + di;
      q1[f] = ei - dr;
      r2[f] = er - di;
      q2[f] = ei + dr;
    }
  }

  private void radix4(int count, int i0, int m, double c1, double s1, double c2, double s2,
      double c3, double s3) {
    double[] r0 = re[i0];
    double[] q0 = im[i0];
    double[] r1 = re[i0 + m];
    double[] q1 = im[i0 + m];
    double[] r2 = re[i0 + 2 * m];
    double[] q2 = im[i0 + 2 * m];
    double[] r3 = re[i0 + 3 * m];
    double[] q3 = im[i0 + 3 * m];
    for (int f = 0; f < count; f++) {
      double t0r = r0[f];
      double t0i = q0[f];
      double t1r = r1[f] * c1 + q1[f] * s1;
      double t1i = q1[f] * c1 - r1[f] * s1;
      double t2r = r2[f] * c2 + q2[f] * s2;
      double t2i = q2[f] * c2 - r2[f] * s2;
      double t3r = r3[f] * c3 + q3[f] * s3;
      double t3i = q3[f] * c3 - r3[f] * s3;
      double a0r = t0r + t2r;
      double a0i = t0i + t2i;
      double a1r = t0r - t2r;
      double a1i = t0i - t2i;
      double a2r = t1r + t3r;
      double a2i = t1i + t3i;
      double a3r = t1r - t3r;
      double a3i = t1i - t3i;
      r0[f] = a0r + a2r;
      q0[f] = a0i + a2i;
      r2[f] = a0r - a2r;
      q2[f] = a0i - a2i;
      r1[f] = a1r + a3i;
      q1[f] = a1i - a3r;
      r3[f] = a1r - a3i;
      q3[f] = a1i + a3r;
    }
  }

  private void radix5(int count, int i0, int m, double[] wc, double[] ws, int k) {
    radix5(count, re[i0], im[i0], re[i0 + m], im[i0 + m], re[i0 + 2 * m], im[i0 + 2 * m],
        re[i0 + 3 * m], im[i0 + 3 * m], re[i0 + 4 * m], im[i0 + 4 * m],
        wc[k], ws[k], wc[m + k], ws[m + k], wc[2 * m + k], ws[2 * m + k], wc[3 * m + k], ws[3 * m + k]);
  }

  private static void radix5(int count, double[] r0, double[] q0, double[] r1, double[] q1,
      double[] r2, double[] q2, double[] r3, double[] q3, double[] r4, double[] q4,
      double c1, double s1, double c2, double s2, double c3, double s3, double c4, double s4) {
    for (int f = 0; f < count; f++) {
      double t0r = r0[f];
      double t0i = q0[f];
      double t1r = r1[f] * c1 + q1[f] * s1;
      double t1i = q1[f] * c1 - r1[f] * s1;
      double t2r = r2[f] * c2 + q2[f] * s2;
      double t2i = q2[f] * c2 - r2[f] * s2;
      double t3r = r3[f] * c3 + q3[f] * s3;
      double t3i = q3[f] * c3 - r3[f] * s3;
      double t4r = r4[f] * c4 + q4[f] * s4;
      double t4i = q4[f] * c4 - r4[f] * s4;
      double b1r = t1r + t4r;
      double b1i = t1i + t4i;
      double b2r = t2r + t3r;
      double b2i = t2i + t3i;
      double d1r = t1r - t4r;
      double d1i = t1i - t4i;
      double d2r = t2r - t3r;
      double d2i = t2i - t3i;
      double e1r = t0r + C5_1 * b1r + C5_2 * b2r;
      double e1i = t0i + C5_1 * b1i + C5_2 * b2i;
      double e2r = t0r + C5_2 * b1r + C5_1 * b2r;
      double e2i = t0i + C5_2 * b1i + C5_1 * b2i;
      double f1r = S5_1 * d1r + S5_2 * d2r;
      double f1i = S5_1 * d1i + S5_2 * d2i;
      double f2r = S5_2 * d1r - S5_1 * d2r;
      double f2i = S5_2 * d1i - S5_1 * d2i;
      r0[f] = t0r + b1r + b2r;
      q0[f] = t0i + b1i + b2i;
      r1[f] = e1r + f1i;
      q1[f] = e1i - f1r;
      r4[f] = e1r - f1i;
      q4[f] = e1i + f1r;
      r2[f] = e2r + f2i;
      q2[f] = e2i - f2r;
      r3[f] = e2r - f2i;
      q3[f] = e2i + f2r;
    }
  }
}
