package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The made-up sound card the barge-in benches and tests play through: what it plays must not
 * depend on when the speaker's thread happens to run, or a bench's rows move from run to run.
 */
@Tag("unit")
class SimulatedSoundCardTest {
  private static final int FRAMES = 480;

  @Test
  void aFlushMakesSettleWaitForTheWriterToHandItsSpeechOverAgain() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    SimulatedSoundCard card = new SimulatedSoundCard(clock, FRAMES);
    CountDownLatch flushed = new CountDownLatch(1);
    byte[] slice = new byte[FRAMES * 2];
    java.util.Arrays.fill(slice, (byte) 1);
    Thread writer = new Thread(() -> {
      card.write(slice, 0, slice.length);
      // The card is full: this write waits for room until the flush drops what it held.
      card.write(slice, 0, slice.length);
      try {
        flushed.await();
        Thread.sleep(200); // a writer's thread that comes late to hand over again
      } catch (InterruptedException e) {
        return;
      }
      card.write(slice, 0, slice.length);
      card.write(slice, 0, slice.length); // full again: waits for room at the same time
    });
    writer.setDaemon(true);
    writer.start();
    card.settle(() -> false, 5_000);
    assertThat(card.acceptedFrames()).isEqualTo(FRAMES);

    card.flush();
    flushed.countDown();
    card.settle(() -> false, 5_000);

    // The clock has not moved: what the writer handed over again plays from the flush's time.
    assertThat(card.acceptedFrames()).isEqualTo(FRAMES);
    assertThat(card.playedFrames()).isZero();
    clock.addAndGet(10_000_000L);
    assertThat(card.playedFrames()).isEqualTo(240);
    writer.interrupt();
  }
}
