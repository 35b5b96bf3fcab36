package org.duplexnode.bag;

/**
 * One recorded message: the topic, when it was recorded (log time) and published, in
 * nanoseconds, and its serialized bytes (CDR for ROS 2). The array is not copied; do not modify.
 */
public record BagMessage(String topic, long logTimeNs, long publishTimeNs, byte[] data) {}
