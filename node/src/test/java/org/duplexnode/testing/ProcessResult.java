package org.duplexnode.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real program to its end and keeps what it printed. The environment is the test's own
 * with {@code env} applied on top; a null value removes that variable.
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {
  private static final long LIMIT_S = 300;

  public static ProcessResult run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    return run(command, env, null);
  }

  public static ProcessResult run(List<String> command, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    env.forEach((name, value) -> {
      if (value == null) {
        pb.environment().remove(name);
      } else {
        pb.environment().put(name, value);
      }
    });
    Process p = pb.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(LIMIT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within " + LIMIT_S + " s");
    }
    return new ProcessResult(p.exitValue(), out.join(), err.join());
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
