package org.duplexnode.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * token2wav.cache_policy and its keys: absent means the contract's last rows (the tiny package);
 * "prompt_and_recent" needs the prompt's frames and voice tables that hold the whole prompt, and a
 * package that breaks that is refused when it opens, naming the key.
 */
@Tag("integration")
class Token2WavCacheWindowsTest {
  @TempDir
  Path tmp;

  @Test
  void theTinyPackageKeepsTheLastRows() {
    assertThat(Token2WavCacheWindows.of(Manifest.read(TinyPackage.DIR))).isEqualTo(Token2WavCacheWindows.LAST);
  }

  @Test
  void theReleasePolicyReadsThePromptAndDefaultsToTheReleasesHundredRecentRows() throws Exception {
    Path pkg = TinyPackage.copyTo(tmp.resolve("pkg"));
    ManifestEdits.set(pkg, Token2WavCacheWindows.POLICY, "\"prompt_and_recent\"");
    ManifestEdits.set(pkg, Token2WavCacheWindows.PROMPT_FRAMES, "50");
    assertThat(Token2WavCacheWindows.of(Manifest.read(pkg))).isEqualTo(new Token2WavCacheWindows(true, 50, 100));
    ManifestEdits.set(pkg, Token2WavCacheWindows.KEEP_RECENT, "20");
    assertThat(Token2WavCacheWindows.of(Manifest.read(pkg)).keepRecent()).isEqualTo(20);
    try (ModelPackage opened = ModelPackage.open(pkg)) {
      assertThat(opened.manifest().textAt(Token2WavCacheWindows.POLICY)).isEqualTo("prompt_and_recent");
    }
  }

  @Test
  void wrongPolicyKeysAreRefusedWhenThePackageOpens() throws Exception {
    Path pkg = TinyPackage.copyTo(tmp.resolve("pkg"));
    ManifestEdits.set(pkg, Token2WavCacheWindows.POLICY, "\"everything\"");
    assertThat(ManifestBoundsTest.problemsOpening(pkg)).containsExactly("manifest.json: token2wav.cache_policy is "
        + "\"everything\", expected \"last_rows\" or \"prompt_and_recent\"");

    ManifestEdits.set(pkg, Token2WavCacheWindows.POLICY, "\"prompt_and_recent\"");
    assertThat(ManifestBoundsTest.problemsOpening(pkg)).containsExactly("manifest.json: token2wav.prompt_frames is "
        + "missing (the prompt_and_recent policy needs it)");

    ManifestEdits.set(pkg, Token2WavCacheWindows.PROMPT_FRAMES, "50");
    ManifestEdits.set(pkg, Token2WavCacheWindows.KEEP_RECENT, "-3");
    assertThat(ManifestBoundsTest.problemsOpening(pkg)).containsExactly("manifest.json: token2wav.cache_keep_recent "
        + "is -3, expected an even integer in [2, 1000]");

    // the tiny voice holds a 25-code prompt: 25 encoder rows, 50 up and DiT rows
    ManifestEdits.set(pkg, Token2WavCacheWindows.KEEP_RECENT, "100");
    ManifestEdits.set(pkg, Token2WavCacheWindows.PROMPT_FRAMES, "64");
    List<String> problems = ManifestBoundsTest.problemsOpening(pkg);
    assertThat(problems).hasSize(6).allMatch(p -> p.contains("the prompt_and_recent policy needs the whole prompt"));
    assertThat(problems.get(0)).isEqualTo("manifest.json: token2wav.voice.enc_keys holds 25 rows, the "
        + "prompt_and_recent policy needs the whole prompt: 32 (token2wav.prompt_frames 64)");
  }
}
