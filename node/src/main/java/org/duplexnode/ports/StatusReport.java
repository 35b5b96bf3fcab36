package org.duplexnode.ports;

import java.util.ArrayList;
import java.util.List;

/**
 * One part of the node's health as an adapter reports it (the MQTT bridge, the local audio), in
 * the shape of a diagnostic_msgs/DiagnosticStatus: the ROS adapter publishes it on /diagnostics
 * under the node's name without knowing the part.
 *
 * @param name what is reported on, after the node's name ("mqtt", "local audio")
 * @param hardwareId the device or address; empty for the node itself
 */
public record StatusReport(String name, String hardwareId, Level level, String message, List<Value> values) {
  public enum Level { OK, WARN, ERROR }

  /** One key and its value. */
  public record Value(String key, String value) {}

  public StatusReport {
    values = List.copyOf(values);
  }

  /** Collects values in order, then makes the report. */
  public static final class Builder {
    private final List<Value> values = new ArrayList<>();

    public Builder add(String key, Object value) {
      values.add(new Value(key, String.valueOf(value)));
      return this;
    }

    public StatusReport build(String name, String hardwareId, Level level, String message) {
      return new StatusReport(name, hardwareId, level, message, values);
    }
  }
}
