package org.duplexnode.ingest.echo;

import org.duplexnode.ingest.audio.StreamingResampler;
import org.duplexnode.ports.PlaybackListener;

/**
 * What the node's speaker played, at 16 kHz on the node clock: the far end that the echo
 * canceller subtracts, looked up by the microphone's sample times. Kept {@value #SECONDS} s back;
 * time never played reads as silence. Written on the speaker's thread, read on the ingest thread.
 *
 * <p>Playback that continues the previous one (within {@value #CONTIGUOUS_MS} ms) goes through
 * one resampler, so that a stream of chunks is resampled as one signal; a gap starts a new one.
 */
public final class FarEndReference implements PlaybackListener {
  static final int SECONDS = 10;
  static final long CONTIGUOUS_MS = 2;
  private static final int RATE = 16_000;
  private static final long NANOS_PER_SAMPLE = 62_500L;

  private final float[] ring = new float[SECONDS * RATE];
  /** Node time of reference sample index 0; set by the first playback. */
  private long originNanos = Long.MIN_VALUE;
  /** Reference samples are known for indices below this. */
  private long writtenTo;
  private StreamingResampler resampler;
  private int resamplerRate;
  /** Where the resampler's output continues (reference index) and where its input ends (node time). */
  private long streamIndex;
  private long streamEndNanos = Long.MIN_VALUE;
  private volatile long playingUntilNanos = Long.MIN_VALUE;

  @Override
  public synchronized void played(long startNanos, int rate, short[] pcm, int off, int len) {
    if (len <= 0) {
      return;
    }
    if (originNanos == Long.MIN_VALUE) {
      originNanos = startNanos;
    }
    long gapNanos = Math.abs(startNanos - streamEndNanos);
    if (resampler == null || rate != resamplerRate || streamEndNanos == Long.MIN_VALUE
        || gapNanos > CONTIGUOUS_MS * 1_000_000L) {
      endStream();
      resampler = new StreamingResampler(rate);
      resamplerRate = rate;
      streamIndex = indexOf(startNanos);
    }
    float[] in = new float[len];
    for (int i = 0; i < len; i++) {
      in[i] = pcm[off + i] / 32768f;
    }
    put(resampler.process(in, 0, len));
    streamEndNanos = startNanos + len * 1_000_000_000L / rate;
    playingUntilNanos = Math.max(playingUntilNanos, streamEndNanos);
  }

  @Override
  public synchronized void cut(long atNanos) {
    endStream();
    if (originNanos != Long.MIN_VALUE) {
      writtenTo = Math.min(writtenTo, Math.max(0, indexOf(atNanos)));
    }
    playingUntilNanos = Math.min(playingUntilNanos, atNanos);
  }

  /** When the last sample handed to the speaker ends playing (node time); MIN_VALUE before any. */
  public long playingUntilNanos() {
    return playingUntilNanos;
  }

  /** Fills {@code dst[0..len)} with the reference from node time {@code startNanos} on. */
  public synchronized void read(long startNanos, float[] dst, int len) {
    if (originNanos == Long.MIN_VALUE) {
      java.util.Arrays.fill(dst, 0, len, 0f);
      return;
    }
    long first = indexOf(startNanos);
    for (int i = 0; i < len; i++) {
      dst[i] = sample(first + i);
    }
  }

  /**
   * Fills {@code dst[0..len)} with the reference from node time {@code startNanos - earlierNanos}
   * on, one sample every {@code step} samples of the reference (a player whose clock runs
   * {@code step} times as fast as the microphone's), between samples by band-limited interpolation.
   * With {@code earlierNanos} a whole number of samples and {@code step} 1 this is
   * {@link #read(long, float[], int)}.
   */
  public synchronized void read(long startNanos, double earlierNanos, double step, float[] dst, int len) {
    if (originNanos == Long.MIN_VALUE) {
      java.util.Arrays.fill(dst, 0, len, 0f);
      return;
    }
    long rel = startNanos - originNanos;
    long first = Math.floorDiv(rel, NANOS_PER_SAMPLE);
    double pos = first + (Math.floorMod(rel, NANOS_PER_SAMPLE) - earlierNanos) / NANOS_PER_SAMPLE;
    if (step == 1 && pos == Math.rint(pos)) {
      for (int i = 0; i < len; i++) {
        dst[i] = sample((long) pos + i);
      }
      return;
    }
    for (int i = 0; i < len; i++) {
      double at = pos + i * step;
      long k = (long) Math.floor(at);
      int phase = (int) Math.round((at - k) * BandLimitedInterpolator.PHASES);
      if (phase == BandLimitedInterpolator.PHASES) {
        k++;
        phase = 0;
      }
      float[] h = BandLimitedInterpolator.taps(phase);
      double sum = 0;
      long from = k - BandLimitedInterpolator.BEFORE;
      for (int j = 0; j < BandLimitedInterpolator.TAPS; j++) {
        sum += h[j] * sample(from + j);
      }
      dst[i] = (float) sum;
    }
  }

  /** Reference sample {@code k}; 0 where nothing is known. */
  private float sample(long k) {
    return k >= 0 && k < writtenTo && k >= writtenTo - ring.length ? ring[(int) (k % ring.length)] : 0f;
  }

  private void endStream() {
    if (resampler != null) {
      put(resampler.flush());
      resampler = null;
    }
    streamEndNanos = Long.MIN_VALUE;
  }

  private void put(float[] samples) {
    long k = streamIndex;
    if (k > writtenTo) {
      for (long z = Math.max(writtenTo, k - ring.length); z < k; z++) {
        ring[(int) (z % ring.length)] = 0f;
      }
    }
    for (float s : samples) {
      if (k >= 0) {
        ring[(int) (k % ring.length)] = s;
      }
      k++;
    }
    streamIndex = k;
    writtenTo = Math.max(writtenTo, k);
  }

  private long indexOf(long nanos) {
    return Math.floorDiv(nanos - originNanos, NANOS_PER_SAMPLE);
  }
}
