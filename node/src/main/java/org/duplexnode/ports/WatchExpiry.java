package org.duplexnode.ports;

import java.time.Instant;
import java.util.Optional;

/**
 * When a watch added with {@code expire_after_s} expires, within what the watch list can carry:
 * its {@code expires} is a builtin_interfaces/Time, whose seconds are an int32, so no expiry can
 * lie past 2038-01-19T03:14:07Z (node clock). An ADD whose expiry would is refused with the
 * reason, rather than published with wrapped seconds.
 */
public final class WatchExpiry {
  /** The largest expire_after_s any ADD may ask for: the int32 seconds of builtin_interfaces/Time. */
  public static final double MAX_EXPIRE_AFTER_S = Integer.MAX_VALUE;
  /** The latest expiry, in node-clock nanoseconds: int32 seconds of builtin_interfaces/Time. */
  public static final long LATEST_NS = Integer.MAX_VALUE * 1_000_000_000L;

  private WatchExpiry() {}

  /** Why {@code expireAfterS} can never be an expiry, whatever the clock; empty when it can. */
  public static Optional<String> invalid(double expireAfterS) {
    if (!(expireAfterS >= 0) || Double.isInfinite(expireAfterS)) {
      return Optional.of("expire_after_s must be a finite number >= 0");
    }
    if (expireAfterS > MAX_EXPIRE_AFTER_S) {
      return Optional.of("expire_after_s must be at most " + (long) MAX_EXPIRE_AFTER_S
          + " (the int32 seconds of builtin_interfaces/Time)");
    }
    return Optional.empty();
  }

  /** Why a watch added at {@code nowNs} cannot expire after {@code expireAfterS}; empty when it can. */
  public static Optional<String> tooLate(double expireAfterS, long nowNs) {
    if (expireAfterS > 0 && nowNs > LATEST_NS - (long) (expireAfterS * 1e9)) {
      return Optional.of(String.format(java.util.Locale.ROOT,
          "expire_after_s %s puts the expiry past %s, the latest time a watch's expires (builtin_interfaces/Time)"
              + " holds", new java.math.BigDecimal(expireAfterS).stripTrailingZeros().toPlainString(),
          Instant.ofEpochSecond(Integer.MAX_VALUE)));
    }
    return Optional.empty();
  }

  /** The expiry in node-clock nanoseconds, 0 for never; after {@link #tooLate} found nothing. */
  public static long expiresNs(double expireAfterS, long nowNs) {
    return expireAfterS > 0 ? nowNs + (long) (expireAfterS * 1e9) : 0;
  }
}
