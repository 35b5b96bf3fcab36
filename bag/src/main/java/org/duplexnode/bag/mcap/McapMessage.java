package org.duplexnode.bag.mcap;

/** Message (op 0x05): one timestamped message on a channel; times are nanoseconds. */
public record McapMessage(int channelId, long sequence, long logTime, long publishTime, byte[] data)
    implements McapRecord {
  /** Bytes of the fixed fields before the data. */
  static final int HEADER_SIZE = 2 + 4 + 8 + 8;

  @Override
  public int opcode() {
    return McapOpcode.MESSAGE;
  }

  static McapMessage read(LittleEndianReader r) throws McapFormatException {
    int channelId = r.u16("channel_id");
    long sequence = r.u32("sequence");
    long logTime = r.u64("log_time");
    long publishTime = r.u64("publish_time");
    return new McapMessage(channelId, sequence, logTime, publishTime, r.bytes(r.remaining(), "data"));
  }

  void write(LittleEndianWriter w) {
    w.u16(channelId).u32(sequence).u64(logTime).u64(publishTime).bytes(data);
  }
}
