package org.duplexnode.ros;

/** A live subscription of one topic. */
public interface RosSubscription {
  /** The fully resolved ROS topic name. */
  String topic();

  /** Writers currently matched. */
  int matchedWriters();

  /** Samples handed to the handler. */
  long received();
}
