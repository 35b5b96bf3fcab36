package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.duplexnode.bag.mcap.McapBombs;
import org.duplexnode.ros.MessageSchemas;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.testing.JavaChild;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files whose one zstd chunk inflates to hundreds of megabytes (declared truthfully, under
 * the 1 GB chunk limit), read by child JVMs of 512 MB heap as `bag info` and `replay` run them:
 * no OutOfMemoryError. `bag info` streams the chunk and counts its message; reading messages
 * refuses a chunk larger than the heap can hold, naming the chunk and its sizes.
 */
@Tag("integration")
class McapDecompressionBombTest {
  private static final long MB = 1_000_000L;
  private static final String AUDIO_TYPE = NodeTopics.AUDIO.rosType();

  @TempDir Path dir;

  @Test
  void bagInfoCountsA900MegabyteChunkWithoutHoldingIt() throws Exception {
    Path bomb = dir.resolve("bomb-900.mcap");
    McapBombs.zstdBomb(bomb, "/bomb", "std_msgs/msg/String", "string data", 900 * MB, false);
    assertThat(Files.size(bomb)).isLessThan(200_000);

    Child info = run(JavaChild.command("org.duplexnode.cli.BagCommand", "info", "--json", bomb.toString()));
    assertThat(info.output()).doesNotContain("OutOfMemoryError");
    assertThat(info.exit()).as(info.output()).isZero();
    JsonNode json = new ObjectMapper().readTree(info.stdout());
    assertThat(json.get("message_count").asLong()).isEqualTo(1);
    assertThat(json.at("/topics/0/name").asText()).isEqualTo("/bomb");
  }

  @Test
  void readingA500MegabyteChunkRefusesItWithAWarningNamingItsSizes() throws Exception {
    Path bomb = dir.resolve("bomb-500.mcap");
    McapBombs.zstdBomb(bomb, "/bomb", "std_msgs/msg/String", "string data", 500 * MB, true);

    Child read = run(JavaChild.command(BagReadChild.class, bomb.toString()));
    assertThat(read.output()).doesNotContain("OutOfMemoryError");
    assertThat(read.exit()).as(read.output()).isZero();
    assertThat(read.output()).contains("messages=0")
        .containsPattern("warning=.*chunk at offset \\d+: chunk declares 500000000 uncompressed bytes \\(\\d+ compressed\\), "
            + "more than this JVM can hold now .*; 1 message lost");
  }

  @Test
  void replayOfABombReportsTheLostChunkInsteadOfDying() throws Exception {
    Path bomb = dir.resolve("audio-bomb.mcap");
    McapBombs.zstdBomb(bomb, "/audio/in", AUDIO_TYPE, MessageSchemas.of(AUDIO_TYPE), 500 * MB, true);

    Child replay = run(JavaChild.command("org.duplexnode.cli.DuplexNodeCommand", "replay", bomb.toString(),
        "--fast", "--out", dir.resolve("out").toString(), "--ros-args", "-p",
        "model.package:=" + Path.of("..").toAbsolutePath().normalize().resolve("tensorrt-engines/tiny-model")));
    assertThat(replay.output()).doesNotContain("OutOfMemoryError")
        .contains("replayed 0 messages")
        .containsPattern("chunk at offset \\d+: chunk declares 500000000 uncompressed bytes");
    // Nothing of the bag could be replayed: bad input.
    assertThat(replay.exit()).as(replay.output()).isEqualTo(2);
  }

  /** A child's exit code, standard output, and both streams together (for messages). */
  record Child(int exit, String stdout, String output) {}

  /** Runs a child JVM (its own time limit guards against a hang) and collects what it printed. */
  static Child run(List<String> command) throws IOException, InterruptedException {
    Path err = Files.createTempFile("child", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
      pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("child did not finish: " + command);
      }
      return new Child(p.exitValue(), out, out + Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
