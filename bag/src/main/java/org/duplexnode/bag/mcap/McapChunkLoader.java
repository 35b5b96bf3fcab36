package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads chunks for the iterators, the scanner and {@link McapReader#verifyChunks()}, and records
 * every chunk whose messages are not all read as a {@link McapChunkLoss}, with the number of
 * messages its Message Index records say it held.
 */
final class McapChunkLoader {
  private static final int INDEX_PREFIX = McapRecordCodec.RECORD_HEADER_SIZE + 2 + 4;

  private final McapFileSource source;
  private final McapReadOptions options;
  private final McapProblems problems;

  McapChunkLoader(McapFileSource source, McapReadOptions options, McapProblems problems) {
    this.source = source;
    this.options = options;
    this.problems = problems;
  }

  /** The chunk an index points at, or null (a loss is recorded) when none is there. */
  McapChunk read(McapChunkRef ref) throws IOException {
    try {
      if (ref.length() < McapRecordCodec.RECORD_HEADER_SIZE) {
        throw new McapFormatException("chunk index gives record length " + ref.length());
      }
      ByteBuffer record = source.read(ref.offset(), ref.length(), "chunk");
      int opcode = record.get() & 0xff;
      if (opcode != McapOpcode.CHUNK) {
        throw new McapFormatException("chunk index points at a " + McapOpcode.name(opcode)
            + " record at offset " + ref.offset());
      }
      // The index's length is trusted over the record's own length field, which a flipped bit
      // could make huge.
      record.position(McapRecordCodec.RECORD_HEADER_SIZE);
      return (McapChunk) McapRecordCodec.parse(opcode, record.slice(), "offset " + ref.offset());
    } catch (McapFormatException e) {
      problems.chunkLost(new McapChunkLoss(ref.offset(), e.getMessage(),
          indexedMessages(ref.messageIndexOffsets())));
      return null;
    }
  }

  /**
   * The chunk's records, messages with their data. A chunk damaged whole gives none; one damaged
   * part way gives the records before the damage.
   */
  List<McapRecord> records(McapChunk chunk, long offset, Map<Integer, Long> indexOffsets)
      throws McapFormatException {
    List<McapRecord> records = new ArrayList<>();
    McapChunkDecoder.Damage damage = McapChunkDecoder.decode(chunk, options, true, records::add);
    if (damage != null) {
      if (damage.wholeChunk()) {
        records.clear();
      }
      lost(offset, damage, indexOffsets, records.stream().filter(r -> r instanceof McapMessage).count());
    }
    return records;
  }

  /**
   * Hands the chunk's records to {@code out}, messages without their data, holding nothing.
   * Returns false when the chunk is damaged whole: what {@code out} was given must be dropped.
   */
  boolean visit(McapChunk chunk, long offset, Map<Integer, Long> indexOffsets, Consumer<McapRecord> out)
      throws McapFormatException {
    long[] messages = {0};
    McapChunkDecoder.Damage damage = McapChunkDecoder.decode(chunk, options, false, r -> {
      if (r instanceof McapMessage) {
        messages[0]++;
      }
      out.accept(r);
    });
    if (damage == null) {
      return true;
    }
    lost(offset, damage, indexOffsets, damage.wholeChunk() ? 0 : messages[0]);
    return !damage.wholeChunk();
  }

  private void lost(long offset, McapChunkDecoder.Damage damage, Map<Integer, Long> indexOffsets,
      long kept) throws McapFormatException {
    long indexed = indexedMessages(indexOffsets);
    problems.chunkLost(new McapChunkLoss(offset, damage.reason(),
        indexed < 0 ? -1 : Math.max(0, indexed - kept)));
  }

  /** Messages the chunk's Message Index records list, or -1 when they are absent or unreadable. */
  private long indexedMessages(Map<Integer, Long> indexOffsets) {
    if (indexOffsets.isEmpty()) {
      return -1;
    }
    long total = 0;
    try {
      for (long offset : indexOffsets.values()) {
        ByteBuffer prefix = source.read(offset, INDEX_PREFIX, "message index");
        if ((prefix.get(0) & 0xff) != McapOpcode.MESSAGE_INDEX) {
          return -1;
        }
        total += (prefix.getInt(11) & 0xffffffffL) / 16;
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }
}
