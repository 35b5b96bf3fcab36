package org.duplexnode.ingest.audio.mel;

/**
 * The plan of a mixed-radix, decimation-in-time complex FFT of a fixed size: its factors (4s
 * first, then primes), the digit-reversal permutation, and each pass's twiddles laid out
 * contiguously. {@link FrameBatchSpectrum} runs the butterflies over many frames at once.
 */
final class FftPlan {

  private final int[] factors;
  /** Input index that lands at each position before the butterfly stages (mixed-radix digit reversal). */
  private final int[] permutation;
  /** Per level: twiddles W_size^(q k), q = 1..r-1, k = 0..m-1, stored at [(q - 1) m + k]. */
  private final double[][] twiddleCos;
  private final double[][] twiddleSin;

  FftPlan(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("FFT size must be positive: " + n);
    }
    this.factors = factorize(n);
    this.permutation = new int[n];
    digitReverse(0, 1, 0, n, 0);
    twiddleCos = new double[factors.length][];
    twiddleSin = new double[factors.length][];
    int m = n;
    for (int level = 0; level < factors.length; level++) {
      int r = factors[level];
      m /= r;
      int size = m * r;
      twiddleCos[level] = new double[(r - 1) * m];
      twiddleSin[level] = new double[(r - 1) * m];
      for (int q = 1; q < r; q++) {
        for (int k = 0; k < m; k++) {
          double angle = 2 * Math.PI * ((long) q * k % size) / size;
          twiddleCos[level][(q - 1) * m + k] = Math.cos(angle);
          twiddleSin[level][(q - 1) * m + k] = Math.sin(angle);
        }
      }
    }
  }

  int[] factors() {
    return factors.clone();
  }

  int[] permutation() {
    return permutation.clone();
  }

  double[] twiddleCos(int level) {
    return twiddleCos[level].clone();
  }

  double[] twiddleSin(int level) {
    return twiddleSin[level].clone();
  }

  private static int[] factorize(int n) {
    int[] tmp = new int[32];
    int count = 0;
    int rest = n;
    while (rest % 4 == 0) {
      tmp[count++] = 4;
      rest /= 4;
    }
    for (int p = 2; rest > 1; p++) {
      while (rest % p == 0) {
        tmp[count++] = p;
        rest /= p;
      }
    }
    int[] f = new int[count];
    System.arraycopy(tmp, 0, f, 0, count);
    return f;
  }

  /** Where decimation in time puts each input: level 0 splits by the first factor, and so on. */
  private void digitReverse(int inOff, int stride, int outOff, int size, int level) {
    if (size == 1) {
      permutation[outOff] = inOff;
      return;
    }
    int r = factors[level];
    int m = size / r;
    for (int q = 0; q < r; q++) {
      digitReverse(inOff + q * stride, stride * r, outOff + q * m, m, level + 1);
    }
  }
}
