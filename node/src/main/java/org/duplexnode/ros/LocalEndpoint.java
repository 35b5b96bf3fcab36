package org.duplexnode.ros;

import java.util.Objects;

/**
 * One of the node's own DDS endpoints as the QoS check compares it with remote ones.
 *
 * @param ddsTopic the topic name on the wire ({@code rt/...} for ROS topics)
 * @param typeName the DDS type name, e.g. {@code sensor_msgs::msg::dds_::Image_}
 */
public record LocalEndpoint(String ddsTopic, String typeName, EndpointKind kind, EndpointQos qos) {
  public LocalEndpoint {
    Objects.requireNonNull(ddsTopic);
    Objects.requireNonNull(typeName);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(qos);
  }
}
