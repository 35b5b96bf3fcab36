package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Builds a {@link McapSummary} by reading the whole data section, for files without a usable
 * summary: unindexed files, and files cut short by a crash (read up to the last complete record).
 */
final class McapScanner {
  private final McapFileSource source;
  private final long dataStart;
  private final McapReadOptions options;
  private final McapProblems problems;
  private final McapChunkLoader loader;

  private final Map<Integer, McapSchema> schemas = new LinkedHashMap<>();
  private final Map<Integer, McapChannel> channels = new LinkedHashMap<>();
  private final Map<Integer, Long> counts = new LinkedHashMap<>();
  private final List<McapChunkRef> chunks = new ArrayList<>();
  private final List<McapAttachmentIndex> attachments = new ArrayList<>();
  private final List<McapMetadata> metadata = new ArrayList<>();
  private long messageCount;
  private long startTime = -1;
  private long endTime;
  private boolean unchunked;

  McapScanner(McapFileSource source, long dataStart, McapReadOptions options, McapProblems problems) {
    this.source = source;
    this.dataStart = dataStart;
    this.options = options;
    this.problems = problems;
    this.loader = new McapChunkLoader(source, options, problems);
  }

  McapSummary scan() throws IOException {
    CRC32 crc = new CRC32();
    crc.update(source.read(0, dataStart, "magic and header"));
    McapRecordWalker walker = new McapRecordWalker(source, dataStart, source.size(), problems);
    long dataLimit = -1;
    for (McapLocatedRecord located = walker.next(); located != null; located = walker.next()) {
      if (located.opcode() == McapOpcode.DATA_END || located.opcode() == McapOpcode.FOOTER) {
        dataLimit = located.offset();
        if (located.opcode() == McapOpcode.DATA_END) {
          checkDataCrc(located, crc);
        }
        break;
      }
      updateCrc(crc, located);
      visit(located);
    }
    if (dataLimit < 0) {
      dataLimit = walker.position();
      if (!walker.truncated()) {
        problems.report("no Data End record: the file is truncated or still being written; "
            + "read up to offset " + dataLimit);
      }
    }
    Map<Integer, Long> channelCounts = new LinkedHashMap<>(counts);
    McapStatistics statistics = new McapStatistics(messageCount, schemas.size(), channels.size(),
        attachments.size(), metadata.size(), chunks.size(), Math.max(startTime, 0),
        endTime, channelCounts);
    return new McapSummary(schemas, channels, statistics, List.of(), chunks, attachments,
        List.of(), metadata, List.of(), unchunked, dataLimit);
  }

  private void visit(McapLocatedRecord located) throws IOException {
    McapRecord record;
    try {
      record = located.parse();
    } catch (McapFormatException e) {
      if (located.opcode() == McapOpcode.CHUNK) {
        problems.chunkLost(new McapChunkLoss(located.offset(), e.getMessage(), -1));
      } else {
        problems.report(e.getMessage() + "; record skipped", e);
      }
      return;
    }
    if (record instanceof McapChunk chunk) {
      visitChunk(chunk, located);
    } else if (record instanceof McapMessage m) {
      unchunked = true;
      countMessage(m);
    } else if (record instanceof McapAttachment a) {
      if (options.verifyCrcs() && a.crc() != 0 && McapAttachment.computeCrc(located.content()) != a.crc()) {
        problems.report("attachment \"" + a.name() + "\" at offset " + located.offset()
            + " fails its CRC");
      }
      attachments.add(new McapAttachmentIndex(located.offset(), located.totalLength(), a.logTime(),
          a.createTime(), a.data().length, a.name(), a.mediaType()));
    } else if (record instanceof McapMetadata m) {
      metadata.add(m);
    } else {
      visitDefinition(record);
    }
  }

  private void visitChunk(McapChunk chunk, McapLocatedRecord located) throws McapFormatException {
    // Counted per chunk first: a chunk found damaged at its end (CRC, size) adds nothing.
    Set<Integer> chunkChannels = new HashSet<>();
    Map<Integer, Long> chunkCounts = new LinkedHashMap<>();
    List<McapRecord> definitions = new ArrayList<>();
    long[] times = {-1, 0};
    boolean whole = loader.visit(chunk, located.offset(), Map.of(), inner -> {
      if (inner instanceof McapMessage m) {
        chunkCounts.merge(m.channelId(), 1L, Long::sum);
        chunkChannels.add(m.channelId());
        times[0] = times[0] < 0 || Long.compareUnsigned(m.logTime(), times[0]) < 0 ? m.logTime() : times[0];
        times[1] = Long.compareUnsigned(m.logTime(), times[1]) > 0 ? m.logTime() : times[1];
      } else {
        definitions.add(inner);
      }
    });
    if (!whole) {
      chunkCounts.clear();
    }
    definitions.forEach(this::visitDefinition);
    long chunkMessages = 0;
    for (Map.Entry<Integer, Long> e : chunkCounts.entrySet()) {
      counts.merge(e.getKey(), e.getValue(), Long::sum);
      chunkMessages += e.getValue();
    }
    if (chunkMessages > 0) {
      messageCount += chunkMessages;
      startTime = startTime < 0 || Long.compareUnsigned(times[0], startTime) < 0 ? times[0] : startTime;
      endTime = Long.compareUnsigned(times[1], endTime) > 0 ? times[1] : endTime;
    }
    chunks.add(new McapChunkRef(located.offset(), located.totalLength(), Math.max(times[0], 0), times[1],
        chunkChannels, Map.of()));
  }

  private void visitDefinition(McapRecord record) {
    if (record instanceof McapSchema s && s.id() != 0) {
      schemas.putIfAbsent(s.id(), s);
    } else if (record instanceof McapChannel c) {
      channels.putIfAbsent(c.id(), c);
    }
  }

  private void countMessage(McapMessage m) {
    messageCount++;
    counts.merge(m.channelId(), 1L, Long::sum);
    if (startTime < 0 || Long.compareUnsigned(m.logTime(), startTime) < 0) {
      startTime = m.logTime();
    }
    if (Long.compareUnsigned(m.logTime(), endTime) > 0) {
      endTime = m.logTime();
    }
  }

  private void checkDataCrc(McapLocatedRecord dataEnd, CRC32 crc) throws McapFormatException {
    McapDataEnd record;
    try {
      record = (McapDataEnd) dataEnd.parse();
    } catch (McapFormatException e) {
      problems.report(e.getMessage());
      return;
    }
    if (options.verifyCrcs() && record.dataSectionCrc() != 0 && record.dataSectionCrc() != crc.getValue()) {
      problems.report(String.format("data section CRC mismatch (stored 0x%08x, computed 0x%08x)",
          record.dataSectionCrc(), crc.getValue()));
    }
  }

  private static void updateCrc(CRC32 crc, McapLocatedRecord located) {
    ByteBuffer header = ByteBuffer.allocate(McapRecordCodec.RECORD_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) located.opcode()).putLong(located.content().remaining()).flip();
    crc.update(header);
    crc.update(located.content().duplicate());
  }
}
