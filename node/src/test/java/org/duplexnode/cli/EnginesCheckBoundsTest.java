package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.duplexnode.model.pkg.TinyPackage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duplex-node engines check} refuses what the node cannot load, naming the key and the bound. */
@Tag("integration")
class EnginesCheckBoundsTest {
  @TempDir
  Path tmp;

  @Test
  void positionsBeyondTheBoundFailTheCheckNamingKeyAndBound() throws Exception {
    Path pkg = TinyPackage.copyTo(tmp.resolve("pkg"));
    Path manifest = pkg.resolve("manifest.json");
    String json = Files.readString(manifest);
    assertThat(json).contains("\"max_positions\": 40960");
    Files.writeString(manifest, json.replace("\"max_positions\": 40960", "\"max_positions\": 1000000000000"));
    EnginesCommandTest.Outcome o = EnginesCommandTest.check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).containsExactly("manifest.json: llm.max_positions = 1000000000000 is above the bound 1048576");
  }

  @Test
  void aPathOutsideThePackageFailsTheCheckBeforeItIsOpened() throws Exception {
    Path pkg = TinyPackage.copyTo(tmp.resolve("pkg"));
    Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    Path manifest = pkg.resolve("manifest.json");
    String json = Files.readString(manifest);
    assertThat(json).contains("\"file\": \"tokenizer.json\"");
    Files.writeString(manifest, json.replace("\"file\": \"tokenizer.json\"", "\"file\": \"../passwd\""));
    EnginesCommandTest.Outcome o = EnginesCommandTest.check(pkg);
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.lines()).containsExactly("manifest.json: tokenizer.file \"../passwd\" leaves the package folder");
  }
}
