package org.duplexnode.model.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A package's manifest.json (contract section 2.1) as a JSON tree with typed look-ups by dotted
 * path ({@code "llm.hidden_size"}). {@link #problems()} checks that every key the contract
 * requires is there with the right JSON type; the typed getters assume that check passed.
 */
public final class Manifest {
  public static final String FILE_NAME = "manifest.json";
  public static final String FORMAT = "duplex-node-model-package";
  public static final int FORMAT_VERSION = 1;

  private final JsonNode root;

  private Manifest(JsonNode root) {
    this.root = root;
  }

  /** Reads DIR/manifest.json; fails with a message naming the file and the parse error. */
  public static Manifest read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ModelPackageException(FILE_NAME + " not found in " + dir);
    }
    PackagePaths.problem(dir, FILE_NAME).ifPresent(p -> {
      throw new ModelPackageException(FILE_NAME + ": " + p);
    });
    try {
      JsonNode node = new ObjectMapper().readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ModelPackageException(FILE_NAME + " is not a JSON object");
      }
      return new Manifest(node);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new ModelPackageException(FILE_NAME + " is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
          + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ModelPackageException(FILE_NAME + " cannot be read: " + e.getMessage());
    }
  }

  /** The node at a dotted path, or a missing node. */
  public JsonNode at(String path) {
    JsonNode n = root;
    for (String key : path.split("\\.")) {
      n = n.path(key);
    }
    return n;
  }

  public boolean has(String path) {
    return !at(path).isMissingNode() && !at(path).isNull();
  }

  public int intAt(String path) {
    return at(path).intValue();
  }

  public double numberAt(String path) {
    return at(path).doubleValue();
  }

  public String textAt(String path) {
    return at(path).textValue();
  }

  public int[] intsAt(String path) {
    JsonNode a = at(path);
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).intValue();
    }
    return out;
  }

  /** A size the contract refers to by path ({@code "llm.num_layers"}), if the manifest has it as an integer. */
  public OptionalLong size(String path) {
    JsonNode n = at(path);
    return n.isIntegralNumber() ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
  }

  /** Graph names listed under {@code graphs}, in manifest order. */
  public List<String> graphNames() {
    List<String> names = new ArrayList<>();
    at("graphs").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Files listed under {@code files}: relative path to {bytes, sha256}. */
  public List<Map.Entry<String, JsonNode>> files() {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = at("files").fields();
    it.forEachRemaining(out::add);
    return out;
  }

  public TableEntry table(String path) {
    JsonNode t = at(path);
    JsonNode shape = t.path("shape");
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).longValue();
    }
    return new TableEntry(path, t.path("file").textValue(), t.path("dtype").textValue(), dims);
  }

  /** Paths of every table entry: embeddings, noise and voice. */
  public List<String> tablePaths() {
    List<String> paths = new ArrayList<>();
    for (String name : ManifestKeys.EMBEDDING_TABLES) {
      paths.add("embeddings.tables." + name);
    }
    paths.add("token2wav.noise");
    for (String name : ManifestKeys.VOICE_TABLES) {
      paths.add("token2wav.voice." + name);
    }
    return paths;
  }

  /**
   * Every missing or mistyped key, every number outside its bounds ({@link ManifestBounds}), and
   * every value the contract fixes that differs (section 6, rule 4).
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!FORMAT.equals(at("format").textValue())) {
      problems.add(FILE_NAME + ": format is " + at("format") + ", expected \"" + FORMAT + "\"");
    }
    if (at("format_version").intValue() != FORMAT_VERSION || !at("format_version").isIntegralNumber()) {
      problems.add(FILE_NAME + ": format_version is " + at("format_version") + ", this runtime knows "
          + FORMAT_VERSION);
    }
    ManifestKeys.REQUIRED.forEach((path, kind) -> {
      String p = kind.problem(at(path));
      if (p != null) {
        problems.add(FILE_NAME + ": " + path + " " + p);
      }
    });
    for (String path : tablePaths()) {
      if (at(path).isObject()) {
        problems.addAll(TableEntry.problems(path, at(path)));
      }
    }
    problems.addAll(ManifestBounds.problems(this));
    problems.addAll(Token2WavCacheWindows.problems(this));
    ManifestKeys.RELEASE_VALUES.forEach((path, value) -> {
      JsonNode n = at(path);
      if (n.isIntegralNumber() && n.longValue() != value) {
        problems.add(FILE_NAME + ": " + path + " is " + n.longValue() + ", the contract fixes " + value);
      }
    });
    return problems;
  }
}
