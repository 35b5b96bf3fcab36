package org.duplexnode.ros;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A remote endpoint on one of the node's topics whose QoS cannot match the node's endpoint there,
 * so that DDS delivers nothing between them.
 *
 * @param topic the ROS topic name ({@code /duplex_node/watch}), or the DDS name for non-ROS topics
 * @param local the node's endpoint
 * @param remote the other participant's endpoint
 * @param remoteNode the ROS node of the remote endpoint, when ros_discovery_info named it
 * @param mismatches the policies on which the writer's offer falls short of the reader's request
 */
public record QosIncompatibility(String topic, LocalEndpoint local, RemoteEndpoint remote, Optional<String> remoteNode,
                                 List<QosCompatibility.Mismatch> mismatches) {

  /** The key under which one (topic, remote endpoint) pair is warned about once. */
  public String key() {
    return local.ddsTopic() + " " + remote.guid();
  }

  /** One line for the log and /diagnostics, naming the topic, the remote side and both QoS. */
  public String describe() {
    String who = remoteNode.map(n -> "node " + n + " (participant " + remote.participantGuid() + ")")
        .orElse("participant " + remote.participantGuid());
    String policies = mismatches.stream().map(QosCompatibility.Mismatch::policy).collect(Collectors.joining(" and "));
    if (remote.kind() == EndpointKind.WRITER) {
      return topic + ": publisher of " + who + " offers " + remote.qos() + " but the node's subscription requests "
          + local.qos() + " (" + policies + " incompatible: nothing is delivered)";
    }
    return topic + ": subscription of " + who + " requests " + remote.qos() + " but the node's publisher offers "
        + local.qos() + " (" + policies + " incompatible: nothing is delivered)";
  }

  /** The ROS name of a DDS topic: {@code rt/a/b} is {@code /a/b}; other names stay as they are. */
  static String rosTopic(String ddsTopic) {
    return ddsTopic.startsWith("rt/") ? ddsTopic.substring(2) : ddsTopic;
  }
}
