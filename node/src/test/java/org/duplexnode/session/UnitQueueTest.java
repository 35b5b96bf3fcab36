package org.duplexnode.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hang guards (@Timeout) only fail a broken queue instead of hanging the build; nothing is timed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@Tag("unit")
class UnitQueueTest {

  @Test
  void dropOldestNeverWaitsAndCountsEveryDrop() throws InterruptedException {
    UnitQueue<Integer> q = new UnitQueue<>(3, QueuePolicy.DROP_OLDEST);
    for (int i = 0; i < 10; i++) {
      assertThat(q.put(i)).isTrue();
    }
    assertThat(q.droppedOldest()).isEqualTo(7);
    assertThat(q.accepted()).isEqualTo(10);
    assertThat(q.size()).isEqualTo(3);
    assertThat(List.of(q.take(), q.take(), q.take())).containsExactly(7, 8, 9);
    assertThat(q.poll(0, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void blockLosesNothingAndKeepsOrder() throws Exception {
    UnitQueue<Integer> q = new UnitQueue<>(2, QueuePolicy.BLOCK);
    int n = 5000;
    Thread producer = new Thread(() -> {
      for (int i = 0; i < n; i++) {
        q.put(i);
      }
      q.close();
    });
    producer.start();
    List<Integer> got = new ArrayList<>();
    for (Integer item = q.take(); item != null; item = q.take()) {
      got.add(item);
    }
    producer.join();
    assertThat(got).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(got.get(i)).isEqualTo(i);
    }
    assertThat(q.droppedOldest()).isZero();
    assertThat(q.refused()).isZero();
  }

  @Test
  void blockedProducerWaitsForSpaceAndCloseReleasesIt() throws Exception {
    UnitQueue<Integer> q = new UnitQueue<>(1, QueuePolicy.BLOCK);
    q.put(1);
    AtomicBoolean second = new AtomicBoolean();
    Thread producer = new Thread(() -> second.set(q.put(2)));
    producer.start();
    awaitWaiting(producer);
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.take()).isEqualTo(1);
    producer.join();
    assertThat(second.get()).isTrue();

    Thread third = new Thread(() -> second.set(q.put(3)));
    third.start();
    awaitWaiting(third);
    q.close();
    third.join();
    assertThat(second.get()).as("refused after close").isFalse();
    assertThat(q.refused()).isEqualTo(1);
    assertThat(q.take()).isEqualTo(2);
    assertThat(q.take()).isNull();
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.WAITING) {
      Thread.sleep(1);
    }
  }
}
