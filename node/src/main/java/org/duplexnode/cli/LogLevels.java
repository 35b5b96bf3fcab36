package org.duplexnode.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ros.NodeIdentity;
import org.slf4j.LoggerFactory;

/**
 * {@code --ros-args --log-level LEVEL} and {@code --log-level NAME:=LEVEL} applied to the node's
 * loggers (logback), in command-line order as rcl applies them.
 *
 * <p>ROS names its node's logger after the node ({@code duplex_node}, or {@code robot1.duplex_node}
 * in namespace {@code /robot1}) and child loggers {@code NODE.CHILD}; the node's Java loggers are
 * named after their classes. So the node's logger name, with or without its namespace, means
 * {@code org.duplexnode} (every logger of the node), {@code NODE.CHILD} means
 * {@code org.duplexnode.CHILD} (e.g. {@code duplex_node.mqtt}), and any other name is taken as a
 * Java logger name ({@code org.duplexnode.bag}, {@code us.ihmc}). A level without a name sets the
 * root logger. Java logging has no fatal level: {@code fatal} shows errors only.
 */
final class LogLevels {
  static final String NODE_LOGGER = "org.duplexnode";

  private LogLevels() {}

  static void apply(RosArgs args, NodeIdentity node) {
    for (RosArgs.LogLevel l : args.logLevels()) {
      String name = l.logger().map(n -> javaName(n, node)).orElse(org.slf4j.Logger.ROOT_LOGGER_NAME);
      ((Logger) LoggerFactory.getLogger(name)).setLevel(level(l.level()));
    }
  }

  /** The Java logger a ROS logger name stands for (see the class comment). */
  static String javaName(String rosName, NodeIdentity node) {
    for (String nodeLogger : new String[] {rosName(node), node.name()}) {
      if (rosName.equals(nodeLogger)) {
        return NODE_LOGGER;
      }
      if (rosName.startsWith(nodeLogger + ".")) {
        return NODE_LOGGER + rosName.substring(nodeLogger.length());
      }
    }
    return rosName;
  }

  /** rcl's logger name of a node: its namespace and name joined with dots, without the leading slash. */
  static String rosName(NodeIdentity node) {
    String ns = node.namespace().equals("/") ? "" : node.namespace().substring(1).replace('/', '.') + ".";
    return ns + node.name();
  }

  private static Level level(String rosLevel) {
    return switch (rosLevel.toLowerCase(Locale.ROOT)) {
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARN;
      case "error", "fatal" -> Level.ERROR;
      default -> throw new IllegalArgumentException("not a log level: " + rosLevel);
    };
  }

  /** Whether failures should show their stack trace: the node's loggers are at debug. */
  static boolean debug() {
    return LoggerFactory.getLogger(NODE_LOGGER).isDebugEnabled();
  }
}
