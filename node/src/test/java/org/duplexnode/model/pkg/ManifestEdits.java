package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** Changes a key of a package copy's manifest.json by its dotted path. */
final class ManifestEdits {
  static final ObjectMapper JSON = new ObjectMapper();

  private ManifestEdits() {}

  static ObjectNode read(Path pkg) throws IOException {
    return (ObjectNode) JSON.readTree(pkg.resolve(Manifest.FILE_NAME).toFile());
  }

  static void write(Path pkg, ObjectNode manifest) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(pkg.resolve(Manifest.FILE_NAME).toFile(), manifest);
  }

  /** Sets {@code path} ({@code "llm.max_positions"}) to {@code valueJson} (JSON text). */
  static void set(Path pkg, String path, String valueJson) throws IOException {
    ObjectNode m = read(pkg);
    set(m, path, JSON.readTree(valueJson));
    write(pkg, m);
  }

  static void set(ObjectNode manifest, String path, JsonNode value) {
    String[] keys = path.split("\\.");
    ObjectNode parent = manifest;
    for (int i = 0; i < keys.length - 1; i++) {
      parent = (ObjectNode) parent.get(keys[i]);
    }
    parent.set(keys[keys.length - 1], value);
  }
}
