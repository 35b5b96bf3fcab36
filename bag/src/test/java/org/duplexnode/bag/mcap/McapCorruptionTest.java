package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged files give a clear error or a partial read: never another exception, never a hang. */
// The timeout only guards against a hang; the loops take well under a second each.
@Timeout(120)
@Tag("integration")
class McapCorruptionTest {
  @ParameterizedTest
  @ValueSource(strings = {"talker/talker.mcap", "cdr_test/cdr_test_0.mcap", "wbag/wbag_0.mcap",
      "bag_with_topics_and_service_events/bag_with_topics_and_service_events.mcap"})
  void truncatedAndBitFlippedRealFilesFailCleanly(String file, @TempDir Path dir) throws IOException {
    fuzz(Files.readAllBytes(rosbag2("mcap").resolve(file)), dir);
  }

  @ParameterizedTest
  @EnumSource(McapCompression.class)
  void truncatedAndBitFlippedWrittenFilesFailCleanly(McapCompression compression, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("written.mcap");
    McapWriterTest.writeSample(file, McapWriterOptions.defaults().withCompression(compression).withChunkSize(1500), 150);
    fuzz(Files.readAllBytes(file), dir);
  }

  private static void fuzz(byte[] original, Path dir) throws IOException {
    Path damaged = dir.resolve("damaged.mcap");
    for (int seed = 0; seed < 120; seed++) {
      Random random = new Random(seed);
      byte[] bytes = seed % 2 == 0
          ? Arrays.copyOf(original, random.nextInt(original.length))
          : flip(original, random, 1 + random.nextInt(8));
      Files.write(damaged, bytes);
      readEverything(damaged, McapReadOptions.defaults());
      readEverything(damaged, McapReadOptions.defaults().withStrict(true));
      readEverything(damaged, McapReadOptions.defaults().withUseSummary(false));
    }
  }

  @Test
  void flippedLengthFieldsAreCheckedBeforeAllocating(@TempDir Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(rosbag2("mcap", "talker", "talker.mcap"));
    // The chunk record at offset 45: make its length and its uncompressed size huge.
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(46, Long.MAX_VALUE / 2);
    Path hugeRecord = Files.write(dir.resolve("huge-record.mcap"), bytes);
    // The index still gives the chunk's true length; a scan has only the record's own.
    try (McapReader r = McapReader.open(hugeRecord)) {
      assertThat(drain(r.messages())).isEqualTo(20);
    }
    try (McapReader r = McapReader.open(hugeRecord, McapReadOptions.defaults().withUseSummary(false))) {
      assertThat(drain(r.messages())).isZero();
      assertThat(r.warnings()).anyMatch(w -> w.contains("declares") && w.contains("remain"));
    }
    bytes = Files.readAllBytes(rosbag2("mcap", "talker", "talker.mcap"));
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(54 + 16, 1L << 40);
    Path hugeChunk = Files.write(dir.resolve("huge-chunk.mcap"), bytes);
    try (McapReader r = McapReader.open(hugeChunk)) {
      assertThat(drain(r.messages())).isZero();
      assertThat(r.warnings()).anyMatch(w -> w.contains("uncompressed bytes, more than the limit"));
    }
  }

  @Test
  void chunkCrcMismatchIsReportedAndTheChunkSkipped(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("crc.mcap");
    McapWriterTest.writeSample(file, McapWriterOptions.defaults().withCompression(McapCompression.NONE)
        .withChunkSize(4096), 200);
    McapChunkIndex second;
    try (McapReader r = McapReader.open(file)) {
      second = r.chunkIndexes().get(1);
    }
    byte[] bytes = Files.readAllBytes(file);
    int inPayload = (int) (second.chunkStartOffset() + second.chunkLength() - 5);
    bytes[inPayload] ^= 0x20;
    Files.write(file, bytes);
    try (McapReader r = McapReader.open(file)) {
      int read = drain(r.messages());
      assertThat(read).isLessThan(200).isGreaterThan(0);
      assertThat(r.warnings()).anyMatch(w -> w.contains("chunk at offset " + second.chunkStartOffset())
          && w.contains("CRC mismatch"));
    }
    try (McapReader r = McapReader.open(file, McapReadOptions.defaults().withStrict(true))) {
      assertThatThrownBy(() -> drain(r.messages())).isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(McapFormatException.class).hasMessageContaining("CRC mismatch");
    }
    try (McapReader r = McapReader.open(file, McapReadOptions.defaults().withVerifyCrcs(false))) {
      assertThat(drain(r.messages())).isEqualTo(200);
    }
  }

  @Test
  void summaryCrcMismatchFallsBackToScanning(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("summary.mcap");
    McapWriterTest.writeSample(file, McapWriterOptions.defaults(), 100);
    long summaryStart;
    try (McapReader r = McapReader.open(file)) {
      summaryStart = r.footer().orElseThrow().summaryStart();
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) summaryStart + 20] ^= 0x01;
    Files.write(file, bytes);
    try (McapReader r = McapReader.open(file)) {
      assertThat(r.usedSummary()).isFalse();
      assertThat(r.warnings()).anyMatch(w -> w.contains("summary CRC mismatch"));
      assertThat(drain(r.messages())).isEqualTo(100);
    }
    assertThatThrownBy(() -> McapReader.open(file, McapReadOptions.defaults().withStrict(true)))
        .isInstanceOf(McapFormatException.class).hasMessageContaining("summary CRC mismatch");
  }

  @Test
  void dataSectionCrcIsCheckedWhenScanning(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("data.mcap");
    McapWriterTest.writeSample(file, McapWriterOptions.defaults(), 100);
    long messageIndex;
    try (McapReader r = McapReader.open(file)) {
      messageIndex = r.chunkIndexes().get(0).messageIndexOffsets().values().iterator().next();
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) messageIndex + 9 + 6 + 3] ^= 0x01;
    Files.write(file, bytes);
    try (McapReader r = McapReader.open(file, McapReadOptions.defaults().withUseSummary(false))) {
      assertThat(r.warnings()).anyMatch(w -> w.contains("data section CRC mismatch"));
      assertThat(drain(r.messages())).isEqualTo(100);
    }
  }

  private static void readEverything(Path file, McapReadOptions options) {
    try (McapReader r = McapReader.open(file, options)) {
      drain(r.messages());
      r.metadata();
      r.schemas();
      for (McapAttachmentIndex index : r.attachmentIndexes()) {
        r.readAttachment(index);
      }
    } catch (IOException | UncheckedIOException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static int drain(Iterator<McapMessage> it) {
    int n = 0;
    while (it.hasNext()) {
      it.next();
      n++;
    }
    return n;
  }

  private static byte[] flip(byte[] original, Random random, int count) {
    byte[] bytes = original.clone();
    for (int i = 0; i < count; i++) {
      bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return bytes;
  }

}
