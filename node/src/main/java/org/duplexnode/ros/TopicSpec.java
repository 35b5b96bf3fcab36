package org.duplexnode.ros;

import java.util.Objects;

/**
 * A topic the node uses: its name as written in the code (relative, private {@code ~/...} or
 * absolute; the transport expands and remaps it), the generated message class and the QoS.
 *
 * @param ddsName true for the few topics that bypass ROS name mangling ({@code ros_discovery_info})
 */
public record TopicSpec<T>(String name, Class<T> type, QosProfile qos, boolean ddsName) {

  public TopicSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(qos);
  }

  public static <T> TopicSpec<T> of(String name, Class<T> type, QosProfile qos) {
    return new TopicSpec<>(name, type, qos, false);
  }

  /** The ROS type name, {@code pkg/msg/Type}, from the generated class {@code pkg.msg.dds.Type}. */
  public String rosType() {
    String[] parts = type.getName().split("\\.");
    return parts[0] + "/msg/" + parts[parts.length - 1];
  }
}
