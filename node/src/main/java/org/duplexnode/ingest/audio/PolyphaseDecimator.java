package org.duplexnode.ingest.audio;

/**
 * The FIR filter of an integer-factor decimation (48 to 16 kHz: factor 3) in a form the JIT
 * vectorises: {@code out[j] = sum_k h[k] x[start + M j + k]} for a block of outputs at once.
 *
 * <p>Tap k = M q + r reads phase stream r ({@code X_r[i] = x[start + r + M i]}) at j + q, so every
 * tap is a unit-stride multiply-add over the block of outputs. HotSpot's C2 (JDK 17) vectorises such
 * a loop only if all its float accesses have the same offset modulo the vector width; an offset of
 * q does not qualify, offsets that are multiples of {@value #LANE} floats (64 bytes, the widest
 * vector) do. So for each phase and each q mod {@value #LANE} the phase stream is copied once,
 * shifted, and up to {@value #TERMS} taps (q, q + 16, q + 32, ...) are applied in one pass with
 * constant offsets 0, 16, 32, ...
 *
 * <p>Every output sums its taps in the same order (phase, then q mod 16, then q), whatever the
 * block and however the stream was split into calls; Java forbids fusing the multiply and the add,
 * so vector and scalar iterations of a loop give bit-identical results. Not thread-safe: holds
 * scratch buffers of fixed size (no allocation per call).
 */
final class PolyphaseDecimator {

  /** Outputs per block (bounds the scratch buffers). */
  static final int BLOCK = 512;
  private static final int LANE = 16;
  private static final int TERMS = 5;
  private static final int GROUP = LANE * TERMS;

  private final int factor;
  private final int taps;
  private final int perPhase;
  /** coefficient[r][q] = h[M q + r], 0 past the last tap. */
  private final float[][] coefficient;
  private final float[][] phase;
  private final float[] shifted;
  private final float[] acc = new float[BLOCK];

  /**
   * @param factor the decimation factor M (at least 2)
   * @param h the filter, {@code h[k]} multiplying input {@code start + M j + k} for output j
   */
  PolyphaseDecimator(int factor, float[] h, int off, int taps) {
    if (factor < 2) {
      throw new IllegalArgumentException("decimation factor must be at least 2: " + factor);
    }
    this.factor = factor;
    this.taps = taps;
    this.perPhase = (taps + factor - 1) / factor;
    coefficient = new float[factor][perPhase];
    for (int k = 0; k < taps; k++) {
      coefficient[k % factor][k / factor] = h[off + k];
    }
    phase = new float[factor][BLOCK + perPhase];
    shifted = new float[BLOCK + GROUP];
  }

  /**
   * Writes {@code count} outputs to {@code out[outOff..)}; output j reads
   * {@code x[start + M j .. start + M j + taps)}, which must lie inside {@code x}.
   */
  void filter(float[] x, int start, int count, float[] out, int outOff) {
    for (int begin = 0; begin < count; begin += BLOCK) {
      int n = Math.min(BLOCK, count - begin);
      block(x, start + factor * begin, n);
      System.arraycopy(acc, 0, out, outOff + begin, n);
    }
  }

  private void block(float[] x, int start, int n) {
    // the last input any output of the block reads; phase entries past it meet only zero taps
    int end = start + factor * (n - 1) + taps;
    int length = n + perPhase - 1;
    for (int r = 0; r < factor; r++) {
      float[] p = phase[r];
      int i = 0;
      for (int s = start + r; i < length && s < end; i++, s += factor) {
        p[i] = x[s];
      }
      for (; i < length; i++) {
        p[i] = 0f;
      }
    }
    java.util.Arrays.fill(acc, 0, n, 0f);
    for (int r = 0; r < factor; r++) {
      float[] c = coefficient[r];
      for (int g = 0; g < perPhase; g += GROUP) {
        for (int b = 0; b < LANE; b++) {
          int q = g + b;
          if (q >= perPhase) {
            break;
          }
          int terms = Math.min(TERMS, (perPhase - q + LANE - 1) / LANE);
          System.arraycopy(phase[r], q, shifted, 0, n + LANE * (terms - 1));
          apply(terms, c, q, n);
        }
      }
    }
  }

  private void apply(int terms, float[] c, int q, int n) {
    float[] a = acc;
    float[] s = shifted;
    switch (terms) {
      case 1 -> pass1(a, s, n, c[q]);
      case 2 -> pass2(a, s, n, c[q], c[q + LANE]);
      case 3 -> pass3(a, s, n, c[q], c[q + LANE], c[q + 2 * LANE]);
      case 4 -> pass4(a, s, n, c[q], c[q + LANE], c[q + 2 * LANE], c[q + 3 * LANE]);
      default -> pass5(a, s, n, c[q], c[q + LANE], c[q + 2 * LANE], c[q + 3 * LANE], c[q + 4 * LANE]);
    }
  }

  // One method per term count: the offsets must be constants for the loop to vectorise.

  private static void pass1(float[] a, float[] s, int n, float c0) {
    for (int t = 0; t < n; t++) {
      a[t] = a[t] + c0 * s[t];
    }
  }

  private static void pass2(float[] a, float[] s, int n, float c0, float c1) {
    for (int t = 0; t < n; t++) {
      a[t] = a[t] + c0 * s[t] + c1 * s[t + 16];
    }
  }

  private static void pass3(float[] a, float[] s, int n, float c0, float c1, float c2) {
    for (int t = 0; t < n; t++) {
      a[t] = a[t] + c0 * s[t] + c1 * s[t + 16] + c2 * s[t + 32];
    }
  }

  private static void pass4(float[] a, float[] s, int n, float c0, float c1, float c2, float c3) {
    for (int t = 0; t < n; t++) {
      a[t] = a[t] + c0 * s[t] + c1 * s[t + 16] + c2 * s[t + 32] + c3 * s[t + 48];
    }
  }

  private static void pass5(float[] a, float[] s, int n, float c0, float c1, float c2, float c3, float c4) {
    for (int t = 0; t < n; t++) {
      a[t] = a[t] + c0 * s[t] + c1 * s[t + 16] + c2 * s[t + 32] + c3 * s[t + 48] + c4 * s[t + 64];
    }
  }
}
