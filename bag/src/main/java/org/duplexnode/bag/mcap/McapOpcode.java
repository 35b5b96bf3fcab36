package org.duplexnode.bag.mcap;

/** MCAP record opcodes (spec section "Records"). 0x80-0xFF are left to applications. */
public final class McapOpcode {
  public static final int HEADER = 0x01;
  public static final int FOOTER = 0x02;
  public static final int SCHEMA = 0x03;
  public static final int CHANNEL = 0x04;
  public static final int MESSAGE = 0x05;
  public static final int CHUNK = 0x06;
  public static final int MESSAGE_INDEX = 0x07;
  public static final int CHUNK_INDEX = 0x08;
  public static final int ATTACHMENT = 0x09;
  public static final int ATTACHMENT_INDEX = 0x0A;
  public static final int STATISTICS = 0x0B;
  public static final int METADATA = 0x0C;
  public static final int METADATA_INDEX = 0x0D;
  public static final int SUMMARY_OFFSET = 0x0E;
  public static final int DATA_END = 0x0F;

  private static final String[] NAMES = {
    "?", "Header", "Footer", "Schema", "Channel", "Message", "Chunk", "MessageIndex", "ChunkIndex",
    "Attachment", "AttachmentIndex", "Statistics", "Metadata", "MetadataIndex", "SummaryOffset",
    "DataEnd"
  };

  private McapOpcode() {}

  /** A readable name for error messages, e.g. "Chunk" or "opcode 0x93". */
  public static String name(int opcode) {
    if (opcode >= 1 && opcode < NAMES.length) {
      return NAMES[opcode];
    }
    return String.format("opcode 0x%02x", opcode);
  }
}
