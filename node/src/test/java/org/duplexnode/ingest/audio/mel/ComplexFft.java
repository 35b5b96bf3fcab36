package org.duplexnode.ingest.audio.mel;

/**
 * The one-frame reference of {@link FrameBatchSpectrum}'s transform: forward complex FFT over an
 * {@link FftPlan}, mixed radix (4, 2, 3 and 5 butterflies written out, other prime factors by a
 * direct DFT), decimation in time. Double precision.
 * Computes {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)}. Not thread-safe (holds no scratch, but
 * callers share nothing else either: one instance per thread is the intended use).
 */
final class ComplexFft {

  private static final double C5_1 = Math.cos(2 * Math.PI / 5);
  private static final double C5_2 = Math.cos(4 * Math.PI / 5);
  private static final double S5_1 = Math.sin(2 * Math.PI / 5);
  private static final double S5_2 = Math.sin(4 * Math.PI / 5);
  private static final double S3 = Math.sin(2 * Math.PI / 3);

  private final int n;
  private final int[] factors;
  private final int[] permutation;
  private final double[][] twiddleCos;
  private final double[][] twiddleSin;
  private final double[] rootCos;
  private final double[] rootSin;

  ComplexFft(int n) {
    FftPlan plan = new FftPlan(n);
    this.n = n;
    this.factors = plan.factors();
    this.permutation = plan.permutation();
    twiddleCos = new double[factors.length][];
    twiddleSin = new double[factors.length][];
    for (int level = 0; level < factors.length; level++) {
      twiddleCos[level] = plan.twiddleCos(level);
      twiddleSin[level] = plan.twiddleSin(level);
    }
    rootCos = new double[n];
    rootSin = new double[n];
    for (int e = 0; e < n; e++) {
      rootCos[e] = Math.cos(2 * Math.PI * e / n);
      rootSin[e] = Math.sin(2 * Math.PI * e / n);
    }
  }

  /** Transforms {@code in} (left unchanged) into {@code out}; arrays of length n, distinct. */
  void forward(double[] inRe, double[] inIm, double[] outRe, double[] outIm) {
    for (int i = 0; i < n; i++) {
      int from = permutation[i];
      outRe[i] = inRe[from];
      outIm[i] = inIm[from];
    }
    int m = 1;
    for (int level = factors.length - 1; level >= 0; level--) {
      int r = factors[level];
      int size = m * r;
      double[] wc = twiddleCos[level];
      double[] ws = twiddleSin[level];
      for (int off = 0; off < n; off += size) {
        switch (r) {
          case 2 -> radix2(outRe, outIm, off, m, wc, ws);
          case 3 -> radix3(outRe, outIm, off, m, wc, ws);
          case 4 -> radix4(outRe, outIm, off, m, wc, ws);
          case 5 -> radix5(outRe, outIm, off, m, wc, ws);
          default -> radixGeneric(outRe, outIm, off, m, r, wc, ws);
        }
      }
      m = size;
    }
  }

  private static void radix2(double[] re, double[] im, int off, int m, double[] wc, double[] ws) {
    for (int k = 0; k < m; k++) {
      int i0 = off + k;
      int i1 = i0 + m;
      double c = wc[k];
      double s = ws[k];
      double t1r = re[i1] * c + im[i1] * s;
      double t1i = im[i1] * c - re[i1] * s;
      double t0r = re[i0];
      double t0i = im[i0];
      re[i0] = t0r + t1r;
      im[i0] = t0i + t1i;
      re[i1] = t0r - t1r;
      im[i1] = t0i - t1i;
    }
  }

  private static void radix3(double[] re, double[] im, int off, int m, double[] wc, double[] ws) {
    for (int k = 0; k < m; k++) {
      int i0 = off + k;
      int i1 = i0 + m;
      int i2 = i1 + m;
      double c1 = wc[k];
      double s1 = ws[k];
      double c2 = wc[m + k];
      double s2 = ws[m + k];
      double t1r = re[i1] * c1 + im[i1] * s1;
      double t1i = im[i1] * c1 - re[i1] * s1;
      double t2r = re[i2] * c2 + im[i2] * s2;
      double t2i = im[i2] * c2 - re[i2] * s2;
      double t0r = re[i0];
      double t0i = im[i0];
      double sr = t1r + t2r;
      double si = t1i + t2i;
      double dr = (t1r - t2r) * S3;
      double di = (t1i - t2i) * S3;
      double er = t0r - 0.5 * sr;
      double ei = t0i - 0.5 * si;
      re[i0] = t0r + sr;
      im[i0] = t0i + si;
      re[i1] = er + di;
      im[i1] = ei - dr;
      re[i2] = er - di;
      im[i2] = ei + dr;
    }
  }

  private static void radix4(double[] re, double[] im, int off, int m, double[] wc, double[] ws) {
    for (int k = 0; k < m; k++) {
      int i0 = off + k;
      int i1 = i0 + m;
      int i2 = i1 + m;
      int i3 = i2 + m;
      double c1 = wc[k];
      double s1 = ws[k];
      double c2 = wc[m + k];
      double s2 = ws[m + k];
      double c3 = wc[2 * m + k];
      double s3 = ws[2 * m + k];
      double t0r = re[i0];
      double t0i = im[i0];
      double t1r = re[i1] * c1 + im[i1] * s1;
      double t1i = im[i1] * c1 - re[i1] * s1;
      double t2r = re[i2] * c2 + im[i2] * s2;
      double t2i = im[i2] * c2 - re[i2] * s2;
      double t3r = re[i3] * c3 + im[i3] * s3;
      double t3i = im[i3] * c3 - re[i3] * s3;
      double a0r = t0r + t2r;
      double a0i = t0i + t2i;
      double a1r = t0r - t2r;
      double a1i = t0i - t2i;
      double a2r = t1r + t3r;
      double a2i = t1i + t3i;
      double a3r = t1r - t3r;
      double a3i = t1i - t3i;
      re[i0] = a0r + a2r;
      im[i0] = a0i + a2i;
      re[i2] = a0r - a2r;
      im[i2] = a0i - a2i;
      // X1 = a1 - i a3, X3 = a1 + i a3
      re[i1] = a1r + a3i;
      im[i1] = a1i - a3r;
      re[i3] = a1r - a3i;
      im[i3] = a1i + a3r;
    }
  }

  private static void radix5(double[] re, double[] im, int off, int m, double[] wc, double[] ws) {
    for (int k = 0; k < m; k++) {
      int i0 = off + k;
      int i1 = i0 + m;
      int i2 = i1 + m;
      int i3 = i2 + m;
      int i4 = i3 + m;
      double c1 = wc[k];
      double s1 = ws[k];
      double c2 = wc[m + k];
      double s2 = ws[m + k];
      double c3 = wc[2 * m + k];
      double s3 = ws[2 * m + k];
      double c4 = wc[3 * m + k];
      double s4 = ws[3 * m + k];
      double t0r = re[i0];
      double t0i = im[i0];
      double t1r = re[i1] * c1 + im[i1] * s1;
      double t1i = im[i1] * c1 - re[i1] * s1;
      double t2r = re[i2] * c2 + im[i2] * s2;
      double t2i = im[i2] * c2 - re[i2] * s2;
      double t3r = re[i3] * c3 + im[i3] * s3;
      double t3i = im[i3] * c3 - re[i3] * s3;
      double t4r = re[i4] * c4 + im[i4] * s4;
      double t4i = im[i4] * c4 - re[i4] * s4;
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
      re[i0] = t0r + b1r + b2r;
      im[i0] = t0i + b1i + b2i;
      // X1 = e1 - i f1, X4 = e1 + i f1, X2 = e2 - i f2, X3 = e2 + i f2
      re[i1] = e1r + f1i;
      im[i1] = e1i - f1r;
      re[i4] = e1r - f1i;
      im[i4] = e1i + f1r;
      re[i2] = e2r + f2i;
      im[i2] = e2i - f2r;
      re[i3] = e2r - f2i;
      im[i3] = e2i + f2r;
    }
  }

  private void radixGeneric(double[] re, double[] im, int off, int m, int r, double[] wc, double[] ws) {
    double[] tr = new double[r];
    double[] ti = new double[r];
    double[] cos = rootCos;
    double[] sin = rootSin;
    int rootStep = n / r; // W_r = W_n^(n / r)
    for (int k = 0; k < m; k++) {
      tr[0] = re[off + k];
      ti[0] = im[off + k];
      for (int q = 1; q < r; q++) {
        int i = off + k + q * m;
        double c = wc[(q - 1) * m + k];
        double s = ws[(q - 1) * m + k];
        tr[q] = re[i] * c + im[i] * s;
        ti[q] = im[i] * c - re[i] * s;
      }
      for (int s = 0; s < r; s++) {
        double xr = 0;
        double xi = 0;
        for (int q = 0; q < r; q++) {
          int e = (int) ((long) q * s % r * rootStep);
          xr += tr[q] * cos[e] + ti[q] * sin[e];
          xi += ti[q] * cos[e] - tr[q] * sin[e];
        }
        re[off + k + s * m] = xr;
        im[off + k + s * m] = xi;
      }
    }
  }
}
