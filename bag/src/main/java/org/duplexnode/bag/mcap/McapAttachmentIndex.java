package org.duplexnode.bag.mcap;

/** Attachment Index (op 0x0A), in the summary: where an attachment is and what it is. */
public record McapAttachmentIndex(
    long offset, long length, long logTime, long createTime, long dataSize, String name,
    String mediaType)
    implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.ATTACHMENT_INDEX;
  }

  static McapAttachmentIndex read(LittleEndianReader r) throws McapFormatException {
    return new McapAttachmentIndex(r.u64("offset"), r.u64("length"), r.u64("log_time"),
        r.u64("create_time"), r.u64("data_size"), r.string("name"), r.string("media_type"));
  }

  void write(LittleEndianWriter w) {
    w.u64(offset).u64(length).u64(logTime).u64(createTime).u64(dataSize).string(name)
        .string(mediaType);
  }
}
