package org.duplexnode.ros;

import builtin_interfaces.msg.dds.Time;

/** Conversions between builtin_interfaces/Time and nanoseconds since the epoch. */
public final class Stamps {
  private Stamps() {}

  /** The latest time builtin_interfaces/Time holds (int32 seconds): 2038-01-19T03:14:07.999999999Z. */
  public static final long MAX_NANOS = Integer.MAX_VALUE * 1_000_000_000L + 999_999_999L;
  /** The earliest: 1901-12-13T20:45:52Z. */
  public static final long MIN_NANOS = Integer.MIN_VALUE * 1_000_000_000L;

  public static long toNanos(Time t) {
    return toNanos(t.getSec(), t.getNanosec());
  }

  /** {@code nanosec} is the uint32 field as the generated classes hold it (sign-extended). */
  public static long toNanos(int sec, long nanosec) {
    return sec * 1_000_000_000L + Unsigned.u32(nanosec);
  }

  /**
   * Sets {@code t} to {@code nanos}, clamped to {@link #MIN_NANOS}..{@link #MAX_NANOS}: a time the
   * message cannot hold is written as the nearest one it can, never with wrapped seconds.
   */
  public static void set(Time t, long nanos) {
    long clamped = Math.max(MIN_NANOS, Math.min(MAX_NANOS, nanos));
    t.setSec((int) Math.floorDiv(clamped, 1_000_000_000L));
    t.setNanosec(Math.floorMod(clamped, 1_000_000_000L));
  }
}
