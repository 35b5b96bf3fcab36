package org.duplexnode.ros;

/** Which side of a topic a DDS endpoint is on. */
public enum EndpointKind {
  /** A DataWriter: a ROS publisher. */
  WRITER,
  /** A DataReader: a ROS subscription. */
  READER
}
