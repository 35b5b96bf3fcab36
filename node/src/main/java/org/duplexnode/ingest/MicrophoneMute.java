package org.duplexnode.ingest;

import java.util.Arrays;
import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * Silences the microphone while the node is muted (~/mute), before the voice detector and the
 * session see it, as {@link SelfVoiceGate} does while the node speaks. The samples keep flowing
 * with their timing, so the unit clock and the model's cache go on as with a quiet room.
 * Set from the ingest thread, which is also the one that passes the samples.
 */
public final class MicrophoneMute implements AudioStreamSink {
  private final AudioStreamSink next;
  private volatile boolean muted;

  public MicrophoneMute(AudioStreamSink next) {
    this.next = next;
  }

  public void set(boolean muted) {
    this.muted = muted;
  }

  public boolean muted() {
    return muted;
  }

  @Override
  public void streamStarted(long anchorNanos) {
    next.streamStarted(anchorNanos);
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    if (muted) {
      Arrays.fill(samples, off, off + len, 0f);
    }
    next.samples(samples, off, len);
  }

  @Override
  public void streamEnded() {
    next.streamEnded();
  }
}
