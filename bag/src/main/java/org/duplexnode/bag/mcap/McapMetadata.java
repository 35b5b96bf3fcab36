package org.duplexnode.bag.mcap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Metadata (op 0x0C): named key-value pairs; rosbag2 writes "rosbag2" with serialized_metadata. */
public record McapMetadata(String name, Map<String, String> metadata) implements McapRecord {
  public McapMetadata {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  @Override
  public int opcode() {
    return McapOpcode.METADATA;
  }

  static McapMetadata read(LittleEndianReader r) throws McapFormatException {
    return new McapMetadata(r.string("name"), r.stringMap("metadata"));
  }

  void write(LittleEndianWriter w) {
    w.string(name).stringMap(metadata);
  }
}
