package org.duplexnode.config;

/** A ROS command-line argument, name or parameter that cannot be understood; the message says which. */
public final class RosArgsException extends IllegalArgumentException {
  public RosArgsException(String message) {
    super(message);
  }
}
