package org.duplexnode.bag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.bag.mcap.McapWriter;

/**
 * Records a rosbag2 bag folder in MCAP, as rosbag2 does: profile "ros2", message encoding
 * "cdr", schemas in "ros2msg", channel metadata offered_qos_profiles and topic_type_hash, a
 * "rosbag2" Metadata record with serialized_metadata in each file, and metadata.yaml (version 9)
 * beside the files on {@link #close()}.
 *
 * <pre>
 *   write() -> current MCAP chunk (memory) --full--> chunk + message indexes on disk
 *   close() -> last chunk, rosbag2 metadata record, summary, footer; then metadata.yaml
 * </pre>
 *
 * <p>After a crash the folder has no metadata.yaml; {@link Bag#open} then reads the files and
 * recovers every message of every finished chunk. Thread-safe. Failure: I/O errors are thrown
 * naming the file they hit (a full disk reports only "No space left on device"), the first one is
 * kept for {@link #firstFailure()}, and metadata.yaml is written whole or not at all; an unknown
 * topic throws IllegalArgumentException.
 */
public final class RosbagWriter implements AutoCloseable {
  private record Topic(TopicInfo info, MessageDefinition definition) {}

  private final Path folder;
  private final RosbagWriterOptions options;
  private final Map<String, Topic> topics = new LinkedHashMap<>();
  private final Map<String, Integer> channelIds = new LinkedHashMap<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Long> sequences = new LinkedHashMap<>();
  private final List<String> fileNames = new ArrayList<>();
  private final List<BagMetadata.FileEntry> fileEntries = new ArrayList<>();
  private McapWriter writer;
  private long fileCount;
  private long fileStart;
  private long fileEnd;
  private long totalCount;
  private long bagStart;
  private long bagEnd;
  private boolean closed;
  private long failedWrites;
  private FileSystemException firstFailure;

  private RosbagWriter(Path folder, RosbagWriterOptions options) {
    this.folder = folder;
    this.options = options;
  }

  /** Creates the bag folder (which must not exist, or be empty) and its first file. */
  public static RosbagWriter create(Path folder, RosbagWriterOptions options) throws IOException {
    if (Files.exists(folder)) {
      try (var entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(folder + " exists and is not empty");
        }
      }
    }
    Files.createDirectories(folder);
    RosbagWriter bag = new RosbagWriter(folder, options);
    bag.startFile();
    return bag;
  }

  /**
   * Declares a topic. The message count of {@code topic} is ignored; QoS is the YAML list as
   * rosbag2 stores it (see {@link QosProfiles}).
   */
  public synchronized void addTopic(TopicInfo topic, MessageDefinition definition) throws IOException {
    ensureOpen();
    if (topics.containsKey(topic.name())) {
      throw new IllegalArgumentException("topic " + topic.name() + " already added");
    }
    topics.put(topic.name(), new Topic(topic, definition));
    counts.put(topic.name(), 0L);
    sequences.put(topic.name(), 0L);
    register(topic.name());
  }

  public synchronized void write(String topic, long logTimeNs, long publishTimeNs, byte[] data)
      throws IOException {
    ensureOpen();
    Integer channel = channelIds.get(topic);
    if (channel == null) {
      throw new IllegalArgumentException("topic " + topic + " was not added");
    }
    long sequence = sequences.merge(topic, 1L, Long::sum) - 1;
    try {
      writer.writeMessage(channel, sequence, logTimeNs, publishTimeNs, data);
    } catch (IOException e) {
      failedWrites++;
      throw failed(e);
    }
    counts.merge(topic, 1L, Long::sum);
    if (fileCount == 0 || logTimeNs < fileStart) {
      fileStart = logTimeNs;
    }
    fileEnd = fileCount == 0 ? logTimeNs : Math.max(fileEnd, logTimeNs);
    if (totalCount == 0 || logTimeNs < bagStart) {
      bagStart = logTimeNs;
    }
    bagEnd = totalCount == 0 ? logTimeNs : Math.max(bagEnd, logTimeNs);
    fileCount++;
    totalCount++;
    if (options.maxFileBytes() > 0 && writer.position() >= options.maxFileBytes()) {
      try {
        finishFile();
        startFile();
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }

  public void write(BagMessage message) throws IOException {
    write(message.topic(), message.logTimeNs(), message.publishTimeNs(), message.data());
  }

  /** Puts everything written so far on disk as a complete chunk. */
  public synchronized void flush() throws IOException {
    ensureOpen();
    writer.flushChunk();
  }

  public Path folder() {
    return folder;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      finishFile();
    } catch (IOException e) {
      throw failed(e);
    }
    AtomicFile.writeString(folder.resolve(Bag.METADATA_FILE), MetadataYaml.write(metadata()));
  }

  /** Messages whose write failed (they are not in the bag). */
  public synchronized long failedWrites() {
    return failedWrites;
  }

  /** The first write error, naming its file, if there was one. */
  public synchronized java.util.Optional<FileSystemException> firstFailure() {
    return java.util.Optional.ofNullable(firstFailure);
  }

  /** The error as "FILE: reason", FILE the storage file being written; kept when it is the first. */
  private FileSystemException failed(IOException e) {
    FileSystemException named;
    if (e instanceof FileSystemException f && f.getFile() != null) {
      named = f;
    } else {
      named = new FileSystemException(folder.resolve(fileNames.get(fileNames.size() - 1)).toString(), null,
          e.getMessage());
      named.initCause(e);
    }
    if (firstFailure == null) {
      firstFailure = named;
    }
    return named;
  }

  private void startFile() throws IOException {
    String name = folder.getFileName() + "_" + fileNames.size() + ".mcap";
    fileNames.add(name);
    writer = McapWriter.create(folder.resolve(name), options.mcap());
    channelIds.clear();
    fileCount = 0;
    for (String topic : topics.keySet()) {
      register(topic);
    }
  }

  private void register(String name) throws IOException {
    Topic topic = topics.get(name);
    MessageDefinition d = topic.definition();
    int schema = writer.addSchema(topic.info().type(), d.encoding(), d.text().getBytes(StandardCharsets.UTF_8));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("offered_qos_profiles", topic.info().offeredQosProfiles());
    metadata.put("topic_type_hash", topic.info().typeDescriptionHash());
    channelIds.put(name, writer.addChannel(schema, name, topic.info().serializationFormat(), metadata));
  }

  private void finishFile() throws IOException {
    long start = fileCount == 0 ? 0 : fileStart;
    fileEntries.add(new BagMetadata.FileEntry(fileNames.get(fileNames.size() - 1), start,
        fileCount == 0 ? 0 : fileEnd - fileStart, fileCount));
    try {
      writer.writeMetadata("rosbag2", Map.of("serialized_metadata", MetadataYaml.writeEmbedded(metadata())));
    } finally {
      writer.close();
    }
  }

  private BagMetadata metadata() {
    List<TopicInfo> infos = new ArrayList<>();
    for (Topic t : topics.values()) {
      infos.add(t.info().withMessageCount(counts.get(t.info().name())));
    }
    return new BagMetadata(MetadataYaml.WRITE_VERSION, "mcap", totalCount == 0 ? 0 : bagEnd - bagStart,
        totalCount == 0 ? 0 : bagStart, totalCount, infos, "", "", fileNames, fileEntries, Map.of(),
        options.rosDistro());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("bag writer is closed");
    }
  }
}
