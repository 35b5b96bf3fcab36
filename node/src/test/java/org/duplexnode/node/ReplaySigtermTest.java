package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.duplexnode.bag.Bag;
import org.duplexnode.testing.JavaChild;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM or SIGINT during a replay: {@code duplex-node replay} runs as a child JVM at real-time
 * pace over the demo bag and is sent the signal after its first units; it exits with 143 or 130,
 * and the output bag it leaves is complete: metadata.yaml written, and each MCAP file ends with
 * its footer and summary, so a strict reader opens it by its index. So too when the model is stuck
 * in a unit for good.
 */
@Tag("integration")
class ReplaySigtermTest {
  @TempDir Path dir;

  @Test
  void sigtermDuringAReplayLeavesAClosedOutputBag() throws Exception {
    Path out = dir.resolve("out");
    assertThat(signalAfterUnits(replayCommand(out), 3, "TERM", 60)).isEqualTo(143);
    assertComplete(out.resolve("bag"));
  }

  @Test
  void sigintDuringAReplayLeavesAClosedOutputBagAndExits130() throws Exception {
    Path out = dir.resolve("out");
    assertThat(signalAfterUnits(replayCommand(out), 3, "INT", 60)).isEqualTo(130);
    assertComplete(out.resolve("bag"));
  }

  /**
   * A model stuck in a unit for good: SIGTERM still ends the replay, after the unit time limit for
   * each queued unit and one more, with a closed output bag.
   */
  @Test
  void sigtermStopsAReplayWhoseModelIsStuck() throws Exception {
    Path out = dir.resolve("out");
    long t0 = System.nanoTime();
    assertThat(signalAfterUnits(JavaChild.command("org.duplexnode.cli.FaultyReplayChild",
        ReplayRunTest.DEMO_BAG.toString(), ReplayRunTest.MODEL.toString(), out.toString(), "UNIT_HANGS", "2",
        "model.unit_timeout_s:=1.0"), 2, "TERM", 60)).isEqualTo(143);
    assertThat((System.nanoTime() - t0) / 1e9).as("seconds from start to exit").isLessThan(60);
    assertComplete(out.resolve("bag"));
  }

  private static List<String> replayCommand(Path out) {
    return JavaChild.command("org.duplexnode.cli.DuplexNodeCommand", "replay", ReplayRunTest.DEMO_BAG.toString(),
        "--out", out.toString(), "--rate", "1", "--ros-args", "-p", "model.package:=" + ReplayRunTest.MODEL);
  }

  /** Starts the child, sends it {@code signal} once it has printed {@code units} unit lines, and returns its exit code. */
  private static int signalAfterUnits(List<String> command, int units, String signal, int waitS) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process replay = pb.start();
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(replay.getInputStream(), StandardCharsets.UTF_8))) {
      int seen = 0;
      for (String line; seen < units && (line = in.readLine()) != null; ) {
        lines.add(line);
        if (line.contains(" unit ")) {
          seen++;
        }
      }
      assertThat(replay.isAlive()).as("replay still running after %d units: %s", units, lines).isTrue();
      assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(replay.pid())).start().waitFor()).isZero();
      Thread drain = new Thread(() -> in.lines().forEach(lines::add));
      drain.setDaemon(true);
      drain.start();
      boolean exited = replay.waitFor(waitS, TimeUnit.SECONDS);
      if (!exited) {
        replay.destroyForcibly();
      }
      assertThat(exited).as("replay exits after SIG%s: %s", signal, lines).isTrue();
      drain.join(5_000);
    }
    return replay.exitValue();
  }

  /** Closed in order (ClosedBags), with the node's state among what it holds. */
  private static void assertComplete(Path bag) throws Exception {
    assertThat(ClosedBags.assertClosed(bag)).isPositive();
    try (Bag b = Bag.open(bag)) {
      assertThat(b.topic("/duplex_node/state")).isPresent();
    }
  }
}
