package org.duplexnode.ports;

/**
 * Hears what a speaker of this computer plays, with each sample's playback time on the node clock:
 * the far-end reference of echo cancellation and what the self-voice gate follows. Called on the
 * speaker's thread.
 */
public interface PlaybackListener {
  /** Hears nothing. */
  PlaybackListener NONE = new PlaybackListener() {
    @Override public void played(long startNanos, int rate, short[] pcm, int off, int len) { }
    @Override public void cut(long atNanos) { }
  };

  /** {@code len} samples at {@code rate} Hz go to the device; the first plays at {@code startNanos}. */
  void played(long startNanos, int rate, short[] pcm, int off, int len);

  /** Nothing handed over before plays after {@code atNanos} (an interruption flushed the device). */
  void cut(long atNanos);
}
