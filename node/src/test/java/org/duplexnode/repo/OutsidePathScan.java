package org.duplexnode.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the places in a checkout's code and scripts that name a path outside the checkout: a
 * relative path that climbs above the root, or a folder of the workplace the project grew up in.
 * A user clones the repository alone, so such a path is a test or tool that fails for them.
 *
 * <p>Java sources are resolved against the module folder (Maven runs tests and tools there);
 * scripts against their own folder and against the root, since they are run from either.
 */
final class OutsidePathScan {
  /** A relative path with at least one parent step, as written in code or a script. */
  private static final Pattern CLIMB = Pattern.compile("(?<![\\w.])((?:\\.\\./)+(?:\\.\\.)?[\\w./-]*)");
  /** Workplace folders that exist beside or above a developer's checkout, never in a clone. */
  private static final List<String> FOREIGN = List.of("shar" + "ed/data/", "../shar" + "ed/", "/wo" + "rk/");
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", "__pycache__", "build",
      "install", "log", "resources");
  private static final Set<String> SCRIPT_SUFFIXES = Set.of(".sh", ".py", ".mjs", ".js", ".txt", ".xml", ".yaml",
      ".service", ".cfg");

  /** One finding: the file, its line, and the path it names. */
  record Finding(Path file, int line, String path, String why) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + path + " (" + why + ")";
    }
  }

  private final Path root;

  OutsidePathScan(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  List<Finding> scan() throws IOException {
    List<Finding> findings = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.size() < 1_000_000 && isCode(file)) {
          scanFile(file, findings);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return findings;
  }

  private boolean isCode(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".java")) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    if (dot >= 0) {
      return SCRIPT_SUFFIXES.contains(name.substring(dot));
    }
    return file.getParent().endsWith("bin") || name.equals("run");
  }

  private void scanFile(Path file, List<Finding> findings) throws IOException {
    List<Path> bases = file.toString().endsWith(".java") ? List.of(moduleOf(file)) : List.of(file.getParent(), root);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      return; // not text
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      for (String foreign : FOREIGN) {
        if (line.contains(foreign)) {
          findings.add(new Finding(root.relativize(file), i + 1, foreign, "a workplace folder, absent from a clone"));
        }
      }
      Matcher m = CLIMB.matcher(line);
      while (m.find()) {
        String path = m.group(1);
        if (bases.stream().noneMatch(base -> staysInside(base, path))) {
          findings.add(new Finding(root.relativize(file), i + 1, path, "climbs above the repository"));
        }
      }
    }
  }

  private boolean staysInside(Path base, String path) {
    return base.resolve(path).normalize().startsWith(root);
  }

  /** The Maven module a Java source belongs to: the folder above its src/. */
  private Path moduleOf(Path javaFile) {
    for (Path dir = javaFile.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
      if (dir.getFileName() != null && dir.getFileName().toString().equals("src")) {
        return dir.getParent();
      }
    }
    return root;
  }
}
