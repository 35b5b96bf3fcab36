package org.duplexnode.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A ROS 2 parameter file ({@code --params-file}): top-level keys name nodes ({@code /ns/node},
 * {@code node}, or wildcards {@code /**} and {@code *}), each holding {@code ros__parameters};
 * nested maps become dotted names ({@code audio: {rate: 16000}} is {@code audio.rate}).
 */
public final class ParamsFile {
  private static final long MAX_BYTES = 1 << 20;
  private static final YAMLMapper YAML = new YAMLMapper();

  private ParamsFile() {}

  /** The parameters this file sets for the node with the given fully qualified name, in file order. */
  /** Why a file could not be read; the JDK's file errors say only the file's name. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    // YAML errors: their first line says what and where
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m);
  }

  public static Map<String, JsonNode> load(Path file, String fullyQualifiedNodeName) {
    JsonNode root;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ParameterException("parameter file " + file + " is larger than " + MAX_BYTES + " bytes");
      }
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ParameterException("cannot read parameter file " + file + ": " + reason(e), e);
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ParameterException("parameter file " + file + " must map node names to ros__parameters");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode params = e.getValue().get("ros__parameters");
      if (params == null || !params.isObject()) {
        throw new ParameterException("parameter file " + file + ": node '" + e.getKey()
            + "' has no ros__parameters map");
      }
      if (matches(e.getKey(), fullyQualifiedNodeName)) {
        flatten("", params, out);
      }
    }
    return out;
  }

  static boolean matches(String pattern, String fqn) {
    String p = pattern.startsWith("/") ? pattern : "/" + pattern;
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (p.startsWith("/**", i)) {
        regex.append("(/[^/]+)*");
        i += 2;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.matches(regex.toString(), fqn);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        flatten(name, e.getValue(), out);
      } else {
        out.put(name, e.getValue());
      }
    }
  }
}
