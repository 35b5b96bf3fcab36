package org.duplexnode.ports;

/**
 * Samples a speaker of this computer played, as a {@link PlaybackListener} heard them: mono S16LE
 * at {@code rate} Hz, the first at {@code startNanos} on the node clock.
 */
public record PlayedAudio(long startNanos, int rate, short[] pcm) {
  /** When the last sample ends playing. */
  public long endNanos() {
    return startNanos + pcm.length * 1_000_000_000L / rate;
  }
}
