package org.duplexnode.rosws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ros_ws/src/duplex_bringup: the duplex-node wrapper it installs finds the jar where its comment
 * says, and its CMake install rules put every launch file, the parameter file and the wrapper
 * where the launch files expect them. CMake runs for real; only ament_cmake is a stand-in (its
 * ament_package() does nothing here), since this machine has no ROS.
 */
@Tag("interop")
class BringupPackageTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path PACKAGE = ROOT.resolve("ros_ws/src/duplex_bringup");
  private static final Path WRAPPER = PACKAGE.resolve("scripts/duplex-node.in");

  @Test
  void wrapperRunsTheJarOfACheckoutNamedByDuplexNodeHome(@TempDir Path dir) throws Exception {
    Path checkout = dir.resolve("checkout");
    Path jar = touch(checkout.resolve("node/target/duplex-node.jar"));
    ProcessResult r = runWrapper(WRAPPER, dir, Map.of("DUPLEX_NODE_HOME", checkout.toString()),
        "run", "--ros-args", "-r", "__ns:=/robot1");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).containsExactly("ORT_DISABLE_TELEMETRY=1", "-Xss4m", "-XX:+UseZGC", "-Xmx1g",
        "-Dduplex.home=" + checkout, "-jar", jar.toString(), "run", "--ros-args", "-r", "__ns:=/robot1");
  }

  @Test
  void wrapperRunsACopiedJarAndHonoursJavaOptions(@TempDir Path dir) throws Exception {
    Path home = dir.resolve("opt-duplex");
    Path jar = touch(home.resolve("duplex-node.jar"));
    ProcessResult r = runWrapper(WRAPPER, dir,
        Map.of("DUPLEX_NODE_HOME", home.toString(), "DUPLEX_JAVA_OPTS", "-Xss4m -Xmx2g"), "demo");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).containsExactly("ORT_DISABLE_TELEMETRY=1", "-Xss4m", "-Xmx2g", "-Dduplex.home=" + home,
        "-jar", jar.toString(), "demo");
  }

  @Test
  void wrapperTellsTheNodeItsHomeAsAnAbsolutePathFromAnyWorkingDirectory(@TempDir Path dir) throws Exception {
    Path checkout = dir.resolve("checkout");
    touch(checkout.resolve("node/target/duplex-node.jar"));
    Path elsewhere = Files.createDirectories(dir.resolve("somewhere/else"));
    ProcessResult r = runWrapper(WRAPPER, dir, Map.of("DUPLEX_NODE_HOME", elsewhere.relativize(checkout).toString()), elsewhere,
        "demo");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).contains("-Dduplex.home=" + checkout.toRealPath());
  }

  @Test
  void wrapperSaysWhatIsMissingInsteadOfStartingJava(@TempDir Path dir) throws Exception {
    // Exit 2, a configuration error: the systemd unit does not restart it (RestartPreventExitStatus).
    ProcessResult unset = runWrapper(WRAPPER, dir, Map.of(), "run");
    assertThat(unset.exitCode()).isEqualTo(2);
    assertThat(unset.stderr()).contains("DUPLEX_NODE_HOME is not set");
    assertThat(unset.stdout()).isEmpty();

    Path empty = Files.createDirectories(dir.resolve("empty"));
    ProcessResult noJar = runWrapper(WRAPPER, dir, Map.of("DUPLEX_NODE_HOME", empty.toString()), "run");
    assertThat(noJar.exitCode()).isEqualTo(2);
    assertThat(noJar.stderr()).contains("no duplex-node.jar in DUPLEX_NODE_HOME=" + empty)
        .contains("./mvnw -q -B -DskipTests package");
    assertThat(noJar.stdout()).isEmpty();
  }

  @Test
  void cmakeInstallsLaunchFilesBesideTheParameterFileAndTheConfiguredWrapper(@TempDir Path dir) throws Exception {
    Path home = dir.resolve("home");
    Path jar = touch(home.resolve("duplex-node.jar"));
    Path install = dir.resolve("install/duplex_bringup");
    configureAndInstall(dir, "-DDUPLEX_NODE_HOME=" + home, "-DCMAKE_INSTALL_PREFIX=" + install);

    List<String> expected = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT.resolve("launch"))) {
      s.filter(Files::isRegularFile).forEach(p -> expected.add(p.getFileName().toString()));
    }
    try (Stream<Path> s = Files.list(install.resolve("share/duplex_bringup/launch"))) {
      assertThat(s.map(p -> p.getFileName().toString())).as("every file of launch/ is installed")
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(install.resolve("share/duplex_bringup/systemd/duplex-node.service")).isRegularFile();

    // The launch files default to $(find-pkg-prefix duplex_bringup)/lib/duplex_bringup/duplex-node.
    Path installed = install.resolve("lib/duplex_bringup/duplex-node");
    assertThat(Files.isExecutable(installed)).isTrue();
    ProcessResult r = runWrapper(installed, dir, Map.of(), "run");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).contains(jar.toString());
  }

  @Test
  void cmakeStopsWithAClearMessageOutsideACheckout(@TempDir Path dir) throws Exception {
    ProcessResult r = configure(dir, "-DDUPLEX_NODE_REPO=" + dir.resolve("nowhere"));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("duplex.launch.xml not found").contains("-DDUPLEX_NODE_REPO=");
  }

  private static void configureAndInstall(Path dir, String... defs) throws Exception {
    ProcessResult configured = configure(dir, defs);
    assertThat(configured.exitCode()).as(configured.stdout() + configured.stderr()).isZero();
    ProcessResult installed = ProcessResult.run(List.of("cmake", "--install", dir.resolve("build").toString()), Map.of());
    assertThat(installed.exitCode()).as(installed.stdout() + installed.stderr()).isZero();
  }

  private static ProcessResult configure(Path dir, String... defs) throws Exception {
    Path stub = dir.resolve("stub/share/ament_cmake/cmake");
    Files.createDirectories(stub);
    Files.writeString(stub.resolve("ament_cmakeConfig.cmake"), "macro(ament_package)\nendmacro()\n");
    List<String> cmd = new ArrayList<>(List.of("cmake", "-S", PACKAGE.toString(), "-B", dir.resolve("build").toString(),
        "-DCMAKE_PREFIX_PATH=" + dir.resolve("stub")));
    cmd.addAll(List.of(defs));
    return ProcessResult.run(cmd, Map.of());
  }

  /** Runs the wrapper with a stand-in java that prints the telemetry switch and its arguments. */
  private static ProcessResult runWrapper(Path wrapper, Path dir, Map<String, String> env, String... args) throws Exception {
    return runWrapper(wrapper, dir, env, null, args);
  }

  private static ProcessResult runWrapper(Path wrapper, Path dir, Map<String, String> env, Path workingDir, String... args)
      throws Exception {
    Path java = dir.resolve("fake-java");
    Files.writeString(java, "#!/bin/sh\necho \"ORT_DISABLE_TELEMETRY=$ORT_DISABLE_TELEMETRY\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> all = new HashMap<>(env);
    all.put("JAVA", java.toString());
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", wrapper.toString()));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, withoutInherited(all), workingDir);
  }

  /** The test JVM's own DUPLEX_* variables must not leak into the wrapper. */
  private static Map<String, String> withoutInherited(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    for (String name : List.of("DUPLEX_NODE_HOME", "DUPLEX_JAVA_OPTS", "ORT_DISABLE_TELEMETRY")) {
      all.putIfAbsent(name, null);
    }
    return all;
  }

  private static Path touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not a real jar");
    return file;
  }
}
