package org.duplexnode.bag.cdr;

import java.util.Map;

/** The primitive types of ROS 2 .msg files and their serialized sizes. */
final class MsgPrimitives {
  /** Size in bytes; strings give the size of their length prefix. */
  private static final Map<String, Integer> SIZES = Map.ofEntries(
      Map.entry("bool", 1), Map.entry("byte", 1), Map.entry("char", 1), Map.entry("int8", 1),
      Map.entry("uint8", 1), Map.entry("int16", 2), Map.entry("uint16", 2), Map.entry("int32", 4),
      Map.entry("uint32", 4), Map.entry("int64", 8), Map.entry("uint64", 8),
      Map.entry("float32", 4), Map.entry("float64", 8), Map.entry("string", 4),
      Map.entry("wstring", 4));

  private MsgPrimitives() {}

  static boolean isPrimitive(String name) {
    return SIZES.containsKey(name);
  }

  static int size(String name) {
    return SIZES.getOrDefault(name, 1);
  }

  /** Whether arrays of this type decode to byte[] rather than a list. */
  static boolean isOctet(String name) {
    return name.equals("uint8") || name.equals("byte");
  }
}
