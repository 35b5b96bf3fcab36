package org.duplexnode.ingest.echo;

/**
 * Keeps the samples of a stage that works in frames at their times: the stage's latency is taken
 * off the start of each stream, and at its end the stage feeds silence until every sample that
 * came in has gone out.
 */
final class LatencyTrim {
  private static final float[] NONE = new float[0];
  private long received;
  private long sent;
  private int toSkip;
  private int skipped;

  /** A new stream through a stage whose output lags its input by {@code latencySamples}. */
  void start(int latencySamples) {
    received = 0;
    sent = 0;
    toSkip = latencySamples;
  }

  /** One sample of the stream went in, as a 16-bit sample. */
  short in(float sample) {
    received++;
    return (short) Math.round(Math.max(-1f, Math.min(1f, sample)) * 32767f);
  }

  /** Whether samples that went in have not come out yet (at the stream's end: feed silence). */
  boolean owing() {
    return sent < received;
  }

  /** The part of an output frame that is the stream, as floats (none while the latency is taken off). */
  float[] out(short[] frame) {
    int n = frame.length;
    skipped = Math.min(toSkip, n);
    toSkip -= skipped;
    int len = (int) Math.min(n - skipped, received - sent);
    if (len <= 0) {
      return NONE;
    }
    float[] cleaned = new float[len];
    for (int i = 0; i < len; i++) {
      cleaned[i] = frame[skipped + i] / 32768f;
    }
    sent += len;
    return cleaned;
  }

  /** Samples at the start of the last frame given to {@link #out} that were latency, not stream. */
  int skipped() {
    return skipped;
  }
}
