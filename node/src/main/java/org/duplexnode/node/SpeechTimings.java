package org.duplexnode.node;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationHealth;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.WatchListChanged;

/**
 * Time to first speech and barge-in stop time, measured where speech leaves the node: this port
 * comes last on the outputs thread, so a chunk reaches it once every adapter has sent it.
 *
 * <ul>
 *   <li>time to first speech: from the end of the input audio of the unit that produced an
 *       utterance's first chunk to that chunk's publication;</li>
 *   <li>barge-in stop time: from a force-listen's arrival at the node (the transport's thread) to
 *       the publication of the interrupted utterance's last chunk, after which no more of its
 *       samples go out. A force-listen that arrives while the robot is silent measures nothing:
 *       the next unit's state, not speaking, clears it.</li>
 * </ul>
 * Times are on the node's clock (wall time live, /clock with use_sim_time, the bag's time in a
 * replay).
 */
public final class SpeechTimings implements OutputPort {
  private final LongSupplier clock;
  private final AtomicLong interruptAskedNs = new AtomicLong(-1);
  private volatile double firstSpeechLatencyS = -1;
  private volatile double bargeInStopS = -1;

  public SpeechTimings(LongSupplier clock) {
    this.clock = clock;
  }

  /** A force-listen arrived (any thread): the first of several waiting is the one measured. */
  public void interruptAsked() {
    interruptAskedNs.compareAndSet(-1, clock.getAsLong());
  }

  @Override
  public void speech(SpeechChunk chunk) {
    long now = clock.getAsLong();
    if (chunk.first()) {
      firstSpeechLatencyS = (now - chunk.stampNs()) / 1e9;
    }
    if (chunk.last() && chunk.interrupted()) {
      long asked = interruptAskedNs.getAndSet(-1);
      if (asked >= 0) {
        bargeInStopS = Math.max(0, now - asked) / 1e9;
      }
    }
  }

  @Override
  public void state(StateUpdate update) {
    if (!update.speaking()) {
      // The unit's interrupted chunk, if any, came before its state: nothing is left to stop.
      interruptAskedNs.set(-1);
    }
  }

  @Override
  public void transcript(TranscriptUpdate update) { }

  @Override
  public void proactive(ProactiveAlert alert) { }

  @Override
  public void watches(WatchListChanged change) { }

  @Override
  public void reply(CommandReply reply) { }

  @Override
  public void userSpeech(UserSpeechChange change) { }

  /** {@code health} with these two figures. */
  public ConversationHealth applyTo(ConversationHealth health) {
    return health.withSpeechTimings(firstSpeechLatencyS, bargeInStopS);
  }
}
