package org.duplexnode.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The ROS 2 parameter types the node uses, with their conversion from parsed YAML. */
public enum ParameterType {
  BOOL,
  INTEGER,
  DOUBLE,
  STRING,
  STRING_ARRAY;

  /**
   * Converts a parsed YAML value to this type, or throws with a message naming the parameter.
   * An integer is accepted where a double is declared (a YAML {@code 1} for {@code 1.0}).
   */
  Object convert(String name, JsonNode node) {
    switch (this) {
      case BOOL:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        break;
      case INTEGER:
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return node.longValue();
        }
        break;
      case DOUBLE:
        if (node.isNumber()) {
          return node.doubleValue();
        }
        break;
      case STRING:
        if (node.isTextual()) {
          return node.textValue();
        }
        if (node.isValueNode() && !node.isNull()) {
          // ROS types "123" as an integer; a string parameter given 123 is a type error there too,
          // but a bare word like a topic name is text already.
          break;
        }
        break;
      case STRING_ARRAY:
        if (node.isArray()) {
          List<String> out = new ArrayList<>();
          for (JsonNode e : node) {
            if (!e.isTextual()) {
              throw new ParameterException("parameter '" + name + "' must be a list of strings, got element " + e);
            }
            out.add(e.textValue());
          }
          return List.copyOf(out);
        }
        break;
      default:
        break;
    }
    throw new ParameterException("parameter '" + name + "' must be " + describe() + ", got '"
        + node + "' (" + node.getNodeType().name().toLowerCase() + ")");
  }

  String describe() {
    return switch (this) {
      case BOOL -> "a bool (true/false)";
      case INTEGER -> "an integer";
      case DOUBLE -> "a number";
      case STRING -> "a string";
      case STRING_ARRAY -> "a list of strings";
    };
  }
}
