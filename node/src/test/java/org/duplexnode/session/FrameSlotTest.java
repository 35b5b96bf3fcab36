package org.duplexnode.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FrameSlotTest {

  private static final long MS = 1_000_000L;

  @Test
  void picksTheNewestAtOrBeforeTheEnd() {
    FrameSlot<Integer> slot = new FrameSlot<>(4, 1000 * MS);
    slot.offer(100 * MS, 1);
    slot.offer(200 * MS, 2);
    slot.offer(300 * MS, 3);
    assertThat(slot.pick(250 * MS, 1000 * MS).value()).isEqualTo(2);
    assertThat(slot.pick(300 * MS, 1000 * MS).value()).isEqualTo(3);
    assertThat(slot.pick(99 * MS, 1000 * MS)).isNull();
    assertThat(slot.pick(250 * MS, 49 * MS)).as("too old").isNull();
    assertThat(slot.pick(250 * MS, 50 * MS).value()).isEqualTo(2);
  }

  @Test
  void keepsOnlyTheNewestFew() {
    FrameSlot<Integer> slot = new FrameSlot<>(2, 1000 * MS);
    for (int i = 1; i <= 5; i++) {
      slot.offer(i * 10 * MS, i);
    }
    assertThat(slot.pick(35 * MS, 1000 * MS)).as("frame 3 was evicted").isNull();
    assertThat(slot.pick(45 * MS, 1000 * MS).value()).isEqualTo(4);
  }

  @Test
  void olderFramesAreIgnoredUnlessTimeJumpedBack() {
    FrameSlot<Integer> slot = new FrameSlot<>(4, 1000 * MS);
    slot.offer(5000 * MS, 1);
    slot.offer(4900 * MS, 2);
    assertThat(slot.outOfOrderFrames()).isEqualTo(1);
    assertThat(slot.pick(4950 * MS, 1000 * MS)).isNull();
    slot.offer(100 * MS, 3); // bag loop
    assertThat(slot.resets()).isEqualTo(1);
    assertThat(slot.pick(150 * MS, 1000 * MS).value()).isEqualTo(3);
    assertThat(slot.pick(6000 * MS, 10_000 * MS).value()).as("the old frames are gone").isEqualTo(3);
  }
}
