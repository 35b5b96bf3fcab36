package org.duplexnode.ros;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts rejected input samples by topic and reason. The first rejection of each (topic, reason)
 * is logged as a warning with its detail; later ones only count, so a flood of bad input cannot
 * flood the log.
 */
public final class InputErrorCounter {
  private static final Logger LOG = LoggerFactory.getLogger(InputErrorCounter.class);

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void reject(String topic, String reason, String detail) {
    String key = topic + " | " + reason;
    LongAdder counter = counts.computeIfAbsent(key, k -> {
      LOG.warn("dropped a sample on {}: {} ({}); further drops for this reason are only counted",
          topic, reason, detail);
      return new LongAdder();
    });
    counter.increment();
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long count(String topic, String reason) {
    LongAdder a = counts.get(topic + " | " + reason);
    return a == null ? 0 : a.sum();
  }

  /** "topic | reason" to count, sorted, for diagnostics. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
