package org.duplexnode.ingest.vad;

/**
 * Whether the user spoke in a span of input time, as judged by a voice activity detector over the
 * microphone (the node's own speech removed or gated).
 */
@FunctionalInterface
public interface UserSpeech {
  boolean heardBetween(long fromNs, long toNs);

  /** A judge that never hears anyone: every unprompted utterance is proactive. */
  static UserSpeech silent() {
    return (a, b) -> false;
  }
}
