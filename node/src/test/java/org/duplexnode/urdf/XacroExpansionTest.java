package org.duplexnode.urdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed .urdf files are the expansion of their .urdf.xacro: urdf-samples/ is copied into
 * a temporary folder, its pinned tools are installed there with {@code npm ci} (xacro-parser and
 * @xmldom/xmldom from package-lock.json), every .urdf.xacro is expanded, and the result must equal
 * the committed file up to whitespace.
 */
@Tag("interop")
class XacroExpansionTest {
  @TempDir static Path work;
  private static Path copy;

  @BeforeAll
  static void installTools() throws Exception {
    copy = work.resolve("urdf-samples");
    copyTree(UrdfSamplesTest.SAMPLES, copy);
    // --prefer-offline: the packages come from npm's cache when an earlier install put them there.
    ProcessResult r = ProcessResult.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"),
        Map.of(), copy.resolve("tools"));
    assertThat(r.exitCode()).as("npm ci in urdf-samples/tools: " + r.stdout() + r.stderr()).isZero();
  }

  @Test
  void committedUrdfFilesAreTheExpansionOfTheirXacro() throws Exception {
    Path out = expand("out");
    List<Path> committed = UrdfSamplesTest.urdfFiles().toList();
    assertThat(committed).isNotEmpty();
    for (Path urdf : committed) {
      Path expanded = out.resolve(UrdfSamplesTest.SAMPLES.relativize(urdf));
      assertThat(normalized(expanded)).as("%s is up to date (npm run expand in urdf-samples/tools)", urdf)
          .isEqualTo(normalized(urdf));
    }
  }

  @Test
  void anEditedXacroNoLongerMatches() throws Exception {
    Path xacro = copy.resolve("mobile_mast/mobile_mast.urdf.xacro");
    String original = Files.readString(xacro);
    Files.writeString(xacro, original.replace("name=\"mast_height\" value=\"1.0\"", "name=\"mast_height\" value=\"1.2\""));
    try {
      Path out = expand("edited");
      assertThat(normalized(out.resolve("mobile_mast/mobile_mast.urdf")))
          .isNotEqualTo(normalized(UrdfSamplesTest.SAMPLES.resolve("mobile_mast/mobile_mast.urdf")));
    } finally {
      Files.writeString(xacro, original);
    }
  }

  private static Path expand(String name) throws Exception {
    Path out = work.resolve(name);
    ProcessResult r = ProcessResult.run(List.of("node", "expand.mjs", "--out", out.toString()), Map.of(), copy.resolve("tools"));
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    return out;
  }

  private static String normalized(Path file) throws IOException {
    return Files.readString(file).replaceAll(">\\s+<", "><").replaceAll("\\s+", " ").trim();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s.filter(p -> !from.relativize(p).toString().contains("node_modules"))::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
