package org.duplexnode.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.duplexnode.outputs.WatchBook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An expiry must fit the int32 seconds of the watch list's builtin_interfaces/Time. */
@Tag("unit")
class WatchExpiryTest {
  /** 2026-12-06T00:00:00Z on the node clock. */
  static final long NOW_NS = 1_796_515_200L * 1_000_000_000L;

  @Test
  void anExpiryPastTheLastTimeTheMessageHoldsIsRefusedWithTheReason() {
    WatchBook book = new WatchBook();
    Optional<String> refused = book.add("w1", "a person at the door", false, 1e9, NOW_NS);
    assertThat(refused).contains("expire_after_s 1000000000 puts the expiry past 2038-01-19T03:14:07Z, the latest"
        + " time a watch's expires (builtin_interfaces/Time) holds");
    assertThat(book.active()).isEmpty();
  }

  @Test
  void anExpiryThatFitsIsKeptExactly() {
    WatchBook book = new WatchBook();
    assertThat(book.add("w1", "a person at the door", false, 3600.5, NOW_NS)).isEmpty();
    assertThat(book.active().get(0).expiresNs()).isEqualTo(NOW_NS + 3_600_500_000_000L);
    long lastSecond = (WatchExpiry.LATEST_NS - NOW_NS) / 1_000_000_000L;
    assertThat(book.add("w2", "a dog", false, lastSecond, NOW_NS)).isEmpty();
    assertThat(book.active().get(1).expiresNs()).isLessThanOrEqualTo(WatchExpiry.LATEST_NS);
  }

  @Test
  void anExpiryBeyondAnyClockIsInvalidWhateverIsActive() {
    assertThat(WatchRules.invalidAdd("w1", "a dog", 1e12)).contains(
        "expire_after_s must be at most 2147483647 (the int32 seconds of builtin_interfaces/Time)");
    assertThat(WatchRules.invalidAdd("w1", "a dog", 2147483647)).isEmpty();
  }
}
