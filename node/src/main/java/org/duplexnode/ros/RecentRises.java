package org.duplexnode.ros;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers when each of a set of counters last rose, so a status can stay WARN while a problem
 * is recent instead of for the one report that saw the count change. A counter is recent from
 * the report that sees it rise until {@code holdNanos} pass without a further rise; its recent
 * count is how much it rose since it last became recent. Not thread-safe (one diagnostics thread).
 */
final class RecentRises {
  /** A counter that rose within the hold: its total and how much of it is recent. */
  record Rise(String key, long total, long recent) {}

  private record Episode(long baseline, long lastRiseNanos) {}

  private final long holdNanos;
  private final Map<String, Long> last = new HashMap<>();
  private final Map<String, Episode> episodes = new HashMap<>();

  RecentRises(long holdNanos) {
    this.holdNanos = holdNanos;
  }

  /** Takes the counters' values at {@code nowNanos} (monotonic); returns the recent ones, in the map's order. */
  List<Rise> update(Map<String, Long> counts, long nowNanos) {
    List<Rise> out = new ArrayList<>();
    counts.forEach((key, total) -> {
      long before = last.getOrDefault(key, 0L);
      last.put(key, total);
      Episode e = episodes.get(key);
      boolean recent = e != null && nowNanos - e.lastRiseNanos() <= holdNanos;
      if (total > before) {
        e = new Episode(recent ? e.baseline() : before, nowNanos);
        episodes.put(key, e);
        recent = true;
      }
      if (recent) {
        out.add(new Rise(key, total, total - e.baseline()));
      } else {
        episodes.remove(key);
      }
    });
    return out;
  }
}
