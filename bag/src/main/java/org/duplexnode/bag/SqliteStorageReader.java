package org.duplexnode.bag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.duplexnode.bag.sqlite.SqliteBagFile;
import org.duplexnode.bag.sqlite.SqliteMessage;
import org.duplexnode.bag.sqlite.SqliteMessageCursor;
import org.duplexnode.bag.sqlite.SqliteMessageDefinition;
import org.duplexnode.bag.sqlite.SqliteTopic;
import org.duplexnode.bag.sqlite.SqliteTopicStats;

/**
 * A rosbag2 .db3 file as a bag storage file. sqlite3 storage keeps one timestamp per message,
 * so the publish time reads as the log time. Per-message compression (compression_mode
 * "message") is undone with {@link MessageDecompressor}.
 */
final class SqliteStorageReader implements StorageReader {
  private final SqliteBagFile file;
  private final MessageDecompressor decompressor;
  private final List<TopicInfo> topics = new ArrayList<>();
  private final Map<Long, String> topicNames = new LinkedHashMap<>();
  private final Map<String, MessageDefinition> definitions = new LinkedHashMap<>();
  private final long messageCount;
  private final Optional<TimeRange> timeRange;
  private final Optional<BagMetadata> embedded;
  private final List<String> warnings = new ArrayList<>();

  private SqliteStorageReader(SqliteBagFile file, MessageDecompressor decompressor) throws IOException {
    this.file = file;
    this.decompressor = decompressor;
    Map<Long, SqliteTopicStats> stats = file.statistics();
    long count = 0;
    TimeRange range = null;
    for (SqliteTopic t : file.topics()) {
      SqliteTopicStats s = stats.get(t.id());
      long n = s == null ? 0 : s.count();
      topics.add(new TopicInfo(t.name(), t.type(), t.serializationFormat(), n, t.offeredQosProfiles(),
          t.typeDescriptionHash()));
      topicNames.put(t.id(), t.name());
    }
    for (SqliteTopicStats s : stats.values()) {
      count += s.count();
      TimeRange r = new TimeRange(s.minTimestamp(), s.maxTimestamp());
      range = range == null ? r : range.union(r);
      if (!topicNames.containsKey(s.topicId())) {
        warnings.add(file.path() + ": " + s.count() + " messages refer to unknown topic id " + s.topicId());
      }
    }
    this.messageCount = count;
    this.timeRange = Optional.ofNullable(range);
    for (SqliteMessageDefinition d : file.messageDefinitions()) {
      definitions.putIfAbsent(d.topicType(),
          new MessageDefinition(d.topicType(), d.encoding(), d.encodedMessageDefinition()));
    }
    BagMetadata metadata = null;
    Optional<String> yaml = file.latestMetadata();
    if (yaml.isPresent()) {
      try {
        metadata = MetadataYaml.parse(yaml.get());
      } catch (BagFormatException e) {
        warnings.add(file.path() + ": metadata table: " + e.getMessage());
      }
    }
    this.embedded = Optional.ofNullable(metadata);
  }

  static SqliteStorageReader open(Path path, MessageDecompressor decompressor) throws IOException {
    SqliteBagFile file = SqliteBagFile.open(path);
    try {
      return new SqliteStorageReader(file, decompressor);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  @Override
  public Path path() {
    return file.path();
  }

  @Override
  public String storageIdentifier() {
    return "sqlite3";
  }

  @Override
  public List<TopicInfo> topics() {
    return topics;
  }

  @Override
  public long messageCount() {
    return messageCount;
  }

  @Override
  public Optional<TimeRange> timeRange() {
    return timeRange;
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
  public MessageIterator messages(Set<String> wanted) throws IOException {
    Set<Long> ids = null;
    if (wanted != null) {
      ids = new HashSet<>();
      for (Map.Entry<Long, String> e : topicNames.entrySet()) {
        if (wanted.contains(e.getValue())) {
          ids.add(e.getKey());
        }
      }
    } else {
      ids = new HashSet<>(topicNames.keySet());
    }
    SqliteMessageCursor cursor = file.messages(ids);
    return new MessageIterator() {
      @Override
      public boolean hasNext() {
        try {
          return cursor.hasNext();
        } catch (UncheckedIOException e) {
          throw new BagReadException(e.getCause());
        }
      }

      @Override
      public BagMessage next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SqliteMessage m = cursor.next();
        byte[] data;
        try {
          data = decompressor.decompress(m.data());
        } catch (BagFormatException e) {
          throw new BagReadException(new BagFormatException(file.path() + ": message " + m.id() + ": " + e.getMessage(), e));
        }
        return new BagMessage(topicNames.get(m.topicId()), m.timestamp(), m.timestamp(), data);
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
