package org.duplexnode.bag.mcap;

/**
 * Footer (op 0x02): where the summary and summary offset sections start (0 when absent) and the
 * CRC32 of the summary through the footer's second field (0 when not computed).
 */
public record McapFooter(long summaryStart, long summaryOffsetStart, long summaryCrc)
    implements McapRecord {
  /** Opcode, length and the 20 content bytes. */
  static final int RECORD_SIZE = 1 + 8 + 20;

  @Override
  public int opcode() {
    return McapOpcode.FOOTER;
  }

  static McapFooter read(LittleEndianReader r) throws McapFormatException {
    return new McapFooter(r.u64("summary_start"), r.u64("summary_offset_start"), r.u32("summary_crc"));
  }

  void write(LittleEndianWriter w) {
    w.u64(summaryStart).u64(summaryOffsetStart).u32(summaryCrc);
  }
}
