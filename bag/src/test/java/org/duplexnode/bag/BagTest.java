package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duplexnode.bag.cdr.CdrReader;
import org.duplexnode.bag.mcap.McapWriter;
import org.duplexnode.bag.mcap.McapWriterOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class BagTest {
  private static final long TALKER_START = 1585866235112411371L;
  private static final long TALKER_END = 1585866239643508139L;

  @ParameterizedTest
  @ValueSource(strings = {"mcap", "sqlite3"})
  void talkerTopicsCountsAndTimesMatchTheFilesAndMetadata(String storage) throws IOException {
    try (Bag bag = Bag.open(rosbag2(storage, "talker"))) {
      assertThat(bag.storageIdentifier()).isEqualTo(storage);
      assertThat(bag.topics()).extracting(TopicInfo::name, TopicInfo::type, TopicInfo::messageCount)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("/topic", "std_msgs/msg/String", 10L),
              org.assertj.core.groups.Tuple.tuple("/rosout", "rcl_interfaces/msg/Log", 10L),
              org.assertj.core.groups.Tuple.tuple("/parameter_events", "rcl_interfaces/msg/ParameterEvent", 0L));
      assertThat(bag.messageCount()).isEqualTo(20);
      assertThat(bag.timeRange()).contains(new TimeRange(TALKER_START, TALKER_END));
      BagMetadata yaml = bag.metadata().orElseThrow();
      assertThat(yaml.version()).isEqualTo(4);
      assertThat(yaml.messageCount()).isEqualTo(20);
      assertThat(yaml.startingTimeNs()).isEqualTo(TALKER_START);
      assertThat(yaml.durationNs()).isEqualTo(4531096768L).isEqualTo(TALKER_END - TALKER_START);
      assertThat(bag.topic("/topic").orElseThrow().offeredQosProfiles()).startsWith("- history: 3\n");
      assertThat(bag.warnings()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mcap", "sqlite3"})
  void talkerStringsDecodeInOrder(String storage) throws IOException {
    List<String> data = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    try (Bag bag = Bag.open(rosbag2(storage, "talker")); MessageIterator it = bag.messages(Set.of("/topic"))) {
      while (it.hasNext()) {
        BagMessage m = it.next();
        assertThat(m.topic()).isEqualTo("/topic");
        CdrReader in = new CdrReader(m.data());
        data.add(in.readString());
        times.add(m.logTimeNs());
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("Hello, world! " + i);
    }
    assertThat(data).isEqualTo(expected);
    assertThat(times).isSorted().first().isEqualTo(1585866235112609068L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mcap", "sqlite3"})
  void splitBagReadsAllFilesInOrderAsOneStream(String storage) throws IOException {
    try (Bag bag = Bag.open(rosbag2(storage, "wbag")); MessageIterator it = bag.messages()) {
      assertThat(bag.files()).hasSize(5);
      assertThat(bag.files()).extracting(f -> f.path().getFileName().toString())
          .containsExactly("wbag_0." + ext(storage), "wbag_1." + ext(storage), "wbag_2." + ext(storage),
              "wbag_3." + ext(storage), "wbag_4." + ext(storage));
      assertThat(bag.files()).extracting(BagFile::messageCount).containsExactly(1246L, 1240L, 1240L, 1240L, 1108L);
      assertThat(bag.messageCount()).isEqualTo(6074);
      // metadata.yaml of this bag is stale on times: it holds the last file's start.
      assertThat(bag.metadata().orElseThrow().startingTimeNs()).isEqualTo(2623);
      assertThat(bag.metadata().orElseThrow().durationNs()).isEqualTo(411);
      assertThat(bag.timeRange()).contains(new TimeRange(1000, 2998));
      Map<String, Long> expected = Map.of("AAA", 804L, "BBB", 742L, "CCC", 742L, "DDD", 753L,
          "EEE", 804L, "FFF", 772L, "GGG", 731L, "HHH", 726L);
      for (TopicInfo t : bag.topics()) {
        assertThat(t.messageCount()).as(t.name()).isEqualTo(expected.get(t.name()));
      }
      Map<String, Long> counted = new LinkedHashMap<>();
      long last = Long.MIN_VALUE;
      int n = 0;
      while (it.hasNext()) {
        BagMessage m = it.next();
        assertThat(m.logTimeNs()).isGreaterThanOrEqualTo(last);
        last = m.logTimeNs();
        counted.merge(m.topic(), 1L, Long::sum);
        if (n++ == 0) {
          assertThat(new CdrReader(m.data()).readString()).isEqualTo("Hello, world! 0 - 0");
        }
      }
      assertThat(counted).isEqualTo(expected);
      assertThat(n).isEqualTo(6074);
    }
  }

  @Test
  void folderWithoutMetadataIsReadFromItsFiles() throws IOException {
    try (Bag bag = Bag.open(rosbag2("mcap", "reindex_multiple_files")); MessageIterator it = bag.messages()) {
      assertThat(bag.metadata()).isEmpty();
      assertThat(bag.files()).extracting(f -> f.path().getFileName().toString())
          .containsExactly("multiple_files_0.mcap", "multiple_files_1.mcap", "multiple_files_2.mcap");
      assertThat(bag.topics()).extracting(TopicInfo::name, TopicInfo::type, TopicInfo::messageCount)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("/chatter", "std_msgs/msg/String", 3177L));
      assertThat(bag.timeRange()).contains(new TimeRange(1616653333034080451L, 1616653339386193357L));
      long last = Long.MIN_VALUE;
      int n = 0;
      while (it.hasNext()) {
        BagMessage m = it.next();
        assertThat(m.logTimeNs()).isGreaterThan(last);
        last = m.logTimeNs();
        assertThat(new CdrReader(m.data()).readString()).isEqualTo("test");
        n++;
      }
      assertThat(n).isEqualTo(3177);
    }
  }

  @Test
  void serviceEventBagListsTopicsAndServiceEvents() throws IOException {
    try (Bag bag = Bag.open(rosbag2("mcap", "bag_with_topics_and_service_events"))) {
      assertThat(bag.topics()).extracting(TopicInfo::name, TopicInfo::messageCount).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("/events/write_split", 0L),
          org.assertj.core.groups.Tuple.tuple("/test_service1/_service_event", 4L),
          org.assertj.core.groups.Tuple.tuple("/test_service2/_service_event", 4L),
          org.assertj.core.groups.Tuple.tuple("/test_topic1", 1L),
          org.assertj.core.groups.Tuple.tuple("/test_topic2", 1L));
      assertThat(bag.topic("/test_service1/_service_event").orElseThrow().typeDescriptionHash())
          .isEqualTo("RIHS01_5b9988a4805a06ae22dff12903a774ccda710e9514926b826ffc884e3a9a982e");
      assertThat(bag.metadata().orElseThrow().version()).isEqualTo(8);
      BagMetadata embedded = bag.embeddedMetadata().orElseThrow();
      assertThat(embedded.messageCount()).isEqualTo(10);
      assertThat(embedded.startingTimeNs()).isEqualTo(1699345836270074454L);
      assertThat(bag.definition("test_msgs/srv/BasicTypes_Event").orElseThrow().text()).contains("---");
      assertThat(bag.timeRange()).contains(new TimeRange(1699345836270074454L, 1699345836340728398L));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"talker", "cdr_test", "wbag"})
  void sqliteAndMcapHoldTheSameMessages(String name) throws IOException {
    assertThat(messages(rosbag2("mcap", name))).isEqualTo(messages(rosbag2("sqlite3", name)));
  }

  @Test
  void singleFilesOpenWithoutTheirFolder() throws IOException {
    try (Bag mcap = Bag.open(rosbag2("mcap", "talker", "talker.mcap"));
        Bag db3 = Bag.open(rosbag2("sqlite3", "talker", "talker.db3"))) {
      assertThat(mcap.metadata()).isEmpty();
      assertThat(mcap.messageCount()).isEqualTo(20);
      assertThat(db3.storageIdentifier()).isEqualTo("sqlite3");
      assertThat(db3.messageCount()).isEqualTo(20);
    }
    assertThat(messages(rosbag2("mcap", "talker", "talker.mcap")))
        .isEqualTo(messages(rosbag2("sqlite3", "talker", "talker.db3")));
  }

  @Test
  void missingPathAndForeignFilesGiveClearErrors(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> Bag.open(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Bag.open(dir)).isInstanceOf(BagFormatException.class)
        .hasMessageContaining("no storage files");
    Path text = Files.writeString(dir.resolve("notes.mcap"), "hello, not a bag");
    assertThatThrownBy(() -> Bag.open(text)).isInstanceOf(BagFormatException.class)
        .hasMessageContaining("neither an MCAP nor a sqlite3 file");
    Path other = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> Bag.open(other)).isInstanceOf(BagFormatException.class)
        .hasMessageContaining("neither an MCAP nor a sqlite3 file");
  }

  @Test
  void unreadableMetadataFallsBackToTheFiles(@TempDir Path dir) throws IOException {
    Path bag = dir.resolve("bag");
    Files.createDirectories(bag);
    Files.copy(rosbag2("mcap", "talker", "talker.mcap"), bag.resolve("talker.mcap"));
    Files.writeString(bag.resolve("metadata.yaml"), "rosbag2_bagfile_information: [broken");
    try (Bag opened = Bag.open(bag)) {
      assertThat(opened.metadata()).isEmpty();
      assertThat(opened.messageCount()).isEqualTo(20);
      assertThat(opened.warnings()).anyMatch(w -> w.contains("metadata.yaml") && w.contains("reading the storage files"));
    }
    assertThatThrownBy(() -> Bag.open(bag, org.duplexnode.bag.mcap.McapReadOptions.defaults().withStrict(true)))
        .isInstanceOf(BagFormatException.class).hasMessageContaining("metadata.yaml");
  }

  @Test
  void metadataListingMissingFilesIsReported(@TempDir Path dir) throws IOException {
    Path bag = dir.resolve("bag");
    Files.createDirectories(bag);
    Files.copy(rosbag2("mcap", "wbag", "wbag_0.mcap"), bag.resolve("wbag_0.mcap"));
    Files.copy(rosbag2("mcap", "wbag", "metadata.yaml"), bag.resolve("metadata.yaml"));
    try (Bag opened = Bag.open(bag)) {
      assertThat(opened.messageCount()).isEqualTo(1246);
      assertThat(opened.warnings()).anyMatch(w -> w.contains("wbag_3.mcap listed in metadata.yaml is missing"));
    }
  }

  @Test
  void metadataThatIsNotUtf8FallsBackToTheFiles(@TempDir Path dir) throws IOException {
    Path bag = dir.resolve("bag");
    Files.createDirectories(bag);
    Files.copy(rosbag2("mcap", "talker", "talker.mcap"), bag.resolve("talker.mcap"));
    byte[] latin1 = "rosbag2_bagfile_information:\n  version: 5\n  storage_identifier: mcap # caf\u00e9\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(bag.resolve("metadata.yaml"), latin1);
    try (Bag opened = Bag.open(bag)) {
      assertThat(opened.metadata()).isEmpty();
      assertThat(opened.messageCount()).isEqualTo(20);
      assertThat(opened.warnings()).anyMatch(w -> w.contains("metadata.yaml: not UTF-8 text"));
    }
  }

  @Test
  void metadataListingOnlyMissingFilesFallsBackToTheFolder(@TempDir Path dir) throws IOException {
    Path bag = dir.resolve("bag");
    Files.createDirectories(bag);
    Files.copy(rosbag2("mcap", "talker", "talker.mcap"), bag.resolve("renamed.mcap"));
    Files.copy(rosbag2("mcap", "talker", "metadata.yaml"), bag.resolve("metadata.yaml"));
    try (Bag opened = Bag.open(bag)) {
      assertThat(opened.messageCount()).isEqualTo(20);
      assertThat(opened.warnings())
          .anyMatch(w -> w.contains("talker.mcap listed in metadata.yaml is missing"))
          .anyMatch(w -> w.contains("none of the files metadata.yaml lists is there; reading the folder's 1 storage file(s)"));
    }
    assertThatThrownBy(() -> Bag.open(bag, org.duplexnode.bag.mcap.McapReadOptions.defaults().withStrict(true)))
        .isInstanceOf(BagFormatException.class).hasMessageContaining("no storage files");
  }

  @Test
  void mcapFilesFromOtherWritersOpenAsBags(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("robot.mcap");
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults().withProfile("").withChunkSize(0))) {
      int schema = w.addSchema("pose", "jsonschema", "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
      int pose = w.addChannel(schema, "/pose", "json", Map.of());
      int raw = w.addChannel(0, "/raw", "x-bytes", Map.of());
      w.writeMessage(pose, 0, 10, 10, "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
      w.writeMessage(raw, 0, 5, 4, new byte[] {1, 2});
    }
    try (Bag bag = Bag.open(file)) {
      assertThat(bag.topics()).extracting(TopicInfo::name, TopicInfo::type, TopicInfo::serializationFormat)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("/pose", "pose", "json"),
              org.assertj.core.groups.Tuple.tuple("/raw", "", "x-bytes"));
      assertThat(bag.definition("pose").orElseThrow().encoding()).isEqualTo("jsonschema");
      // Unchunked messages are read in file order.
      assertThat(messages(file)).containsExactly("/pose@10:[123, 34, 120, 34, 58, 49, 125]", "/raw@5:[1, 2]");
      assertThat(BagInfo.of(bag).topics()).extracting(BagInfo.Topic::name).containsExactly("/pose", "/raw");
    }
  }

  static List<String> messages(Path bag) throws IOException {
    List<String> out = new ArrayList<>();
    try (Bag b = Bag.open(bag); MessageIterator it = b.messages()) {
      while (it.hasNext()) {
        BagMessage m = it.next();
        out.add(m.topic() + "@" + m.logTimeNs() + ":" + Arrays.toString(m.data()));
      }
    }
    return out;
  }

  private static String ext(String storage) {
    return storage.equals("mcap") ? "mcap" : "db3";
  }
}
