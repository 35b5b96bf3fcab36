package org.duplexnode.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class UnitDispatcherTest {

  private static final long S = 1_000_000_000L;

  private final FrameSlot<String> frames = FrameSlot.withDefaults();
  private final UnitQueue<SessionUnit<String>> queue = new UnitQueue<>(10, QueuePolicy.DROP_OLDEST);
  private final UnitDispatcher<String> dispatcher = new UnitDispatcher<>(frames, 500_000_000L, queue);

  private static AudioUnit unit(long index, long endNanos) {
    return new AudioUnit(index, 0, (int) index, endNanos - S, endNanos, new float[16000], 0, 0);
  }

  @Test
  void forceListenAppliesToTheNextUnitOnly() throws InterruptedException {
    dispatcher.accept(unit(0, S));
    dispatcher.requestForceListen();
    dispatcher.requestForceListen();
    dispatcher.accept(unit(1, 2 * S));
    dispatcher.accept(unit(2, 3 * S));
    assertThat(queue.take().forceListen()).isFalse();
    assertThat(queue.take().forceListen()).isTrue();
    assertThat(queue.take().forceListen()).isFalse();
  }

  @Test
  void eachUnitGetsTheNewestFrameAtOrBeforeItsEndIfYoungEnough() throws InterruptedException {
    frames.offer(S - 300_000_000L, "a");
    frames.offer(S - 100_000_000L, "b");
    frames.offer(S + 40_000_000L, "c"); // after unit 0's end: for the next unit
    dispatcher.accept(unit(0, S));
    dispatcher.accept(unit(1, 2 * S)); // "c" is 960 ms old by then
    SessionUnit<String> first = queue.take();
    assertThat(first.frame().value()).isEqualTo("b");
    assertThat(first.frame().stampNanos()).isEqualTo(S - 100_000_000L);
    assertThat(queue.take().hasFrame()).isFalse();
  }
}
