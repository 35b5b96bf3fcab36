package org.duplexnode.ros;

import java.io.IOException;
import rmw_dds_common.msg.dds.Gid;
import rmw_dds_common.msg.dds.NodeEntitiesInfo;
import rmw_dds_common.msg.dds.ParticipantEntitiesInfoPubSubType;
import us.ihmc.idl.CDR;
import us.ihmc.idl.IDLSequence;
import us.ihmc.idl.InterchangeSerializer;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * The DDS type of {@link HumbleDiscoveryInfo}: rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_
 * with Humble's 24-byte gids, in CDR (the same type name as the Iron layout: a participant
 * registers one of the two). Bounds as the generated type: 64 nodes, 1024 readers and writers
 * each; a sample beyond them is refused.
 */
public final class HumbleDiscoveryInfoPubSubType implements TopicDataType<HumbleDiscoveryInfo> {
  static final int GID_BYTES = GidLayout.HUMBLE.bytes();
  private static final int GUID_BYTES = 16;
  private static final int MAX_NODES = 64;
  private static final int MAX_GIDS = 1024;
  private static final int MAX_STRING = 256;

  private final CDR serializeCdr = new CDR();
  private final CDR deserializeCdr = new CDR();

  @Override
  public void serialize(HumbleDiscoveryInfo data, SerializedPayload payload) throws IOException {
    serializeCdr.serialize(payload);
    write(data, serializeCdr);
    serializeCdr.finishSerialize();
  }

  @Override
  public void deserialize(SerializedPayload payload, HumbleDiscoveryInfo data) throws IOException {
    deserializeCdr.deserialize(payload);
    read(data, deserializeCdr);
    deserializeCdr.finishDeserialize();
  }

  static void write(HumbleDiscoveryInfo data, CDR cdr) {
    writeGid(data.getGid(), cdr);
    IDLSequence.Object<NodeEntitiesInfo> nodes = data.getNodeEntitiesInfoSeq();
    bounded(nodes.size(), MAX_NODES, "node_entities_info_seq");
    cdr.write_type_2(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      NodeEntitiesInfo n = nodes.get(i);
      cdr.write_type_d(n.getNodeNamespace());
      cdr.write_type_d(n.getNodeName());
      writeGids(n.getReaderGidSeq(), cdr);
      writeGids(n.getWriterGidSeq(), cdr);
    }
  }

  static void read(HumbleDiscoveryInfo data, CDR cdr) {
    readGid(data.getGid(), cdr);
    IDLSequence.Object<NodeEntitiesInfo> nodes = data.getNodeEntitiesInfoSeq();
    nodes.clear();
    int count = cdr.read_type_2();
    bounded(count, MAX_NODES, "node_entities_info_seq");
    for (int i = 0; i < count; i++) {
      NodeEntitiesInfo n = nodes.add();
      cdr.read_type_d(n.getNodeNamespace());
      cdr.read_type_d(n.getNodeName());
      bounded(n.getNodeNamespace().length(), MAX_STRING, "node_namespace");
      bounded(n.getNodeName().length(), MAX_STRING, "node_name");
      readGids(n.getReaderGidSeq(), cdr);
      readGids(n.getWriterGidSeq(), cdr);
    }
  }

  private static void writeGids(IDLSequence.Object<Gid> gids, CDR cdr) {
    bounded(gids.size(), MAX_GIDS, "gid sequence");
    cdr.write_type_2(gids.size());
    for (int i = 0; i < gids.size(); i++) {
      writeGid(gids.get(i), cdr);
    }
  }

  private static void readGids(IDLSequence.Object<Gid> gids, CDR cdr) {
    gids.clear();
    int count = cdr.read_type_2();
    bounded(count, MAX_GIDS, "gid sequence");
    for (int i = 0; i < count; i++) {
      readGid(gids.add(), cdr);
    }
  }

  private static void writeGid(Gid gid, CDR cdr) {
    for (int i = 0; i < GID_BYTES; i++) {
      cdr.write_type_9(i < GUID_BYTES ? gid.getData()[i] : 0);
    }
  }

  private static void readGid(Gid gid, CDR cdr) {
    for (int i = 0; i < GID_BYTES; i++) {
      byte b = cdr.read_type_9();
      if (i < GUID_BYTES) {
        gid.getData()[i] = b;
      }
    }
  }

  private static void bounded(int n, int max, String what) {
    if (n < 0 || n > max) {
      throw new IllegalArgumentException(what + " has " + Integer.toUnsignedString(n) + " elements, more than " + max);
    }
  }

  @Override
  public void serialize(HumbleDiscoveryInfo data, InterchangeSerializer ser) {
    throw new UnsupportedOperationException("ros_discovery_info is only sent as CDR");
  }

  @Override
  public void deserialize(InterchangeSerializer ser, HumbleDiscoveryInfo data) {
    throw new UnsupportedOperationException("ros_discovery_info is only read as CDR");
  }

  @Override
  public void serialize(HumbleDiscoveryInfo data, CDR cdr) {
    write(data, cdr);
  }

  @Override
  public void deserialize(HumbleDiscoveryInfo data, CDR cdr) {
    read(data, cdr);
  }

  @Override
  public void copy(HumbleDiscoveryInfo src, HumbleDiscoveryInfo dest) {
    dest.set(src);
  }

  @Override
  public int getTypeSize() {
    // gid, node count, and per node two bounded strings and two bounded gid sequences
    int node = 2 * (4 + MAX_STRING + 1 + 3) + 2 * (4 + MAX_GIDS * GID_BYTES);
    return CDR.getTypeSize(GID_BYTES + 4 + MAX_NODES * node);
  }

  @Override
  public String getName() {
    return ParticipantEntitiesInfoPubSubType.name;
  }

  @Override
  public HumbleDiscoveryInfo createData() {
    return new HumbleDiscoveryInfo();
  }

  @Override
  public TopicDataType<HumbleDiscoveryInfo> newInstance() {
    return new HumbleDiscoveryInfoPubSubType();
  }
}
