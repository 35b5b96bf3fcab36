package org.duplexnode.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the CycloneDDS peer (src/test/c/ros_peer) once per JVM: idlc turns the ROS 2 types
 * into C, gcc links them with libddsc. The peer must be built from source at test time because
 * it is the independent half of the wire test; a missing tool fails the build with its name and
 * the Debian package that provides it, never a silent skip.
 */
public final class RosPeerBuild {
  private static final long TOOL_TIMEOUT_S = 120;
  private static Path executable;
  private static Path benchExecutable;
  private static Path humbleExecutable;
  private static Path serviceClientExecutable;

  private RosPeerBuild() {}

  /** The peer executable, built on first use into a temporary folder removed at JVM exit. */
  public static synchronized Path executable() {
    if (executable == null) {
      executable = build("ros_peer");
    }
    return executable;
  }

  /** The peer built from Humble's rmw_dds_common (24-byte gids in ros_discovery_info). */
  public static synchronized Path humbleExecutable() {
    if (humbleExecutable == null) {
      humbleExecutable = build("ros_peer", "GID_BYTES=24");
    }
    return humbleExecutable;
  }

  /** The transport benchmark's publisher and subscriber (ros_bench.c), built like the peer. */
  public static synchronized Path benchExecutable() {
    if (benchExecutable == null) {
      benchExecutable = build("ros_bench");
    }
    return benchExecutable;
  }

  /** The ROS 2 service client in rmw_cyclonedds's layout (ros_service_client.c over ros_services.idl). */
  public static synchronized Path serviceClientExecutable() {
    if (serviceClientExecutable == null) {
      serviceClientExecutable = buildWith("ros_services", "ros_service_client");
    }
    return serviceClientExecutable;
  }

  private static Path build(String program, String... idlDefines) {
    return buildWith("ros_types", program, idlDefines);
  }

  private static Path buildWith(String idlName, String program, String... idlDefines) {
    Path sources = sourceDir();
    String idlc = requireTool("idlc", "cyclonedds-tools");
    String gcc = requireTool("gcc", "gcc");
    if (!Files.isRegularFile(Path.of("/usr/include/dds/dds.h"))
        && !Files.isRegularFile(Path.of("/usr/local/include/dds/dds.h"))) {
      throw new IllegalStateException(
          "CycloneDDS headers (dds/dds.h) not found: install the Debian package cyclonedds-dev");
    }
    try {
      Path dir = Files.createTempDirectory(program + "-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      List<String> idl = new java.util.ArrayList<>(List.of(idlc, "-x", "final", "-o", dir.toString()));
      for (String define : idlDefines) {
        idl.add("-D");
        idl.add(define);
      }
      idl.add(sources.resolve(idlName + ".idl").toString());
      run(dir, idl.toArray(String[]::new));
      Path exe = dir.resolve(program);
      run(dir, gcc, "-std=gnu11", "-O2", "-Wall", "-Werror", "-I", dir.toString(),
          "-o", exe.toString(), sources.resolve(program + ".c").toString(),
          dir.resolve(idlName + ".c").toString(), "-lddsc", "-lpthread");
      return exe;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the CycloneDDS peer", e);
    }
  }

  private static Path sourceDir() {
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    for (Path candidate : List.of(Path.of(base, "src/test/c/ros_peer"), Path.of(base, "node/src/test/c/ros_peer"))) {
      if (Files.isRegularFile(candidate.resolve("ros_peer.c"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("ros_peer sources not found under " + base + "/src/test/c/ros_peer");
  }

  private static String requireTool(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path tool = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(tool)) {
        return tool.toString();
      }
    }
    throw new IllegalStateException(
        name + " not found on PATH (" + path + "): install the Debian package " + debianPackage
            + " to build the CycloneDDS peer");
  }

  private static void run(Path dir, String... command) throws IOException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output;
    try {
      output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command[0] + " did not finish within " + TOOL_TIMEOUT_S + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + command[0], e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
          + ":\n" + new String(output, StandardCharsets.UTF_8));
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // Best effort at JVM exit: a leftover temporary folder is harmless.
    }
  }
}
