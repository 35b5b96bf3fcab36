package org.duplexnode.bag.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Reads an MCAP file written by any conforming writer.
 *
 * <p>With a valid summary section the reader uses it (schemas, channels, statistics, chunk
 * indexes) and reads chunks in log-time order. Without one (no summary, a summary CRC mismatch,
 * a file cut short by a crash) it scans the data section once, up to the last complete record,
 * and reads from what it found. Damage is reported through {@link #warnings()}; in strict mode
 * ({@link McapReadOptions#strict()}) the first problem is thrown instead.
 *
 * <p>Failure: {@link #open} throws {@link McapFormatException} when the file is not MCAP at
 * all (bad magic, no readable header); message iterators throw
 * {@link java.io.UncheckedIOException} on I/O errors and, in strict mode, on damage.
 * Allocation is bounded by the file size and {@link McapReadOptions#maxChunkBytes()}.
 */
public final class McapReader implements Closeable {
  private final McapFileSource source;
  private final McapReadOptions options;
  private final McapProblems problems;
  private final McapHeader header;
  private final long dataStart;
  private final McapFooter footer;
  private final McapSummary summary;
  private final boolean fromSummary;

  private McapReader(McapFileSource source, McapReadOptions options, McapProblems problems,
      McapHeader header, long dataStart, McapFooter footer, McapSummary summary, boolean fromSummary) {
    this.source = source;
    this.options = options;
    this.problems = problems;
    this.header = header;
    this.dataStart = dataStart;
    this.footer = footer;
    this.summary = summary;
    this.fromSummary = fromSummary;
  }

  public static McapReader open(Path file) throws IOException {
    return open(file, McapReadOptions.defaults());
  }

  public static McapReader open(Path file, McapReadOptions options) throws IOException {
    McapFileSource source = McapFileSource.open(file);
    try {
      return open(source, options);
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private static McapReader open(McapFileSource source, McapReadOptions options) throws IOException {
    Path file = source.path();
    McapProblems problems = new McapProblems(file.toString(), options.strict());
    long headerStart = McapMagic.SIZE + McapRecordCodec.RECORD_HEADER_SIZE;
    if (source.size() < McapMagic.SIZE || !McapMagic.matches(source.read(0, McapMagic.SIZE, "magic"))) {
      throw new McapFormatException(file + ": not an MCAP file (it does not start with the MCAP magic)");
    }
    if (source.size() < headerStart) {
      throw new McapFormatException(file + ": the file ends before its Header record");
    }
    ByteBuffer prefix = source.read(McapMagic.SIZE, McapRecordCodec.RECORD_HEADER_SIZE, "header");
    int opcode = prefix.get() & 0xff;
    long length = prefix.getLong();
    if (opcode != McapOpcode.HEADER || length < 0 || length > source.size() - headerStart) {
      throw new McapFormatException(file + ": the first record is not a complete Header");
    }
    McapHeader header = (McapHeader) McapRecordCodec.parse(opcode,
        source.read(headerStart, length, "header"), "offset " + McapMagic.SIZE);
    long dataStart = headerStart + length;

    McapSummaryReader summaryReader = new McapSummaryReader(source, dataStart, options, problems);
    McapFooter footer = summaryReader.readFooter();
    McapSummary summary = footer != null && options.useSummary() ? summaryReader.read(footer) : null;
    boolean fromSummary = summary != null && hasCounts(summary);
    if (!fromSummary) {
      summary = new McapScanner(source, dataStart, options, problems).scan();
    }
    return new McapReader(source, options, problems, header, dataStart, footer, summary, fromSummary);
  }

  /** Per-channel counts are needed for topic listings; without them the file is scanned. */
  private static boolean hasCounts(McapSummary summary) {
    McapStatistics s = summary.statistics();
    return s != null && (s.messageCount() == 0 || !s.channelMessageCounts().isEmpty());
  }

  public Path path() {
    return source.path();
  }

  public McapHeader header() {
    return header;
  }

  /** The footer, when the file ends with one. */
  public Optional<McapFooter> footer() {
    return Optional.ofNullable(footer);
  }

  /** True when schemas, channels and statistics came from the summary rather than a scan. */
  public boolean usedSummary() {
    return fromSummary;
  }

  public Map<Integer, McapSchema> schemas() {
    return summary.schemas();
  }

  public Map<Integer, McapChannel> channels() {
    return summary.channels();
  }

  /** Statistics from the summary, or counted by the scan. */
  public McapStatistics statistics() {
    return summary.statistics();
  }

  /** Chunk indexes of the summary; empty when the file was scanned. */
  public List<McapChunkIndex> chunkIndexes() {
    return summary.chunkIndexes();
  }

  public List<McapSummaryOffset> summaryOffsets() {
    return summary.summaryOffsets();
  }

  public List<McapAttachmentIndex> attachmentIndexes() {
    return summary.attachmentIndexes();
  }

  /** All Metadata records, in file order. Unreadable ones are reported and left out. */
  public List<McapMetadata> metadata() throws IOException {
    if (!fromSummary) {
      return summary.metadata();
    }
    List<McapMetadata> out = new ArrayList<>();
    for (McapMetadataIndex index : summary.metadataIndexes()) {
      try {
        if (readRecord(index.offset(), index.length(), McapOpcode.METADATA) instanceof McapMetadata m) {
          out.add(m);
        }
      } catch (McapFormatException e) {
        problems.report("metadata \"" + index.name() + "\": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Reads the attachment an index points at, checking its CRC. */
  public McapAttachment readAttachment(McapAttachmentIndex index) throws IOException {
    McapAttachment attachment =
        (McapAttachment) readRecord(index.offset(), index.length(), McapOpcode.ATTACHMENT);
    if (options.verifyCrcs() && attachment.crc() != 0) {
      ByteBuffer content = source.read(index.offset() + McapRecordCodec.RECORD_HEADER_SIZE,
          index.length() - McapRecordCodec.RECORD_HEADER_SIZE, "attachment");
      long crc = McapAttachment.computeCrc(content);
      if (crc != attachment.crc()) {
        throw new McapFormatException(String.format("%s: attachment \"%s\" CRC mismatch "
            + "(stored 0x%08x, computed 0x%08x)", path(), attachment.name(), attachment.crc(), crc));
      }
    }
    return attachment;
  }

  /** All messages, in log-time order when the file is chunked, else in file order. */
  public Iterator<McapMessage> messages() {
    return messages(id -> true);
  }

  /** Messages on the channels {@code channels} accepts. */
  public Iterator<McapMessage> messages(IntPredicate channels) {
    if (!summary.chunks().isEmpty() && !summary.unchunkedMessages()) {
      return new McapIndexedMessageIterator(source, summary.chunks(), options, problems, channels);
    }
    return new McapLinearMessageIterator(source, dataStart, summary.dataLimit(), options, problems, channels);
  }

  /** Problems found so far (opening and reading), each naming the file and the place. */
  public List<String> warnings() {
    return problems.warnings();
  }

  private McapRecord readRecord(long offset, long length, int expectedOpcode) throws IOException {
    if (length < McapRecordCodec.RECORD_HEADER_SIZE) {
      throw new McapFormatException("index gives record length " + length + " at offset " + offset);
    }
    ByteBuffer record = source.read(offset, length, McapOpcode.name(expectedOpcode) + " record");
    int opcode = record.get() & 0xff;
    long contentLength = record.getLong();
    if (opcode != expectedOpcode || contentLength != length - McapRecordCodec.RECORD_HEADER_SIZE) {
      throw new McapFormatException("index points at offset " + offset + " where no "
          + McapOpcode.name(expectedOpcode) + " record of length " + length + " starts");
    }
    return McapRecordCodec.parse(opcode, record.slice(), "offset " + offset);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
