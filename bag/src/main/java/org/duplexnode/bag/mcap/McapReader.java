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
 * Allocation is bounded by the file size, {@link McapReadOptions#maxChunkBytes()} and, for a
 * chunk whose messages are read, half of the heap still free; a chunk is streamed through its
 * decompressor, never held whole. Every chunk not read whole is one {@link McapChunkLoss}
 * ({@link #losses()}) and one warning.
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
    boolean fromSummary = summary != null && complete(summary);
    if (!fromSummary) {
      summary = new McapScanner(source, dataStart, options, problems).scan();
    }
    return new McapReader(source, options, problems, header, dataStart, footer, summary, fromSummary);
  }

  /**
   * Whether the summary alone gives every topic with its type and count, and indexes every
   * metadata record and attachment. The spec lets a writer leave out any summary record
   * (statistics without channels or schemas, channels without statistics, no per-channel counts,
   * no indexes); the data section then supplies what is missing.
   */
  static boolean complete(McapSummary summary) {
    McapStatistics s = summary.statistics();
    if (s == null || (s.messageCount() != 0 && s.channelMessageCounts().isEmpty())) {
      return false;
    }
    if (summary.channels().size() < s.channelCount() || summary.schemas().size() < s.schemaCount()
        || summary.metadataIndexes().size() < s.metadataCount()
        || summary.attachmentIndexes().size() < s.attachmentCount()) {
      return false;
    }
    if (!summary.channels().keySet().containsAll(s.channelMessageCounts().keySet())) {
      return false;
    }
    return summary.channels().values().stream()
        .allMatch(c -> c.schemaId() == 0 || summary.schemas().containsKey(c.schemaId()));
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

  /**
   * Reads the attachment an index points at, checking its CRC. An index that points elsewhere
   * (@mcap/core 2.2.2 writes such indexes into files without chunks) is reported, and the
   * attachment of that name and length is looked for in the data section.
   */
  public McapAttachment readAttachment(McapAttachmentIndex index) throws IOException {
    long offset = index.offset();
    McapAttachment attachment;
    try {
      attachment = (McapAttachment) readRecord(offset, index.length(), McapOpcode.ATTACHMENT);
    } catch (McapFormatException e) {
      offset = findAttachment(index);
      if (offset < 0) {
        throw e;
      }
      problems.report("attachment index of \"" + index.name() + "\": " + e.getMessage()
          + "; the attachment was found at offset " + offset, e);
      attachment = (McapAttachment) readRecord(offset, index.length(), McapOpcode.ATTACHMENT);
    }
    if (options.verifyCrcs() && attachment.crc() != 0) {
      ByteBuffer content = source.read(offset + McapRecordCodec.RECORD_HEADER_SIZE,
          index.length() - McapRecordCodec.RECORD_HEADER_SIZE, "attachment");
      long crc = McapAttachment.computeCrc(content);
      if (crc != attachment.crc()) {
        throw new McapFormatException(String.format("%s: attachment \"%s\" CRC mismatch "
            + "(stored 0x%08x, computed 0x%08x)", path(), attachment.name(), attachment.crc(), crc));
      }
    }
    return attachment;
  }

  /** Where the data section holds an attachment of the index's name and length, or -1. */
  private long findAttachment(McapAttachmentIndex index) throws IOException {
    McapProblems quiet = new McapProblems(path().toString(), false);
    McapRecordWalker walker = new McapRecordWalker(source, dataStart, summary.dataLimit(), quiet);
    for (McapLocatedRecord r = walker.next(); r != null; r = walker.next()) {
      if (r.opcode() == McapOpcode.ATTACHMENT && r.totalLength() == index.length()) {
        try {
          if (r.parse() instanceof McapAttachment a && a.name().equals(index.name())) {
            return r.offset();
          }
        } catch (McapFormatException e) {
          // not the one: keep looking
        }
      }
    }
    return -1;
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

  /**
   * Reads every chunk once through its decompressor, checking sizes and CRCs, so that
   * {@link #losses()} and {@link #warnings()} tell the whole truth before any message is read.
   * Holds no chunk whole and no message data; a scanned file was checked when it was opened.
   */
  public void verifyChunks() throws IOException {
    if (!fromSummary) {
      return;
    }
    McapChunkLoader loader = new McapChunkLoader(source, options, problems);
    for (McapChunkRef ref : summary.chunks()) {
      McapChunk chunk = loader.read(ref);
      if (chunk != null) {
        loader.visit(chunk, ref.offset(), ref.messageIndexOffsets(), r -> { });
      }
    }
  }

  /** Chunks whose messages were not all read, so far (opening, reading, verifying). */
  public List<McapChunkLoss> losses() {
    return problems.losses();
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
