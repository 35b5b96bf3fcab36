package org.duplexnode.ros;

import rmw_dds_common.msg.dds.Gid;
import rmw_dds_common.msg.dds.NodeEntitiesInfo;
import rmw_dds_common.msg.dds.ParticipantEntitiesInfo;
import us.ihmc.pubsub.common.Guid;

/**
 * Publishes {@code ros_discovery_info} (rmw_dds_common/ParticipantEntitiesInfo) as rmw
 * implementations do, so that {@code ros2 node list} and {@code ros2 node info} show the node with
 * its readers and writers. Republished (transient local, keep last 1) whenever an endpoint is
 * added.
 */
final class GraphAnnouncer {
  static final String TOPIC = "ros_discovery_info";

  private final FastDdsTransport transport;
  private final NodeIdentity identity;
  private final Guid participantGuid;
  private final RosPublisher<ParticipantEntitiesInfo> publisher;
  private final GidLayout layout;

  GraphAnnouncer(FastDdsTransport transport, NodeIdentity identity, Guid participantGuid) {
    this.transport = transport;
    this.identity = identity;
    this.participantGuid = participantGuid;
    this.layout = transport.gidLayout();
    this.publisher = publisher(transport, layout);
    announce();
  }

  @SuppressWarnings("unchecked")
  private static RosPublisher<ParticipantEntitiesInfo> publisher(FastDdsTransport transport, GidLayout layout) {
    Class<? extends ParticipantEntitiesInfo> type = infoClass(layout);
    return (RosPublisher<ParticipantEntitiesInfo>) (RosPublisher<?>) transport.createPublisher(
        new TopicSpec<>(TOPIC, type, QosProfile.DISCOVERY_INFO, true));
  }

  /** The message class of ros_discovery_info in a layout. */
  static Class<? extends ParticipantEntitiesInfo> infoClass(GidLayout layout) {
    return layout == GidLayout.HUMBLE ? HumbleDiscoveryInfo.class : ParticipantEntitiesInfo.class;
  }

  synchronized void announce() {
    ParticipantEntitiesInfo info = layout == GidLayout.HUMBLE ? new HumbleDiscoveryInfo() : new ParticipantEntitiesInfo();
    copy(participantGuid, info.getGid());
    NodeEntitiesInfo node = info.getNodeEntitiesInfoSeq().add();
    node.setNodeNamespace(identity.namespace());
    node.setNodeName(identity.name());
    for (Guid g : transport.readerGuids()) {
      copy(g, node.getReaderGidSeq().add());
    }
    for (Guid g : transport.writerGuids()) {
      copy(g, node.getWriterGidSeq().add());
    }
    publisher.publish(info);
  }

  /** rmw's gid of an entity: the 12-byte GUID prefix then the 4-byte entity id. */
  static void copy(Guid guid, Gid gid) {
    byte[] prefix = guid.getGuidPrefix().getValue();
    byte[] entity = guid.getEntity().getValue();
    byte[] data = gid.getData();
    System.arraycopy(prefix, 0, data, 0, prefix.length);
    System.arraycopy(entity, 0, data, prefix.length, entity.length);
  }
}
