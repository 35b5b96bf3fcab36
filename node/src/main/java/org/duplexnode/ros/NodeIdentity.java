package org.duplexnode.ros;

import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosNames;
/** A node's name and namespace, validated as ROS 2 does. */
public record NodeIdentity(String name, String namespace) {
  public NodeIdentity {
    RosNames.validateNodeName(name);
    RosNames.validateNamespace(namespace);
  }

  /** {@code /ns/name}, or {@code /name} in the root namespace. */
  public String fullyQualifiedName() {
    return (namespace.equals("/") ? "" : namespace) + "/" + name;
  }

  /** The identity after {@code -r __node:=} and {@code -r __ns:=} rules. */
  public static NodeIdentity from(String defaultName, RosArgs args) {
    String name = args.nodeNameOverride(defaultName).orElse(defaultName);
    String ns = args.namespaceOverride(defaultName).orElse("/");
    return new NodeIdentity(name, ns);
  }
}
