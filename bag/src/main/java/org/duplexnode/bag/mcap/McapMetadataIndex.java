package org.duplexnode.bag.mcap;

/** Metadata Index (op 0x0D), in the summary: where a metadata record is and its name. */
public record McapMetadataIndex(long offset, long length, String name) implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.METADATA_INDEX;
  }

  static McapMetadataIndex read(LittleEndianReader r) throws McapFormatException {
    return new McapMetadataIndex(r.u64("offset"), r.u64("length"), r.string("name"));
  }

  void write(LittleEndianWriter w) {
    w.u64(offset).u64(length).string(name);
  }
}
