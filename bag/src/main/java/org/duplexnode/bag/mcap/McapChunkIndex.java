package org.duplexnode.bag.mcap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chunk Index (op 0x08), in the summary: where a chunk and its message indexes are, its time
 * range, and which channels it holds (the keys of {@link #messageIndexOffsets()}).
 */
public record McapChunkIndex(
    long messageStartTime,
    long messageEndTime,
    long chunkStartOffset,
    long chunkLength,
    Map<Integer, Long> messageIndexOffsets,
    long messageIndexLength,
    String compression,
    long compressedSize,
    long uncompressedSize)
    implements McapRecord {
  public McapChunkIndex {
    messageIndexOffsets = Collections.unmodifiableMap(new LinkedHashMap<>(messageIndexOffsets));
  }

  @Override
  public int opcode() {
    return McapOpcode.CHUNK_INDEX;
  }

  static McapChunkIndex read(LittleEndianReader r) throws McapFormatException {
    return new McapChunkIndex(r.u64("message_start_time"), r.u64("message_end_time"),
        r.u64("chunk_start_offset"), r.u64("chunk_length"), r.u16u64Map("message_index_offsets"),
        r.u64("message_index_length"), r.string("compression"), r.u64("compressed_size"),
        r.u64("uncompressed_size"));
  }

  void write(LittleEndianWriter w) {
    w.u64(messageStartTime).u64(messageEndTime).u64(chunkStartOffset).u64(chunkLength)
        .u16u64Map(messageIndexOffsets).u64(messageIndexLength).string(compression)
        .u64(compressedSize).u64(uncompressedSize);
  }
}
