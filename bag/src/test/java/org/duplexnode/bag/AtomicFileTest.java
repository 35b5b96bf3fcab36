package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written whole or not at all, and a failure that names the file. */
@Tag("unit")
class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void writesAndReplacesWholeFiles() throws Exception {
    Path report = dir.resolve("report.html");
    AtomicFile.writeString(report, "first");
    AtomicFile.writeString(report, "second");
    assertThat(report).hasContent("second");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(report);
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNamesTheTarget() throws Exception {
    Path report = dir.resolve("report.html");
    AtomicFile.writeString(report, "previous run");
    // The temporary file cannot be opened: a folder is in its place (as root, permissions would not stop it).
    Files.createDirectories(dir.resolve(".report.html.part"));
    assertThatThrownBy(() -> AtomicFile.writeString(report, "new"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageStartingWith(report + ": ");
    assertThat(report).hasContent("previous run");
  }
}
