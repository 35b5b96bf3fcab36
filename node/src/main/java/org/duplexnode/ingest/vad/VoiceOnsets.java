package org.duplexnode.ingest.vad;

import java.util.function.Consumer;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.VoiceOnsetListener;

/**
 * Tells a {@link VoiceOnsetListener} of each speech start before passing every change on, so the
 * listener acts on the ingest thread, ahead of the outputs queue and the model.
 */
public final class VoiceOnsets implements Consumer<UserSpeechChange> {
  private final VoiceOnsetListener onsets;
  private final Consumer<UserSpeechChange> next;

  public VoiceOnsets(VoiceOnsetListener onsets, Consumer<UserSpeechChange> next) {
    this.onsets = onsets;
    this.next = next;
  }

  @Override
  public void accept(UserSpeechChange change) {
    if (change.kind() == UserSpeechChange.Kind.START) {
      onsets.voiceOnset(change.startNs());
    }
    next.accept(change);
  }
}
