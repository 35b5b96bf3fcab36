package org.duplexnode.bag.mcap;

import java.nio.charset.StandardCharsets;

/** Schema (op 0x03): a message definition, e.g. encoding "ros2msg" with the .msg text. */
public record McapSchema(int id, String name, String encoding, byte[] data) implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.SCHEMA;
  }

  /** The schema data as UTF-8 text (ros2msg, ros2idl and jsonschema are text). */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  static McapSchema read(LittleEndianReader r) throws McapFormatException {
    return new McapSchema(r.u16("id"), r.string("name"), r.string("encoding"), r.bytesU32("data"));
  }

  void write(LittleEndianWriter w) {
    w.u16(id).string(name).string(encoding).bytesU32(data);
  }
}
