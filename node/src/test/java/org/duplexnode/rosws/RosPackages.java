package org.duplexnode.rosws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The ROS packages of the repository: the colcon workspace and the node's bounded standard types. */
final class RosPackages {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path WORKSPACE = ROOT.resolve("ros_ws/src");
  static final Path NODE_INTERFACES = ROOT.resolve("node/src/main/ros-interfaces");

  private RosPackages() {}

  /** Folders holding a package.xml directly under {@code root}. */
  static List<Path> packages(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("package.xml"))).sorted().toList();
    }
  }

  /** .msg files of a package, by message name. */
  static Map<String, Path> messages(Path pkg) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    Path msg = pkg.resolve("msg");
    if (!Files.isDirectory(msg)) {
      return out;
    }
    try (Stream<Path> s = Files.list(msg)) {
      for (Path p : s.sorted().toList()) {
        String f = p.getFileName().toString();
        if (f.endsWith(".msg")) {
          out.put(f.substring(0, f.length() - 4), p);
        }
      }
    }
    return out;
  }

  /** Every message type in both places, package name to message names. */
  static Map<String, Set<String>> knownTypes() throws IOException {
    Map<String, Set<String>> known = new LinkedHashMap<>();
    for (Path root : List.of(WORKSPACE, NODE_INTERFACES)) {
      for (Path pkg : packages(root)) {
        known.computeIfAbsent(pkg.getFileName().toString(), k -> new TreeSet<>()).addAll(messages(pkg).keySet());
      }
    }
    return known;
  }

  static List<Path> allPackages() throws IOException {
    List<Path> all = new ArrayList<>(packages(WORKSPACE));
    all.addAll(packages(NODE_INTERFACES));
    return all;
  }
}
