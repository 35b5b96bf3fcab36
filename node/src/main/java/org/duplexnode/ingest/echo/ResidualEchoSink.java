package org.duplexnode.ingest.echo;

import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * The model's ear behind the echo canceller: what reaches {@code next} has the canceller's residual
 * echo suppressed ({@link ResidualEchoSuppressor}), with the far end the {@link EchoCancelStage}
 * lined up for each sample ({@link FarEndTrail}). Samples keep their times: the suppressor's frame
 * of latency is taken off the start of each stream, and silence is fed through at its end until
 * every sample that came in has gone out.
 *
 * <p>Only the model is given this: the voice detector, whose barge-in and {@code ~/user_speech}
 * are measured on the canceller's output, keeps it (docs/benchmarks.md).
 */
public final class ResidualEchoSink implements AudioStreamSink {
  private static final int N = ResidualEchoSuppressor.HOP;

  private final AudioStreamSink next;
  private final FarEndTrail trail;
  private final ResidualEchoSuppressor suppressor = new ResidualEchoSuppressor();
  private final short[] in = new short[N];
  private final short[] far = new short[N];
  private final short[] out = new short[N];
  private int pending;
  private boolean echoPossible;
  private final LatencyTrim trim = new LatencyTrim();

  ResidualEchoSink(AudioStreamSink next, FarEndTrail trail) {
    this.next = next;
    this.trail = trail;
    trail.taker();
  }

  @Override
  public void streamStarted(long anchorNanos) {
    // The room is the same after a restart: the suppressor keeps what it learnt. A stream cut off
    // between the stage and here left far end behind that belongs to no sample of this one.
    trail.clear();
    pending = 0;
    echoPossible = false;
    trim.start(suppressor.latencySamples());
    next.streamStarted(anchorNanos);
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    for (int i = off; i < off + len; i++) {
      in[pending] = trim.in(samples[i]);
      echoPossible |= trail.take(far, pending);
      pending++;
      if (pending == N) {
        frame();
      }
    }
  }

  @Override
  public void streamEnded() {
    while (trim.owing()) {
      java.util.Arrays.fill(in, pending, N, (short) 0);
      java.util.Arrays.fill(far, pending, N, (short) 0);
      frame();
    }
    trail.clear();
    next.streamEnded();
  }

  /** Frames that could hold echo, and of those the ones that came out as echo alone (silent). */
  long[] frames() {
    return new long[] {suppressor.frames(), suppressor.silencedFrames()};
  }

  private void frame() {
    suppressor.process(in, far, echoPossible, out);
    pending = 0;
    echoPossible = false;
    float[] cleaned = trim.out(out);
    if (cleaned.length > 0) {
      next.samples(cleaned, 0, cleaned.length);
    }
  }
}
