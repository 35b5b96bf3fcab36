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
 * says, and its CMake install rules put every launch file, the parameter file, the wrapper and the
 * jar where the launch files' Node action expects them. A real {@code colcon build} with Debian's
 * ament_cmake builds the package (the checkout's Maven is a stand-in that writes a jar, since a
 * real Maven build takes minutes); the other CMake checks stub ament_cmake out.
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
  void wrapperPrefersTheJarColconInstalledBesideItAndTellsTheNodeTheBuildTimeHome(@TempDir Path dir) throws Exception {
    Path prefix = dir.resolve("install/duplex_bringup");
    Path launcher = prefix.resolve("lib/duplex_bringup/duplex-node");
    Files.createDirectories(launcher.getParent());
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    touch(checkout.resolve("node/target/duplex-node.jar"));
    Files.writeString(launcher, Files.readString(WRAPPER).replace("@DUPLEX_NODE_HOME@", checkout.toString()));
    Path installedJar = touch(prefix.resolve("share/duplex_bringup/java/duplex-node.jar"));
    ProcessResult r = runWrapper(launcher, dir, Map.of(), "run");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).contains("-Dduplex.home=" + checkout, installedJar.toString());

    // DUPLEX_NODE_HOME at run time still wins, for a node built elsewhere.
    Path other = dir.resolve("other");
    Path otherJar = touch(other.resolve("duplex-node.jar"));
    ProcessResult overridden = runWrapper(launcher, dir, Map.of("DUPLEX_NODE_HOME", other.toString()), "run");
    assertThat(overridden.stdout().lines()).contains("-Dduplex.home=" + other, otherJar.toString());
  }

  @Test
  void colconBuildBuildsTheJarWithTheCheckoutsMavenAndInstallsItForTheNodeAction(@TempDir Path dir) throws Exception {
    Path checkout = fakeCheckout(dir);
    Path maven = checkout.resolve("mvnw");
    // Stands in for ./mvnw: records its arguments and writes the jar and a dependency as Maven would.
    Files.writeString(maven, """
        #!/bin/sh
        echo "$@" > maven-args
        mkdir -p node/target/lib
        echo jar > node/target/duplex-node.jar
        echo dep > node/target/lib/dep.jar
        """);
    Files.setPosixFilePermissions(maven, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessResult built = colconBuild(dir, "-DDUPLEX_NODE_REPO=" + checkout);
    assertThat(built.exitCode()).as(built.stdout() + built.stderr()).isZero();
    assertThat(Files.readString(checkout.resolve("maven-args")).trim()).isEqualTo("-q -B -DskipTests -pl node -am package");

    Path prefix = dir.resolve("install/duplex_bringup");
    assertThat(prefix.resolve("share/duplex_bringup/java/duplex-node.jar")).hasContent("jar");
    assertThat(prefix.resolve("share/duplex_bringup/java/lib/dep.jar")).hasContent("dep");
    // What launch_ros's Node(package='duplex_bringup', executable='duplex-node') looks up: the
    // package in the ament index, then PREFIX/lib/duplex_bringup/duplex-node.
    assertThat(prefix.resolve("share/ament_index/resource_index/packages/duplex_bringup")).isRegularFile();
    Path launcher = prefix.resolve("lib/duplex_bringup/duplex-node");
    assertThat(Files.isExecutable(launcher)).isTrue();
    ProcessResult r = runWrapper(launcher, dir, Map.of(), "demo");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines()).containsSubsequence("-Dduplex.home=" + checkout, "-jar",
        prefix.resolve("share/duplex_bringup/java/duplex-node.jar").toString(), "demo");
  }

  @Test
  void colconBuildFailsWhenTheJarDoesNotBuild(@TempDir Path dir) throws Exception {
    Path checkout = fakeCheckout(dir);
    Path maven = checkout.resolve("mvnw");
    Files.writeString(maven, "#!/bin/sh\necho 'COMPILATION ERROR' >&2\nexit 1\n");
    Files.setPosixFilePermissions(maven, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessResult built = colconBuild(dir, "-DDUPLEX_NODE_REPO=" + checkout);
    assertThat(built.exitCode()).isNotZero();
    assertThat(dir.resolve("install/duplex_bringup/share/duplex_bringup/java/duplex-node.jar")).doesNotExist();
  }

  @Test
  void cmakeInstallsLaunchFilesBesideTheParameterFileAndTheConfiguredWrapper(@TempDir Path dir) throws Exception {
    Path home = dir.resolve("home");
    Path jar = touch(home.resolve("duplex-node.jar"));
    Path install = dir.resolve("install/duplex_bringup");
    configureAndInstall(dir, "-DDUPLEX_NODE_REPO=" + fakeCheckout(dir), "-DDUPLEX_NODE_BUILD_JAR=OFF",
        "-DDUPLEX_NODE_HOME=" + home, "-DCMAKE_INSTALL_PREFIX=" + install);

    List<String> expected = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT.resolve("launch"))) {
      s.filter(Files::isRegularFile).forEach(p -> expected.add(p.getFileName().toString()));
    }
    try (Stream<Path> s = Files.list(install.resolve("share/duplex_bringup/launch"))) {
      assertThat(s.map(p -> p.getFileName().toString())).as("every file of launch/ is installed")
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(install.resolve("share/duplex_bringup/systemd/duplex-node.service")).isRegularFile();

    // The launch files' Node action runs PREFIX/lib/duplex_bringup/duplex-node; no jar was built or
    // installed here, so it runs the one of the build-time DUPLEX_NODE_HOME.
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

  /** A checkout with the launch/ folder the package installs (and no jar yet). */
  private static Path fakeCheckout(Path dir) throws IOException {
    Path checkout = dir.resolve("checkout");
    Path launch = ROOT.resolve("launch");
    try (Stream<Path> s = Files.walk(launch)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path target = checkout.resolve("launch").resolve(launch.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
    return checkout;
  }

  /**
   * colcon build of duplex_bringup alone, build and install folders under {@code dir}; Debian's
   * python3 first on PATH, where ament_cmake's Python helpers are.
   */
  private static ProcessResult colconBuild(Path dir, String... cmakeArgs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("colcon", "build", "--base-paths", PACKAGE.toString(),
        "--build-base", dir.resolve("build").toString(), "--install-base", dir.resolve("install").toString(),
        "--event-handlers", "console_direct+", "--cmake-args"));
    cmd.addAll(List.of(cmakeArgs));
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("COLCON_LOG_PATH", dir.resolve("log").toString());
    env.put("COLCON_HOME", dir.resolve("colcon-home").toString());
    return ProcessResult.run(cmd, env, dir);
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
