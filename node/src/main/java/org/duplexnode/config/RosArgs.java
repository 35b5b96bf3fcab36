package org.duplexnode.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code --ros-args} sections of a command line said, in order of appearance.
 *
 * @param remaps remapping rules ({@code -r [node:]from:=to}), including {@code __node} and {@code __ns}
 * @param parameters parameter overrides ({@code -p name:=value}), value text still unparsed YAML
 * @param paramsFiles parameter files ({@code --params-file FILE})
 * @param logLevels the {@code --log-level LEVEL} and {@code --log-level NAME:=LEVEL} arguments, in order
 * @param enclave the security enclave, if given ({@code -e / --enclave})
 * @param otherArgs every argument outside the {@code --ros-args} sections, for the application
 */
public record RosArgs(
    List<Remap> remaps,
    List<ParameterOverride> parameters,
    List<Path> paramsFiles,
    List<LogLevel> logLevels,
    Optional<String> enclave,
    List<String> otherArgs) {

  public RosArgs {
    remaps = List.copyOf(remaps);
    parameters = List.copyOf(parameters);
    paramsFiles = List.copyOf(paramsFiles);
    logLevels = List.copyOf(logLevels);
    otherArgs = List.copyOf(otherArgs);
  }

  public static RosArgs empty() {
    return new RosArgs(List.of(), List.of(), List.of(), List.of(), Optional.empty(), List.of());
  }

  /** The default log level ({@code --log-level LEVEL} without a logger name), the last one winning. */
  public Optional<String> logLevel() {
    String found = null;
    for (LogLevel l : logLevels) {
      if (l.logger().isEmpty()) {
        found = l.level();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The node name set by {@code -r __node:=name} (or {@code __name}), the last one winning. */
  public Optional<String> nodeNameOverride(String currentName) {
    return lastSpecial(currentName, "__node", "__name");
  }

  /** The namespace set by {@code -r __ns:=/ns}, the last one winning. */
  public Optional<String> namespaceOverride(String currentName) {
    return lastSpecial(currentName, "__ns");
  }

  private Optional<String> lastSpecial(String currentName, String... keys) {
    String found = null;
    for (Remap r : remaps) {
      if (r.appliesTo(currentName) && List.of(keys).contains(r.from())) {
        found = r.to();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * One remapping rule.
   *
   * @param nodeName the node it is limited to ({@code node:from:=to}), or empty for every node
   */
  public record Remap(Optional<String> nodeName, String from, String to) {
    public boolean appliesTo(String node) {
      return nodeName.isEmpty() || nodeName.get().equals(node);
    }
  }

  /** One {@code -p name:=value} override; the value is YAML text as ROS parses it. */
  public record ParameterOverride(String name, String valueText) {}

  /**
   * One {@code --log-level} argument: a severity for every logger, or ({@code NAME:=LEVEL}) for
   * the logger {@code NAME} and its children.
   *
   * @param level one of {@link #LEVELS}, lower case
   */
  public record LogLevel(Optional<String> logger, String level) {
    /** The severities rcl accepts, least severe first. */
    public static final List<String> LEVELS = List.of("debug", "info", "warn", "error", "fatal");
  }
}
