package org.duplexnode.ros;

/**
 * The node's view of ROS 2: publishers and subscriptions by {@link TopicSpec}. Names are expanded
 * against the node's namespace and remapped by its {@code --ros-args} before they reach DDS.
 *
 * <p>Failure: a sample that cannot be decoded (malformed, above its bound) or whose handler
 * throws is dropped, logged once per topic and reason, and counted in {@link #inputErrors()};
 * the subscription goes on.
 */
public interface RosTransport extends AutoCloseable {
  NodeIdentity identity();

  <T> RosPublisher<T> advertise(TopicSpec<T> spec);

  <T> RosSubscription subscribe(TopicSpec<T> spec, MessageHandler<T> handler);

  /** The fully resolved name a topic gets (expansion then remapping). */
  String resolve(String topicName);

  InputErrorCounter inputErrors();

  /** The layout of ros_discovery_info's gids the node speaks (its ROS distribution's). */
  default GidLayout gidLayout() {
    return GidLayout.IRON;
  }

  @Override
  void close();
}
