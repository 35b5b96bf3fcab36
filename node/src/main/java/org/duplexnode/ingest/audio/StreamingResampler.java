package org.duplexnode.ingest.audio;

import java.util.Arrays;

/**
 * Band-limited streaming resampler from any rate in [{@value #MIN_RATE}, {@value #MAX_RATE}] Hz to
 * {@value #OUTPUT_RATE} Hz: a Kaiser-windowed sinc evaluated as a polyphase filter.
 *
 * <p>Output sample {@code j} is the filtered signal at input time {@code j * inputRate / 16000}
 * (input samples), so the filter adds no time shift: output sample j belongs to the same instant
 * as input time j / 16000 s after the stream start. Input before the stream start is taken as
 * silence. Because each output needs {@link #halfWidth()} input samples of look-ahead, outputs lag
 * the input by that many samples until {@link #flush()} pads the end with silence.
 *
 * <p>The ratio 16000/rate is reduced to L/M. With L up to {@value #MAX_EXACT_PHASES} every phase has
 * its own taps; larger L (rates sharing few factors with 16000) interpolate linearly between
 * {@value #INTERPOLATED_PHASES} tabulated phases (error far below the stopband). Filter: passband
 * to 43.75 % of min(rate, 16000), stopband from 50 % with {@value #STOPBAND_DB} dB design
 * attenuation; every phase is normalised to unit DC gain. At 16 kHz input samples pass unchanged.
 * With L = 1 (32, 48, 96 kHz ...) a block of outputs is filtered at once by
 * {@link PolyphaseDecimator}, in a form the JIT vectorises; other ratios take one dot product per
 * output.
 *
 * <p>The output depends only on the sequence of input samples, never on how it was split into
 * calls: the same arithmetic runs on the same values in the same order. Not thread-safe.
 */
public final class StreamingResampler {

  public static final int OUTPUT_RATE = 16000;
  public static final int MIN_RATE = 4000;
  public static final int MAX_RATE = 384000;
  static final double STOPBAND_DB = 70;
  static final int MAX_EXACT_PHASES = 1024;
  static final int INTERPOLATED_PHASES = 256;

  private final int inputRate;
  private final int up;
  private final int down;
  private final boolean identity;
  private final boolean interpolated;
  private final int taps;
  private final int half;
  private final float[] table;
  /** The block form for integer factors (L = 1: 32, 48, 96 kHz ...); null otherwise. */
  private final PolyphaseDecimator decimator;

  private float[] history;
  private long historyStart;
  private int historyLength;
  private long inputCount;
  private long outputCount;

  /** @throws IllegalArgumentException if the rate is outside [MIN_RATE, MAX_RATE] */
  public StreamingResampler(int inputRate) {
    if (inputRate < MIN_RATE || inputRate > MAX_RATE) {
      throw new IllegalArgumentException(
          "sample rate " + inputRate + " Hz outside [" + MIN_RATE + ", " + MAX_RATE + "]");
    }
    this.inputRate = inputRate;
    int g = gcd(inputRate, OUTPUT_RATE);
    this.up = OUTPUT_RATE / g;
    this.down = inputRate / g;
    this.identity = inputRate == OUTPUT_RATE;
    this.interpolated = up > MAX_EXACT_PHASES;
    if (identity) {
      taps = 0;
      half = 0;
      table = new float[0];
    } else {
      double edge = 0.5 * Math.min(inputRate, OUTPUT_RATE) / inputRate; // cycles per input sample
      double transition = 0.125 * edge;
      double cutoff = edge - transition / 2;
      int n = KaiserLowpass.length(STOPBAND_DB, transition);
      taps = (n + 7) / 8 * 8; // a multiple of 8 for the unrolled dot product
      half = taps / 2;
      int rows = interpolated ? INTERPOLATED_PHASES + 1 : up;
      table = buildTable(rows, interpolated ? INTERPOLATED_PHASES : up, cutoff);
    }
    decimator = !identity && up == 1 ? new PolyphaseDecimator(down, table, 0, taps) : null;
    reset();
  }

  private float[] buildTable(int rows, int phases, double cutoff) {
    double beta = KaiserLowpass.beta(STOPBAND_DB);
    float[] t = new float[rows * taps];
    double[] row = new double[taps];
    for (int p = 0; p < rows; p++) {
      double frac = (double) p / phases;
      double sum = 0;
      for (int k = 0; k < taps; k++) {
        // tap k multiplies input sample n - (half - 1) + k, which lies frac + half - 1 - k before t
        row[k] = KaiserLowpass.tap(frac + half - 1 - k, cutoff, half, beta);
        sum += row[k];
      }
      for (int k = 0; k < taps; k++) {
        t[p * taps + k] = (float) (row[k] / sum);
      }
    }
    return t;
  }

  public int inputRate() {
    return inputRate;
  }

  /** Input samples of look-ahead each output needs (0 at 16 kHz). */
  public int halfWidth() {
    return half;
  }

  /** Filter taps per output sample (0 at 16 kHz). */
  public int tapsPerOutput() {
    return taps;
  }

  public long inputCount() {
    return inputCount;
  }

  public long outputCount() {
    return outputCount;
  }

  /** Outputs a whole stream of {@code inputSamples} yields once flushed: ceil(n * 16000 / rate). */
  public static long outputLength(long inputSamples, int inputRate) {
    int g = gcd(inputRate, OUTPUT_RATE);
    long l = OUTPUT_RATE / g;
    long m = inputRate / g;
    return Math.floorDiv(Math.multiplyExact(inputSamples, l) + m - 1, m);
  }

  /** Starts a new stream: forgets all input. */
  public void reset() {
    history = new float[Math.max(64, 2 * taps + 64)];
    historyLength = Math.max(0, half - 1); // silence before the first sample
    historyStart = -historyLength;
    inputCount = 0;
    outputCount = 0;
  }

  /** Appends input and returns every output that is now complete (possibly none). */
  public float[] process(float[] in, int off, int len) {
    if (identity) {
      inputCount += len;
      outputCount += len;
      return Arrays.copyOfRange(in, off, off + len);
    }
    append(in, off, len);
    inputCount += len;
    return produce(inputCount - half);
  }

  /** Appends {@code n} samples of silence (a filled gap) and returns the completed outputs. */
  public float[] processSilence(int n) {
    if (identity) {
      inputCount += n;
      outputCount += n;
      return new float[n];
    }
    ensureCapacity(n);
    Arrays.fill(history, historyLength, historyLength + n, 0f);
    historyLength += n;
    inputCount += n;
    return produce(inputCount - half);
  }

  /**
   * Ends the stream: pads silence and returns the remaining outputs, so that the stream's total
   * output is exactly {@link #outputLength}. The resampler then starts a new stream.
   */
  public float[] flush() {
    float[] out;
    if (identity) {
      out = new float[0];
    } else {
      ensureCapacity(half);
      Arrays.fill(history, historyLength, historyLength + half, 0f);
      historyLength += half;
      out = produce(inputCount);
    }
    reset();
    return out;
  }

  /** Produces outputs j whose centre sample floor(j*M/L) is below {@code limit}. */
  private float[] produce(long limit) {
    if (limit <= 0) {
      compact();
      return new float[0];
    }
    // outputs with floor(j*M/L) < limit are exactly j < ceil(limit*L/M)
    long end = Math.floorDiv(limit * up + down - 1, down);
    int count = (int) Math.max(0, end - outputCount);
    float[] out = new float[count];
    long first = outputCount * down;
    if (decimator != null) {
      // L = 1: output j is centred on input j * M, phase 0
      decimator.filter(history, (int) (first - (half - 1) - historyStart), count, out, 0);
      outputCount += count;
      compact();
      return out;
    }
    // centre sample n and phase of output j (j * M = n * L + phase), stepped without a division
    long n = first / up;
    int phase = (int) (first - n * up);
    int stepWhole = down / up;
    int stepPhase = down % up;
    for (int o = 0; o < count; o++, n += stepWhole, phase += stepPhase) {
      if (phase >= up) {
        phase -= up;
        n++;
      }
      int start = (int) (n - (half - 1) - historyStart);
      if (interpolated) {
        double pos = (double) phase * INTERPOLATED_PHASES / up;
        int q = (int) pos;
        float a = (float) (pos - q);
        float y0 = dot(q * taps, start);
        float y1 = dot((q + 1) * taps, start);
        out[o] = y0 + a * (y1 - y0);
      } else {
        out[o] = dot(phase * taps, start);
      }
    }
    outputCount += count;
    compact();
    return out;
  }

  private float dot(int row, int start) {
    float[] h = table;
    float[] x = history;
    // eight independent sums: one chain of dependent adds would bound the loop by add latency
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    for (int k = 0; k < taps; k += 8) {
      int a = row + k;
      int b = start + k;
      s0 += h[a] * x[b];
      s1 += h[a + 1] * x[b + 1];
      s2 += h[a + 2] * x[b + 2];
      s3 += h[a + 3] * x[b + 3];
      s4 += h[a + 4] * x[b + 4];
      s5 += h[a + 5] * x[b + 5];
      s6 += h[a + 6] * x[b + 6];
      s7 += h[a + 7] * x[b + 7];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** Drops history no future output needs. */
  private void compact() {
    long nextCentre = (outputCount * down) / up;
    long keepFrom = nextCentre - (half - 1);
    int drop = (int) Math.min(historyLength, Math.max(0, keepFrom - historyStart));
    if (drop > 0) {
      System.arraycopy(history, drop, history, 0, historyLength - drop);
      historyLength -= drop;
      historyStart += drop;
    }
  }

  private void append(float[] in, int off, int len) {
    ensureCapacity(len);
    System.arraycopy(in, off, history, historyLength, len);
    historyLength += len;
  }

  private void ensureCapacity(int extra) {
    int needed = historyLength + extra;
    if (needed > history.length) {
      history = Arrays.copyOf(history, Math.max(needed, history.length * 2));
    }
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
