package org.duplexnode.ingest.echo;

import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * Removes the node's own voice from the microphone before the session and the voice detector see
 * it: each frame of the 16 kHz stream goes through the {@link EchoCanceller} with what the
 * speaker played the {@link EchoAlignment}'s delay earlier as the reference. Samples keep their
 * times: the canceller's own latency is taken off the start of each stream, and at its end silence
 * is fed through until every sample that came in has gone out; they reach the next stage up to one
 * frame plus that latency later than they came.
 *
 * <p>While nothing can be echoing (the reference has not played within the delay plus the
 * canceller's tail) the microphone passes unchanged, delayed by the same latency, so that the
 * canceller's noise suppression never touches a room where the node is silent; so does a frame the
 * canceller made louder than it came (its taps are for another echo path and add echo). The
 * alignment may move the delay from one frame to the next, and ask for the canceller to restart;
 * a delay that grows with a clock skew reads the reference resampled at the alignment's rate.
 */
public final class EchoCancelStage implements AudioStreamSink {
  private static final long NANOS_PER_SAMPLE = 62_500L;

  private final AudioStreamSink next;
  private final EchoCanceller canceller;
  private final FarEndReference reference;
  private final EchoAlignment alignment;
  private final long tailNanos;
  private final EchoMeter meter;
  /** Told each frame's time once the meter has counted it. */
  private final java.util.function.LongConsumer framed;
  /** The microphone delayed by the canceller's latency, for frames passed unchanged. */
  private final short[] line;
  private int linePos;
  private final int n;
  private final short[] mic;
  private final short[] ref;
  private final short[] out;
  private final short[] delayed;
  private final float[] refFloat;
  /** Null when nothing down the chain asks for the far end. */
  private final FarEndTrail trail;
  private final short[][] pastRefs;
  private final boolean[] pastEcho;
  private int pastRef;
  private long anchorNanos;
  private final LatencyTrim trim = new LatencyTrim();
  /** Frames of the stream through the canceller. */
  private long frames;
  private int pending;

  /** A fixed delay; the reference counts as silent one second after its last sample. */
  public EchoCancelStage(AudioStreamSink next, EchoCanceller canceller, FarEndReference reference, long delayNanos,
                         EchoMeter meter) {
    this(next, canceller, reference, EchoAlignment.fixed(delayNanos), 1_000_000_000L, meter);
  }

  /**
   * @param tailNanos how long after the reference's last sample (plus the delay) the canceller
   *     still has echo to remove: its filter length
   */
  public EchoCancelStage(AudioStreamSink next, EchoCanceller canceller, FarEndReference reference,
                         EchoAlignment alignment, long tailNanos, EchoMeter meter) {
    this(next, canceller, reference, alignment, tailNanos, meter, frameNanos -> { });
  }

  /** As above, telling {@code framed} the time of each frame once {@code meter} has counted it. */
  public EchoCancelStage(AudioStreamSink next, EchoCanceller canceller, FarEndReference reference,
                         EchoAlignment alignment, long tailNanos, EchoMeter meter,
                         java.util.function.LongConsumer framed) {
    this(next, canceller, reference, alignment, tailNanos, meter, framed, null);
  }

  /**
   * As above, adding to {@code trail} (if not null) the far end lined up with each sample sent on,
   * before it is sent, for a {@link ResidualEchoSink} down the chain.
   */
  EchoCancelStage(AudioStreamSink next, EchoCanceller canceller, FarEndReference reference,
                  EchoAlignment alignment, long tailNanos, EchoMeter meter,
                  java.util.function.LongConsumer framed, FarEndTrail trail) {
    this.trail = trail;
    this.framed = framed;
    this.next = next;
    this.canceller = canceller;
    this.reference = reference;
    this.alignment = alignment;
    this.tailNanos = tailNanos;
    this.meter = meter;
    this.line = new short[canceller.latencySamples()];
    this.n = canceller.frameSize();
    this.mic = new short[n];
    this.ref = new short[n];
    this.out = new short[n];
    this.delayed = new short[n];
    this.refFloat = new float[n];
    // The output is latencySamples late: the far end it lines up with is that many samples older.
    this.pastRefs = new short[canceller.latencySamples() / n + 1][n];
    this.pastEcho = new boolean[pastRefs.length];
  }

  @Override
  public void streamStarted(long anchorNanos) {
    // The room is the same after a restart of the stream: the filter keeps what it learnt.
    this.anchorNanos = anchorNanos;
    trim.start(canceller.latencySamples());
    frames = 0;
    pending = 0;
    next.streamStarted(anchorNanos);
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    for (int i = off; i < off + len; i++) {
      mic[pending++] = trim.in(samples[i]);
      if (pending == n) {
        cancelFrame();
      }
    }
  }

  @Override
  public void streamEnded() {
    while (trim.owing()) {
      java.util.Arrays.fill(mic, pending, n, (short) 0);
      cancelFrame();
    }
    next.streamEnded();
  }

  private void cancelFrame() {
    long frameNanos = anchorNanos + frames * n * NANOS_PER_SAMPLE;
    double delayNanos = alignment.delayNanosAt(frameNanos);
    if (alignment.restart()) {
      canceller.reset();
    }
    long wholeNanos = (long) Math.floor(delayNanos);
    reference.read(frameNanos - wholeNanos, delayNanos - wholeNanos, 1 - alignment.driftRate(), refFloat, n);
    frames++;
    for (int i = 0; i < n; i++) {
      ref[i] = (short) Math.round(Math.max(-1f, Math.min(1f, refFloat[i])) * 32767f);
    }
    canceller.cancel(mic, ref, out);
    delayMicrophone();
    long playedUntil = reference.playingUntilNanos();
    boolean echoPossible = playedUntil != Long.MIN_VALUE && frameNanos <= playedUntil + delayNanos + tailNanos;
    if (trail != null) {
      System.arraycopy(ref, 0, pastRefs[pastRef], 0, n);
      pastEcho[pastRef] = echoPossible;
      pastRef = (pastRef + 1) % pastRefs.length;
    }
    if (!echoPossible || energy(out) > energy(delayed)) {
      // Nothing to cancel, or taps learnt for another delay that add echo instead of removing it.
      System.arraycopy(delayed, 0, out, 0, n);
    }
    meter.frame(mic, ref, out, n);
    framed.accept(frameNanos);
    alignment.heard(mic, n, frameNanos);
    pending = 0;
    float[] cleaned = trim.out(out);
    if (cleaned.length == 0) {
      return;
    }
    if (trail != null) {
      trail.add(pastRefs[pastRef], trim.skipped(), cleaned.length, pastEcho[pastRef]);
    }
    next.samples(cleaned, 0, cleaned.length);
  }

  private double energy(short[] x) {
    double e = 0;
    for (int i = 0; i < n; i++) {
      e += (double) x[i] * x[i];
    }
    return e;
  }

  /** The microphone as late as the canceller gives it, into {@code delayed}. */
  private void delayMicrophone() {
    if (line.length == 0) {
      System.arraycopy(mic, 0, delayed, 0, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      delayed[i] = line[linePos];
      line[linePos] = mic[i];
      linePos = (linePos + 1) % line.length;
    }
  }
}
