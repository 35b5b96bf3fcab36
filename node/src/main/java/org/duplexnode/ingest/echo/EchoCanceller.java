package org.duplexnode.ingest.echo;

/**
 * An acoustic echo canceller working on frames of 16 kHz 16-bit samples: what the microphone
 * heard, what the speaker played at the same time, and the microphone without the speaker. The
 * native library sits behind this, so the stage around it is tested without it. One thread.
 */
public interface EchoCanceller extends AutoCloseable {
  /** Samples per frame. */
  int frameSize();

  /** Samples by which the output lags the microphone (the cancelled frame comes out this much later). */
  int latencySamples();

  /** Writes into {@code out} the microphone frame {@code mic} with the echo of {@code reference} removed. */
  void cancel(short[] mic, short[] reference, short[] out);

  /** Forgets the echo path learnt (the reference's alignment moved); the latency stays. */
  void reset();

  /** Frees the native state; the canceller is unusable afterwards. */
  @Override
  void close();
}
