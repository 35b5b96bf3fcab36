package org.duplexnode.bag.mcap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel (op 0x04): a topic with its message encoding and schema. rosbag2 puts
 * "offered_qos_profiles" and "topic_type_hash" in the metadata.
 */
public record McapChannel(
    int id, int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
    implements McapRecord {
  public McapChannel {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  @Override
  public int opcode() {
    return McapOpcode.CHANNEL;
  }

  static McapChannel read(LittleEndianReader r) throws McapFormatException {
    return new McapChannel(r.u16("id"), r.u16("schema_id"), r.string("topic"),
        r.string("message_encoding"), r.stringMap("metadata"));
  }

  void write(LittleEndianWriter w) {
    w.u16(id).u16(schemaId).string(topic).string(messageEncoding).stringMap(metadata);
  }
}
