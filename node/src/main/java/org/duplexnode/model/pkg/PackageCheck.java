package org.duplexnode.model.pkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.engine.Engine;
import org.duplexnode.engine.Graph;

/**
 * Everything {@code duplex-node engines check} verifies, collecting every problem instead of
 * stopping at the first: manifest keys and fixed values, file sizes and sha256, table sizes and
 * shapes, the tokenizer's special ids and a round trip of the system prompt, the bad-token list,
 * and each graph loaded on the engine with its ports against the contract.
 */
public final class PackageCheck {
  /** The outcome: problems (empty when the package conforms) and a summary of what was checked. */
  public record Report(List<String> problems, List<String> summary) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private PackageCheck() {}

  public static Report run(Path dir, Engine engine) {
    return run(dir, org.duplexnode.engine.EngineSet.of(engine));
  }

  /** As {@link #run(Path, Engine)}, each graph on the engine of the backend its manifest entry names. */
  public static Report run(Path dir, org.duplexnode.engine.EngineSet engines) {
    if (!Files.isDirectory(dir)) {
      return new Report(List.of(dir + ": not a folder"), List.of());
    }
    Manifest m;
    try {
      m = Manifest.read(dir);
    } catch (ModelPackageException e) {
      return new Report(e.problems(), List.of());
    }
    List<String> problems = new ArrayList<>(m.problems());
    if (problems.isEmpty()) {
      // before anything the manifest names is opened
      problems.addAll(PackagePaths.problems(dir, m));
    }
    if (!problems.isEmpty()) {
      // without the keys, later checks would only repeat the same problems
      return new Report(problems, List.of());
    }
    problems.addAll(PackageFiles.problems(dir, m, true));
    problems.addAll(TableShapes.problems(m));
    problems.addAll(TokenizerIds.problems(dir, m));
    problems.addAll(tokenizerProblems(dir, m));
    Map<String, Graph> loaded = new LinkedHashMap<>();
    for (String name : GraphContract.graphNames()) {
      String file = m.at("graphs." + name + ".file").asText("");
      if (m.at("graphs." + name).isObject() && !Files.isRegularFile(dir.resolve(file))) {
        continue; // already reported as a missing file
      }
      problems.addAll(PackageGraphs.loadOne(dir, m, engines, name, loaded));
    }
    int graphs = loaded.size();
    loaded.values().forEach(Graph::close);
    for (String name : m.graphNames()) {
      if (!GraphContract.graphNames().contains(name)) {
        problems.add(name + ": in " + Manifest.FILE_NAME + " graphs but not a graph of the contract");
      }
    }
    if (!problems.isEmpty()) {
      return new Report(problems, List.of());
    }
    List<String> summary = List.of(
        "package " + dir + ": " + m.textAt("model.name") + " (" + m.textAt("model.family")
            + (m.at("model.random_weights").booleanValue() ? ", random weights" : "") + "), format version "
            + Manifest.FORMAT_VERSION,
        "graphs: " + graphs + " loaded on " + String.join(" and ", loaded.keySet().stream()
            .map(g -> m.at("graphs." + g + ".backend").asText("")).distinct().toList()) + ", inputs and outputs as the contract says",
        "files: " + m.files().size() + " listed, sizes and sha256 verified",
        "tables: " + m.tablePaths().size() + " with their sizes and shapes (embeddings, noise, voice)",
        "tokenizer: " + m.textAt("tokenizer.file") + ", " + m.at("special_tokens").size()
            + " special ids, system prompt round trip",
        "LLM: vocabulary " + m.intAt("llm.vocab_size") + ", hidden " + m.intAt("llm.hidden_size") + ", "
            + m.intAt("llm.num_layers") + " layers; TTS hidden " + m.intAt("tts.hidden_size")
            + "; audio encoder hidden " + m.intAt("audio.encoder.hidden_size"));
    return new Report(List.of(), summary);
  }

  /** The bad-token list must parse, and the system prompt must encode with its special tokens as single ids. */
  private static List<String> tokenizerProblems(Path dir, Manifest m) {
    List<String> problems = new ArrayList<>();
    if (Files.isRegularFile(dir.resolve(m.textAt("llm.bad_token_ids_file")))) {
      try {
        TokenizerIds.badTokenIds(dir, m);
      } catch (ModelPackageException e) {
        problems.addAll(e.problems());
      }
    }
    Path file = dir.resolve(m.textAt("tokenizer.file"));
    if (!Files.isRegularFile(file)) {
      return problems;
    }
    try (PackageTokenizer tokenizer = PackageTokenizer.load(file)) {
      int[] ids = tokenizer.encode(m.textAt("prompt.system_prefix").replace("{text}", m.textAt("prompt.default_text")));
      int imStart = m.intAt("special_tokens.im_start");
      int audioStart = m.intAt("special_tokens.audio_start");
      if (ids.length < 2 || ids[0] != imStart || ids[ids.length - 1] != audioStart) {
        problems.add(m.textAt("tokenizer.file") + ": the system prefix does not encode to <|im_start|> ... "
            + "<|audio_start|> (special tokens not matched as added tokens)");
      }
    } catch (ModelPackageException e) {
      problems.addAll(e.problems());
    }
    return problems;
  }
}
