package org.duplexnode.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh clone is all a user has: no test, tool or script may name a path outside it. The scan
 * covers every Java source, script, launch and build file of the checkout (not test resources,
 * whose bytes are data).
 */
@Tag("unit")
class RepositoryBoundaryTest {
  /** Maven runs the tests in the node module; the checkout is the folder above it. */
  private static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();
  /** One parent step, spelled so that this file's own fixtures are not findings of the scan. */
  private static final String UP = ".." + "/";

  @Test
  void nothingInTheCheckoutNamesAPathOutsideIt() throws IOException {
    assertThat(CHECKOUT.resolve("node/bin/duplex-node")).exists();
    List<OutsidePathScan.Finding> findings = new OutsidePathScan(CHECKOUT).scan();
    assertThat(findings).as("paths outside the repository").isEmpty();
  }

  @Test
  void theScanFindsAJavaPathThatClimbsOutOfTheModule(@TempDir Path repo) throws IOException {
    Path test = write(repo, "node/src/test/java/a/ReadsOutside.java",
        "class ReadsOutside { java.nio.file.Path p = java.nio.file.Path.of(\"" + UP + UP + "data/talker\"); }");
    write(repo, "node/src/test/java/a/ReadsInside.java",
        "class ReadsInside { java.nio.file.Path p = java.nio.file.Path.of(\"" + UP + "tensorrt-engines/tiny-model\"); }");

    List<OutsidePathScan.Finding> findings = new OutsidePathScan(repo).scan();

    assertThat(findings).extracting(f -> f.file().toString(), OutsidePathScan.Finding::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(repo.relativize(test).toString(), UP + UP + "data/talker"));
  }

  @Test
  void theScanFindsScriptsThatLeaveAndWorkplaceFolders(@TempDir Path repo) throws IOException {
    write(repo, "node/bench/ok.sh", "cd \"$(dirname \"$0\")/" + UP + "..\"\n");
    write(repo, "node/bench/leaves.sh", "cd \"$(dirname \"$0\")/" + UP + UP + "..\"\n");
    write(repo, "tools/names.py", "DATA = 'x/" + "shar" + "ed/data/rosbag2'\n");

    List<OutsidePathScan.Finding> findings = new OutsidePathScan(repo).scan();

    assertThat(findings).extracting(f -> f.file().toString())
        .containsExactlyInAnyOrder("node/bench/leaves.sh", "tools/names.py");
  }

  private static Path write(Path repo, String relative, String text) throws IOException {
    Path file = repo.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
