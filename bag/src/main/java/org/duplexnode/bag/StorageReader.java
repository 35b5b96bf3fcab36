package org.duplexnode.bag;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One storage file (MCAP or sqlite3) seen through the bag model. */
interface StorageReader extends Closeable {
  Path path();

  /** "mcap" or "sqlite3", as rosbag2 names storage plugins. */
  String storageIdentifier();

  /** Topics in this file with their message counts in this file. */
  List<TopicInfo> topics();

  long messageCount();

  Optional<TimeRange> timeRange();

  /** Message definitions by type name. */
  Map<String, MessageDefinition> definitions();

  /** rosbag2 metadata saved inside the file (MCAP "rosbag2" record, sqlite metadata table). */
  Optional<BagMetadata> embeddedMetadata();

  /** Messages of the named topics (null: all) in log-time order. */
  MessageIterator messages(Set<String> topics) throws IOException;

  List<String> warnings();

  /** Data found unreadable so far (opening, reading, {@link #verify()}). */
  default List<DataLoss> losses() {
    return List.of();
  }

  /** Checks what can be checked without reading message data, so {@link #losses()} is complete. */
  default void verify() throws IOException {}
}
