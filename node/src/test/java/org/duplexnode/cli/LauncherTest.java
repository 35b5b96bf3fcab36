package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node/bin/duplex-node: runs the jar beside it with the node's home, or exits 2 when there is none. */
@Tag("integration")
class LauncherTest {
  private static final Path LAUNCHER = ExitCodesTest.ROOT.resolve("node/bin/duplex-node");

  @TempDir Path dir;

  @Test
  void withoutAJarItExitsTwoSayingHowToBuildIt() throws Exception {
    Path launcher = copyLauncher();
    ProcessResult r = ProcessResult.run(List.of("/bin/sh", launcher.toString(), "demo"), Map.of());
    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.stderr()).contains("duplex-node.jar not found; build it first");
  }

  @Test
  void itTellsTheNodeItsHomeFromAnyWorkingDirectory() throws Exception {
    Path launcher = copyLauncher();
    Files.createDirectories(dir.resolve("checkout/node/target"));
    Files.writeString(dir.resolve("checkout/node/target/duplex-node.jar"), "not a real jar");
    Path java = dir.resolve("fake-java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    ProcessResult r = ProcessResult.run(List.of("/bin/sh", launcher.toString(), "demo"),
        Map.of("JAVA", java.toString()), elsewhere);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines().filter(l -> l.startsWith("-Dduplex.home=")))
        .singleElement().satisfies(home -> assertThat(Path.of(home.substring("-Dduplex.home=".length())).toRealPath())
            .isEqualTo(dir.resolve("checkout").toRealPath()));
  }

  private Path copyLauncher() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("checkout/node/bin"));
    return Files.copy(LAUNCHER, bin.resolve("duplex-node"));
  }
}
