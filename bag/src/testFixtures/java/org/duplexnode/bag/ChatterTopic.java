package org.duplexnode.bag;

/** The /chatter topic of ROS 2's talker demo (std_msgs/msg/String), as the writer tests record it. */
public final class ChatterTopic {
  public static final String QOS = QosProfiles.keepLast(10, "reliable", "volatile");
  public static final TopicInfo TOPIC = new TopicInfo("/chatter", "std_msgs/msg/String", "cdr", 0, QOS,
      "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18");
  public static final MessageDefinition STRING = new MessageDefinition("std_msgs/msg/String", "ros2msg", "string data\n");

  private ChatterTopic() {}
}
