package org.duplexnode.ingest.echo;

import java.util.function.LongSupplier;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.WatchListChanged;

/**
 * The node's published speech ({@code ~/speech}) as a player on another node would play it: each
 * chunk as it is published, or right after the chunk before it while that still plays; an
 * interrupted utterance stops at once. Handed to a {@link FarEndReference} on the node clock. How
 * much later the sound reaches the microphone (the network, the player's buffer and sound card) is
 * unknown and drifts: the {@link EchoDelayEstimator} finds it. The timeline must not run more
 * than a few seconds ahead of the clock (the reference keeps {@value FarEndReference#SECONDS} s):
 * speech is composed about as fast as it plays. Called on the outputs thread.
 */
public final class PublishedSpeech implements OutputPort {
  private static final int RATE = 24_000;

  private final FarEndReference reference;
  private final LongSupplier clockNs;
  private long playsUntilNanos = Long.MIN_VALUE;

  public PublishedSpeech(FarEndReference reference, LongSupplier clockNs) {
    this.reference = reference;
    this.clockNs = clockNs;
  }

  @Override
  public void speech(SpeechChunk c) {
    long now = clockNs.getAsLong();
    if (c.interrupted()) {
      reference.cut(now);
      playsUntilNanos = Math.min(playsUntilNanos, now);
    }
    if (c.pcm().length == 0) {
      return;
    }
    long start = Math.max(now, playsUntilNanos);
    reference.played(start, RATE, c.pcm(), 0, c.pcm().length);
    playsUntilNanos = start + c.pcm().length * 1_000_000_000L / RATE;
  }

  @Override public void transcript(TranscriptUpdate update) { }

  @Override public void proactive(ProactiveAlert alert) { }

  @Override public void state(StateUpdate update) { }

  @Override public void watches(WatchListChanged change) { }

  @Override public void reply(CommandReply reply) { }

  @Override public void userSpeech(UserSpeechChange change) { }
}
