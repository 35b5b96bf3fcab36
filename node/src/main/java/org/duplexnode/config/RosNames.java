package org.duplexnode.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * ROS 2 name rules: validation of node names, namespaces and topic names, expansion of relative
 * ({@code camera/image_raw}) and private ({@code ~/speech}) names, and remapping of the expanded
 * name, as rcl does it.
 */
public final class RosNames {
  private static final Pattern NODE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|\\{node}|\\{ns}");

  private RosNames() {}

  public static void validateNodeName(String name) {
    if (name == null || !NODE.matcher(name).matches()) {
      throw new RosArgsException("node name '" + name + "' must match [A-Za-z_][A-Za-z0-9_]*");
    }
  }

  public static void validateNamespace(String ns) {
    if (ns == null || !ns.startsWith("/")) {
      throw new RosArgsException("namespace '" + ns + "' must be absolute (start with '/')");
    }
    if (ns.equals("/")) {
      return;
    }
    checkTokens(ns.substring(1), "namespace '" + ns + "'");
  }

  public static void validateTopicName(String name) {
    if (name == null || name.isEmpty()) {
      throw new RosArgsException("topic name is empty");
    }
    String body = name;
    if (body.startsWith("~/")) {
      body = body.substring(2);
    } else if (body.equals("~")) {
      return;
    } else if (body.startsWith("/")) {
      body = body.substring(1);
    }
    checkTokens(body, "topic name '" + name + "'");
  }

  private static void checkTokens(String body, String what) {
    if (body.isEmpty() || body.endsWith("/")) {
      throw new RosArgsException(what + " must not be empty or end with '/'");
    }
    for (String token : body.split("/", -1)) {
      if (!TOKEN.matcher(token).matches()) {
        throw new RosArgsException(what + " has an invalid part '" + token
            + "' (parts are [A-Za-z_][A-Za-z0-9_]*, separated by single '/')");
      }
    }
  }

  /** Expands a topic name against the node's namespace and name (rcl_expand_topic_name). */
  public static String expand(String name, String namespace, String nodeName) {
    validateTopicName(name);
    String ns = namespace.equals("/") ? "" : namespace;
    String expanded;
    if (name.equals("~")) {
      expanded = ns + "/" + nodeName;
    } else if (name.startsWith("~/")) {
      expanded = ns + "/" + nodeName + "/" + name.substring(2);
    } else if (name.startsWith("/")) {
      expanded = name;
    } else {
      expanded = ns + "/" + name;
    }
    return expanded.replace("{node}", nodeName).replace("{ns}", ns.isEmpty() ? "" : ns.substring(1));
  }

  /**
   * Expands then remaps a topic name: the first rule whose expanded source equals the expanded
   * name wins, and its target is expanded too (rcl_remap_topic_name).
   */
  public static String resolve(String name, String namespace, String nodeName, List<RosArgs.Remap> remaps) {
    String expanded = expand(name, namespace, nodeName);
    for (RosArgs.Remap r : remaps) {
      if (!r.appliesTo(nodeName) || r.from().startsWith("__")) {
        continue;
      }
      if (expand(r.from(), namespace, nodeName).equals(expanded)) {
        return expand(r.to(), namespace, nodeName);
      }
    }
    return expanded;
  }

  /** The DDS topic name of a fully resolved ROS topic name: {@code /a/b} becomes {@code rt/a/b}. */
  public static String ddsTopic(String resolvedName) {
    return "rt" + resolvedName;
  }
}
