package org.duplexnode.rosws;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a .msg file line by line with the rules of rosidl_adapter (the parser colcon's
 * rosidl_generate_interfaces runs, and the one under the Java message generator): comments,
 * constants ({@code TYPE NAME=VALUE}), fields ({@code TYPE name [default]}), primitive, bounded
 * and nested types. On top of rosidl, this project requires a bound on every string and every
 * sequence, because the Java message classes preallocate to the bound. Problems are collected
 * with their line numbers.
 */
final class MsgSpec {
  static final Set<String> PRIMITIVES = Set.of("bool", "byte", "char", "float32", "float64", "int8", "uint8",
      "int16", "uint16", "int32", "uint32", "int64", "uint64", "string", "wstring");
  private static final Pattern FIELD_NAME = Pattern.compile("(?!.*__)(?!.*_$)[a-z][a-z0-9_]*");
  private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z]([A-Z0-9_]?[A-Z0-9]+)*");
  private static final Pattern MESSAGE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
  private static final Pattern PACKAGE_NAME = Pattern.compile("(?!.*__)(?!.*_$)[a-z][a-z0-9_]*");
  private static final Pattern TYPE = Pattern.compile(
      "(?<base>[A-Za-z0-9_/]+)(<=(?<strbound>\\d+))?(\\[(?<array>(<=)?\\d*)])?");

  /** A field or constant's type: package is empty for primitives. */
  record Type(String pkg, String name, String stringBound, String array) {
    boolean primitive() {
      return pkg.isEmpty();
    }
  }

  private final String pkg;
  private final Map<String, Set<String>> known;
  private final List<String> problems = new ArrayList<>();
  private final List<Type> referenced = new ArrayList<>();

  private MsgSpec(String pkg, Map<String, Set<String>> known) {
    this.pkg = pkg;
    this.known = known;
  }

  /**
   * Checks one message.
   *
   * @param known every message type that exists, package to type names
   */
  static MsgSpec check(String pkg, String messageName, String text, Map<String, Set<String>> known) {
    MsgSpec spec = new MsgSpec(pkg, known);
    if (!MESSAGE_NAME.matcher(messageName).matches()) {
      spec.problems.add("message name '" + messageName + "' must match [A-Z][A-Za-z0-9]*");
    }
    spec.parse(text);
    return spec;
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Packages whose messages this one uses. */
  Set<String> dependencies() {
    Set<String> out = new HashSet<>();
    for (Type t : referenced) {
      if (!t.primitive() && !t.pkg().equals(pkg)) {
        out.add(t.pkg());
      }
    }
    return out;
  }

  private void parse(String text) {
    Set<String> names = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      int n = i + 1;
      String[] typeAndRest = line.split("\\s+", 2);
      if (typeAndRest.length < 2) {
        problems.add("line " + n + ": '" + line + "' has a type but no name");
        continue;
      }
      Type type = type(typeAndRest[0], n);
      String rest = typeAndRest[1];
      int eq = rest.indexOf('=');
      String name;
      if (eq >= 0) {
        name = rest.substring(0, eq).strip();
        constant(type, name, rest.substring(eq + 1).strip(), n);
      } else {
        String[] nameAndDefault = rest.split("\\s+", 2);
        name = nameAndDefault[0];
        if (!FIELD_NAME.matcher(name).matches()) {
          problems.add("line " + n + ": field name '" + name + "' must be lower case letters, digits and single underscores");
        }
        if (type != null) {
          requireBounds(type, name, n);
        }
      }
      if (!names.add(name)) {
        problems.add("line " + n + ": '" + name + "' is declared twice");
      }
    }
  }

  private Type type(String text, int n) {
    Matcher m = TYPE.matcher(text);
    if (!m.matches()) {
      problems.add("line " + n + ": '" + text + "' is not a type");
      return null;
    }
    String base = m.group("base");
    String strBound = m.group("strbound");
    String array = m.group("array");
    if (PRIMITIVES.contains(base)) {
      if (strBound != null && !base.equals("string") && !base.equals("wstring")) {
        problems.add("line " + n + ": only strings take a <= bound, not " + base);
      }
      return new Type("", base, strBound, array);
    }
    if (strBound != null) {
      problems.add("line " + n + ": only strings take a <= bound, not " + base);
    }
    String typePkg = pkg;
    String name = base;
    int slash = base.indexOf('/');
    if (slash >= 0) {
      typePkg = base.substring(0, slash);
      name = base.substring(slash + 1);
      if (!PACKAGE_NAME.matcher(typePkg).matches() || name.contains("/")) {
        problems.add("line " + n + ": '" + base + "' is not of the form package/Type");
        return null;
      }
    }
    if (!MESSAGE_NAME.matcher(name).matches()) {
      problems.add("line " + n + ": '" + base + "' is neither a primitive type nor a message type");
      return null;
    }
    if (!known.getOrDefault(typePkg, Set.of()).contains(name)) {
      problems.add("line " + n + ": message type " + typePkg + "/" + name + " does not exist in ros_ws/src or "
          + "node/src/main/ros-interfaces");
    }
    Type t = new Type(typePkg, name, null, array);
    referenced.add(t);
    return t;
  }

  private void requireBounds(Type t, String name, int n) {
    if (t.array() != null && (t.array().isEmpty() || t.array().equals("<="))) {
      problems.add("line " + n + ": sequence '" + name + "' has no bound; write [<=N]");
    }
    if (t.primitive() && (t.name().equals("string") || t.name().equals("wstring")) && t.stringBound() == null) {
      problems.add("line " + n + ": string '" + name + "' has no bound; write " + t.name() + "<=N");
    }
  }

  private void constant(Type type, String name, String value, int n) {
    if (!CONSTANT_NAME.matcher(name).matches()) {
      problems.add("line " + n + ": constant name '" + name + "' must be upper case");
    }
    if (type == null) {
      return;
    }
    if (!type.primitive() || type.array() != null) {
      problems.add("line " + n + ": constant " + name + " must have a primitive, non-array type");
      return;
    }
    if (value.isEmpty()) {
      problems.add("line " + n + ": constant " + name + " has no value");
      return;
    }
    String problem = valueProblem(type.name(), value);
    if (problem != null) {
      problems.add("line " + n + ": constant " + name + ": " + problem);
    }
  }

  private static String valueProblem(String type, String value) {
    switch (type) {
      case "bool" -> {
        return Set.of("true", "false", "True", "False", "0", "1").contains(value) ? null : "'" + value + "' is not a bool";
      }
      case "float32", "float64" -> {
        try {
          Double.parseDouble(value);
          return null;
        } catch (NumberFormatException e) {
          return "'" + value + "' is not a number";
        }
      }
      case "string", "wstring" -> {
        return null;
      }
      default -> {
        BigInteger v;
        try {
          v = new BigInteger(value);
        } catch (NumberFormatException e) {
          return "'" + value + "' is not an integer";
        }
        boolean unsigned = type.startsWith("u") || type.equals("byte") || type.equals("char");
        int bits = switch (type) {
          case "byte", "char", "int8", "uint8" -> 8;
          case "int16", "uint16" -> 16;
          case "int32", "uint32" -> 32;
          default -> 64;
        };
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
            : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        return v.compareTo(min) < 0 || v.compareTo(max) > 0 ? value + " is out of range for " + type : null;
      }
    }
  }

  /** Cuts a comment, leaving '#' inside quoted string values alone. */
  private static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
