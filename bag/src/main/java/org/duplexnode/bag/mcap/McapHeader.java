package org.duplexnode.bag.mcap;

/** Header (op 0x01): the profile ("ros2" for rosbag2) and the writing library. */
public record McapHeader(String profile, String library) implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.HEADER;
  }

  static McapHeader read(LittleEndianReader r) throws McapFormatException {
    return new McapHeader(r.string("profile"), r.string("library"));
  }

  void write(LittleEndianWriter w) {
    w.string(profile).string(library);
  }
}
