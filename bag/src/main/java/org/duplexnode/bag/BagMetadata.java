package org.duplexnode.bag;

import java.util.List;
import java.util.Map;

/**
 * The content of a rosbag2 metadata.yaml (key rosbag2_bagfile_information), any version.
 * Fields a version lacks hold empty values; QoS profiles are kept as YAML text whichever form
 * (string before version 9, structured from 9) the file used.
 */
public record BagMetadata(
    int version,
    String storageIdentifier,
    long durationNs,
    long startingTimeNs,
    long messageCount,
    List<TopicInfo> topics,
    String compressionFormat,
    String compressionMode,
    List<String> relativeFilePaths,
    List<FileEntry> files,
    Map<String, String> customData,
    String rosDistro) {
  public BagMetadata {
    topics = List.copyOf(topics);
    relativeFilePaths = List.copyOf(relativeFilePaths);
    files = List.copyOf(files);
    customData = Map.copyOf(customData);
  }

  /** One entry of "files" (version 5 and later). */
  public record FileEntry(String path, long startingTimeNs, long durationNs, long messageCount) {}
}
