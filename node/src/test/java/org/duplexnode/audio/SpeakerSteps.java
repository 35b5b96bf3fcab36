package org.duplexnode.audio;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.testing.Await;

/** Steps the speaker's tests take on a {@link SimulatedSoundCard} whose clock they move, and the samples they play. */
final class SpeakerSteps {
  private static final long MS = 1_000_000L;

  private SpeakerSteps() {}

  /** Moves {@code clock} on by {@code ms} in the canceller's 10 ms frames, none of them a voice. */
  static void tick(SimulatedSoundCard card, LocalSpeaker speaker, AtomicLong clock, int ms) throws Exception {
    for (int i = 0; i < ms / 10; i++) {
      card.settle(speaker::idle, 10_000);
      clock.addAndGet(10 * MS);
      speaker.cancelledFrame(clock.get(), false);
    }
  }

  /** Plays what the speaker holds until it has handed everything over. */
  static void playToTheEnd(SimulatedSoundCard card, LocalSpeaker speaker, AtomicLong clock) throws Exception {
    for (int i = 0; i < 60 && !speaker.idle(); i++) {
      card.settle(speaker::idle, 10_000);
      clock.addAndGet(100 * MS);
    }
    Await.until("the utterance handed over", Duration.ofSeconds(10), speaker::idle);
  }

  /** Samples that tell their place: a card frame that is one of them shows which. */
  static short[] ramp(int n) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) (1 + i % 30_000);
    }
    return s;
  }

  static short[] constant(int n, int value) {
    short[] s = new short[n];
    java.util.Arrays.fill(s, (short) value);
    return s;
  }
}
