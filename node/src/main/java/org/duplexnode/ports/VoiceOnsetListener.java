package org.duplexnode.ports;

/**
 * Hears the user's voice onsets as the voice detector decides them, on the ingest thread, before
 * any model decision: what lets a speaker of this computer fall silent at once (barge-in).
 */
public interface VoiceOnsetListener {
  /** Hears nothing. */
  VoiceOnsetListener NONE = onsetNanos -> { };

  /**
   * Whether a window the detector scored as speech, from {@code windowStartNanos}, is the user's and
   * not the node's own voice coming back (asked before {@link #voiceOnset}; a window refused here
   * counts as silence for ~/user_speech and the conversation).
   */
  default boolean userVoice(long windowStartNanos) {
    return true;
  }

  /** The user started speaking at {@code onsetNanos} (microphone time). Must return quickly. */
  void voiceOnset(long onsetNanos);

  /**
   * As {@link #voiceOnset(long)}, where the echo canceller can also tell {@code unlikeTheNodesVoice}:
   * whether the voice is voiced at a pitch the node's own speech of the last second did not have,
   * so that it is no echo of it, even of its room's reverberation once the speaker is silent. Ask
   * it only where it matters: it costs a few milliseconds.
   */
  default void voiceOnset(long onsetNanos, java.util.function.BooleanSupplier unlikeTheNodesVoice) {
    voiceOnset(onsetNanos);
  }

  /** The detector's window from {@code windowStartNanos} held no voice. */
  default void noVoice(long windowStartNanos) { }

  /**
   * The echo canceller finished its frame from {@code frameNanos} (every 10 ms while it runs);
   * {@code voiceCue}: the frame stood so far above the echo left after cancellation that it can
   * only be a voice in the room, heard before the detector can tell (its windows are 32 ms and a
   * word's soft start takes a few). A cue, not a decision: only {@link #voiceOnset} confirms the
   * user. Must return quickly.
   */
  default void cancelledFrame(long frameNanos, boolean voiceCue) { }
}
