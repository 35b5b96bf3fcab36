package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Checks of the files of a package: listed sizes and sha256 (section 2.1 `files`), referenced files, table sizes. */
final class PackageFiles {
  private PackageFiles() {}

  /** Every file the manifest refers to, relative to the package. */
  static List<String> referenced(Manifest m) {
    List<String> files = new ArrayList<>();
    for (String g : m.graphNames()) {
      JsonNode f = m.at("graphs." + g + ".file");
      if (f.isTextual()) {
        files.add(f.textValue());
      }
    }
    for (String key : List.of("tokenizer.file", "tokenizer.config_file", "llm.bad_token_ids_file")) {
      if (m.at(key).isTextual()) {
        files.add(m.textAt(key));
      }
    }
    for (String path : m.tablePaths()) {
      if (m.at(path + ".file").isTextual()) {
        files.add(m.textAt(path + ".file"));
      }
    }
    return files;
  }

  static List<String> problems(Path dir, Manifest m, boolean verifyHashes) {
    List<String> problems = new ArrayList<>();
    Path root = dir.toAbsolutePath().normalize();
    for (String rel : referenced(m)) {
      Path p = root.resolve(rel).normalize();
      if (!p.startsWith(root)) {
        problems.add(rel + ": outside the package");
      } else if (!Files.isRegularFile(p)) {
        problems.add(rel + ": missing (named in " + Manifest.FILE_NAME + ")");
      }
    }
    Set<String> listed = new TreeSet<>();
    for (Map.Entry<String, JsonNode> e : m.files()) {
      String rel = e.getKey();
      listed.add(rel);
      Path p = root.resolve(rel).normalize();
      if (!p.startsWith(root) || !Files.isRegularFile(p)) {
        if (!referenced(m).contains(rel)) {
          problems.add(rel + ": listed in files but missing");
        }
        continue;
      }
      try {
        long size = Files.size(p);
        JsonNode bytes = e.getValue().path("bytes");
        if (bytes.isIntegralNumber() && bytes.longValue() != size) {
          problems.add(rel + ": " + size + " bytes, files says " + bytes.longValue());
        } else if (verifyHashes && e.getValue().path("sha256").isTextual()
            && !sha256(p).equalsIgnoreCase(e.getValue().path("sha256").textValue())) {
          problems.add(rel + ": sha256 differs from files");
        }
      } catch (IOException ex) {
        problems.add(rel + ": cannot be read: " + ex.getMessage());
      }
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(rel -> !rel.equals(Manifest.FILE_NAME) && !listed.contains(rel)).sorted()
          .forEach(rel -> problems.add(rel + ": not listed in files"));
    } catch (IOException ex) {
      problems.add(dir + ": cannot be listed: " + ex.getMessage());
    }
    for (String path : m.tablePaths()) {
      if (!m.at(path).isObject() || !TableEntry.problems(path, m.at(path)).isEmpty()) {
        continue;
      }
      TableEntry t = m.table(path);
      Path p = root.resolve(t.file()).normalize();
      try {
        if (Files.isRegularFile(p) && Files.size(p) != t.byteSize()) {
          problems.add(path + ": " + t.file() + " holds " + Files.size(p) + " bytes, shape and dtype need "
              + t.byteSize());
        }
      } catch (IOException ex) {
        problems.add(t.file() + ": cannot be read: " + ex.getMessage());
      }
    }
    return problems;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
