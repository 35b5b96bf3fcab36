package org.duplexnode.ros;

/**
 * A ROS 2 QoS profile as the node uses it. Profiles are named once here and chosen per topic;
 * nothing is left to the DDS library's defaults (which differ from ROS's).
 *
 * <p>Inputs use best effort: a best-effort reader matches both reliable and best-effort writers,
 * so a camera driver's choice never silently cuts the node off. Outputs use reliable: a reliable
 * writer matches both kinds of readers.
 */
public record QosProfile(String name, Reliability reliability, Durability durability, int depth) {

  public enum Reliability { RELIABLE, BEST_EFFORT }

  public enum Durability { VOLATILE, TRANSIENT_LOCAL }

  public QosProfile {
    if (depth < 1) {
      throw new IllegalArgumentException("QoS depth must be at least 1, got " + depth);
    }
  }

  /** rclcpp's SensorDataQoS: best effort, volatile, keep last 5. */
  public static final QosProfile SENSOR_DATA = new QosProfile("sensor_data", Reliability.BEST_EFFORT, Durability.VOLATILE, 5);
  /** ROS's default: reliable, volatile, keep last 10. */
  public static final QosProfile RELIABLE = new QosProfile("reliable", Reliability.RELIABLE, Durability.VOLATILE, 10);
  /** Proactive events: reliable with a deep history so that a slow reader misses none. */
  public static final QosProfile EVENTS = new QosProfile("events", Reliability.RELIABLE, Durability.VOLATILE, 100);
  /** Latched values (AudioInfo, the watch list): late joiners get the last one. */
  public static final QosProfile LATCHED = new QosProfile("latched", Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1);
  /** Per-unit state: best effort, newest wins. */
  public static final QosProfile STATE = new QosProfile("state", Reliability.BEST_EFFORT, Durability.VOLATILE, 10);
  /** rclcpp's ClockQoS for /clock: best effort, keep last 1. */
  public static final QosProfile CLOCK = new QosProfile("clock", Reliability.BEST_EFFORT, Durability.VOLATILE, 1);
  /** /rosout as rcl publishes it: reliable, transient local, keep last 1000. */
  public static final QosProfile ROSOUT = new QosProfile("rosout", Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1000);
  /** ros_discovery_info as rmw implementations publish it. */
  public static final QosProfile DISCOVERY_INFO = new QosProfile("discovery_info", Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1);

  @Override
  public String toString() {
    return name + " (" + reliability.name().toLowerCase() + ", " + durability.name().toLowerCase()
        + ", keep last " + depth + ")";
  }
}
