package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.duplexnode.bag.mcap.McapChunkIndex;
import org.duplexnode.bag.mcap.McapCompression;
import org.duplexnode.bag.mcap.McapDamage;
import org.duplexnode.bag.mcap.McapReader;
import org.duplexnode.bag.mcap.McapWriter;
import org.duplexnode.bag.mcap.McapWriterOptions;
import org.duplexnode.cli.BagCommand;
import org.duplexnode.testing.JavaChild;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * A damaged chunk in an MCAP file with an intact summary is never lost silently: `bag info` lists
 * it among its warnings, and `replay` prints it, puts it in its report and, with --expect, fails
 * the "bag read whole" check unless --allow-damaged-bag.
 */
@Tag("integration")
class BagDamageTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DEMO_BAG = ROOT.resolve("node/src/demo/sample-bag");
  private static final Path SCENARIO = ROOT.resolve("node/src/demo/demo.scenario.yaml");
  private static final Path MODEL = ROOT.resolve("tensorrt-engines/tiny-model");

  @TempDir Path dir;

  /** 183 messages on two topics in zstd chunks of about 1.5 KB. */
  static Path sample(Path file) throws Exception {
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults()
        .withCompression(McapCompression.ZSTD).withChunkSize(1500))) {
      int schema = w.addSchema("std_msgs/msg/String", "ros2msg", "string data".getBytes());
      int a = w.addChannel(schema, "/a", "cdr", Map.of());
      int b = w.addChannel(schema, "/b", "cdr", Map.of());
      for (int i = 0; i < 183; i++) {
        byte[] data = ("message number " + i + " ").repeat(3).getBytes();
        w.writeMessage(i % 3 == 0 ? b : a, i, 1_000_000_000L + i * 1_000_000L, 1_000_000_000L + i * 1_000_000L, data);
      }
    }
    return file;
  }

  @ParameterizedTest
  @EnumSource(McapDamage.Kind.class)
  void bagInfoListsADamagedChunkAmongItsWarnings(McapDamage.Kind kind) throws Exception {
    Path file = sample(dir.resolve("damaged.mcap"));
    long chunk = McapDamage.chunkOffsets(file).get(2);
    McapDamage.damage(file, chunk, kind);

    JsonNode json = new ObjectMapper().readTree(bagInfo("--json", file.toString()));
    assertThat(json.get("message_count").asLong()).as("what the file says was recorded").isEqualTo(183);
    assertThat(json.get("warnings")).singleElement()
        .satisfies(w -> assertThat(w.asText()).contains("chunk at offset " + chunk).containsPattern("; \\d+ messages? lost"));
    assertThat(json.get("verified").asBoolean()).isTrue();
    assertThat(json.get("lost_data")).singleElement()
        .satisfies(l -> assertThat(l.asText()).contains("chunk at offset " + chunk));
    assertThat(bagInfo(file.toString())).contains("Warning:").contains("chunk at offset " + chunk);

    // --no-verify trusts the intact summary: quick, and blind to the damage (it says so).
    JsonNode quick = new ObjectMapper().readTree(bagInfo("--json", "--no-verify", file.toString()));
    assertThat(quick.get("verified").asBoolean()).isFalse();
    assertThat(quick.get("warnings")).isEmpty();

    try (Bag bag = Bag.open(file); MessageIterator it = bag.messages()) {
      long counted = 0;
      for (; it.hasNext(); it.next()) {
        counted++;
      }
      long read = counted;
      assertThat(bag.losses()).singleElement().satisfies(loss -> {
        assertThat(loss.place()).isEqualTo("chunk at offset " + chunk);
        assertThat(loss.lostMessages()).isEqualTo(183 - read).isPositive();
      });
    }
  }

  @Test
  void replayFailsItsScenarioWhenTheChunkWithTheWatchCommandIsLost() throws Exception {
    Path bag = copyDemoBag();
    Path mcap = bag.resolve("sample-bag_0.mcap");
    long chunk = chunkHolding(mcap, "watch");
    McapDamage.damage(mcap, chunk, McapDamage.Kind.FLIPPED_BYTE);

    Path out = dir.resolve("strict");
    McapDecompressionBombTest.Child strict = replay(bag, out, "--expect", SCENARIO.toString());
    assertThat(strict.stdout()).contains("WARNING: 1 part(s) of the bag could not be read")
        .containsPattern("FAIL {2}bag read whole - 1 part of the bag unreadable: .*chunk at offset " + chunk);
    assertThat(strict.exit()).as(strict.output()).isEqualTo(1);
    assertThat(Files.readString(out.resolve("junit.xml")))
        .containsPattern("name=\"bag read whole\"><failure message=\"[^\"]*chunk at offset " + chunk);
    assertThat(Files.readString(out.resolve("report.html"))).contains("Bag damage").contains("chunk at offset " + chunk);

    McapDecompressionBombTest.Child allowed = replay(bag, dir.resolve("allowed"), "--expect", SCENARIO.toString(),
        "--allow-damaged-bag");
    assertThat(allowed.stdout()).containsPattern("pass {2}bag read whole - 1 part of the bag unreadable "
        + "\\(allowed by --allow-damaged-bag\\)");
  }

  @Test
  void replayOfABagWithEveryChunkDamagedIsBadInput() throws Exception {
    Path bag = copyDemoBag();
    Path mcap = bag.resolve("sample-bag_0.mcap");
    List<Long> chunks = McapDamage.chunkOffsets(mcap);
    for (long chunk : chunks) {
      McapDamage.damage(mcap, chunk, McapDamage.Kind.BAD_CRC);
    }
    McapDecompressionBombTest.Child run = replay(bag, dir.resolve("out"));
    assertThat(run.stdout()).contains("replayed 0 messages")
        .contains("WARNING: " + chunks.size() + " part(s) of the bag could not be read");
    assertThat(run.exit()).as(run.output()).isEqualTo(2);
  }

  private String bagInfo(String... args) {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new BagCommand()).setOut(new PrintWriter(out))
        .execute(java.util.stream.Stream.concat(java.util.stream.Stream.of("info"), java.util.Arrays.stream(args))
            .toArray(String[]::new));
    assertThat(exit).as(out.toString()).isZero();
    return out.toString();
  }

  private Path copyDemoBag() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("sample-bag"));
    try (var files = Files.list(DEMO_BAG)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  /** The offset of the chunk holding the messages of the topic whose name contains {@code part}. */
  private static long chunkHolding(Path mcap, String part) throws Exception {
    try (McapReader reader = McapReader.open(mcap)) {
      int channel = reader.channels().values().stream().filter(c -> c.topic().contains(part)).findFirst()
          .orElseThrow().id();
      return reader.chunkIndexes().stream().filter(c -> c.messageIndexOffsets().containsKey(channel))
          .map(McapChunkIndex::chunkStartOffset).findFirst().orElseThrow();
    }
  }

  private McapDecompressionBombTest.Child replay(Path bag, Path out, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("replay", bag.toString(), "--fast", "--out", out.toString()));
    args.addAll(List.of(more));
    args.addAll(List.of("--ros-args", "-p", "model.package:=" + MODEL));
    return McapDecompressionBombTest.run(JavaChild.command("org.duplexnode.cli.DuplexNodeCommand",
        args.toArray(String[]::new)));
  }
}
