package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Foxglove's JavaScript libraries (@mcap/core and friends, pinned in src/test/js/package-lock.json)
 * installed with `npm ci` into a folder of the caller's, with the scripts of src/test/js beside
 * them.
 */
final class FoxgloveJs {
  private static final List<String> FILES = List.of("package.json", "package-lock.json", "read_mcap.mjs",
      "write_mcap.mjs", "write_layouts.mjs", "time_range_mcap.mjs");

  private FoxgloveJs() {}

  /** Installs into {@code dir}; a missing npm or node fails (the CI script installs Node.js). */
  static void install(Path dir) throws IOException, InterruptedException {
    if (!onPath("npm") || !onPath("node")) {
      throw new IllegalStateException("npm and node are needed for the Foxglove checks (Debian: nodejs npm)");
    }
    Path js = Path.of(System.getProperty("basedir", ".")).resolve("src/test/js");
    for (String file : FILES) {
      Files.copy(js.resolve(file), dir.resolve(file));
    }
    run(dir, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
  }

  /** Runs a command in {@code dir}, asserts it succeeded, and returns its standard output. */
  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = process.getInputStream().readAllBytes();
    // A guard against a stalled registry, not a performance bound.
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
