package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each chunk that cannot be read whole is one {@link McapChunkLoss}: which chunk, why, and how
 * many messages its Message Index records say were lost; found by reading or by
 * {@link McapReader#verifyChunks()} before reading.
 */
@Tag("unit")
class McapChunkLossTest {
  private static final int TOTAL = 183;

  @TempDir Path dir;

  private Path sample() throws Exception {
    Path file = dir.resolve("sample.mcap");
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults().withChunkSize(1500))) {
      int schema = w.addSchema("std_msgs/msg/String", "ros2msg", "string data".getBytes());
      int a = w.addChannel(schema, "/a", "cdr", Map.of());
      int b = w.addChannel(schema, "/b", "cdr", Map.of());
      for (int i = 0; i < TOTAL; i++) {
        w.writeMessage(i % 3 == 0 ? b : a, i, 1_000L + i, 1_000L + i, ("message " + i + " ").repeat(3).getBytes());
      }
    }
    return file;
  }

  private static int drain(Iterator<McapMessage> it) {
    int n = 0;
    for (; it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @ParameterizedTest
  @EnumSource(McapDamage.Kind.class)
  void oneDamagedChunkIsOneLossCountingItsMessages(McapDamage.Kind kind) throws Exception {
    Path file = sample();
    long chunk = McapDamage.chunkOffsets(file).get(3);
    McapDamage.damage(file, chunk, kind);
    try (McapReader reader = McapReader.open(file)) {
      int read = drain(reader.messages());
      assertThat(read).isLessThan(TOTAL);
      assertThat(reader.losses()).singleElement().satisfies(loss -> {
        assertThat(loss.offset()).isEqualTo(chunk);
        assertThat(loss.lostMessages()).isEqualTo(TOTAL - read);
      });
      assertThat(reader.warnings()).singleElement().asString()
          .contains("chunk at offset " + chunk).endsWith("; " + (TOTAL - read) + " messages lost");
      // Reading again finds the same chunk: still one loss.
      drain(reader.messages());
      assertThat(reader.losses()).hasSize(1);
    }
  }

  @Test
  void verifyingFindsTheLossWithoutReadingMessages() throws Exception {
    Path file = sample();
    long chunk = McapDamage.chunkOffsets(file).get(1);
    McapDamage.damage(file, chunk, McapDamage.Kind.BAD_CRC);
    try (McapReader reader = McapReader.open(file)) {
      assertThat(reader.losses()).isEmpty();
      reader.verifyChunks();
      assertThat(reader.losses()).singleElement().satisfies(loss -> {
        assertThat(loss.offset()).isEqualTo(chunk);
        assertThat(loss.reason()).startsWith("CRC mismatch");
        assertThat(loss.lostMessages()).isPositive();
      });
    }
  }

  @Test
  void everyChunkDamagedLosesEveryMessageAndSaysSo() throws Exception {
    Path file = sample();
    List<Long> chunks = McapDamage.chunkOffsets(file);
    for (long chunk : chunks) {
      McapDamage.damage(file, chunk, McapDamage.Kind.FLIPPED_BYTE);
    }
    try (McapReader reader = McapReader.open(file)) {
      assertThat(drain(reader.messages())).isZero();
      assertThat(reader.losses()).extracting(McapChunkLoss::offset).containsExactlyInAnyOrderElementsOf(chunks);
      assertThat(reader.losses().stream().mapToLong(McapChunkLoss::lostMessages).sum()).isEqualTo(TOTAL);
    }
  }

  @Test
  void aScannedFileCannotSayHowManyMessagesWereLost() throws Exception {
    Path file = sample();
    long chunk = McapDamage.chunkOffsets(file).get(0);
    McapDamage.damage(file, chunk, McapDamage.Kind.WRONG_SIZE);
    try (McapReader reader = McapReader.open(file, McapReadOptions.defaults().withUseSummary(false))) {
      int read = drain(reader.messages());
      assertThat(reader.statistics().messageCount()).as("counted by the scan").isEqualTo(read);
      assertThat(reader.losses()).singleElement().satisfies(loss -> {
        assertThat(loss.offset()).isEqualTo(chunk);
        assertThat(loss.lostMessages()).isEqualTo(-1);
        assertThat(loss.describe()).contains("the file does not say how many");
      });
    }
  }

  @Test
  void theStrictReaderRefusesTheDamagedChunk() throws Exception {
    Path file = sample();
    long chunk = McapDamage.chunkOffsets(file).get(2);
    McapDamage.damage(file, chunk, McapDamage.Kind.BAD_CRC);
    assertThatThrownBy(() -> {
      try (McapReader reader = McapReader.open(file, McapReadOptions.defaults().withStrict(true))) {
        drain(reader.messages());
      }
    }).hasRootCauseInstanceOf(McapFormatException.class).rootCause().hasMessageContaining("chunk at offset " + chunk);
  }
}
