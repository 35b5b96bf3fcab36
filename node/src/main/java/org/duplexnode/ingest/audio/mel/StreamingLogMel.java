package org.duplexnode.ingest.audio.mel;

import java.util.Arrays;

/**
 * The streaming Whisper log-mel front end of MiniCPM-o 4.5, fed one unit at a time.
 *
 * <p>Definition (what the reference streaming processor computes by re-extracting its whole buffer
 * on every chunk; this class gets the same numbers incrementally). The buffer holds every sample
 * fed since {@link #reset()} (unit 0's 560-sample pad included), minus what the sliding window
 * dropped. Over the buffer of length L:
 * <ol>
 *   <li>frames are centred every 160 samples (frame t on sample 160 t), 400 samples wide, with
 *       reflect padding of 200 samples at both buffer ends; periodic Hann window; |rfft|^2;
 *   <li>80 Slaney mel filters (0-8000 Hz) ; log10(max(mel, 1e-10));
 *   <li>the last frame (t = L / 160) is dropped, leaving frames 0 .. L/160 - 1;
 *   <li>floor: while L &lt; 5 s (80000 samples) a fixed floor, max(x, -10), which never changes a
 *       value because of the 1e-10 clamp; from L &gt;= 80000 on, max(x, M - 8) where M is the largest
 *       log10 value over all frames of the current buffer (frames near either end included, with
 *       their reflect padding), recomputed at every unit;
 *   <li>(x + 4) / 4.
 * </ol>
 * Emission: a frame is stable once 160 t + 200 &lt;= L. Each call plans 100 core frames after the
 * last emitted one and, when the core plus 2 frames are stable, emits the core with 2 context
 * frames each side (clipped at frame 0): 102 frames for the first unit, 104 after. Sliding window:
 * when L reaches 30 s, the oldest 10 s (always keeping 1 s; multiple of 160) leave the buffer; the
 * frame indices of {@link MelChunk#firstFrame()} stay those of the stream.
 *
 * <p>Frames are computed once and cached (the floor is applied at emission), except the few frames
 * that touch the buffer's moving right end (only their maxima matter) and the two frames at the
 * left end after a slide. Frames are transformed in batches ({@link FrameBatchSpectrum}), the mel
 * filters applied to a whole batch. Arithmetic is double; cached log values are float. Buffer and cache are
 * bounded by the sliding window (about 31 s). Not thread-safe: one instance per session.
 *
 * <p>Failure: a call that leaves the buffer shorter than 400 samples emits nothing (the reference
 * raises an error there); with the unit schedule this never happens.
 */
public final class StreamingLogMel {

  public static final int N_FFT = 400;
  public static final int HOP = 160;
  public static final int MELS = MelChunk.MELS;
  public static final int CORE_FRAMES = 100;
  public static final int CONTEXT_FRAMES = 2;
  static final int SAMPLE_RATE = 16000;
  static final int DYNAMIC_FLOOR_FROM_SAMPLES = 5 * SAMPLE_RATE;
  static final float DYNAMIC_RANGE = 8f;
  static final float FIXED_FLOOR = -10f;
  static final double POWER_CLAMP = 1e-10;
  static final int SLIDE_TRIGGER_SAMPLES = 30 * SAMPLE_RATE;
  static final int SLIDE_STRIDE_SAMPLES = 10 * SAMPLE_RATE;
  static final int SLIDE_KEEP_SAMPLES = SAMPLE_RATE;

  private static final int BATCH = FrameBatchSpectrum.MAX_FRAMES;

  private final FrameBatchSpectrum spectrum = new FrameBatchSpectrum(N_FFT);
  private final int[] filterFirstBin = new int[MELS];
  private final double[][] filterWeights = new double[MELS][];
  private final double[] window = new double[N_FFT];
  private final double[] frame = new double[N_FFT];
  private final double[][] mel = new double[MELS][BATCH];
  private final float[] scratchFrames = new float[BATCH * MELS];
  private final float[] scratchMax = new float[BATCH];

  private float[] buffer = new float[64 * 1024];
  private int length;
  private long baseFrame;
  private long lastEmitted;
  private float[] cache = new float[1024 * MELS];
  private float[] frameMax = new float[1024];
  private int cachedFrames;

  public StreamingLogMel() {
    for (int i = 0; i < N_FFT; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT);
    }
    MelFilterBank filters = new MelFilterBank(MELS, N_FFT, SAMPLE_RATE, 0, SAMPLE_RATE / 2.0);
    for (int b = 0; b < MELS; b++) {
      filterFirstBin[b] = filters.firstBin(b);
      filterWeights[b] = filters.weights(b);
    }
    reset();
  }

  /** Starts a new stream (unit 0 of a stream needs a fresh front end). */
  public void reset() {
    length = 0;
    baseFrame = 0;
    lastEmitted = 0;
    cachedFrames = 0;
  }

  /** Samples currently in the buffer. */
  public int bufferedSamples() {
    return length;
  }

  /** Feeds a whole unit. */
  public MelChunk accept(float[] samples) {
    return accept(samples, 0, samples.length);
  }

  /** Feeds {@code len} samples and returns the frames that became due (possibly none). */
  public MelChunk accept(float[] samples, int off, int len) {
    append(samples, off, len);
    slideIfDue();
    if (length < N_FFT) {
      return new MelChunk(new float[0], 0, lastEmitted, 0, 0);
    }
    int totalFrames = length / HOP; // STFT frames 0..L/160 with the last one dropped
    int stable = Math.min(totalFrames, (length - N_FFT / 2) / HOP + 1);
    ensureCacheCapacity(stable);
    if (stable > cachedFrames) {
      computeFrames(cachedFrames, stable - cachedFrames, cache, frameMax);
    }
    cachedFrames = Math.max(cachedFrames, stable);

    long coreStart = lastEmitted;
    long coreEnd = coreStart + CORE_FRAMES;
    if (baseFrame + stable < coreEnd + CONTEXT_FRAMES) {
      return new MelChunk(new float[0], 0, lastEmitted, 0, 0);
    }
    float floor = length < DYNAMIC_FLOOR_FROM_SAMPLES ? FIXED_FLOOR : bufferMax(stable, totalFrames) - DYNAMIC_RANGE;
    long emitStart = Math.max(0, coreStart - CONTEXT_FRAMES);
    long emitEnd = coreEnd + CONTEXT_FRAMES;
    int localStart = (int) Math.max(0, emitStart - baseFrame);
    int frames = (int) (emitEnd - baseFrame) - localStart;
    float[] values = new float[MELS * frames];
    for (int t = 0; t < frames; t++) {
      int src = (localStart + t) * MELS;
      for (int b = 0; b < MELS; b++) {
        values[b * frames + t] = (Math.max(cache[src + b], floor) + 4f) / 4f;
      }
    }
    lastEmitted = coreEnd;
    return new MelChunk(values, frames, baseFrame + localStart,
        (int) (coreStart - (baseFrame + localStart)), CONTEXT_FRAMES);
  }

  /** Largest log10 value over all frames 0..totalFrames-1 of the buffer. */
  private float bufferMax(int stable, int totalFrames) {
    float max = Float.NEGATIVE_INFINITY;
    for (int t = 0; t < stable; t++) {
      max = Math.max(max, frameMax[t]);
    }
    for (int t = stable; t < totalFrames; t += BATCH) {
      int count = Math.min(BATCH, totalFrames - t);
      computeFrames(t, count, scratchFrames, scratchMax, -t);
      for (int f = 0; f < count; f++) {
        max = Math.max(max, scratchMax[f]);
      }
    }
    return max;
  }

  /**
   * Computes local frames first..first+count-1 into {@code dst} (frame t at (t + shift) * 80) and
   * their largest values into {@code max[t + shift]}; {@link FrameBatchSpectrum} transforms
   * up to 64 frames at once.
   */
  private void computeFrames(int first, int count, float[] dst, float[] max, int shift) {
    for (int done = 0; done < count; done += BATCH) {
      int n = Math.min(BATCH, count - done);
      int t0 = first + done;
      for (int f = 0; f < n; f++) {
        loadFrame(f, t0 + f);
      }
      double[][] power = spectrum.transform(n);
      for (int b = 0; b < MELS; b++) {
        double[] sum = mel[b];
        java.util.Arrays.fill(sum, 0, n, 0.0);
        double[] w = filterWeights[b];
        int base = filterFirstBin[b];
        for (int k = 0; k < w.length; k++) {
          accumulate(sum, power[base + k], w[k], n);
        }
      }
      for (int f = 0; f < n; f++) {
        int off = (t0 + f + shift) * MELS;
        float m = Float.NEGATIVE_INFINITY;
        for (int b = 0; b < MELS; b++) {
          float v = (float) Math.log10(Math.max(mel[b][f], POWER_CLAMP));
          dst[off + b] = v;
          m = Math.max(m, v);
        }
        max[t0 + f + shift] = m;
      }
    }
  }

  private void computeFrames(int first, int count, float[] dst, float[] max) {
    computeFrames(first, count, dst, max, 0);
  }

  private static void accumulate(double[] sum, double[] power, double w, int n) {
    for (int f = 0; f < n; f++) {
      sum[f] += w * power[f];
    }
  }

  /** Windows local frame t (reflect padding at the buffer ends) into batch column f. */
  private void loadFrame(int f, int t) {
    int start = t * HOP - N_FFT / 2;
    int last = length - 1;
    if (start >= 0 && start + N_FFT - 1 <= last) {
      spectrum.load(f, buffer, start, window);
      return;
    }
    for (int i = 0; i < N_FFT; i++) {
      int s = start + i;
      if (s < 0) {
        s = -s;
      } else if (s > last) {
        s = 2 * last - s;
      }
      frame[i] = buffer[s] * window[i];
    }
    spectrum.load(f, frame);
  }

  private void slideIfDue() {
    if (length < SLIDE_TRIGGER_SAMPLES) {
      return;
    }
    int guard = Math.min(SLIDE_KEEP_SAMPLES, length - SLIDE_STRIDE_SAMPLES);
    int drop = Math.min(SLIDE_STRIDE_SAMPLES, Math.max(0, length - guard));
    drop = drop / HOP * HOP;
    if (drop <= 0) {
      return;
    }
    System.arraycopy(buffer, drop, buffer, 0, length - drop);
    length -= drop;
    int dropFrames = drop / HOP;
    int keep = Math.max(0, cachedFrames - dropFrames);
    System.arraycopy(cache, dropFrames * MELS, cache, 0, keep * MELS);
    System.arraycopy(frameMax, dropFrames, frameMax, 0, keep);
    cachedFrames = keep;
    baseFrame += dropFrames;
    // the frames touching the new left end now see reflect padding instead of the dropped audio
    int edge = 0;
    while (edge < cachedFrames && edge * HOP < N_FFT / 2) {
      edge++;
    }
    if (edge > 0) {
      computeFrames(0, edge, cache, frameMax);
    }
  }

  private void append(float[] samples, int off, int len) {
    if (length + len > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(length + len, buffer.length * 2));
    }
    System.arraycopy(samples, off, buffer, length, len);
    length += len;
  }

  private void ensureCacheCapacity(int frames) {
    if (frames > frameMax.length) {
      int n = Math.max(frames, frameMax.length * 2);
      frameMax = Arrays.copyOf(frameMax, n);
      cache = Arrays.copyOf(cache, n * MELS);
    }
  }
}
