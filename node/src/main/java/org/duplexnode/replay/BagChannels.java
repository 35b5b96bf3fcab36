package org.duplexnode.replay;

import java.io.IOException;
import java.util.function.Function;
import org.duplexnode.bag.MessageDefinition;
import org.duplexnode.bag.QosProfiles;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.InputErrorCounter;
import org.duplexnode.ros.MessageChannel;
import org.duplexnode.ros.MessageChannels;
import org.duplexnode.ros.MessageSchemas;
import org.duplexnode.ros.QosProfile;
import org.duplexnode.ros.TopicSpec;

/**
 * Output channels that record into a rosbag2 MCAP bag, with the topic's resolved name, its ROS
 * type and schema, and the QoS the node offers. A message that cannot be written is counted and
 * the run goes on; the bag stays readable up to its last complete chunk.
 */
public final class BagChannels implements MessageChannels {
  private final RosbagWriter writer;
  private final Function<String, String> resolve;
  private final InputErrorCounter errors;

  public BagChannels(RosbagWriter writer, Function<String, String> resolve, InputErrorCounter errors) {
    this.writer = writer;
    this.resolve = resolve;
    this.errors = errors;
  }

  @Override
  public <T> MessageChannel<T> open(TopicSpec<T> spec) {
    String topic = spec.ddsName() ? spec.name() : resolve.apply(spec.name());
    QosProfile q = spec.qos();
    try {
      writer.addTopic(new TopicInfo(topic, spec.rosType(), "cdr", 0,
          QosProfiles.keepLast(q.depth(), q.reliability() == QosProfile.Reliability.RELIABLE ? "reliable" : "best_effort",
              q.durability() == QosProfile.Durability.TRANSIENT_LOCAL ? "transient_local" : "volatile"), ""),
          new MessageDefinition(spec.rosType(), "ros2msg", MessageSchemas.of(spec.rosType())));
    } catch (IOException e) {
      throw new IllegalStateException("cannot add topic " + topic + " to the output bag: " + e.getMessage(), e);
    }
    CdrCodec<T> codec = new CdrCodec<>(spec.type());
    return (m, t) -> {
      try {
        writer.write(topic, t, t, codec.encode(m));
      } catch (IOException | RuntimeException e) {
        errors.reject(topic, "not written to the bag", e.getMessage());
      }
    };
  }
}
