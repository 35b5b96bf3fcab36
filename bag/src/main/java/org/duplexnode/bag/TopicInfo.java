package org.duplexnode.bag;

/**
 * A recorded topic.
 *
 * @param serializationFormat "cdr" for ROS 2; other MCAP encodings ("json", "protobuf") pass through
 * @param offeredQosProfiles the publishers' QoS as a YAML list, as rosbag2 stores it ("" if unknown)
 * @param typeDescriptionHash e.g. "RIHS01_..." ("" if unknown)
 */
public record TopicInfo(
    String name,
    String type,
    String serializationFormat,
    long messageCount,
    String offeredQosProfiles,
    String typeDescriptionHash) {
  public TopicInfo withMessageCount(long count) {
    return new TopicInfo(name, type, serializationFormat, count, offeredQosProfiles, typeDescriptionHash);
  }
}
