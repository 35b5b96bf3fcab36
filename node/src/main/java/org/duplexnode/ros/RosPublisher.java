package org.duplexnode.ros;

/** Publishes one topic. Implementations are thread-safe. */
public interface RosPublisher<T> {
  /** Publishes a message; returns false (and counts it) when the transport refused it. */
  boolean publish(T message);

  /** The fully resolved ROS topic name. */
  String topic();

  /** Readers currently matched (0 until discovery completes). */
  int matchedReaders();
}
