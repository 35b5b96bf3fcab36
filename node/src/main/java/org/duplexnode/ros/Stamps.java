package org.duplexnode.ros;

import builtin_interfaces.msg.dds.Time;

/** Conversions between builtin_interfaces/Time and nanoseconds since the epoch. */
public final class Stamps {
  private Stamps() {}

  public static long toNanos(Time t) {
    return t.getSec() * 1_000_000_000L + t.getNanosec();
  }

  public static long toNanos(int sec, long nanosec) {
    return sec * 1_000_000_000L + nanosec;
  }

  public static void set(Time t, long nanos) {
    t.setSec((int) Math.floorDiv(nanos, 1_000_000_000L));
    t.setNanosec(Math.floorMod(nanos, 1_000_000_000L));
  }
}
