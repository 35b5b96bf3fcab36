package org.duplexnode.bag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.duplexnode.bag.mcap.McapChannel;
import org.duplexnode.bag.mcap.McapMessage;
import org.duplexnode.bag.mcap.McapMetadata;
import org.duplexnode.bag.mcap.McapReadOptions;
import org.duplexnode.bag.mcap.McapReader;
import org.duplexnode.bag.mcap.McapSchema;
import org.duplexnode.bag.mcap.McapStatistics;

/**
 * An MCAP file as a bag storage file. Channels become topics (several channels of one topic are
 * merged); schema names become types; rosbag2's channel metadata gives QoS and type hash.
 */
final class McapStorageReader implements StorageReader {
  private final McapReader reader;
  private final List<TopicInfo> topics;
  private final Map<String, MessageDefinition> definitions = new LinkedHashMap<>();
  private final Optional<BagMetadata> embedded;
  private final List<String> ownWarnings = new ArrayList<>();

  McapStorageReader(McapReader reader) throws IOException {
    this.reader = reader;
    Map<String, TopicInfo> byName = new LinkedHashMap<>();
    McapStatistics stats = reader.statistics();
    for (McapChannel channel : reader.channels().values()) {
      McapSchema schema = reader.schemas().get(channel.schemaId());
      String type = schema == null ? "" : schema.name();
      if (schema != null) {
        definitions.putIfAbsent(type, new MessageDefinition(type, schema.encoding(), schema.text()));
      }
      long count = stats.channelMessageCounts().getOrDefault(channel.id(), 0L);
      TopicInfo topic = new TopicInfo(channel.topic(), type, channel.messageEncoding(), count,
          channel.metadata().getOrDefault("offered_qos_profiles", ""),
          channel.metadata().getOrDefault("topic_type_hash", ""));
      byName.merge(channel.topic(), topic,
          (a, b) -> a.withMessageCount(a.messageCount() + b.messageCount()));
    }
    this.topics = List.copyOf(byName.values());
    this.embedded = readEmbedded(reader);
  }

  static McapStorageReader open(Path file, McapReadOptions options) throws IOException {
    McapReader reader = McapReader.open(file, options);
    try {
      return new McapStorageReader(reader);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private Optional<BagMetadata> readEmbedded(McapReader reader) throws IOException {
    BagMetadata found = null;
    for (McapMetadata record : reader.metadata()) {
      String yaml = record.metadata().get("serialized_metadata");
      if (record.name().equals("rosbag2") && yaml != null && !yaml.isBlank()) {
        try {
          found = MetadataYaml.parse(yaml);
        } catch (BagFormatException e) {
          ownWarnings.add(reader.path() + ": rosbag2 metadata record: " + e.getMessage());
        }
      }
    }
    return Optional.ofNullable(found);
  }

  @Override
  public Path path() {
    return reader.path();
  }

  @Override
  public String storageIdentifier() {
    return "mcap";
  }

  @Override
  public List<TopicInfo> topics() {
    return topics;
  }

  @Override
  public long messageCount() {
    return reader.statistics().messageCount();
  }

  @Override
  public Optional<TimeRange> timeRange() {
    McapStatistics s = reader.statistics();
    return s.messageCount() == 0 ? Optional.empty()
        : Optional.of(new TimeRange(s.messageStartTime(), s.messageEndTime()));
  }

  @Override
  public Map<String, MessageDefinition> definitions() {
    return definitions;
  }

  @Override
  public Optional<BagMetadata> embeddedMetadata() {
    return embedded;
  }

  @Override
  public MessageIterator messages(Set<String> wanted) {
    Map<Integer, String> topicOf = new LinkedHashMap<>();
    Set<Integer> ids = new HashSet<>();
    for (McapChannel c : reader.channels().values()) {
      topicOf.put(c.id(), c.topic());
      if (wanted == null || wanted.contains(c.topic())) {
        ids.add(c.id());
      }
    }
    Iterator<McapMessage> messages = reader.messages(ids::contains);
    return new MessageIterator() {
      @Override
      public boolean hasNext() {
        try {
          return messages.hasNext();
        } catch (UncheckedIOException e) {
          throw new BagReadException(e.getCause());
        }
      }

      @Override
      public BagMessage next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        McapMessage m = messages.next();
        return new BagMessage(topicOf.get(m.channelId()), m.logTime(), m.publishTime(), m.data());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public List<DataLoss> losses() {
    return reader.losses().stream().map(l -> new DataLoss(reader.path(), "chunk at offset " + l.offset(),
        l.reason(), l.lostMessages())).toList();
  }

  @Override
  public void verify() throws IOException {
    reader.verifyChunks();
  }

  @Override
  public List<String> warnings() {
    List<String> all = new ArrayList<>(reader.warnings());
    all.addAll(ownWarnings);
    return all;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
