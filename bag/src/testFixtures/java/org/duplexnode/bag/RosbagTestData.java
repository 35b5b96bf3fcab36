package org.duplexnode.bag;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real rosbag2 recordings kept in the test resources (rosbag2/README.md there says
 * where they come from). They are found on the test class path, so nothing outside the
 * repository is read.
 */
public final class RosbagTestData {
  private static final Path ROOT = find();

  private RosbagTestData() {}

  /** A path under the test resources' rosbag2 folder, e.g. rosbag2("mcap", "talker"). */
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
    URL readme = RosbagTestData.class.getResource("/rosbag2/README.md");
    if (readme == null) {
      throw new IllegalStateException("rosbag2/README.md is not on the test class path");
    }
    try {
      return Path.of(readme.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad test resource URL " + readme, e);
    }
  }
}
