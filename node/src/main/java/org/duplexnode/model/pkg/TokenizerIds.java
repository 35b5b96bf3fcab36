package org.duplexnode.model.pkg;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks tokenizer.json's added tokens (contract 2.2) and reads the bad-token list. */
final class TokenizerIds {
  private TokenizerIds() {}

  /** Every special id of the manifest (and the TTS ids) must be an added token marked special. */
  static List<String> problems(Path dir, Manifest m) {
    if (!m.at("tokenizer.file").isTextual()) {
      return List.of();
    }
    String file = m.textAt("tokenizer.file");
    Map<Integer, Boolean> added = new HashMap<>();
    try {
      for (JsonNode t : addedTokens(dir.resolve(file))) {
        added.put(t.path("id").intValue(), t.path("special").booleanValue());
      }
    } catch (IOException e) {
      return List.of(file + ": cannot be read as JSON: " + e.getMessage());
    }
    Map<String, JsonNode> ids = new LinkedHashMap<>();
    m.at("special_tokens").fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue()));
    ids.put("tts.audio_bos_token_id", m.at("tts.audio_bos_token_id"));
    ids.put("tts.text_eos_token_id", m.at("tts.text_eos_token_id"));
    List<String> problems = new ArrayList<>();
    ids.forEach((name, id) -> {
      if (id.isIntegralNumber() && !Boolean.TRUE.equals(added.get(id.intValue()))) {
        problems.add(file + ": id " + id.intValue() + " (" + name + ") is not a special added token");
      }
    });
    return problems;
  }

  /**
   * The root's "added_tokens" array (missing: empty), read with a streaming parser that stops
   * there: tokenizer.json writes it before the 151k-entry vocabulary and merges, which a tree
   * parse would build in full (the largest cost of the node's start-up).
   */
  private static JsonNode addedTokens(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    try (JsonParser p = mapper.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(p, "the root is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("added_tokens")) {
          JsonNode tokens = mapper.readTree(p);
          return tokens == null ? mapper.createArrayNode() : tokens;
        }
        p.skipChildren();
      }
      return mapper.createArrayNode();
    }
  }

  /** The ids of bad_token_ids.json; fails naming the file when it is not a list of ids below {@code vocab}. */
  static int[] badTokenIds(Path dir, Manifest m) {
    String file = m.textAt("llm.bad_token_ids_file");
    try {
      JsonNode a = new ObjectMapper().readTree(dir.resolve(file).toFile());
      if (a == null || !a.isArray()) {
        throw new ModelPackageException(file + ": expected a JSON array of token ids");
      }
      int vocab = m.intAt("llm.vocab_size");
      int[] out = new int[a.size()];
      for (int i = 0; i < out.length; i++) {
        JsonNode e = a.get(i);
        if (!e.isIntegralNumber() || e.intValue() < 0 || e.intValue() >= vocab) {
          throw new ModelPackageException(file + ": entry " + i + " is " + e + ", not an id below " + vocab);
        }
        out[i] = e.intValue();
      }
      return out;
    } catch (IOException e) {
      throw new ModelPackageException(file + ": cannot be read as JSON: " + e.getMessage());
    }
  }
}
