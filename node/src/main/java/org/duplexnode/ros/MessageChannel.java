package org.duplexnode.ros;

/** Where the messages of one output topic go (ROS 2, a bag, or both). */
@FunctionalInterface
public interface MessageChannel<T> {
  /** Sends a message; {@code stampNs} is the node-clock time it is sent at. */
  void send(T message, long stampNs);
}
