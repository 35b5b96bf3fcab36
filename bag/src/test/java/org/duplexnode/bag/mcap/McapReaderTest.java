package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class McapReaderTest {
  private static final McapReadOptions STRICT = McapReadOptions.defaults().withStrict(true);

  @Test
  void talkerSummaryGivesHeaderChannelsSchemasAndStatistics() throws IOException {
    try (McapReader r = McapReader.open(rosbag2("mcap", "talker", "talker.mcap"), STRICT)) {
      assertThat(r.usedSummary()).isTrue();
      assertThat(r.header()).isEqualTo(new McapHeader("ros2", "mcap go #(devel)"));
      assertThat(r.footer().orElseThrow().summaryCrc()).isEqualTo(316340501L);
      assertThat(r.schemas().values()).extracting(McapSchema::name, McapSchema::encoding).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("rcl_interfaces/msg/Log", "ros2msg"),
          org.assertj.core.groups.Tuple.tuple("rcl_interfaces/msg/ParameterEvent", "ros2msg"),
          org.assertj.core.groups.Tuple.tuple("std_msgs/msg/String", "ros2msg"));
      McapChannel topic = r.channels().values().stream().filter(c -> c.topic().equals("/topic")).findFirst().orElseThrow();
      assertThat(topic.messageEncoding()).isEqualTo("cdr");
      assertThat(topic.metadata().get("offered_qos_profiles")).startsWith("- history: 3\n  depth: 0\n");
      McapStatistics s = r.statistics();
      assertThat(s.messageCount()).isEqualTo(20);
      assertThat(s.chunkCount()).isEqualTo(1);
      assertThat(s.messageStartTime()).isEqualTo(1585866235112411371L);
      assertThat(s.messageEndTime()).isEqualTo(1585866239643508139L);
      assertThat(s.channelMessageCounts()).containsEntry(topic.id(), 10L);
      assertThat(r.chunkIndexes()).singleElement().satisfies(c -> {
        assertThat(c.compression()).isEqualTo("zstd");
        assertThat(c.uncompressedSize()).isEqualTo(11814);
        assertThat(c.chunkStartOffset()).isEqualTo(45);
      });
      assertThat(r.summaryOffsets()).extracting(McapSummaryOffset::groupOpcode)
          .containsExactly(McapOpcode.SCHEMA, McapOpcode.CHANNEL, McapOpcode.STATISTICS, McapOpcode.CHUNK_INDEX);
      assertThat(count(r.messages())).isEqualTo(20);
      assertThat(r.warnings()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"talker/talker.mcap", "cdr_test/cdr_test_0.mcap", "wbag/wbag_2.mcap",
      "bag_with_topics_and_service_events/bag_with_topics_and_service_events.mcap",
      "reindex_multiple_files/multiple_files_1.mcap"})
  void scanningWithoutTheSummaryFindsTheSameMessagesAndCounts(String file) throws IOException {
    Path path = rosbag2("mcap").resolve(file);
    try (McapReader indexed = McapReader.open(path, STRICT);
        McapReader scanned = McapReader.open(path, STRICT.withUseSummary(false))) {
      assertThat(scanned.usedSummary()).isFalse();
      assertThat(scanned.statistics().messageCount()).isEqualTo(indexed.statistics().messageCount());
      assertThat(scanned.statistics().channelMessageCounts()).isEqualTo(indexed.statistics().channelMessageCounts());
      assertThat(scanned.statistics().messageStartTime()).isEqualTo(indexed.statistics().messageStartTime());
      assertThat(scanned.statistics().messageEndTime()).isEqualTo(indexed.statistics().messageEndTime());
      // libmcap writes a channel into the data section only with its first message, so a
      // channel without messages is known from the summary alone.
      assertThat(indexed.channels()).containsAllEntriesOf(scanned.channels());
      assertThat(scanned.channels()).containsKeys(indexed.statistics().channelMessageCounts().keySet().toArray(Integer[]::new));
      assertThat(keys(scanned.messages())).isEqualTo(keys(indexed.messages()));
      assertThat(scanned.metadata()).isEqualTo(indexed.metadata());
    }
  }

  @Test
  void rosbag2MetadataRecordsAreReadThroughTheirIndex() throws IOException {
    Path file = rosbag2("mcap", "bag_with_topics_and_service_events", "bag_with_topics_and_service_events.mcap");
    try (McapReader r = McapReader.open(file, STRICT)) {
      List<McapMetadata> metadata = r.metadata();
      assertThat(metadata).extracting(McapMetadata::name).containsExactly("rosbag2", "rosbag2");
      assertThat(metadata.get(1).metadata().get("serialized_metadata"))
          .startsWith("version: 8\nstorage_identifier: mcap\n").contains("message_count: 10\n");
    }
  }

  @Test
  void messagesCanBeFilteredByChannel() throws IOException {
    try (McapReader r = McapReader.open(rosbag2("mcap", "wbag", "wbag_0.mcap"))) {
      int aaa = r.channels().values().stream().filter(c -> c.topic().equals("AAA")).findFirst().orElseThrow().id();
      Iterator<McapMessage> it = r.messages(id -> id == aaa);
      int n = 0;
      while (it.hasNext()) {
        assertThat(it.next().channelId()).isEqualTo(aaa);
        n++;
      }
      assertThat(n).isEqualTo(174);
    }
  }

  @Test
  void nonMcapFilesAreRejectedAtOpen(@TempDir Path dir) throws IOException {
    Path empty = Files.write(dir.resolve("empty.mcap"), new byte[0]);
    assertThatThrownBy(() -> McapReader.open(empty)).isInstanceOf(McapFormatException.class)
        .hasMessageContaining("not an MCAP file");
    byte[] magicOnly = Arrays.copyOf(Files.readAllBytes(rosbag2("mcap", "talker", "talker.mcap")), 20);
    Path cut = Files.write(dir.resolve("cut.mcap"), magicOnly);
    assertThatThrownBy(() -> McapReader.open(cut)).isInstanceOf(McapFormatException.class)
        .hasMessageContaining("Header");
  }

  static int count(Iterator<?> it) {
    int n = 0;
    while (it.hasNext()) {
      it.next();
      n++;
    }
    return n;
  }

  static List<String> keys(Iterator<McapMessage> it) {
    List<String> out = new ArrayList<>();
    while (it.hasNext()) {
      McapMessage m = it.next();
      out.add(m.channelId() + "@" + m.logTime() + "/" + m.publishTime() + ":" + Arrays.hashCode(m.data()));
    }
    return out;
  }
}
