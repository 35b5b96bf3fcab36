package org.duplexnode.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every test class of every module names its kind, so `-Dgroups=unit` (the fast set) and the other
 * kinds together are the whole suite: a test without a kind would silently drop out of every set.
 */
@Tag("unit")
class TestKindsTest {
  /** Maven runs the tests in the node module; the checkout is the folder above it. */
  private static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();

  @Test
  void everyTestClassOfEveryModuleNamesOneKind() throws IOException {
    assertThat(CHECKOUT.resolve("bag/src/test/java")).isDirectory();
    assertThat(new TestKindScan(CHECKOUT).scan()).as("test classes without exactly one kind tag").isEmpty();
  }

  @Test
  void theScanFindsUntaggedMistaggedAndDoublyTaggedTestsButNotHelpersOrContracts(@TempDir Path repo) throws IOException {
    write(repo, "lib/src/test/java/a/UnitTest.java", "@Tag(\"unit\")\nclass UnitTest { @Test void t() {} }");
    write(repo, "lib/src/test/java/a/Untagged.java", "class Untagged { @ParameterizedTest void t(int x) {} }");
    write(repo, "lib/src/test/java/a/Typo.java", "@Tag(\"integraton\")\nclass Typo { @Test void t() {} }");
    write(repo, "lib/src/test/java/a/Both.java", "@Tag(\"unit\")\n@Tag(\"interop\")\nclass Both { @Test void t() {} }");
    write(repo, "lib/src/test/java/a/Helper.java", "final class Helper { static int x; }");
    write(repo, "lib/src/test/java/a/ContractTest.java", "public abstract class ContractTest { @Test void t() {} }");
    write(repo, "node/src/test/java/b/OnGpuTest.java", "class OnGpuTest extends ContractTest {}");

    List<TestKindScan.Finding> findings = new TestKindScan(repo).scan();

    assertThat(findings).extracting(f -> f.file().toString(), TestKindScan.Finding::problem).containsExactly(
        tuple("lib/src/test/java/a/Both.java", "several tags [unit, interop]"),
        tuple("lib/src/test/java/a/Typo.java", "unknown kind 'integraton'"),
        tuple("lib/src/test/java/a/Untagged.java", "no kind tag"),
        tuple("node/src/test/java/b/OnGpuTest.java", "no kind tag"));
  }

  private static void write(Path repo, String relative, String text) throws IOException {
    Path file = repo.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
