package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class TokenizerIdsTest {
  private static final String ADDED = "\"added_tokens\": [{\"id\": 7, \"content\": \"<a>\", \"special\": true},"
      + " {\"id\": 8, \"content\": \"<b>\", \"special\": false}]";
  private static final String MODEL = "\"model\": {\"type\": \"BPE\", \"vocab\": {\"x\": 0, \"y\": 1},"
      + " \"merges\": [\"x y\", [\"a\", \"b\"]]}";

  @TempDir
  Path dir;

  private Manifest manifest(int... specialIds) throws Exception {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < specialIds.length; i++) {
      ids.append(i == 0 ? "" : ", ").append("\"t").append(i).append("\": ").append(specialIds[i]);
    }
    Files.writeString(dir.resolve(Manifest.FILE_NAME), "{\"format\": \"" + Manifest.FORMAT
        + "\", \"format_version\": " + Manifest.FORMAT_VERSION + ", \"tokenizer\": {\"file\": \"tokenizer.json\"},"
        + " \"special_tokens\": {" + ids + "}, \"tts\": {}}");
    return Manifest.read(dir);
  }

  @Test
  void specialAddedTokensPassAndOthersAreNamed() throws Exception {
    Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"truncation\": null, "
        + ADDED + ", " + MODEL + "}");
    assertThat(TokenizerIds.problems(dir, manifest(7))).isEmpty();
    assertThat(TokenizerIds.problems(dir, manifest(7, 8, 9)))
        .containsExactly("tokenizer.json: id 8 (t1) is not a special added token",
            "tokenizer.json: id 9 (t2) is not a special added token");
  }

  @Test
  void addedTokensAfterTheVocabularyAreStillFound() throws Exception {
    Files.writeString(dir.resolve("tokenizer.json"), "{" + MODEL + ", " + ADDED + "}");
    assertThat(TokenizerIds.problems(dir, manifest(7))).isEmpty();
    assertThat(TokenizerIds.problems(dir, manifest(8))).hasSize(1);
  }

  @Test
  void noAddedTokensOrBrokenJsonAreProblemsNotCrashes() throws Exception {
    Files.writeString(dir.resolve("tokenizer.json"), "{" + MODEL + "}");
    assertThat(TokenizerIds.problems(dir, manifest(7))).hasSize(1);
    Files.writeString(dir.resolve("tokenizer.json"), "[1, 2]");
    assertThat(TokenizerIds.problems(dir, manifest(7))).singleElement().asString()
        .contains("cannot be read as JSON");
    Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"vocab\": ");
    assertThat(TokenizerIds.problems(dir, manifest(7))).singleElement().asString()
        .contains("cannot be read as JSON");
  }
}
