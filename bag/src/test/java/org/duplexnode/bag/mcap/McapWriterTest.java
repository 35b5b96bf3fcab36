package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class McapWriterTest {
  private static final McapReadOptions STRICT = McapReadOptions.defaults().withStrict(true);

  @ParameterizedTest
  @CsvSource({"ZSTD,4096", "LZ4,4096", "NONE,4096", "ZSTD,0", "ZSTD,786432"})
  void writtenFilesReadBackExactlyWithAndWithoutTheSummary(McapCompression compression, long chunkSize,
      @TempDir Path dir) throws IOException {
    Path file = dir.resolve("out.mcap");
    List<McapMessage> written = writeSample(file,
        McapWriterOptions.defaults().withCompression(compression).withChunkSize(chunkSize), 500);
    for (McapReadOptions options : List.of(STRICT, STRICT.withUseSummary(false))) {
      try (McapReader r = McapReader.open(file, options)) {
        assertThat(r.header().profile()).isEqualTo("ros2");
        assertThat(r.statistics().messageCount()).isEqualTo(500);
        assertThat(r.statistics().channelMessageCounts()).isEqualTo(Map.of(1, 250L, 2, 250L));
        assertThat(r.statistics().messageStartTime()).isEqualTo(1_000);
        assertThat(r.statistics().messageEndTime()).isEqualTo(1_000 + 499 * 10);
        assertThat(r.schemas()).hasSize(1);
        assertThat(r.channels().get(2).metadata()).containsEntry("offered_qos_profiles", "- history: keep_last");
        assertThat(read(r.messages())).usingRecursiveFieldByFieldElementComparator().isEqualTo(written);
        assertThat(r.metadata()).singleElement().isEqualTo(new McapMetadata("rosbag2", Map.of("k", "v")));
        McapAttachmentIndex index = r.attachmentIndexes().get(0);
        assertThat(index.name()).isEqualTo("calibration.yaml");
        assertThat(new String(r.readAttachment(index).data(), StandardCharsets.UTF_8)).isEqualTo("fx: 500");
        assertThat(r.warnings()).isEmpty();
      }
    }
    try (McapReader r = McapReader.open(file, STRICT)) {
      assertThat(r.usedSummary()).isTrue();
      if (chunkSize > 0) {
        assertThat(r.chunkIndexes()).isNotEmpty().allSatisfy(c -> {
          assertThat(c.compression()).isEqualTo(compression.wireName());
          assertThat(c.messageIndexOffsets()).isNotEmpty();
        });
        assertThat(r.statistics().chunkCount()).isEqualTo(r.chunkIndexes().size());
      } else {
        assertThat(r.chunkIndexes()).isEmpty();
      }
      assertThat(r.summaryOffsets()).extracting(McapSummaryOffset::groupOpcode).contains(
          McapOpcode.SCHEMA, McapOpcode.CHANNEL, McapOpcode.STATISTICS, McapOpcode.ATTACHMENT_INDEX,
          McapOpcode.METADATA_INDEX);
    }
  }

  @Test
  void smallChunksMakeManyIndexedChunksReadInTimeOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("many.mcap");
    writeSample(file, McapWriterOptions.defaults().withChunkSize(1000), 400);
    try (McapReader r = McapReader.open(file, STRICT)) {
      assertThat(r.chunkIndexes().size()).isGreaterThan(20);
      List<McapMessage> messages = read(r.messages());
      assertThat(messages).extracting(McapMessage::logTime).isSorted().hasSize(400);
    }
  }

  @Test
  void outOfOrderWritesAcrossChunksAreMergedByLogTime(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("unordered.mcap");
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults())) {
      int channel = w.addChannel(0, "/t", "json", Map.of());
      long[] times = {50, 60, 10, 20, 70, 30};
      for (int i = 0; i < times.length; i++) {
        w.writeMessage(channel, i, times[i], times[i], new byte[] {(byte) i});
        if (i % 2 == 1) {
          w.flushChunk();
        }
      }
    }
    try (McapReader r = McapReader.open(file, STRICT)) {
      assertThat(read(r.messages())).extracting(McapMessage::logTime).containsExactly(10L, 20L, 30L, 50L, 60L, 70L);
    }
  }

  @Test
  void unknownIdsAreRejected(@TempDir Path dir) throws IOException {
    try (McapWriter w = McapWriter.create(dir.resolve("x.mcap"), McapWriterOptions.defaults())) {
      assertThatThrownBy(() -> w.addChannel(9, "/t", "cdr", Map.of())).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> w.writeMessage(3, 0, 0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Two channels, alternating messages 10 ns apart, plus a metadata record and an attachment. */
  static List<McapMessage> writeSample(Path file, McapWriterOptions options, int count) throws IOException {
    List<McapMessage> written = new ArrayList<>();
    try (McapWriter w = McapWriter.create(file, options)) {
      int schema = w.addSchema("std_msgs/msg/String", "ros2msg", "string data".getBytes(StandardCharsets.UTF_8));
      assertThat(w.addSchema("std_msgs/msg/String", "ros2msg", "string data".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(schema);
      int a = w.addChannel(schema, "/a", "cdr", Map.of("offered_qos_profiles", "", "topic_type_hash", ""));
      int b = w.addChannel(schema, "/b", "cdr", Map.of("offered_qos_profiles", "- history: keep_last"));
      w.writeMetadata("rosbag2", Map.of("k", "v"));
      w.writeAttachment(5, 6, "calibration.yaml", "text/yaml", "fx: 500".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < count; i++) {
        byte[] data = ("message " + i + " " + "x".repeat(i % 37)).getBytes(StandardCharsets.UTF_8);
        McapMessage m = new McapMessage(i % 2 == 0 ? a : b, i, 1_000 + i * 10L, 2_000 + i, data);
        w.writeMessage(m.channelId(), m.sequence(), m.logTime(), m.publishTime(), m.data());
        written.add(m);
      }
    }
    return written;
  }

  static List<McapMessage> read(Iterator<McapMessage> it) {
    List<McapMessage> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
