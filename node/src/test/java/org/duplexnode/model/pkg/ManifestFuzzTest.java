package org.duplexnode.model.pkg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.duplexnode.model.TokenDecoder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the numbers and paths of manifest.json on a copy of the tiny package: a manifest with any
 * values either opens (and then the decoder the node builds from it allocates what the manifest
 * says without failing) or is refused with a {@link ModelPackageException}; nothing else may be
 * thrown.
 *
 * <p>Input layout, repeated: key index (unsigned 16-bit, into {@link #KEYS}), value kind (byte),
 * value (signed 64-bit big-endian). Regression inputs: {@code ManifestFuzzTestInputs/randomValues/}.
 */
@Tag("fuzz")
class ManifestFuzzTest {
  static final int RECORD = 11;
  static final List<String> KEYS = keys();
  private static final Path PACKAGE = packageCopy();
  private static final ObjectNode ORIGINAL = readOriginal();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @FuzzTest(maxDuration = "2m")
  void randomValues(byte[] input) throws IOException {
    ObjectNode m = ORIGINAL.deepCopy();
    ByteBuffer in = ByteBuffer.wrap(input);
    while (in.remaining() >= RECORD) {
      String key = KEYS.get((in.getShort() & 0xffff) % KEYS.size());
      int kind = in.get() & 0xff;
      long v = in.getLong();
      set(m, key, value(kind, v));
    }
    ManifestEdits.write(PACKAGE, m);
    try (ModelPackage pkg = ModelPackage.open(PACKAGE)) {
      new TokenDecoder(pkg.specialTokens(), pkg.decodeOptions(false, 1), pkg.badTokenIds());
      pkg.ttsOptions(false, 1);
      for (String table : pkg.manifest().tablePaths()) {
        pkg.table(table).row(0);
      }
    } catch (ModelPackageException expected) {
      // a documented refusal, naming the key
    }
  }

  /** The reported crashes and random mixtures (seeded) through the fuzz target, as a plain test. */
  @Test
  void reportedCrashesAndRandomManifestsAreRefusedOrLoad() throws IOException {
    randomValues(record("llm.max_positions", 0, 1_000_000_000_000L));
    randomValues(record("decoding.top_k", 0, 2_000_000_000L));
    randomValues(record("decoding.repetition_window", 0, 2_000_000_000L));
    randomValues(record("tts.max_positions", 0, 2_000_000_000L));
    randomValues(record("embeddings.tables.llm_embed.shape[0]", 4, 62));
    randomValues(record("llm.bad_token_ids_file", 5, 0));
    SplittableRandom random = new SplittableRandom(20261206);
    for (int run = 0; run < 25; run++) {
      ByteBuffer input = ByteBuffer.allocate(RECORD * (1 + random.nextInt(4)));
      while (input.hasRemaining()) {
        input.putShort((short) random.nextInt(KEYS.size())).put((byte) random.nextInt(8)).putLong(random.nextLong());
      }
      randomValues(input.array());
    }
  }

  static byte[] record(String key, int kind, long value) {
    return ByteBuffer.allocate(RECORD).putShort((short) KEYS.indexOf(key)).put((byte) kind).putLong(value).array();
  }

  /** A number of any size and sign, a real, a path, or a list, from the kind byte. */
  static JsonNode value(int kind, long v) {
    return switch (kind % 8) {
      case 0 -> NODES.numberNode(v);
      case 1 -> NODES.numberNode(BigInteger.valueOf(v).shiftLeft(64));
      case 2 -> NODES.numberNode(Double.longBitsToDouble(v));
      case 3 -> NODES.numberNode(v % 1000);
      case 4 -> NODES.numberNode(1L << (v & 63));
      case 5 -> NODES.textNode((v & 1) == 0 ? "../" + v : "/tmp/" + v);
      case 6 -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < (v & 7); i++) {
          a.add(v >> (8 * i));
        }
        yield a;
      }
      default -> NODES.nullNode();
    };
  }

  /** Sets a dotted key, where {@code shape[i]} is an element of a list. */
  static void set(ObjectNode m, String key, JsonNode value) {
    int bracket = key.indexOf('[');
    if (bracket < 0) {
      ManifestEdits.set(m, key, value);
      return;
    }
    JsonNode list = m;
    for (String k : key.substring(0, bracket).split("\\.")) {
      list = list.path(k);
    }
    int index = Integer.parseInt(key.substring(bracket + 1, key.length() - 1));
    if (list instanceof ArrayNode a && index < a.size()) {
      a.set(index, value);
    }
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    ManifestKeys.REQUIRED.forEach((path, kind) -> {
      if (kind != ManifestKeys.Kind.OBJECT && kind != ManifestKeys.Kind.TABLE) {
        keys.add(path);
      }
    });
    for (String table : List.of("embeddings.tables.llm_embed", "token2wav.noise", "token2wav.voice.dit_keys")) {
      keys.add(table + ".file");
      for (int i = 0; i < 6; i++) {
        keys.add(table + ".shape[" + i + "]");
      }
    }
    for (int i = 0; i < 3; i++) {
      keys.add("token2wav.initial_buffer[" + i + "]");
    }
    return List.copyOf(keys);
  }

  private static Path packageCopy() {
    try {
      Path dir = Files.createTempDirectory("manifest-fuzz");
      dir.toFile().deleteOnExit();
      return TinyPackage.copyTo(dir.resolve("pkg"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode readOriginal() {
    try {
      return ManifestEdits.read(TinyPackage.DIR);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
