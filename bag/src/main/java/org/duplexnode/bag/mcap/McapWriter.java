package org.duplexnode.bag.mcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an MCAP file: chunked and compressed messages followed by message indexes, then on
 * {@link #close()} the Data End record, a summary (schemas, channels, statistics, chunk,
 * attachment and metadata indexes), summary offsets and the footer.
 *
 * <p>Each chunk reaches the file complete, with its message indexes, before the next one is
 * started, so after a crash a reader recovers every message of every finished chunk.
 *
 * <p>Not thread-safe: callers serialize access. Failure: I/O errors are thrown and leave the
 * file readable up to the last finished chunk; invalid ids throw IllegalArgumentException.
 */
public final class McapWriter implements Closeable {
  private final FileChannel file;
  private final OutputStream out;
  private final McapWriterOptions options;
  private final LittleEndianWriter scratch = new LittleEndianWriter(1024);
  private final McapChunkBuilder chunk = new McapChunkBuilder();
  private final CRC32 crc = new CRC32();
  private long position;

  private final Map<Integer, McapSchema> schemas = new LinkedHashMap<>();
  private final Map<Integer, McapChannel> channels = new LinkedHashMap<>();
  private final Map<Integer, Long> channelCounts = new TreeMap<>();
  private final List<McapChunkIndex> chunkIndexes = new ArrayList<>();
  private final List<McapAttachmentIndex> attachmentIndexes = new ArrayList<>();
  private final List<McapMetadataIndex> metadataIndexes = new ArrayList<>();
  private long messageCount;
  private long startTime;
  private long endTime;
  private boolean closed;

  private McapWriter(FileChannel file, McapWriterOptions options) {
    this.file = file;
    this.out = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16);
    this.options = options;
  }

  /** Creates (or replaces) {@code path} and writes the magic and Header. */
  public static McapWriter create(Path path, McapWriterOptions options) throws IOException {
    options.compression().ensureAvailable();
    FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    McapWriter writer = new McapWriter(file, options);
    try {
      writer.emit(McapMagic.bytes(), McapMagic.SIZE);
      writer.emitRecord(new McapHeader(options.profile(), options.library()));
      writer.out.flush();
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
    return writer;
  }

  /** Registers a schema, returning its id; an identical schema gets the id it already has. */
  public int addSchema(String name, String encoding, byte[] data) throws IOException {
    for (McapSchema s : schemas.values()) {
      if (s.name().equals(name) && s.encoding().equals(encoding) && Arrays.equals(s.data(), data)) {
        return s.id();
      }
    }
    McapSchema schema = new McapSchema(schemas.size() + 1, name, encoding, data.clone());
    schemas.put(schema.id(), schema);
    writeDefinition(schema);
    return schema.id();
  }

  /** Registers a channel (schema id 0: no schema), returning its id. */
  public int addChannel(int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
      throws IOException {
    if (schemaId != 0 && !schemas.containsKey(schemaId)) {
      throw new IllegalArgumentException("unknown schema id " + schemaId);
    }
    if (channels.size() >= 0xffff) {
      throw new IllegalStateException("an MCAP file holds at most 65535 channels");
    }
    McapChannel channel = new McapChannel(channels.size() + 1, schemaId, topic, messageEncoding, metadata);
    channels.put(channel.id(), channel);
    writeDefinition(channel);
    return channel.id();
  }

  public void writeMessage(int channelId, long sequence, long logTime, long publishTime, byte[] data)
      throws IOException {
    ensureOpen();
    if (!channels.containsKey(channelId)) {
      throw new IllegalArgumentException("unknown channel id " + channelId);
    }
    McapMessage message = new McapMessage(channelId, sequence & 0xffffffffL, logTime, publishTime, data);
    if (messageCount == 0 || Long.compareUnsigned(logTime, startTime) < 0) {
      startTime = logTime;
    }
    if (messageCount == 0 || Long.compareUnsigned(logTime, endTime) > 0) {
      endTime = logTime;
    }
    messageCount++;
    channelCounts.merge(channelId, 1L, Long::sum);
    if (options.chunkSize() == 0) {
      emitRecord(message);
      return;
    }
    chunk.add(message);
    if (chunk.size() >= options.chunkSize()) {
      flushChunk();
    }
  }

  /** Writes an attachment to the data section (never inside a chunk). */
  public void writeAttachment(long logTime, long createTime, String name, String mediaType, byte[] data)
      throws IOException {
    ensureOpen();
    long offset = position;
    emitRecord(new McapAttachment(logTime, createTime, name, mediaType, data, 0));
    attachmentIndexes.add(new McapAttachmentIndex(offset, position - offset, logTime, createTime,
        data.length, name, mediaType));
  }

  /** Writes a Metadata record to the data section. */
  public void writeMetadata(String name, Map<String, String> metadata) throws IOException {
    ensureOpen();
    long offset = position;
    emitRecord(new McapMetadata(name, metadata));
    metadataIndexes.add(new McapMetadataIndex(offset, position - offset, name));
  }

  /** Finishes the open chunk now, so everything written so far survives a crash. */
  public void flushChunk() throws IOException {
    ensureOpen();
    if (!chunk.isEmpty()) {
      writeChunk();
    }
    out.flush();
    if (options.syncChunks()) {
      file.force(false);
    }
  }

  /** Bytes written so far (chunks still in memory not included). */
  public long position() {
    return position;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      flushChunk();
      closed = true;
      emitRecord(new McapDataEnd(options.computeCrcs() ? crc.getValue() : 0));
      writeSummary();
      out.flush();
      file.force(false);
    } finally {
      closed = true;
      file.close();
    }
  }

  private void writeDefinition(McapRecord record) throws IOException {
    ensureOpen();
    if (options.chunkSize() == 0) {
      emitRecord(record);
    } else {
      chunk.add(record);
    }
  }

  private void writeChunk() throws IOException {
    LittleEndianWriter records = chunk.records();
    long chunkCrc = 0;
    if (options.computeCrcs()) {
      CRC32 c = new CRC32();
      c.update(records.array(), 0, records.size());
      chunkCrc = c.getValue();
    }
    byte[] compressed = options.compression().compress(records.array(), records.size(), options.compressionLevel());
    long chunkStart = position;
    emitRecord(new McapChunk(chunk.startTime(), chunk.endTime(), records.size(), chunkCrc,
        options.compression().wireName(), ByteBuffer.wrap(compressed)));
    long chunkLength = position - chunkStart;
    Map<Integer, Long> indexOffsets = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<McapMessageIndex.Entry>> e : chunk.index().entrySet()) {
      indexOffsets.put(e.getKey(), position);
      emitRecord(new McapMessageIndex(e.getKey(), e.getValue()));
    }
    chunkIndexes.add(new McapChunkIndex(chunk.startTime(), chunk.endTime(), chunkStart, chunkLength,
        indexOffsets, position - chunkStart - chunkLength, options.compression().wireName(),
        compressed.length, records.size()));
    chunk.reset();
  }

  private void writeSummary() throws IOException {
    crc.reset();
    long summaryStart = position;
    List<McapSummaryOffset> offsets = new ArrayList<>();
    writeGroup(McapOpcode.SCHEMA, new ArrayList<>(schemas.values()), offsets);
    writeGroup(McapOpcode.CHANNEL, new ArrayList<>(channels.values()), offsets);
    McapStatistics statistics = new McapStatistics(messageCount, schemas.size(), channels.size(),
        attachmentIndexes.size(), metadataIndexes.size(), chunkIndexes.size(),
        messageCount == 0 ? 0 : startTime, messageCount == 0 ? 0 : endTime, channelCounts);
    writeGroup(McapOpcode.STATISTICS, List.of(statistics), offsets);
    writeGroup(McapOpcode.CHUNK_INDEX, chunkIndexes, offsets);
    writeGroup(McapOpcode.ATTACHMENT_INDEX, attachmentIndexes, offsets);
    writeGroup(McapOpcode.METADATA_INDEX, metadataIndexes, offsets);
    long summaryOffsetStart = position;
    for (McapSummaryOffset offset : offsets) {
      emitRecord(offset);
    }
    scratch.reset();
    scratch.u8(McapOpcode.FOOTER).u64(20).u64(summaryStart).u64(summaryOffsetStart);
    crc.update(scratch.array(), 0, scratch.size());
    scratch.u32(options.computeCrcs() ? crc.getValue() : 0);
    emit(scratch.array(), scratch.size());
    emit(McapMagic.bytes(), McapMagic.SIZE);
  }

  private void writeGroup(int opcode, List<? extends McapRecord> records, List<McapSummaryOffset> offsets)
      throws IOException {
    if (records.isEmpty()) {
      return;
    }
    long start = position;
    for (McapRecord record : records) {
      emitRecord(record);
    }
    offsets.add(new McapSummaryOffset(opcode, start, position - start));
  }

  private void emitRecord(McapRecord record) throws IOException {
    scratch.reset();
    McapRecordCodec.write(record, scratch);
    emit(scratch.array(), scratch.size());
  }

  private void emit(byte[] bytes, int length) throws IOException {
    out.write(bytes, 0, length);
    crc.update(bytes, 0, length);
    position += length;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("MCAP writer is closed");
    }
  }
}
