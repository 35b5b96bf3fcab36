package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads the footer and the summary section. Returns null, after reporting why, when the file has
 * no usable summary (truncated, still being written, CRC mismatch, inconsistent offsets); the
 * caller then scans the data section instead.
 */
final class McapSummaryReader {
  private final McapFileSource source;
  private final long dataStart;
  private final McapReadOptions options;
  private final McapProblems problems;

  McapSummaryReader(McapFileSource source, long dataStart, McapReadOptions options, McapProblems problems) {
    this.source = source;
    this.dataStart = dataStart;
    this.options = options;
    this.problems = problems;
  }

  /** The footer, or null (reported) when the file does not end with a footer and magic. */
  McapFooter readFooter() throws IOException {
    long size = source.size();
    long footerOffset = size - McapMagic.SIZE - McapFooter.RECORD_SIZE;
    if (footerOffset < dataStart) {
      problems.report("no footer: the file is truncated or still being written; scanning it");
      return null;
    }
    if (!McapMagic.matches(source.read(size - McapMagic.SIZE, McapMagic.SIZE, "trailing magic"))) {
      problems.report("no trailing magic: the file is truncated or still being written; scanning it");
      return null;
    }
    ByteBuffer footer = source.read(footerOffset, McapFooter.RECORD_SIZE, "footer");
    int opcode = footer.get() & 0xff;
    long length = footer.getLong();
    if (opcode != McapOpcode.FOOTER || length != 20) {
      problems.report("the record before the trailing magic is not a footer; scanning the file");
      return null;
    }
    return (McapFooter) McapRecordCodec.parse(opcode, footer, "offset " + footerOffset);
  }

  /** The summary described by {@code footer}, or null (reported) when it cannot be used. */
  McapSummary read(McapFooter footer) throws IOException {
    long footerOffset = source.size() - McapMagic.SIZE - McapFooter.RECORD_SIZE;
    long start = footer.summaryStart();
    long offsetsStart = footer.summaryOffsetStart();
    if (start == 0) {
      return null;
    }
    if (start < dataStart || start > footerOffset
        || (offsetsStart != 0 && (offsetsStart < start || offsetsStart > footerOffset))) {
      problems.report("footer points outside the file (summary_start " + start
          + ", summary_offset_start " + offsetsStart + "); scanning the file");
      return null;
    }
    if (options.verifyCrcs() && footer.summaryCrc() != 0) {
      long crcEnd = footerOffset + McapRecordCodec.RECORD_HEADER_SIZE + 16;
      CRC32 crc = new CRC32();
      crc.update(source.read(start, crcEnd - start, "summary section"));
      if (crc.getValue() != footer.summaryCrc()) {
        problems.report(String.format("summary CRC mismatch (stored 0x%08x, computed 0x%08x); "
            + "ignoring the summary and scanning the file", footer.summaryCrc(), crc.getValue()));
        return null;
      }
    }
    try {
      return parse(start, offsetsStart == 0 ? footerOffset : offsetsStart, footerOffset);
    } catch (McapFormatException e) {
      problems.report("unusable summary: " + e.getMessage() + "; scanning the file", e);
      return null;
    }
  }

  private McapSummary parse(long start, long end, long footerOffset) throws IOException {
    Map<Integer, McapSchema> schemas = new LinkedHashMap<>();
    Map<Integer, McapChannel> channels = new LinkedHashMap<>();
    List<McapChunkIndex> chunkIndexes = new ArrayList<>();
    List<McapAttachmentIndex> attachments = new ArrayList<>();
    List<McapMetadataIndex> metadata = new ArrayList<>();
    List<McapSummaryOffset> offsets = new ArrayList<>();
    McapStatistics statistics = null;
    McapProblems strict = new McapProblems(source.path().toString(), true);
    McapRecordWalker walker = new McapRecordWalker(source, start, end, strict);
    for (McapLocatedRecord located = walker.next(); located != null; located = walker.next()) {
      McapRecord record = located.parse();
      if (record instanceof McapSchema s) {
        if (s.id() != 0) {
          schemas.put(s.id(), s);
        }
      } else if (record instanceof McapChannel c) {
        channels.put(c.id(), c);
      } else if (record instanceof McapChunkIndex c) {
        checkInData(c.chunkStartOffset(), c.chunkLength(), start, "chunk index");
        chunkIndexes.add(c);
      } else if (record instanceof McapAttachmentIndex a) {
        checkInData(a.offset(), a.length(), start, "attachment index");
        attachments.add(a);
      } else if (record instanceof McapMetadataIndex m) {
        checkInData(m.offset(), m.length(), start, "metadata index");
        metadata.add(m);
      } else if (record instanceof McapStatistics s) {
        statistics = s;
      }
    }
    if (end < footerOffset) {
      McapRecordWalker offsetWalker = new McapRecordWalker(source, end, footerOffset, strict);
      for (McapLocatedRecord located = offsetWalker.next(); located != null; located = offsetWalker.next()) {
        if (located.parse() instanceof McapSummaryOffset o) {
          offsets.add(o);
        }
      }
    }
    List<McapChunkRef> chunks = new ArrayList<>();
    for (McapChunkIndex index : chunkIndexes) {
      chunks.add(McapChunkRef.of(index));
    }
    return new McapSummary(schemas, channels, statistics, chunkIndexes, chunks, attachments,
        metadata, List.of(), offsets, false, start);
  }

  private void checkInData(long offset, long length, long summaryStart, String what)
      throws McapFormatException {
    if (offset < dataStart || length < McapRecordCodec.RECORD_HEADER_SIZE
        || offset > summaryStart - length) {
      throw new McapFormatException(what + " points at offset " + offset + " length "
          + Long.toUnsignedString(length) + ", outside the data section");
    }
  }
}
