package org.duplexnode.ros;

import java.util.Objects;

/**
 * An endpoint of another DDS participant, as discovery announced it.
 *
 * @param guid the endpoint's GUID, 32 hex digits
 * @param participantGuid the GUID of its participant, 32 hex digits (its first 24 are the
 *     endpoint's GUID prefix)
 * @param ddsTopic the topic name on the wire ({@code rt/...} for ROS topics)
 * @param typeName the DDS type name, e.g. {@code sensor_msgs::msg::dds_::Image_}
 */
public record RemoteEndpoint(String guid, String participantGuid, EndpointKind kind, String ddsTopic, String typeName,
                             EndpointQos qos) {
  public RemoteEndpoint {
    Objects.requireNonNull(guid);
    Objects.requireNonNull(participantGuid);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(ddsTopic);
    Objects.requireNonNull(typeName);
    Objects.requireNonNull(qos);
  }
}
