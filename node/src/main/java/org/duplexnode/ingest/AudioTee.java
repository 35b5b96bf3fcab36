package org.duplexnode.ingest;

import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ingest.vad.VoiceActivity;

/**
 * Passes the 16 kHz stream to the session and, with the same stamps, to the voice detector.
 * The voice detector gets its own copy because the session keeps the arrays it is given.
 */
public final class AudioTee implements AudioStreamSink {
  private static final long NS_PER_SAMPLE = 62_500;

  private final AudioStreamSink session;
  private final VoiceActivity voice;
  private long anchorNanos;
  private long position;

  public AudioTee(AudioStreamSink session, VoiceActivity voice) {
    this.session = session;
    this.voice = voice;
  }

  @Override
  public void streamStarted(long anchorNanos) {
    this.anchorNanos = anchorNanos;
    this.position = 0;
    session.streamStarted(anchorNanos);
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    if (voice != null) {
      float[] copy = java.util.Arrays.copyOfRange(samples, off, off + len);
      voice.accept(copy, 0, len, anchorNanos + position * NS_PER_SAMPLE);
    }
    position += len;
    session.samples(samples, off, len);
  }

  @Override
  public void streamEnded() {
    session.streamEnded();
  }
}
