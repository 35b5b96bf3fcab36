package org.duplexnode.pipeline;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Counters by reason as people read them: "3 rejected (corrupt data 2, short data 1)", zeros left out. */
final class ReasonCounts {
  private ReasonCounts() {}

  static String format(Map<?, Long> byReason, String what) {
    long total = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return "0 " + what;
    }
    return total + " " + what + " (" + byReason.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getKey().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }
}
