package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;

/**
 * Chunk (op 0x06): a batch of Schema, Channel and Message records, compressed with
 * {@link #compression()} ("", "zstd" or "lz4"). {@link #records()} is the compressed payload.
 */
public record McapChunk(
    long messageStartTime,
    long messageEndTime,
    long uncompressedSize,
    long uncompressedCrc,
    String compression,
    ByteBuffer records)
    implements McapRecord {
  @Override
  public int opcode() {
    return McapOpcode.CHUNK;
  }

  static McapChunk read(LittleEndianReader r) throws McapFormatException {
    return new McapChunk(r.u64("message_start_time"), r.u64("message_end_time"),
        r.u64("uncompressed_size"), r.u32("uncompressed_crc"), r.string("compression"),
        r.sliceU64("records"));
  }

  void write(LittleEndianWriter w) {
    w.u64(messageStartTime).u64(messageEndTime).u64(uncompressedSize).u32(uncompressedCrc)
        .string(compression).u64(records.remaining()).bytes(records);
  }
}
