package org.duplexnode.ros;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import rmw_dds_common.msg.dds.Gid;
import rmw_dds_common.msg.dds.NodeEntitiesInfo;
import rmw_dds_common.msg.dds.ParticipantEntitiesInfo;

/**
 * Which ROS node owns a DDS endpoint, from {@code ros_discovery_info} (the announcements every rmw
 * implementation publishes, and the node too): endpoint GUID (32 hex digits) to the node's fully
 * qualified name. Used to name the other side of a QoS mismatch; an endpoint not announced there
 * has no name.
 *
 * <p>Failure: announcements past {@value #MAX_PARTICIPANTS} participants are ignored; a malformed
 * one is dropped by the transport like any undecodable sample.
 */
public final class RosGraphNames implements Function<String, Optional<String>> {
  static final int MAX_PARTICIPANTS = 1_000;

  private final Map<String, Map<String, String>> byParticipant = new ConcurrentHashMap<>();

  /** Follows {@code ros_discovery_info} on the given transport. */
  public static RosGraphNames follow(RosTransport transport) {
    RosGraphNames names = new RosGraphNames();
    Class<? extends ParticipantEntitiesInfo> type = GraphAnnouncer.infoClass(transport.gidLayout());
    transport.subscribe(new TopicSpec<>(GraphAnnouncer.TOPIC, type, QosProfile.DISCOVERY_INFO, true), names::accept);
    return names;
  }

  /** Takes one announcement: it replaces what the same participant announced before. */
  void accept(ParticipantEntitiesInfo info) {
    String participant = hex(info.getGid());
    if (!byParticipant.containsKey(participant) && byParticipant.size() >= MAX_PARTICIPANTS) {
      return;
    }
    Map<String, String> owners = new HashMap<>();
    for (int i = 0; i < info.getNodeEntitiesInfoSeq().size(); i++) {
      NodeEntitiesInfo node = info.getNodeEntitiesInfoSeq().get(i);
      String ns = WireStrings.decode(node.getNodeNamespace());
      String name = (ns.endsWith("/") ? ns : ns + "/") + WireStrings.decode(node.getNodeName());
      for (int j = 0; j < node.getReaderGidSeq().size(); j++) {
        owners.put(hex(node.getReaderGidSeq().get(j)), name);
      }
      for (int j = 0; j < node.getWriterGidSeq().size(); j++) {
        owners.put(hex(node.getWriterGidSeq().get(j)), name);
      }
    }
    byParticipant.put(participant, Map.copyOf(owners));
  }

  @Override
  public Optional<String> apply(String endpointGuid) {
    String key = endpointGuid.toLowerCase(java.util.Locale.ROOT);
    for (Map<String, String> owners : byParticipant.values()) {
      String name = owners.get(key);
      if (name != null) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static String hex(Gid gid) {
    byte[] data = gid.getData();
    return HexFormat.of().formatHex(data, 0, Math.min(16, data.length));
  }
}
