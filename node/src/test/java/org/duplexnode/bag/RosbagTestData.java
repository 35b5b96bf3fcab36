package org.duplexnode.bag;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real rosbag2 recordings in shared/data/rosbag2 (read-only): from the system
 * property duplexnode.shared if set, else by walking up from the working directory.
 */
public final class RosbagTestData {
  private static final Path ROOT = find();

  private RosbagTestData() {}

  /** A path under shared/data/rosbag2, e.g. rosbag2("mcap", "talker"). */
  public static Path rosbag2(String... parts) {
    Path p = ROOT;
    for (String part : parts) {
      p = p.resolve(part);
    }
    if (!Files.exists(p)) {
      throw new IllegalStateException("test data missing: " + p);
    }
    return p;
  }

  private static Path find() {
    String property = System.getProperty("duplexnode.shared");
    if (property != null) {
      return Path.of(property).resolve("data").resolve("rosbag2");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve("rosbag2");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/data/rosbag2 not found above " + Path.of("").toAbsolutePath()
        + "; set -Dduplexnode.shared=/path/to/shared");
  }
}
