package org.duplexnode.logging;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a repeating problem once per kind and period: the first occurrence of a kind is logged in
 * full; further ones within {@code period} are only counted, and the first occurrence after it
 * is logged with the count ("N more like this in the last 10 s"). {@link #flush()} logs what is
 * still counted (at the end of a run). A bad client sending the same wrong request thousands of
 * times a second thus writes one line per kind per period, not one per request.
 *
 * <p>Thread-safe; time is injected (nanoseconds) so tests need not sleep.
 */
public final class RateLimitedLog {
  /** The period the node uses: one line per kind every ten seconds at most. */
  public static final long DEFAULT_PERIOD_NS = 10_000_000_000L;

  private final Logger log;
  private final Level level;
  private final long periodNs;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new HashMap<>();

  /** A kind's current period: when it started and how many occurrences were only counted. */
  private static final class Window {
    long startNs;
    long suppressed;

    Window(long startNs) {
      this.startNs = startNs;
    }
  }

  public RateLimitedLog(Logger log, Level level, long periodNs, LongSupplier nanoTime) {
    if (periodNs <= 0) {
      throw new IllegalArgumentException("period must be positive, got " + periodNs + " ns");
    }
    this.log = log;
    this.level = level;
    this.periodNs = periodNs;
    this.nanoTime = nanoTime;
  }

  /** Warnings, one per kind every ten seconds, on the system clock. */
  public static RateLimitedLog warnings(Logger log) {
    return new RateLimitedLog(log, Level.WARN, DEFAULT_PERIOD_NS, System::nanoTime);
  }

  /** Errors, one per kind every ten seconds, on the system clock. */
  public static RateLimitedLog errors(Logger log) {
    return new RateLimitedLog(log, Level.ERROR, DEFAULT_PERIOD_NS, System::nanoTime);
  }

  /**
   * Logs {@code message} unless a message of this {@code kind} was logged less than a period ago.
   * Returns whether it was logged.
   */
  public boolean log(String kind, String message) {
    long now = nanoTime.getAsLong();
    long suppressed;
    synchronized (windows) {
      Window w = windows.get(kind);
      if (w == null) {
        windows.put(kind, new Window(now));
        suppressed = 0;
      } else if (now - w.startNs < periodNs) {
        w.suppressed++;
        return false;
      } else {
        suppressed = w.suppressed;
        w.startNs = now;
        w.suppressed = 0;
      }
    }
    log.atLevel(level).log(suppressed == 0 ? message : message + " (" + more(suppressed) + ")");
    return true;
  }

  /** Logs, for each kind, how many occurrences were only counted since its last line. */
  public void flush() {
    Map<String, Long> pending = new HashMap<>();
    synchronized (windows) {
      windows.forEach((kind, w) -> {
        if (w.suppressed > 0) {
          pending.put(kind, w.suppressed);
          w.suppressed = 0;
        }
      });
    }
    pending.forEach((kind, n) -> log.atLevel(level).log(kind + ": " + more(n)));
  }

  private String more(long n) {
    return n + " more like this in the last " + periodNs / 1_000_000_000L + " s";
  }
}
