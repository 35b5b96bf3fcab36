package org.duplexnode.bag.mcap;

/** Summary Offset (op 0x0E): where the group of summary records with one opcode lies. */
public record McapSummaryOffset(int groupOpcode, long groupStart, long groupLength)
    implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.SUMMARY_OFFSET;
  }

  static McapSummaryOffset read(LittleEndianReader r) throws McapFormatException {
    return new McapSummaryOffset(r.u8("group_opcode"), r.u64("group_start"), r.u64("group_length"));
  }

  void write(LittleEndianWriter w) {
    w.u8(groupOpcode).u64(groupStart).u64(groupLength);
  }
}
