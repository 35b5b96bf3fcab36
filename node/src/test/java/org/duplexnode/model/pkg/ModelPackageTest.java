package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.duplexnode.model.spec.SpecialTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the tiny package: tables, tokenizer and ids against the Python side's numbers. */
@Tag("interop")
class ModelPackageTest {
  static final Path GOLDEN = Path.of("../tensorrt-engines/tiny/golden/convo/golden.json");
  static ModelPackage pkg;

  @BeforeAll
  static void open() {
    pkg = ModelPackage.open(TinyPackage.DIR, true);
  }

  @AfterAll
  static void close() {
    pkg.close();
  }

  @Test
  void specialTokensAreTheReleaseIds() {
    assertThat(pkg.specialTokens()).isEqualTo(SpecialTokens.minicpmO45());
    assertThat(Arrays.stream(pkg.badTokenIds()).boxed().toList()).hasSizeGreaterThan(1000)
        .allMatch(id -> id >= 0 && id < 151748);
  }

  @Test
  void theSystemPromptEncodesAsTheReferenceLoopDid() throws IOException {
    JsonNode prepare = new ObjectMapper().readTree(GOLDEN.toFile()).path("prepare");
    int[] prefix = pkg.tokenizer().encode(pkg.systemPrefix(pkg.defaultSystemText()));
    int[] suffix = pkg.tokenizer().encode(pkg.systemSuffix());
    assertThat(prefix).containsExactly(ints(prepare.path("prefix_ids")));
    assertThat(suffix).containsExactly(ints(prepare.path("suffix_ids")));
    assertThat(pkg.tokenizer().decode(prefix)).isEqualTo(
        "system\nStreaming Duplex Conversation! You are a helpful assistant.\n");
  }

  @Test
  void decodingSkipsSpecialTokensAndKeepsCodePoints() {
    int[] ids = pkg.tokenizer().encode("<|speak|> Hello \uD83D\uDE00 there");
    assertThat(ids[0]).isEqualTo(pkg.specialTokens().speak());
    String text = pkg.tokenizer().decode(ids);
    assertThat(text).isEqualTo(" Hello \uD83D\uDE00 there");
    assertThat(text.codePointCount(0, text.length())).isEqualTo(text.length() - 1);
  }

  @Test
  void float16TableRowsEqualNumpys() throws Exception {
    int id = 21927; // " Hello"
    float[] row = pkg.embeddings("llm_embed").row(id);
    float[] numpy = numpyRow(pkg.dir().resolve("llm_embed.f16.bin"), "<f2", 16, id);
    assertThat(row).containsExactly(numpy);
    assertThat(pkg.embeddings("tts_emb_text").width()).isEqualTo(12);
    assertThat(pkg.voice("dit_keys").rows()).isEqualTo(5);
    assertThatThrownBy(() -> pkg.embeddings("tts_emb_code").row(6562))
        .hasMessageContaining("row 6562 outside embeddings.tables.tts_emb_code (6562 rows)");
  }

  @Test
  void openingABrokenPackageListsEveryProblem(@TempDir Path tmp) throws Exception {
    Path copy = TinyPackage.copyTo(tmp.resolve("pkg"));
    Files.delete(copy.resolve("voice/spk.f32.bin"));
    Files.write(copy.resolve("bad_token_ids.json"), "[1,2".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ModelPackage.open(copy))
        .isInstanceOf(ModelPackageException.class)
        .satisfies(e -> assertThat(((ModelPackageException) e).problems()).containsExactly(
            "voice/spk.f32.bin: missing (named in manifest.json)",
            "bad_token_ids.json: 4 bytes, files says 41442"));
  }

  static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).intValue();
    }
    return out;
  }

  /** One row of a raw table as NumPy reads it, printed with float32 repr. */
  static float[] numpyRow(Path file, String dtype, int width, int row) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c",
        "import numpy as np, sys; a = np.fromfile(sys.argv[1], dtype=sys.argv[2]).reshape(-1, int(sys.argv[3]));"
            + "print(' '.join(repr(float(x)) for x in a[int(sys.argv[4])].astype(np.float32)))",
        file.toString(), dtype, Integer.toString(width), Integer.toString(row)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    double[] d = Arrays.stream(out.split(" ")).mapToDouble(Double::parseDouble).toArray();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Test
  void aTokenizerItsLibraryCannotLoadFailsWhenAskedForNamingTheFile(@TempDir Path tmp)
      throws Exception {
    Path dir = TinyPackage.copyTo(tmp);
    Path file = dir.resolve("tokenizer.json");
    byte[] json = Files.readAllBytes(file);
    // the added tokens (read by the package check) stay intact; the vocabulary behind them breaks,
    // keeping the size the manifest records
    int vocab = new String(json, StandardCharsets.ISO_8859_1).indexOf("\"vocab\"");
    assertThat(vocab).isPositive();
    Arrays.fill(json, vocab, vocab + 200, (byte) '{');
    Files.write(file, json);
    try (ModelPackage pkg = ModelPackage.open(dir)) {
      assertThatThrownBy(pkg::tokenizer).isInstanceOf(ModelPackageException.class)
          .hasMessageContaining("tokenizer.json cannot be loaded");
    }
  }
}
