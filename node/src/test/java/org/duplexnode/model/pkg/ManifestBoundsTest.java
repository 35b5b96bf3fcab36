package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers in manifest.json that the node could not load with (a negative size, an allocation
 * beyond memory, a byte count that overflows) are refused when the package opens, naming the key
 * and the bound; paths that leave the package are refused before anything is opened.
 */
@Tag("integration")
class ManifestBoundsTest {
  @TempDir
  Path tmp;

  Path copy() throws Exception {
    return TinyPackage.copyTo(tmp.resolve("pkg"));
  }

  static List<String> problemsOpening(Path pkg) {
    try (ModelPackage opened = ModelPackage.open(pkg)) {
      throw new AssertionError("opened " + opened.name());
    } catch (ModelPackageException e) {
      return e.problems();
    }
  }

  @Test
  void llmPositionsBeyondTheBoundAreRefused() throws Exception {
    Path pkg = copy();
    ManifestEdits.set(pkg, "llm.max_positions", "1000000000000");
    assertThat(problemsOpening(pkg)).containsExactly(
        "manifest.json: llm.max_positions = 1000000000000 is above the bound 1048576");
  }

  @Test
  void topKAboveTheVocabularyIsRefused() throws Exception {
    Path pkg = copy();
    ManifestEdits.set(pkg, "decoding.top_k", "2000000000");
    assertThat(problemsOpening(pkg)).containsExactly(
        "manifest.json: decoding.top_k = 2000000000 is above the bound 151748 (llm.vocab_size)");
  }

  @Test
  void aRepetitionWindowBeyondThePositionsIsRefused() throws Exception {
    Path pkg = copy();
    ManifestEdits.set(pkg, "decoding.repetition_window", "2000000000");
    assertThat(problemsOpening(pkg)).containsExactly(
        "manifest.json: decoding.repetition_window = 2000000000 is above the bound 40960 (llm.max_positions)");
  }

  @Test
  void ttsPositionsBeyondTheBoundAreRefused() throws Exception {
    Path pkg = copy();
    ManifestEdits.set(pkg, "tts.max_positions", "2000000000");
    assertThat(problemsOpening(pkg)).containsExactly(
        "manifest.json: tts.max_positions = 2000000000 is above the bound 1048576");
  }

  @Test
  void aCacheThatFitsNoBufferIsRefusedWithItsSize() throws Exception {
    Path pkg = copy();
    ManifestEdits.set(pkg, "tts.max_positions", "1048576");
    ManifestEdits.set(pkg, "tts.head_dim", "65536");
    assertThat(problemsOpening(pkg)).contains("manifest.json: the TTS KV cache (tts.max_positions 1048576"
        + " x tts.num_layers 2 x tts.num_kv_heads 2 x tts.head_dim 65536 x 4 bytes) needs 1099511627776 bytes,"
        + " above the bound 2147483647 (one buffer)");
  }

  @Test
  void aTableShapeWhoseBytesOverflowIsRefusedNamingTheTable() throws Exception {
    Path pkg = copy();
    ManifestEdits.set(pkg, "embeddings.tables.llm_embed.shape", "[4611686018427387904, 4]");
    assertThat(problemsOpening(pkg)).containsExactly(
        "manifest.json: embeddings.tables.llm_embed.shape [4611686018427387904,4] has a dimension"
            + " 4611686018427387904, above the bound 2147483647");
    ManifestEdits.set(pkg, "embeddings.tables.llm_embed.shape", "[1073741824, 1073741824]");
    assertThat(problemsOpening(pkg)).containsExactly(
        "manifest.json: embeddings.tables.llm_embed.shape [1073741824,1073741824] needs 2305843009213693952"
            + " bytes, above the bound 2147483647 (one memory mapping)");
  }

  @Test
  void integersBeyondSixtyFourBitsAndNegativeOnesAreRefused() throws Exception {
    Path pkg = copy();
    ManifestEdits.set(pkg, "audio.hop_length", "123456789012345678901234567890");
    ManifestEdits.set(pkg, "special_tokens.unit", "-1");
    // Jackson would write an infinite double as the text "Infinity": edit the text itself
    Path manifest = pkg.resolve("manifest.json");
    String text = Files.readString(manifest);
    assertThat(text).contains("\"temperature\" : 0.7");
    Files.writeString(manifest, text.replace("\"temperature\" : 0.7", "\"temperature\" : 1e999"));
    assertThat(problemsOpening(pkg)).contains(
        "manifest.json: audio.hop_length = 123456789012345678901234567890 is above the bound 1048576",
        "manifest.json: special_tokens.unit = -1 is below the bound 0");
    assertThat(problemsOpening(pkg)).anyMatch(p -> p.startsWith("manifest.json: decoding.temperature = ")
        && p.contains("is outside the bounds"));
  }

  @Test
  void chunkLengthsThatWouldOverflowTheUnitSampleCountAreRefused() throws Exception {
    Path pkg = copy();
    // token2wav.sample_rate x chunk_ms / 1000 is the unit's output samples, in int arithmetic
    ManifestEdits.set(pkg, "audio.chunk_ms", "100000");
    assertThat(problemsOpening(pkg)).containsExactly(
        "manifest.json: audio.chunk_ms = 100000 is above the bound 60000");
  }

  @Test
  void aPathOutsideThePackageIsRefusedWithoutBeingOpened() throws Exception {
    Path pkg = copy();
    Files.writeString(tmp.resolve("secret.json"), "SECRET_FIRST_TOKEN:x:0:0", StandardCharsets.UTF_8);
    ManifestEdits.set(pkg, "llm.bad_token_ids_file", "\"../secret.json\"");
    ManifestEdits.set(pkg, "tokenizer.file", "\"" + tmp.resolve("secret.json").toAbsolutePath() + "\"");
    List<String> problems = problemsOpening(pkg);
    assertThat(problems).contains(
        "manifest.json: llm.bad_token_ids_file \"../secret.json\" leaves the package folder");
    assertThat(problems).anyMatch(p -> p.startsWith("manifest.json: tokenizer.file \"/")
        && p.endsWith("is not a path relative to the package folder"));
    assertThat(String.join("\n", problems)).doesNotContain("SECRET_FIRST_TOKEN");
  }

  @Test
  void aLinkThatResolvesOutsideThePackageIsRefused() throws Exception {
    Path pkg = copy();
    Files.writeString(tmp.resolve("secret.json"), "SECRET_FIRST_TOKEN:x:0:0", StandardCharsets.UTF_8);
    Files.delete(pkg.resolve("bad_token_ids.json"));
    Files.createSymbolicLink(pkg.resolve("bad_token_ids.json"), tmp.resolve("secret.json").toAbsolutePath());
    List<String> problems = problemsOpening(pkg);
    assertThat(problems).containsExactly(
        "manifest.json: llm.bad_token_ids_file \"bad_token_ids.json\" is a link to a file outside the package folder",
        "manifest.json: files[bad_token_ids.json] \"bad_token_ids.json\" is a link to a file outside the package folder");
  }

  @Test
  void aManifestThatLinksOutsideThePackageIsNotRead() throws Exception {
    Path pkg = copy();
    Files.writeString(tmp.resolve("secret.json"), "SECRET_FIRST_TOKEN:x:0:0", StandardCharsets.UTF_8);
    Files.delete(pkg.resolve("manifest.json"));
    Files.createSymbolicLink(pkg.resolve("manifest.json"), tmp.resolve("secret.json").toAbsolutePath());
    assertThatThrownBy(() -> ModelPackage.open(pkg)).isInstanceOf(ModelPackageException.class)
        .hasMessage("manifest.json: \"manifest.json\" is a link to a file outside the package folder");
  }

  @Test
  void theTinyPackageIsWithinEveryBound() throws Exception {
    assertThat(ManifestBounds.problems(Manifest.read(TinyPackage.DIR))).isEmpty();
    assertThat(PackagePaths.problems(TinyPackage.DIR, Manifest.read(TinyPackage.DIR))).isEmpty();
  }
}
