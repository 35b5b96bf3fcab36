package org.duplexnode.bag.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Turns a Chunk into its Schema, Channel and Message records. A chunk that does not decompress
 * or fails its CRC yields no records; a record that overruns the chunk ends it, keeping the
 * records before it. Each case is reported to {@link McapProblems}.
 */
final class McapChunkDecoder {
  private McapChunkDecoder() {}

  static List<McapRecord> records(
      McapChunk chunk, long chunkOffset, McapReadOptions options, McapProblems problems)
      throws McapFormatException {
    String where = "chunk at offset " + chunkOffset;
    byte[] data;
    try {
      McapCompression compression = McapCompression.fromWireName(chunk.compression());
      data = compression.decompress(chunk.records(), chunk.uncompressedSize(), options.maxChunkBytes());
    } catch (McapFormatException e) {
      problems.report(where + ": " + e.getMessage() + "; its messages are skipped", e);
      return List.of();
    }
    if (options.verifyCrcs() && chunk.uncompressedCrc() != 0) {
      CRC32 crc = new CRC32();
      crc.update(data);
      if (crc.getValue() != chunk.uncompressedCrc()) {
        problems.report(String.format(
            "%s: CRC mismatch (stored 0x%08x, computed 0x%08x); its messages are skipped",
            where, chunk.uncompressedCrc(), crc.getValue()));
        return List.of();
      }
    }
    return parse(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), where, problems);
  }

  private static List<McapRecord> parse(ByteBuffer buf, String where, McapProblems problems)
      throws McapFormatException {
    List<McapRecord> records = new ArrayList<>();
    while (buf.hasRemaining()) {
      int start = buf.position();
      if (buf.remaining() < McapRecordCodec.RECORD_HEADER_SIZE) {
        problems.report(where + ": stray " + buf.remaining() + " bytes at chunk offset " + start);
        break;
      }
      int opcode = buf.get() & 0xff;
      long length = buf.getLong();
      if (length < 0 || length > buf.remaining()) {
        problems.report(where + ": " + McapOpcode.name(opcode) + " record at chunk offset " + start
            + " declares " + Long.toUnsignedString(length) + " bytes but only " + buf.remaining()
            + " remain; the rest of the chunk is skipped");
        break;
      }
      ByteBuffer content = buf.slice();
      content.limit((int) length);
      buf.position(buf.position() + (int) length);
      if (opcode != McapOpcode.SCHEMA && opcode != McapOpcode.CHANNEL && opcode != McapOpcode.MESSAGE) {
        continue;
      }
      try {
        records.add(McapRecordCodec.parse(opcode, content, where + ", chunk offset " + start));
      } catch (McapFormatException e) {
        problems.report(e.getMessage() + "; the rest of the chunk is skipped", e);
        break;
      }
    }
    return records;
  }
}
