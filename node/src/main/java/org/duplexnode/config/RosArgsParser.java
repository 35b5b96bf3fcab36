package org.duplexnode.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses ROS 2 command-line arguments the way rcl does: everything between {@code --ros-args} and
 * {@code --} (or the end) is a ROS argument; there may be several such sections; the rest is left
 * to the application. Unknown ROS flags are errors, as in rcl.
 */
public final class RosArgsParser {
  private static final String ROS_ARGS = "--ros-args";
  private static final String END = "--";

  private RosArgsParser() {}

  public static RosArgs parse(String... args) {
    List<RosArgs.Remap> remaps = new ArrayList<>();
    List<RosArgs.ParameterOverride> params = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<String> other = new ArrayList<>();
    List<RosArgs.LogLevel> logLevels = new ArrayList<>();
    String enclave = null;

    boolean inRos = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!inRos) {
        if (ROS_ARGS.equals(a)) {
          inRos = true;
        } else {
          other.add(a);
        }
        continue;
      }
      switch (a) {
        case END -> inRos = false;
        case ROS_ARGS -> { /* a repeated marker is harmless */ }
        case "-r", "--remap" -> remaps.add(parseRemap(value(args, ++i, a)));
        case "-p", "--param" -> params.add(parseParam(value(args, ++i, a)));
        case "--params-file" -> files.add(Path.of(value(args, ++i, a)));
        case "--log-level" -> logLevels.add(parseLogLevel(value(args, ++i, a)));
        case "-e", "--enclave" -> enclave = value(args, ++i, a);
        case "--log-config-file" -> value(args, ++i, a);
        case "--enable-rosout-logs", "--disable-rosout-logs", "--enable-stdout-logs",
            "--disable-stdout-logs", "--enable-external-lib-logs", "--disable-external-lib-logs" -> {
          // Logging sinks: accepted for compatibility with launch files; the node logs via SLF4J.
        }
        default -> throw new RosArgsException("unknown ROS argument '" + a + "' (after --ros-args)");
      }
    }
    return new RosArgs(remaps, params, files, logLevels,
        Optional.ofNullable(enclave), other);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].equals(END) || args[i].equals(ROS_ARGS)) {
      throw new RosArgsException("ROS argument " + flag + " needs a value");
    }
    return args[i];
  }

  static RosArgs.Remap parseRemap(String text) {
    int sep = text.indexOf(":=");
    if (sep <= 0 || sep == text.length() - 2) {
      throw new RosArgsException("remapping rule '" + text + "' is not of the form [node:]from:=to");
    }
    String lhs = text.substring(0, sep);
    String to = text.substring(sep + 2);
    Optional<String> node = Optional.empty();
    int colon = lhs.indexOf(':');
    if (colon >= 0) {
      node = Optional.of(lhs.substring(0, colon));
      lhs = lhs.substring(colon + 1);
      if (node.get().isEmpty() || lhs.isEmpty()) {
        throw new RosArgsException("remapping rule '" + text + "' has an empty node name or source");
      }
    }
    if (lhs.equals("__ns")) {
      RosNames.validateNamespace(to);
    } else if (lhs.equals("__node") || lhs.equals("__name")) {
      RosNames.validateNodeName(to);
    } else {
      RosNames.validateTopicName(lhs);
      RosNames.validateTopicName(to);
    }
    return new RosArgs.Remap(node, lhs, to);
  }

  /** {@code LEVEL} or {@code NAME:=LEVEL}; the level in any case, as rcl takes it. */
  static RosArgs.LogLevel parseLogLevel(String text) {
    int sep = text.indexOf(":=");
    Optional<String> logger = sep < 0 ? Optional.empty() : Optional.of(text.substring(0, sep));
    String level = (sep < 0 ? text : text.substring(sep + 2)).toLowerCase(java.util.Locale.ROOT);
    if (logger.isPresent() && logger.get().isBlank()) {
      throw new RosArgsException("--log-level '" + text + "' has an empty logger name (NAME:=LEVEL)");
    }
    if (!RosArgs.LogLevel.LEVELS.contains(level)) {
      throw new RosArgsException("--log-level " + (sep < 0 ? "" : "'" + text + "': ") + "'"
          + (sep < 0 ? text : text.substring(sep + 2)) + "' is not a log level (" + String.join(", ", RosArgs.LogLevel.LEVELS)
          + ")");
    }
    return new RosArgs.LogLevel(logger, level);
  }

  static RosArgs.ParameterOverride parseParam(String text) {
    int sep = text.indexOf(":=");
    if (sep <= 0) {
      throw new RosArgsException("parameter override '" + text + "' is not of the form name:=value");
    }
    String name = text.substring(0, sep);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_./]*")) {
      throw new RosArgsException("parameter name '" + name + "' is not a valid ROS parameter name");
    }
    return new RosArgs.ParameterOverride(name, text.substring(sep + 2));
  }
}
