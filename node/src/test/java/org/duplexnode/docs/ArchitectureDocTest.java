package org.duplexnode.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names only classes (of the code, its tests and benchmarks) and packages
 * that exist, and its package table lists
 * every top-level package of the code: a renamed class or a new package makes this fail until the
 * page says so.
 */
@Tag("unit")
class ArchitectureDocTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String[] MODULES = {"node", "bag", "engine", "engine-tensorrt"};
  /** A backticked name that reads as a Java type: `RosOutputs`, `ports.OutputPort`. */
  private static final Pattern TYPE = Pattern.compile("`([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(?:\\.[a-zA-Z]+)?`");
  private static final Pattern PACKAGE = Pattern.compile("`(org\\.duplexnode(?:\\.[a-z][a-z0-9]*)+)`");

  @Test
  void everyClassItNamesExists() throws IOException {
    Set<String> types = declaredTypes();
    Set<String> missing = new TreeSet<>();
    Matcher m = TYPE.matcher(doc());
    while (m.find()) {
      if (!types.contains(m.group(1))) {
        missing.add(m.group(1));
      }
    }
    assertThat(missing).as("classes named in docs/architecture.md that the code does not have").isEmpty();
  }

  @Test
  void everyPackageItNamesExistsAndEveryPackageIsInTheTable() throws IOException {
    Set<String> packages = packages();
    Set<String> named = new TreeSet<>();
    Matcher m = PACKAGE.matcher(doc());
    while (m.find()) {
      named.add(m.group(1));
    }
    assertThat(packages).as("packages of the code").containsAll(named);
    Set<String> topLevel = new TreeSet<>();
    for (String p : packages) {
      String[] parts = p.split("\\.");
      if (parts.length >= 3) {
        topLevel.add(parts[0] + "." + parts[1] + "." + parts[2]);
      }
    }
    assertThat(named).as("top-level packages in docs/architecture.md's table").containsAll(topLevel);
  }

  @Test
  void theCheckFindsANameThatIsNotAClass() {
    Matcher m = TYPE.matcher("the `RosSink` and `MqttSink` adapters, `ports.OutputPort`, not `run` or `ROS`");
    Set<String> found = new TreeSet<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    assertThat(found).containsExactly("MqttSink", "RosSink");
  }

  private static String doc() throws IOException {
    return Files.readString(ROOT.resolve("docs/architecture.md"));
  }

  private static Set<String> declaredTypes() throws IOException {
    Set<String> out = new TreeSet<>();
    for (Path src : allSources()) {
      try (Stream<Path> files = Files.walk(src)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
          String name = f.getFileName().toString();
          out.add(name.substring(0, name.length() - ".java".length()));
          try {
            Matcher nested = Pattern.compile("(?:class|record|interface|enum) ([A-Z]\\w*)").matcher(Files.readString(f));
            while (nested.find()) {
              out.add(nested.group(1));
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
    }
    return out;
  }

  private static Set<String> packages() throws IOException {
    Set<String> out = new TreeSet<>();
    for (Path src : sources()) {
      try (Stream<Path> dirs = Files.walk(src)) {
        dirs.filter(Files::isDirectory).filter(ArchitectureDocTest::holdsJava)
            .forEach(d -> out.add(src.relativize(d).toString().replace('/', '.')));
      }
    }
    return out;
  }

  private static boolean holdsJava(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Main, test and test-fixture sources: the page also names tests and benchmarks. */
  private static java.util.List<Path> allSources() {
    return Stream.of(MODULES).flatMap(m -> Stream.of("src/main/java", "src/test/java", "src/testFixtures/java")
        .map(s -> ROOT.resolve(m).resolve(s))).filter(Files::isDirectory).toList();
  }

  private static java.util.List<Path> sources() {
    return Stream.of(MODULES).map(m -> ROOT.resolve(m).resolve("src/main/java")).filter(Files::isDirectory).toList();
  }
}
