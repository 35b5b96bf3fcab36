package org.duplexnode.bag.mcap;

import java.util.ArrayList;
import java.util.List;

/**
 * Message Index (op 0x07): for one channel, the log time and offset (into the uncompressed chunk
 * records) of each of its messages in the chunk just before.
 */
public record McapMessageIndex(int channelId, List<Entry> entries) implements McapRecord {
  public McapMessageIndex {
    entries = List.copyOf(entries);
  }

  /** One indexed message: its log time and its offset in the uncompressed chunk records. */
  public record Entry(long logTime, long offset) {}

  @Override
  public int opcode() {
    return McapOpcode.MESSAGE_INDEX;
  }

  static McapMessageIndex read(LittleEndianReader r) throws McapFormatException {
    int channelId = r.u16("channel_id");
    List<Entry> entries = new ArrayList<>();
    for (long[] pair : r.timestampOffsetPairs("records")) {
      entries.add(new Entry(pair[0], pair[1]));
    }
    return new McapMessageIndex(channelId, entries);
  }

  void write(LittleEndianWriter w) {
    w.u16(channelId).u32(entries.size() * 16L);
    for (Entry e : entries) {
      w.u64(e.logTime()).u64(e.offset());
    }
  }
}
