package org.duplexnode.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves launch substitutions ({@code $(var x)}, {@code $(dirname)},
 * {@code $(find-pkg-prefix pkg)}) the way ROS 2 launch does for the launch files of this project:
 * arguments are evaluated in declaration order, a caller's value winning over the default. Any
 * other substitution is an error, so a launch file cannot use one the tests do not understand.
 */
final class Substitutions {
  private final Path launchFileDir;
  private final Map<String, Path> packagePrefixes;
  private final Map<String, String> values = new LinkedHashMap<>();

  Substitutions(Path launchFileDir, Map<String, Path> packagePrefixes) {
    this.launchFileDir = launchFileDir;
    this.packagePrefixes = Map.copyOf(packagePrefixes);
  }

  /** Evaluates the file's arguments in order; {@code given} are the caller's name:=value pairs. */
  Map<String, String> declare(List<LaunchOutline.Argument> arguments, Map<String, String> given) {
    for (LaunchOutline.Argument a : arguments) {
      String value = given.containsKey(a.name()) ? given.get(a.name())
          : a.defaultValue() == null ? null : resolve(a.defaultValue());
      if (value == null) {
        throw new IllegalArgumentException("launch argument '" + a.name() + "' has no default and was not given");
      }
      values.put(a.name(), value);
    }
    for (String name : given.keySet()) {
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("no launch argument named '" + name + "'");
      }
    }
    return Map.copyOf(values);
  }

  List<String> resolveAll(List<String> texts) {
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      out.add(resolve(t));
    }
    return out;
  }

  String resolve(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("$(", i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      int end = closingParenthesis(text, start + 2);
      out.append(evaluate(text.substring(start + 2, end).trim()));
      i = end + 1;
    }
    return out.toString();
  }

  private static int closingParenthesis(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed substitution in '" + text + "'");
  }

  private String evaluate(String body) {
    String[] parts = resolve(body).split("\\s+");
    switch (parts[0]) {
      case "var" -> {
        String v = parts.length == 2 ? values.get(parts[1]) : null;
        if (v == null) {
          throw new IllegalArgumentException("$(" + body + ") names no argument declared before it");
        }
        return v;
      }
      case "dirname" -> {
        return launchFileDir.toString();
      }
      case "find-pkg-prefix" -> {
        Path prefix = parts.length == 2 ? packagePrefixes.get(parts[1]) : null;
        if (prefix == null) {
          throw new IllegalArgumentException("$(" + body + "): package not known to the test");
        }
        return prefix.toString();
      }
      default -> throw new IllegalArgumentException("substitution $(" + body + ") is not supported");
    }
  }
}
