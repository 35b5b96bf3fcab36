package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.duplexnode.testing.JavaChild;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes that need a process of their own: {@code run} stopped by SIGTERM (143) and SIGINT
 * (130) or by --duration (0), a replay whose disk fills (3), and the log level the node's own
 * logback set-up prints at.
 */
@Tag("integration")
class ExitCodeProcessTest {
  private static final String MAIN = DuplexNodeCommand.class.getName();

  @TempDir Path dir;

  @Test
  void runExits143OnSigterm() throws Exception {
    assertThat(runUntilStartedThenSignal("TERM")).isEqualTo(ExitCode.TERMINATED.code());
  }

  @Test
  void runExits130OnSigint() throws Exception {
    assertThat(runUntilStartedThenSignal("INT")).isEqualTo(ExitCode.INTERRUPTED.code());
  }

  @Test
  void runExitsZeroAfterItsDuration() throws Exception {
    ProcessResult r = child("run", "--duration", "0.5", "--ros-args", "-p", "model.package:="
        + ExitCodesTest.MODEL);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("stopping: ");
  }

  /**
   * A full disk during a replay: --out is on a 64 KiB tmpfs, mounted for the child alone in a mount
   * namespace of its own ({@code unshare -rm}: root, or an unprivileged user namespace), so it fills
   * in the first seconds. Exit 3 with one line naming the file and the cause; report.html is whole
   * or absent, never empty, and no temporary file is left. The sizes of the files left are listed
   * before the namespace goes.
   */
  @Test
  void aReplayWhoseDiskFillsExitsThreeNamingTheFile() throws Exception {
    Path disk = Files.createDirectories(dir.resolve("disk"));
    Path out = disk.resolve("out");
    String java = quoted(JavaChild.command(MAIN, "replay", ExitCodesTest.DEMO_BAG.toString(), "--fast", "--out",
        out.toString(), "--ros-args", "-p", "model.package:=" + ExitCodesTest.MODEL));
    String script = "mount -t tmpfs -o size=64k tmpfs " + quoted(List.of(disk.toString())) + " || exit 99; " + java
        + "; rc=$?; find " + quoted(List.of(disk.toString())) + " -type f -printf 'left %s %p\\n'; exit $rc";
    ProcessResult r = ProcessResult.run(List.of("unshare", "-rm", "sh", "-c", script),
        Map.of("ORT_DISABLE_TELEMETRY", "1", "ROS_DOMAIN_ID", "97"), dir);
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(ExitCode.RUNTIME_FAILURE.code());
    List<String> said = r.stderr().lines().filter(l -> l.startsWith("duplex-node")).toList();
    assertThat(said).as(r.stderr()).hasSize(1);
    assertThat(said.get(0)).startsWith("duplex-node replay: " + out).endsWith(": No space left on device");
    assertThat(r.stderr()).doesNotContain("\tat ");
    List<String> left = r.stdout().lines().filter(l -> l.startsWith("left ")).toList();
    assertThat(left).as("the bag's first file filled the disk").anyMatch(l -> l.endsWith("/out/bag/bag_0.mcap"));
    assertThat(left).as("no empty or temporary report").noneMatch(l -> l.endsWith("report.html") && l.startsWith("left 0 "))
        .noneMatch(l -> l.endsWith(".part"));
  }

  /** --out on a read-only mount (root ignores file permissions, not a read-only file system). */
  @Test
  void aReplayIntoAReadOnlyFolderIsBadInput() throws Exception {
    Path disk = Files.createDirectories(dir.resolve("ro"));
    String java = quoted(JavaChild.command(MAIN, "replay", ExitCodesTest.DEMO_BAG.toString(), "--fast", "--out",
        disk.toString(), "--ros-args", "-p", "model.package:=" + ExitCodesTest.MODEL));
    String script = "mount -t tmpfs -o size=64k,ro tmpfs " + quoted(List.of(disk.toString())) + " || exit 99; exec "
        + java;
    ProcessResult r = ProcessResult.run(List.of("unshare", "-rm", "sh", "-c", script),
        Map.of("ORT_DISABLE_TELEMETRY", "1"), dir);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.stderr().lines().filter(l -> !l.startsWith("["))).containsExactly(
        "duplex-node replay: --out " + disk + " is not writable (read-only file system or permissions)");
  }

  @Test
  void logLevelDebugPrintsDebugLinesAndNamedLoggersFollowTheirOwnLevel() throws Exception {
    ProcessResult debug = child("run", "--print-parameters", "--ros-args", "--log-level", "DEBUG");
    assertThat(debug.exitCode()).as(debug.stderr()).isZero();
    assertThat(debug.stderr()).contains("[DEBUG]").contains("[DuplexNodeCommand]: /duplex_node: ");

    ProcessResult named = child("run", "--print-parameters", "--ros-args", "-r", "__node:=head",
        "--log-level", "warn", "--log-level", "head:=debug");
    assertThat(named.exitCode()).as(named.stderr()).isZero();
    assertThat(named.stderr()).contains("[DEBUG]").contains("/head: ");

    ProcessResult quiet = child("run", "--print-parameters", "--ros-args", "--log-level", "info");
    assertThat(quiet.stderr()).doesNotContain("[DEBUG]");
  }

  private static String quoted(List<String> words) {
    return String.join(" ", words.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
  }

  private ProcessResult child(String... args) throws Exception {
    return ProcessResult.run(JavaChild.command(MAIN, args), Map.of("ORT_DISABLE_TELEMETRY", "1", "ROS_DOMAIN_ID", "97"),
        dir);
  }

  /** Starts {@code run}, waits for its "running" line, sends the signal, and returns the exit code. */
  private int runUntilStartedThenSignal(String signal) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(JavaChild.command(MAIN, "run", "--ros-args", "-p",
        "model.package:=" + ExitCodesTest.MODEL)).redirectErrorStream(true);
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    pb.environment().put("ROS_DOMAIN_ID", "97");
    Process run = pb.start();
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
        if (line.contains("running in ROS_DOMAIN_ID")) {
          break;
        }
      }
      assertThat(run.isAlive()).as("run started: %s", lines).isTrue();
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start();
      assertThat(kill.waitFor()).isZero();
      Thread drain = new Thread(() -> in.lines().forEach(lines::add));
      drain.start();
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run exits after SIG%s: %s", signal, lines).isTrue();
      drain.join(5_000);
    }
    return run.exitValue();
  }
}
