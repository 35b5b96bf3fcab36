package org.duplexnode.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the test classes of every module (`<module>/src/test/java`) that do not name exactly one
 * kind: `@Tag("unit")`, `@Tag("integration")`, `@Tag("interop")` or `@Tag("fuzz")`. A test class is
 * a concrete top-level class with a JUnit test method or one that extends another test class (a
 * contract test); abstract contracts pass their tag on through inheritance.
 */
final class TestKindScan {
  static final Set<String> KINDS = Set.of("unit", "integration", "interop", "fuzz");
  private static final Pattern TEST_METHOD =
      Pattern.compile("@(Test|ParameterizedTest|FuzzTest|RepeatedTest|TestFactory|TestTemplate)\\b");
  private static final Pattern CLASS =
      Pattern.compile("^((?:public |abstract |final )*)class (\\w+)(?:<[^>]*>)?(?: extends (\\w+))?", Pattern.MULTILINE);
  private static final Pattern TAG = Pattern.compile("@Tag\\(\"([^\"]*)\"\\)");

  /** A test class and what is wrong with its kind. */
  record Finding(Path file, String problem) {}

  private final Path checkout;

  TestKindScan(Path checkout) {
    this.checkout = checkout;
  }

  List<Finding> scan() throws IOException {
    List<Finding> findings = new ArrayList<>();
    try (Stream<Path> modules = Files.list(checkout)) {
      for (Path testRoot : modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.walk(testRoot)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
            check(file).ifPresent(findings::add);
          }
        }
      }
    }
    return findings;
  }

  private java.util.Optional<Finding> check(Path file) throws IOException {
    String text = Files.readString(file);
    String name = file.getFileName().toString().replace(".java", "");
    Matcher c = CLASS.matcher(text);
    if (!c.find() || !c.group(2).equals(name) || c.group(1).contains("abstract")) {
      return java.util.Optional.empty();
    }
    boolean extendsTest = c.group(3) != null && c.group(3).endsWith("Test");
    if (!TEST_METHOD.matcher(text).find() && !extendsTest) {
      return java.util.Optional.empty();
    }
    List<String> kinds = new ArrayList<>();
    Matcher t = TAG.matcher(text.substring(0, c.start()));
    while (t.find()) {
      kinds.add(t.group(1));
    }
    Path relative = checkout.relativize(file);
    if (kinds.size() != 1) {
      return java.util.Optional.of(new Finding(relative, kinds.isEmpty() ? "no kind tag" : "several tags " + kinds));
    }
    if (!KINDS.contains(kinds.get(0))) {
      return java.util.Optional.of(new Finding(relative, "unknown kind '" + kinds.get(0) + "'"));
    }
    return java.util.Optional.empty();
  }
}
