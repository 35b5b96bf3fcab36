package org.duplexnode.model.spec;

import java.util.Locale;

/**
 * How a long session keeps the LLM cache bounded (the release's DuplexWindowConfig).
 *
 * <ul>
 *   <li>{@code BASIC}: when the cache passes {@code highTokens} after a unit, the oldest whole units
 *       leave it until at most {@code lowTokens} remain; what they said is forgotten.</li>
 *   <li>{@code CONTEXT}: at most {@code maxUnits} units stay; the text the model spoke in evicted
 *       units is kept as {@code "\n\nprevious: ..."} (at most {@code maxPreviousTokens} tokens, the
 *       newest kept) between the system prefix and suffix, re-encoded at each eviction. The token
 *       bound {@code highTokens} still applies as a guard, so the cache never overflows.</li>
 * </ul>
 *
 * The release also has "off"; a robot listens for hours, so the node always bounds its cache.
 */
public record SlidingWindow(Mode mode, int highTokens, int lowTokens, int maxUnits, int maxPreviousTokens) {
  /** The release's marker before the evicted units' text. */
  public static final String PREVIOUS_MARKER = "\n\nprevious: ";

  public enum Mode { BASIC, CONTEXT }

  public SlidingWindow {
    if (lowTokens <= 0 || highTokens < lowTokens) {
      throw new IllegalArgumentException("sliding window needs 0 < low <= high tokens, got " + lowTokens + ", "
          + highTokens);
    }
    if (maxUnits <= 0 || maxPreviousTokens < 0) {
      throw new IllegalArgumentException("sliding window needs max units > 0 and previous tokens >= 0, got "
          + maxUnits + ", " + maxPreviousTokens);
    }
  }

  /** The release's "basic" defaults: 4000 -> 3500 tokens. */
  public static SlidingWindow basic() {
    return new SlidingWindow(Mode.BASIC, 4000, 3500, Integer.MAX_VALUE, 0);
  }

  /** The release's "context" defaults: 24 units, 500 previous tokens (with the basic token guard). */
  public static SlidingWindow context() {
    return new SlidingWindow(Mode.CONTEXT, 4000, 3500, 24, 500);
  }

  /** Parses {@code basic} or {@code context} (the node parameter's values). */
  public static Mode parseMode(String name) {
    try {
      return Mode.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown sliding window mode '" + name + "': use basic or context");
    }
  }

  /** The same policy with its token bounds lowered to fit a cache of {@code capacity} rows. */
  public SlidingWindow fittedTo(int capacity) {
    // Room above the threshold for one more unit (at most ~100 tokens with a frame).
    int high = Math.min(highTokens, capacity - 160);
    if (high <= 0) {
      throw new IllegalArgumentException("an LLM cache of " + capacity + " rows is too small for a sliding window");
    }
    int low = Math.min(lowTokens, high * 7 / 8);
    return new SlidingWindow(mode, high, low, maxUnits, maxPreviousTokens);
  }
}
