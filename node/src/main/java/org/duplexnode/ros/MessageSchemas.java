package org.duplexnode.ros;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ros2msg schema text of a message type, as rosbag2 stores it in MCAP: the type's .msg text,
 * then each nested type after a line of 80 '=' and {@code MSG: pkg/Type}. The texts come from the
 * same .msg files the Java classes are generated from (packed in the jar). Standard types are
 * written with their upstream unbounded fields: the node's bounds are its own limits, not part
 * of the ROS definition; duplex_msgs keeps its bounds, which are its definition.
 */
public final class MessageSchemas {
  private static final Pattern FIELD_TYPE = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)?)");
  private static final Set<String> PRIMITIVES = Set.of("bool", "byte", "char", "float32", "float64", "int8", "uint8",
      "int16", "uint16", "int32", "uint32", "int64", "uint64", "string", "wstring");
  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private MessageSchemas() {}

  /** Schema text of {@code pkg/msg/Type}. */
  public static String of(String rosType) {
    return CACHE.computeIfAbsent(rosType, MessageSchemas::build);
  }

  private static String build(String rosType) {
    String[] parts = rosType.split("/");
    String pkg = parts[0];
    String name = parts[parts.length - 1];
    StringBuilder out = new StringBuilder(text(pkg, name));
    Set<String> seen = new LinkedHashSet<>();
    collect(pkg, text(pkg, name), seen);
    for (String dep : seen) {
      String[] d = dep.split("/");
      out.append("\n").append("=".repeat(80)).append("\nMSG: ").append(d[0]).append('/').append(d[1]).append('\n')
          .append(text(d[0], d[1]));
    }
    return out.toString();
  }

  private static void collect(String pkg, String text, Set<String> seen) {
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.contains("=") && !l.contains("<=")) {
        continue;
      }
      Matcher m = FIELD_TYPE.matcher(l);
      if (!m.find()) {
        continue;
      }
      String type = m.group(1);
      if (PRIMITIVES.contains(type)) {
        continue;
      }
      String full;
      if (type.equals("Header")) {
        full = "std_msgs/Header";
      } else {
        full = type.contains("/") ? type : pkg + "/" + type;
      }
      if (seen.add(full)) {
        String[] d = full.split("/");
        collect(d[0], text(d[0], d[1]), seen);
      }
    }
  }

  private static String text(String pkg, String name) {
    String path = "/ros-msg/" + pkg + "/msg/" + name + ".msg";
    try (InputStream in = MessageSchemas.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no message definition " + pkg + "/" + name + " (" + path + ")");
      }
      String t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!pkg.equals("duplex_msgs")) {
        t = t.replaceAll("string<=\\d+", "string").replaceAll("\\[<=\\d+]", "[]").replaceAll("(?m)^#.*\n", "");
      }
      return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
