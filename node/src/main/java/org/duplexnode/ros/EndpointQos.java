package org.duplexnode.ros;

import java.util.Objects;

/**
 * The two QoS policies of a DDS endpoint that most often keep ROS 2 endpoints from matching:
 * reliability and durability. Durability has all four DDS kinds because a remote endpoint may use
 * any of them, although the node itself uses only the first two.
 */
public record EndpointQos(Reliability reliability, Durability durability) {

  /** Ordered weakest first: a writer serves a reader whose request is at most what it offers. */
  public enum Reliability { BEST_EFFORT, RELIABLE }

  /** Ordered weakest first, as in the DDS specification's request/offered rule. */
  public enum Durability { VOLATILE, TRANSIENT_LOCAL, TRANSIENT, PERSISTENT }

  public EndpointQos {
    Objects.requireNonNull(reliability);
    Objects.requireNonNull(durability);
  }

  /** The reliability and durability of one of the node's profiles. */
  public static EndpointQos of(QosProfile profile) {
    return new EndpointQos(
        profile.reliability() == QosProfile.Reliability.RELIABLE ? Reliability.RELIABLE : Reliability.BEST_EFFORT,
        profile.durability() == QosProfile.Durability.TRANSIENT_LOCAL ? Durability.TRANSIENT_LOCAL : Durability.VOLATILE);
  }

  @Override
  public String toString() {
    return name(reliability) + ", " + name(durability);
  }

  static String name(Enum<?> kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
