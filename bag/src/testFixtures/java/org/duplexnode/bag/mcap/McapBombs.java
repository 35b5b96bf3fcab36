package org.duplexnode.bag.mcap;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes "zstd bombs": small, valid MCAP files whose one zstd chunk inflates to a chosen size,
 * all of it one message of zeros on one topic. The declared sizes are true and the CRC is right,
 * so only the reader's memory bound stands between such a file and an OutOfMemoryError.
 */
public final class McapBombs {
  private static final long T0 = 1_000_000_000L;

  private McapBombs() {}

  /**
   * @param inflatedBytes the chunk's uncompressed size
   * @param withSummary write a summary (schema, channel, statistics, chunk index); without one a
   *     reader must scan the data section
   */
  public static void zstdBomb(Path file, String topic, String type, String schemaText, long inflatedBytes,
      boolean withSummary) throws IOException {
    McapSchema schema = new McapSchema(1, type, "ros2msg", schemaText.getBytes(StandardCharsets.UTF_8));
    McapChannel channel = new McapChannel(1, 1, topic, "cdr", Map.of());
    LittleEndianWriter prefix = new LittleEndianWriter();
    McapRecordCodec.write(schema, prefix);
    McapRecordCodec.write(channel, prefix);
    long messageOffset = prefix.size();
    long dataBytes = inflatedBytes - prefix.size() - McapRecordCodec.RECORD_HEADER_SIZE - McapMessage.HEADER_SIZE;
    prefix.u8(McapOpcode.MESSAGE).u64(McapMessage.HEADER_SIZE + dataBytes)
        .u16(1).u32(0).u64(T0).u64(T0);

    CRC32 crc = new CRC32();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (ZstdOutputStream zstd = new ZstdOutputStream(compressed, 3)) {
      byte[] head = prefix.toByteArray();
      zstd.write(head);
      crc.update(head);
      byte[] zeros = new byte[1 << 20];
      for (long left = dataBytes; left > 0; left -= zeros.length) {
        int n = (int) Math.min(zeros.length, left);
        zstd.write(zeros, 0, n);
        crc.update(zeros, 0, n);
      }
    }
    byte[] records = compressed.toByteArray();

    LittleEndianWriter out = new LittleEndianWriter();
    out.bytes(McapMagic.bytes());
    McapRecordCodec.write(new McapHeader("ros2", "zstd bomb"), out);
    long chunkStart = out.size();
    McapRecordCodec.write(new McapChunk(T0, T0, inflatedBytes, crc.getValue(), "zstd", ByteBuffer.wrap(records)), out);
    long chunkLength = out.size() - chunkStart;
    long indexStart = out.size();
    McapRecordCodec.write(new McapMessageIndex(1, List.of(new McapMessageIndex.Entry(T0, messageOffset))), out);
    long indexLength = out.size() - indexStart;
    McapRecordCodec.write(new McapDataEnd(0), out);
    long summaryStart = 0;
    if (withSummary) {
      summaryStart = out.size();
      McapRecordCodec.write(schema, out);
      McapRecordCodec.write(channel, out);
      McapRecordCodec.write(new McapStatistics(1, 1, 1, 0, 0, 1, T0, T0, Map.of(1, 1L)), out);
      McapRecordCodec.write(new McapChunkIndex(T0, T0, chunkStart, chunkLength, Map.of(1, indexStart),
          indexLength, "zstd", records.length, inflatedBytes), out);
    }
    McapRecordCodec.write(new McapFooter(summaryStart, 0, 0), out);
    out.bytes(McapMagic.bytes());
    Files.write(file, out.toByteArray());
  }
}
