package org.duplexnode.bag.mcap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The chunk being filled: its uncompressed records, time range and per-channel message index. */
final class McapChunkBuilder {
  private final LittleEndianWriter records = new LittleEndianWriter(64 * 1024);
  private final Map<Integer, List<McapMessageIndex.Entry>> index = new TreeMap<>();
  private long startTime;
  private long endTime;
  private boolean hasMessages;

  boolean isEmpty() {
    return records.size() == 0;
  }

  int size() {
    return records.size();
  }

  void add(McapRecord record) {
    if (record instanceof McapMessage m) {
      index.computeIfAbsent(m.channelId(), k -> new ArrayList<>())
          .add(new McapMessageIndex.Entry(m.logTime(), records.size()));
      if (!hasMessages || Long.compareUnsigned(m.logTime(), startTime) < 0) {
        startTime = m.logTime();
      }
      if (!hasMessages || Long.compareUnsigned(m.logTime(), endTime) > 0) {
        endTime = m.logTime();
      }
      hasMessages = true;
    }
    McapRecordCodec.write(record, records);
  }

  LittleEndianWriter records() {
    return records;
  }

  Map<Integer, List<McapMessageIndex.Entry>> index() {
    return index;
  }

  long startTime() {
    return hasMessages ? startTime : 0;
  }

  long endTime() {
    return hasMessages ? endTime : 0;
  }

  void reset() {
    records.reset();
    index.clear();
    hasMessages = false;
  }
}
