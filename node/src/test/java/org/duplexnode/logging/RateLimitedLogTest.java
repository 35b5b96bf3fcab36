package org.duplexnode.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

@Tag("unit")
class RateLimitedLogTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aFloodOfOneKindWritesOneLineAPeriodWithTheCountOfTheRest() {
    AtomicLong now = new AtomicLong(5 * S);
    RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), Level.WARN, 10 * S,
        now::get);
    try (LogLines lines = new LogLines(RateLimitedLogTest.class)) {
      for (int i = 0; i < 10_000; i++) {
        log.log("refused", "request " + i + " refused");
        now.addAndGet(1_000_000); // 10,000 in 10 s
      }
      assertThat(lines.messages()).containsExactly("request 0 refused");

      now.addAndGet(S);
      assertThat(log.log("refused", "request 10000 refused")).isTrue();
      assertThat(lines.messages()).hasSize(2).last()
          .isEqualTo("request 10000 refused (9999 more like this in the last 10 s)");

      log.log("refused", "request 10001 refused");
      log.log("other kind", "something else");
      log.flush();
      log.flush();
      assertThat(lines.messages()).containsExactly("request 0 refused",
          "request 10000 refused (9999 more like this in the last 10 s)", "something else",
          "refused: 1 more like this in the last 10 s");
    }
  }

  @Test
  void eachKindHasItsOwnPeriod() {
    AtomicLong now = new AtomicLong();
    RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), Level.ERROR, 10 * S,
        now::get);
    try (LogLines lines = new LogLines(RateLimitedLogTest.class)) {
      assertThat(log.log("a", "a1")).isTrue();
      assertThat(log.log("b", "b1")).isTrue();
      assertThat(log.log("a", "a2")).isFalse();
      now.set(10 * S);
      assertThat(log.log("a", "a3")).isTrue();
      assertThat(lines.messages()).containsExactly("a1", "b1", "a3 (1 more like this in the last 10 s)");
    }
  }
}
