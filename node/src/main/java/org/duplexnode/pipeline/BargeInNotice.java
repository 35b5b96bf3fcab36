package org.duplexnode.pipeline;

import java.util.function.LongSupplier;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.VoiceOnsetListener;

/**
 * Says on ~/state at once, outside the unit cadence, that the user's voice was heard over the
 * node's speech, so that a player of ~/speech on another node can fade it out without waiting
 * for the model's next unit. Told only of voices that stood above the echo (the echo path's
 * guard); once per utterance. Runs on the ingest thread.
 */
final class BargeInNotice implements VoiceOnsetListener {
  private final LongSupplier playingUntilNanos;
  private volatile StateUpdate last;
  private volatile OutputPort out = OutputPort.ofEach(e -> { });
  private long toldUtterance = -1;

  /** {@code playingUntilNanos}: until when the local speaker's playback is heard (MIN_VALUE without one). */
  BargeInNotice(LongSupplier playingUntilNanos) {
    this.playingUntilNanos = playingUntilNanos;
  }

  /** Where the notice goes; set once the outputs exist. */
  void sendTo(OutputPort port) {
    this.out = port;
  }

  /** Sees every output event: it remembers the last unit's state. */
  void seen(OutputEvent e) {
    if (e instanceof StateUpdate s && !s.bargeIn()) {
      last = s;
    }
  }

  @Override
  public void voiceOnset(long onsetNanos) {
    StateUpdate s = last;
    if (s == null || s.utteranceId() == toldUtterance
        || (!s.speaking() && playingUntilNanos.getAsLong() <= onsetNanos)) {
      return;
    }
    toldUtterance = s.utteranceId();
    out.state(s.bargeInAt(onsetNanos));
  }
}
