package org.duplexnode.ingest.echo;

import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * Removes the node's own voice from the microphone before the session and the voice detector see
 * it: each frame of the 16 kHz stream goes through the {@link EchoCanceller} with what the
 * speaker played {@code delay} earlier as the reference. Samples keep their times: the canceller's
 * own latency is taken off the start of each stream, and at its end silence is fed through until
 * every sample that came in has gone out; they reach the next stage up to one frame plus that
 * latency later than they came.
 */
public final class EchoCancelStage implements AudioStreamSink {
  private static final long NANOS_PER_SAMPLE = 62_500L;

  private final AudioStreamSink next;
  private final EchoCanceller canceller;
  private final FarEndReference reference;
  private final long delayNanos;
  private final EchoMeter meter;
  private final int n;
  private final short[] mic;
  private final short[] ref;
  private final short[] out;
  private final float[] refFloat;
  private long anchorNanos;
  /** Samples of the stream taken in and sent on so far. */
  private long received;
  private long sent;
  /** Samples of the stream's first output that are the canceller's latency, not the stream. */
  private int toSkip;
  /** Frames of the stream through the canceller. */
  private long frames;
  private int pending;

  public EchoCancelStage(AudioStreamSink next, EchoCanceller canceller, FarEndReference reference, long delayNanos,
                         EchoMeter meter) {
    this.next = next;
    this.canceller = canceller;
    this.reference = reference;
    this.delayNanos = delayNanos;
    this.meter = meter;
    this.n = canceller.frameSize();
    this.mic = new short[n];
    this.ref = new short[n];
    this.out = new short[n];
    this.refFloat = new float[n];
  }

  @Override
  public void streamStarted(long anchorNanos) {
    // The room is the same after a restart of the stream: the filter keeps what it learnt.
    this.anchorNanos = anchorNanos;
    received = 0;
    sent = 0;
    frames = 0;
    pending = 0;
    toSkip = canceller.latencySamples();
    next.streamStarted(anchorNanos);
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    for (int i = off; i < off + len; i++) {
      float s = Math.max(-1f, Math.min(1f, samples[i]));
      mic[pending++] = (short) Math.round(s * 32767f);
      received++;
      if (pending == n) {
        cancelFrame();
      }
    }
  }

  @Override
  public void streamEnded() {
    while (sent < received) {
      java.util.Arrays.fill(mic, pending, n, (short) 0);
      cancelFrame();
    }
    next.streamEnded();
  }

  private void cancelFrame() {
    long frameStartNanos = anchorNanos + frames * n * NANOS_PER_SAMPLE;
    reference.read(frameStartNanos - delayNanos, refFloat, n);
    frames++;
    for (int i = 0; i < n; i++) {
      ref[i] = (short) Math.round(Math.max(-1f, Math.min(1f, refFloat[i])) * 32767f);
    }
    canceller.cancel(mic, ref, out);
    meter.frame(mic, ref, out, n);
    pending = 0;
    int skip = Math.min(toSkip, n);
    toSkip -= skip;
    int len = (int) Math.min(n - skip, received - sent);
    if (len <= 0) {
      return;
    }
    float[] cleaned = new float[len];
    for (int i = 0; i < len; i++) {
      cleaned[i] = out[skip + i] / 32768f;
    }
    sent += len;
    next.samples(cleaned, 0, len);
  }
}
