package org.duplexnode.model.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed tiny model package, and copies of it to break in tests. */
public final class TinyPackage {
  /** From the node module (tests run there). */
  public static final Path DIR = Path.of("../tensorrt-engines/tiny-model");

  private TinyPackage() {}

  /** Copies the package into {@code target} (a test's temporary folder) and returns it. */
  public static Path copyTo(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(DIR.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }
}
