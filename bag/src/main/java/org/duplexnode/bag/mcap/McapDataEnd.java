package org.duplexnode.bag.mcap;

/**
 * Data End (op 0x0F): closes the data section. {@link #dataSectionCrc()} is the CRC32 of every
 * byte from the start of the file up to this record, or 0 when not computed.
 */
public record McapDataEnd(long dataSectionCrc) implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.DATA_END;
  }

  static McapDataEnd read(LittleEndianReader r) throws McapFormatException {
    return new McapDataEnd(r.u32("data_section_crc"));
  }

  void write(LittleEndianWriter w) {
    w.u32(dataSectionCrc);
  }
}
