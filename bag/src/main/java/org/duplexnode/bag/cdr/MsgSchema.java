package org.duplexnode.bag.cdr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message type with every type it depends on, resolved, as parsed from a "ros2msg" schema
 * (the .msg text of the root type, then "====...\nMSG: pkg/Type" sections for dependencies).
 */
public final class MsgSchema {
  private final String rootName;
  private final Map<String, MsgType> types;

  MsgSchema(String rootName, Map<String, MsgType> types) {
    this.rootName = rootName;
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
  }

  /**
   * Parses a ros2msg schema.
   *
   * @param rootType the schema name, e.g. "std_msgs/msg/String"
   * @throws CdrFormatException when a line cannot be parsed or a referenced type is undefined
   */
  public static MsgSchema parse(String rootType, String text) throws CdrFormatException {
    return new MsgSchemaParser(rootType, text).parse();
  }

  /** The root type's canonical name ("pkg/msg/Type"). */
  public String rootName() {
    return rootName;
  }

  public MsgType root() {
    return types.get(rootName);
  }

  /** All types by canonical name, the root included. */
  public Map<String, MsgType> types() {
    return types;
  }

  MsgType type(String canonicalName) throws CdrFormatException {
    MsgType type = types.get(canonicalName);
    if (type == null) {
      throw new CdrFormatException("type " + canonicalName + " is not defined in the schema of " + rootName);
    }
    return type;
  }

  /** "pkg/Type" becomes "pkg/msg/Type"; three-part names stay as they are. */
  static String canonical(String name) {
    String[] parts = name.split("/");
    if (parts.length == 2) {
      return parts[0] + "/msg/" + parts[1];
    }
    return name;
  }
}
