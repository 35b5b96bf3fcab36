package org.duplexnode.bag.mcap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics (op 0x0B), in the summary: counts and the log-time range of the whole file;
 * {@link #channelMessageCounts()} is empty when the writer did not count per channel.
 */
public record McapStatistics(
    long messageCount,
    int schemaCount,
    long channelCount,
    long attachmentCount,
    long metadataCount,
    long chunkCount,
    long messageStartTime,
    long messageEndTime,
    Map<Integer, Long> channelMessageCounts)
    implements McapRecord {
  public McapStatistics {
    channelMessageCounts = Collections.unmodifiableMap(new LinkedHashMap<>(channelMessageCounts));
  }

  @Override
  public int opcode() {
    return McapOpcode.STATISTICS;
  }

  static McapStatistics read(LittleEndianReader r) throws McapFormatException {
    return new McapStatistics(r.u64("message_count"), r.u16("schema_count"),
        r.u32("channel_count"), r.u32("attachment_count"), r.u32("metadata_count"),
        r.u32("chunk_count"), r.u64("message_start_time"), r.u64("message_end_time"),
        r.u16u64Map("channel_message_counts"));
  }

  void write(LittleEndianWriter w) {
    w.u64(messageCount).u16(schemaCount).u32(channelCount).u32(attachmentCount)
        .u32(metadataCount).u32(chunkCount).u64(messageStartTime).u64(messageEndTime)
        .u16u64Map(channelMessageCounts);
  }
}
