package org.duplexnode.model.pkg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.duplexnode.engine.Engine;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.SpecialTokens;
import org.duplexnode.model.spec.TtsOptions;

/**
 * An opened model package (docs/model-contract.md): the checked manifest, the memory-mapped
 * host tables, the tokenizer, special tokens and bad-token ids. {@link #open} fails with a
 * {@link ModelPackageException} listing every problem it finds; {@link #loadGraphs} does the same
 * for the graphs. The tokenizer loads in the background; a tokenizer.json that its library cannot
 * load fails {@link #tokenizer} (which {@code DuplexModel.open} calls) with a
 * {@link ModelPackageException}. Close it to release the tokenizer.
 */
public final class ModelPackage implements AutoCloseable {
  private final Path dir;
  private final Manifest manifest;
  private final Map<String, HostTable> tables = new LinkedHashMap<>();
  /**
   * Loaded on a thread of its own from the constructor on: the tokenizer (about half a second)
   * and the graphs (about a second, loaded next by the caller) are the two largest parts of the
   * node's start-up and do not depend on each other.
   */
  private final CompletableFuture<PackageTokenizer> tokenizer;
  private final int[] badTokenIds;

  private ModelPackage(Path dir, Manifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
    for (String path : manifest.tablePaths()) {
      tables.put(path, HostTable.map(dir, manifest.table(path)));
    }
    this.badTokenIds = TokenizerIds.badTokenIds(dir, manifest);
    Path tokenizerFile = dir.resolve(manifest.textAt("tokenizer.file"));
    this.tokenizer = CompletableFuture.supplyAsync(() -> PackageTokenizer.load(tokenizerFile), task -> {
      Thread t = new Thread(task, "tokenizer-load");
      t.setDaemon(true);
      t.start();
    });
  }

  /** Opens a package checking file sizes but not sha256 (see {@link #open(Path, boolean)}). */
  public static ModelPackage open(Path dir) {
    return open(dir, false);
  }

  /**
   * Opens and checks a package: manifest keys, their bounds and fixed values, the paths it names
   * (all inside the package, checked before any is opened), files (sizes, and sha256 when
   * {@code verifyHashes}), table sizes and shapes, the tokenizer's special ids.
   */
  public static ModelPackage open(Path dir, boolean verifyHashes) {
    Manifest m = Manifest.read(dir);
    List<String> problems = new ArrayList<>(m.problems());
    if (problems.isEmpty()) {
      problems.addAll(PackagePaths.problems(dir, m));
    }
    if (problems.isEmpty()) {
      problems.addAll(PackageFiles.problems(dir, m, verifyHashes));
      problems.addAll(TableShapes.problems(m));
      problems.addAll(TokenizerIds.problems(dir, m));
    }
    if (!problems.isEmpty()) {
      throw new ModelPackageException(problems);
    }
    return new ModelPackage(dir, m);
  }

  /** Loads the ten graphs on {@code engine} and checks their ports against the contract. */
  public PackageGraphs loadGraphs(Engine engine) {
    return PackageGraphs.load(this, org.duplexnode.engine.EngineSet.of(engine));
  }

  /** Loads each graph on the engine of the backend its manifest entry names. */
  public PackageGraphs loadGraphs(org.duplexnode.engine.EngineSet engines) {
    return PackageGraphs.load(this, engines);
  }

  public Path dir() {
    return dir;
  }

  public Manifest manifest() {
    return manifest;
  }

  public String name() {
    return manifest.textAt("model.name");
  }

  /** A table by its manifest path, e.g. {@code "embeddings.tables.llm_embed"} or {@code "token2wav.voice.spk"}. */
  public HostTable table(String path) {
    HostTable t = tables.get(path);
    if (t == null) {
      throw new IllegalArgumentException("no table " + path);
    }
    return t;
  }

  public HostTable embeddings(String name) {
    return table("embeddings.tables." + name);
  }

  public HostTable voice(String name) {
    return table("token2wav.voice." + name);
  }

  /** Waits for the tokenizer; rethrows its load failure (a {@link ModelPackageException}). */
  public PackageTokenizer tokenizer() {
    try {
      return tokenizer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  public int[] badTokenIds() {
    return badTokenIds.clone();
  }

  public SpecialTokens specialTokens() {
    String s = "special_tokens.";
    return new SpecialTokens(id(s + "unit"), id(s + "unit_end"), id(s + "listen"), id(s + "speak"),
        id(s + "tts_bos"), id(s + "tts_eos"), id(s + "turn_eos"), id(s + "chunk_eos"), id(s + "chunk_tts_eos"),
        id(s + "tts_pad"), id(s + "audio_start"), id(s + "audio_end"), id(s + "image_start"),
        id(s + "image_end"), id(s + "im_start"), id(s + "im_end"), id(s + "endoftext"));
  }

  /** The manifest's decoding defaults; greedy or seeded sampling. */
  public DecodeOptions decodeOptions(boolean greedy, long seed) {
    String d = "decoding.";
    return new DecodeOptions(greedy, manifest.numberAt(d + "temperature"), id(d + "top_k"),
        manifest.numberAt(d + "top_p"), manifest.numberAt(d + "repetition_penalty"), id(d + "repetition_window"),
        manifest.numberAt(d + "turn_eos_length_penalty"), id(d + "force_listen_count"),
        id(d + "max_new_speak_tokens_per_unit"), id(d + "max_unit_text_chars"), seed);
  }

  /** The manifest's TTS sampling settings; greedy or seeded sampling. */
  public TtsOptions ttsOptions(boolean greedy, long seed) {
    String t = "tts.";
    return new TtsOptions(id(t + "audio_bos_token_id"), id(t + "audio_eos_code"), id(t + "codes_per_unit"),
        manifest.numberAt(t + "temperature"), manifest.numberAt(t + "repetition_penalty"),
        id(t + "repetition_window"), greedy, seed);
  }

  /** The system prompt's prefix with {@code text} in place of {@code {text}}. */
  public String systemPrefix(String text) {
    return manifest.textAt("prompt.system_prefix").replace("{text}", text);
  }

  public String systemSuffix() {
    return manifest.textAt("prompt.system_suffix");
  }

  public String defaultSystemText() {
    return manifest.textAt("prompt.default_text");
  }

  private int id(String path) {
    return manifest.intAt(path);
  }

  @Override
  public void close() {
    PackageTokenizer loaded = tokenizer.handle((t, failure) -> t).join();
    if (loaded != null) {
      loaded.close();
    }
  }
}
