package org.duplexnode.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * Handles the node hearing its own voice on robots without echo cancellation: while the node
 * speaks, the microphone stream is muted ({@code gate}), attenuated ({@code attenuate}) or left as
 * it is ({@code off}) before the session and the voice detector see it. The model thread says
 * when the node speaks; sample timing is untouched, so units stay aligned.
 */
public final class SelfVoiceGate implements AudioStreamSink {
  /** What to do to the microphone while the node speaks. */
  public enum Mode { OFF, GATE, ATTENUATE }

  private final AudioStreamSink next;
  private final Mode mode;
  private final float gain;
  private final AtomicBoolean speaking;

  /**
   * @param attenuationDb how far to lower the microphone in {@code attenuate} mode
   * @param speaking set by the model thread while the node's speech plays
   */
  public SelfVoiceGate(AudioStreamSink next, Mode mode, double attenuationDb, AtomicBoolean speaking) {
    this.next = next;
    this.mode = mode;
    this.gain = (float) Math.pow(10, -Math.abs(attenuationDb) / 20);
    this.speaking = speaking;
  }

  @Override
  public void streamStarted(long anchorNanos) {
    next.streamStarted(anchorNanos);
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    if (mode != Mode.OFF && speaking.get()) {
      float g = mode == Mode.GATE ? 0f : gain;
      for (int i = off; i < off + len; i++) {
        samples[i] *= g;
      }
    }
    next.samples(samples, off, len);
  }

  @Override
  public void streamEnded() {
    next.streamEnded();
  }
}
