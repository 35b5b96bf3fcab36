package org.duplexnode.bag;

/**
 * QoS profile text as rosbag2 (version 9) stores it for a topic: a YAML list with one entry per
 * publisher. Durations are "infinite" (rmw's 9223372036 s 854775807 ns) unless set.
 */
public final class QosProfiles {
  private static final String INFINITE = "\n    sec: 9223372036\n    nsec: 854775807";

  private QosProfiles() {}

  /**
   * One publisher's profile.
   *
   * @param reliability "reliable" or "best_effort"
   * @param durability "volatile" or "transient_local"
   */
  public static String keepLast(int depth, String reliability, String durability) {
    return "- history: keep_last\n  depth: " + depth + "\n  reliability: " + reliability
        + "\n  durability: " + durability + "\n  deadline:" + INFINITE + "\n  lifespan:" + INFINITE
        + "\n  liveliness: automatic\n  liveliness_lease_duration:" + INFINITE
        + "\n  avoid_ros_namespace_conventions: false";
  }
}
