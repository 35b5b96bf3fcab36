package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.MessageIterator;
import org.duplexnode.bag.mcap.McapReadOptions;
import org.duplexnode.bag.mcap.McapReader;
import org.duplexnode.testing.JavaChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a replay: {@code duplex-node replay} runs as a child JVM at real-time pace over
 * the demo bag and is sent SIGTERM ({@link Process#destroy()}) after its first units; the output
 * bag it leaves is complete: metadata.yaml written, and each MCAP file ends with its footer and
 * summary, so a strict reader opens it by its index.
 */
class ReplaySigtermTest {
  @TempDir Path dir;

  @Test
  void sigtermDuringAReplayLeavesAClosedOutputBag() throws Exception {
    Path out = dir.resolve("out");
    ProcessBuilder pb = new ProcessBuilder(JavaChild.command("org.duplexnode.cli.DuplexNodeCommand", "replay",
        ReplayRunTest.DEMO_BAG.toString(), "--out", out.toString(), "--rate", "1", "--ros-args", "-p",
        "model.package:=" + ReplayRunTest.MODEL)).redirectErrorStream(true);
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process replay = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(replay.getInputStream(), StandardCharsets.UTF_8))) {
      int units = 0;
      for (String line; units < 3 && (line = in.readLine()) != null; ) {
        lines.add(line);
        if (line.contains(" unit ")) {
          units++;
        }
      }
      assertThat(replay.isAlive()).as("replay still running after 3 units: %s", lines).isTrue();
      replay.destroy(); // SIGTERM; also closes our end of its output
      assertThat(replay.waitFor(60, TimeUnit.SECONDS)).as("replay exits after SIGTERM").isTrue();
    }
    assertThat(replay.exitValue()).as(String.join("\n", lines)).isEqualTo(143);

    Path bag = out.resolve("bag");
    assertThat(bag.resolve("metadata.yaml")).isRegularFile();
    List<Path> files;
    try (var list = Files.list(bag)) {
      files = list.filter(p -> p.toString().endsWith(".mcap")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      try (McapReader reader = McapReader.open(file, McapReadOptions.defaults().withStrict(true))) {
        assertThat(reader.footer()).isPresent();
        assertThat(reader.usedSummary()).isTrue();
      }
    }
    long messages = 0;
    try (Bag b = Bag.open(bag, McapReadOptions.defaults().withStrict(true));
         MessageIterator it = b.messages()) {
      assertThat(b.warnings()).isEmpty();
      assertThat(b.metadata()).isPresent();
      while (it.hasNext()) {
        it.next();
        messages++;
      }
      assertThat(b.metadata().get().messageCount()).isEqualTo(messages);
      assertThat(b.topic("/duplex_node/state")).isPresent();
    }
    assertThat(messages).isPositive();
  }
}
