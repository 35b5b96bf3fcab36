package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The paths manifest.json names (graphs, tokenizer, bad-token list, tables, the {@code files}
 * list) must stay inside the package folder: normalised, and with symbolic links resolved, each
 * lies under the folder. They are checked before any of them is opened, so a manifest cannot make
 * the node read (and echo in an error) a file elsewhere on the machine.
 */
final class PackagePaths {
  private PackagePaths() {}

  /** Each path the manifest names, by the key that names it ({@code "tokenizer.file"}, {@code "files[a/b]"}). */
  static Map<String, String> named(Manifest m) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String g : m.graphNames()) {
      for (String key : List.of("file", "onnx")) {
        JsonNode f = m.at("graphs." + g + "." + key);
        if (f.isTextual()) {
          out.put("graphs." + g + "." + key, f.textValue());
        }
      }
    }
    for (String key : List.of("tokenizer.file", "tokenizer.config_file", "llm.bad_token_ids_file")) {
      if (m.at(key).isTextual()) {
        out.put(key, m.textAt(key));
      }
    }
    for (String path : m.tablePaths()) {
      if (m.at(path + ".file").isTextual()) {
        out.put(path + ".file", m.textAt(path + ".file"));
      }
    }
    for (Map.Entry<String, JsonNode> e : m.files()) {
      out.put("files[" + e.getKey() + "]", e.getKey());
    }
    return out;
  }

  /** One line per named path that leaves the package; nothing is opened. */
  static List<String> problems(Path dir, Manifest m) {
    List<String> problems = new ArrayList<>();
    named(m).forEach((key, rel) -> problem(dir, rel).ifPresent(p -> problems.add(Manifest.FILE_NAME + ": " + key
        + " " + p)));
    return problems;
  }

  /** Why {@code rel} is not a path inside {@code dir}, if it is not. Follows links but opens nothing. */
  static Optional<String> problem(Path dir, String rel) {
    String shown = "\"" + (rel.length() > 80 ? rel.substring(0, 77) + "..." : rel) + "\"";
    Path relative;
    try {
      relative = Path.of(rel);
    } catch (InvalidPathException e) {
      return Optional.of(shown + " is not a valid path");
    }
    if (rel.isEmpty() || relative.isAbsolute() || relative.getRoot() != null) {
      return Optional.of(shown + " is not a path relative to the package folder");
    }
    Path root = dir.toAbsolutePath().normalize();
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      return Optional.of(shown + " leaves the package folder");
    }
    if (Files.exists(p)) {
      try {
        if (!p.toRealPath().startsWith(root.toRealPath())) {
          return Optional.of(shown + " is a link to a file outside the package folder");
        }
      } catch (IOException e) {
        return Optional.of(shown + " cannot be resolved: " + e.getClass().getSimpleName());
      }
    }
    return Optional.empty();
  }
}
