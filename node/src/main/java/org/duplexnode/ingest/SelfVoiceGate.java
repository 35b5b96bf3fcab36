package org.duplexnode.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * Handles the node hearing its own voice on robots without echo cancellation: while the node
 * speaks, the microphone stream is muted ({@code gate}), attenuated ({@code attenuate}) or left as
 * it is ({@code off}) before the session and the voice detector see it. The model thread says
 * when the node composes speech; where a speaker of this computer plays it, the gate also stays
 * closed for every microphone sample until the speaker's last sample has played (the composed
 * speech ends about a second before that). Sample timing is untouched, so units stay aligned.
 */
public final class SelfVoiceGate implements AudioStreamSink {
  /** What to do to the microphone while the node speaks. */
  public enum Mode { OFF, GATE, ATTENUATE }

  private final AudioStreamSink next;
  private static final long NANOS_PER_SAMPLE = 62_500L;
  private final Mode mode;
  private final float gain;
  private final AtomicBoolean speaking;
  private final LongSupplier heardUntilNanos;
  private long anchorNanos;
  private long count;

  /**
   * @param attenuationDb how far to lower the microphone in {@code attenuate} mode
   * @param speaking set by the model thread while the node's speech plays
   */
  public SelfVoiceGate(AudioStreamSink next, Mode mode, double attenuationDb, AtomicBoolean speaking) {
    this(next, mode, attenuationDb, speaking, () -> Long.MIN_VALUE);
  }

  /**
   * @param heardUntilNanos until when (audio time) the microphone hears what the speaker was
   *     handed; MIN_VALUE where no speaker of this computer plays
   */
  public SelfVoiceGate(AudioStreamSink next, Mode mode, double attenuationDb, AtomicBoolean speaking,
                       LongSupplier heardUntilNanos) {
    this.heardUntilNanos = heardUntilNanos;
    this.next = next;
    this.mode = mode;
    this.gain = (float) Math.pow(10, -Math.abs(attenuationDb) / 20);
    this.speaking = speaking;
  }

  @Override
  public void streamStarted(long anchorNanos) {
    this.anchorNanos = anchorNanos;
    count = 0;
    next.streamStarted(anchorNanos);
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    if (mode != Mode.OFF) {
      float g = mode == Mode.GATE ? 0f : gain;
      if (speaking.get()) {
        for (int i = off; i < off + len; i++) {
          samples[i] *= g;
        }
      } else {
        // Samples heard before the playback's end are gated one by one: a block may straddle it.
        long until = heardUntilNanos.getAsLong();
        long heard = until == Long.MIN_VALUE ? 0 : Math.min(len, Math.max(0,
            Math.floorDiv(until - anchorNanos + NANOS_PER_SAMPLE - 1, NANOS_PER_SAMPLE) - count));
        for (int i = off; i < off + heard; i++) {
          samples[i] *= g;
        }
      }
    }
    count += len;
    next.samples(samples, off, len);
  }

  @Override
  public void streamEnded() {
    next.streamEnded();
  }
}
