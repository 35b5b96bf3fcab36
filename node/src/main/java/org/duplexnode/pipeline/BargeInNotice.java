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
 * guard); once per utterance. A far end that is not the node's utterance (what the robot's player
 * says it plays on audio/far_end) is told of once per stretch of the user's voice: a voice that
 * stops for {@value #QUIET_WINDOWS} windows and starts again is told again. Runs on the ingest thread.
 */
final class BargeInNotice implements VoiceOnsetListener {
  /** Windows with no voice after which a voice over the far end is a new one (about 320 ms). */
  static final int QUIET_WINDOWS = 10;
  private final LongSupplier playingUntilNanos;
  private final LongSupplier farEndUntilNanos;
  private boolean toldThisVoice;
  private int quietWindows;
  private volatile StateUpdate last;
  private volatile OutputPort out = OutputPort.ofEach(e -> { });
  private long toldUtterance = -1;

  /** {@code playingUntilNanos}: until when the local speaker's playback is heard (MIN_VALUE without one). */
  BargeInNotice(LongSupplier playingUntilNanos) {
    this(playingUntilNanos, () -> Long.MIN_VALUE);
  }

  /** As above, {@code farEndUntilNanos}: until when the far end read from audio/far_end is heard (MIN_VALUE without). */
  BargeInNotice(LongSupplier playingUntilNanos, LongSupplier farEndUntilNanos) {
    this.playingUntilNanos = playingUntilNanos;
    this.farEndUntilNanos = farEndUntilNanos;
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
    quietWindows = 0;
    StateUpdate s = last;
    if (s == null) {
      return;
    }
    boolean overNode = s.speaking() || playingUntilNanos.getAsLong() > onsetNanos;
    if (overNode && s.utteranceId() != toldUtterance) {
      toldUtterance = s.utteranceId();
    } else if (overNode || farEndUntilNanos.getAsLong() <= onsetNanos || toldThisVoice) {
      return;
    }
    toldThisVoice = true;
    out.state(s.bargeInAt(onsetNanos));
  }

  @Override
  public void noVoice(long windowStartNanos) {
    if (++quietWindows >= QUIET_WINDOWS) {
      toldThisVoice = false;
    }
  }
}
