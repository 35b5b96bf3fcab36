package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.duplexnode.bag.cdr.CdrReader;
import org.duplexnode.bag.cdr.CdrWriter;
import org.duplexnode.bag.mcap.McapChannel;
import org.duplexnode.bag.mcap.McapCompression;
import org.duplexnode.bag.mcap.McapReader;
import org.duplexnode.bag.mcap.McapWriterOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class RosbagWriterTest {
  static final String QOS = ChatterTopic.QOS;
  static final TopicInfo CHATTER = ChatterTopic.TOPIC;
  static final MessageDefinition STRING = ChatterTopic.STRING;
  static final TopicInfo COUNTER = new TopicInfo("/counter", "std_msgs/msg/Int32", "cdr", 0, QOS, "");
  static final MessageDefinition INT32 = new MessageDefinition("std_msgs/msg/Int32", "ros2msg", "int32 data\n");

  @Test
  void writtenBagReadsBackAsRosbag2WouldWriteIt(@TempDir Path dir) throws IOException {
    Path folder = dir.resolve("rec");
    List<BagMessage> written = write(folder, RosbagWriterOptions.defaults().withRosDistro("jazzy"), 300);
    assertThat(folder.resolve("rec_0.mcap")).isRegularFile();
    BagMetadata yaml = MetadataYaml.read(folder.resolve("metadata.yaml"));
    assertThat(Files.readString(folder.resolve("metadata.yaml"))).contains("offered_qos_profiles:\n          - history: keep_last");
    assertThat(yaml.version()).isEqualTo(9);
    assertThat(yaml.storageIdentifier()).isEqualTo("mcap");
    assertThat(yaml.messageCount()).isEqualTo(300);
    assertThat(yaml.startingTimeNs()).isEqualTo(1_000_000_000L);
    assertThat(yaml.durationNs()).isEqualTo(299 * 1_000_000L);
    assertThat(yaml.relativeFilePaths()).containsExactly("rec_0.mcap");
    assertThat(yaml.files()).containsExactly(new BagMetadata.FileEntry("rec_0.mcap", 1_000_000_000L, 299_000_000L, 300));
    assertThat(yaml.topics()).extracting(TopicInfo::name, TopicInfo::messageCount).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/chatter", 150L), org.assertj.core.groups.Tuple.tuple("/counter", 150L));
    assertThat(yaml.topics().get(0).offeredQosProfiles()).isEqualTo(QOS);
    assertThat(yaml.rosDistro()).isEqualTo("jazzy");

    try (McapReader r = McapReader.open(folder.resolve("rec_0.mcap"))) {
      assertThat(r.header().profile()).isEqualTo("ros2");
      McapChannel channel = r.channels().get(1);
      assertThat(channel.messageEncoding()).isEqualTo("cdr");
      assertThat(channel.metadata()).containsEntry("offered_qos_profiles", QOS)
          .containsEntry("topic_type_hash", CHATTER.typeDescriptionHash());
      assertThat(r.schemas().get(channel.schemaId()).encoding()).isEqualTo("ros2msg");
      assertThat(r.chunkIndexes()).allSatisfy(c -> assertThat(c.compression()).isEqualTo("zstd"));
      assertThat(r.metadata()).singleElement().satisfies(m -> {
        assertThat(m.name()).isEqualTo("rosbag2");
        assertThat(m.metadata().get("serialized_metadata")).startsWith("version: 9\n");
      });
      assertThat(r.warnings()).isEmpty();
    }
    try (Bag bag = Bag.open(folder)) {
      assertThat(bag.embeddedMetadata().orElseThrow().messageCount()).isEqualTo(300);
      assertThat(read(bag, null)).usingRecursiveFieldByFieldElementComparator().isEqualTo(written);
      assertThat(bag.warnings()).isEmpty();
    }
  }

  @Test
  void largeBagsSplitIntoFilesReadAsOneStream(@TempDir Path dir) throws IOException {
    Path folder = dir.resolve("split");
    RosbagWriterOptions options = RosbagWriterOptions.defaults()
        .withMcap(McapWriterOptions.defaults().withChunkSize(4096).withCompression(McapCompression.LZ4))
        .withMaxFileBytes(20_000);
    List<BagMessage> written = write(folder, options, 2000);
    BagMetadata yaml = MetadataYaml.read(folder.resolve("metadata.yaml"));
    assertThat(yaml.relativeFilePaths().size()).isGreaterThan(2);
    assertThat(yaml.files().stream().mapToLong(BagMetadata.FileEntry::messageCount).sum()).isEqualTo(2000);
    try (Bag bag = Bag.open(folder)) {
      assertThat(bag.files()).hasSize(yaml.relativeFilePaths().size());
      assertThat(bag.topics()).extracting(TopicInfo::messageCount).containsExactly(1000L, 1000L);
      assertThat(read(bag, null)).usingRecursiveFieldByFieldElementComparator().isEqualTo(written);
      assertThat(read(bag, Set.of("/counter"))).hasSize(1000);
    }
  }

  @Test
  void recordingInterruptedMidwayKeepsFlushedChunks(@TempDir Path dir) throws IOException {
    Path folder = dir.resolve("live");
    Path crashed = dir.resolve("crashed");
    Files.createDirectories(crashed);
    RosbagWriterOptions options = RosbagWriterOptions.defaults()
        .withMcap(McapWriterOptions.defaults().withChunkSize(2048));
    try (RosbagWriter writer = RosbagWriter.create(folder, options)) {
      writer.addTopic(CHATTER, STRING);
      for (int i = 0; i < 500; i++) {
        writer.write("/chatter", 1_000 + i, 1_000 + i, new CdrWriter().writeString("m" + i).toByteArray());
      }
      writer.flush();
      for (int i = 500; i < 520; i++) {
        writer.write("/chatter", 1_000 + i, 1_000 + i, new CdrWriter().writeString("m" + i).toByteArray());
      }
      // What a crash now would leave: the file as it is on disk, and no metadata.yaml.
      Files.copy(folder.resolve("live_0.mcap"), crashed.resolve("live_0.mcap"));
    }
    try (Bag bag = Bag.open(crashed)) {
      assertThat(bag.metadata()).isEmpty();
      List<BagMessage> messages = read(bag, null);
      assertThat(messages).hasSize(500);
      assertThat(new CdrReader(messages.get(499).data()).readString()).isEqualTo("m499");
      assertThat(bag.topics()).extracting(TopicInfo::name, TopicInfo::messageCount)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("/chatter", 500L));
      assertThat(bag.warnings()).isNotEmpty();
    }
  }

  @Test
  void misuseIsRejected(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("full"));
    Files.writeString(dir.resolve("full/x"), "x");
    assertThatThrownBy(() -> RosbagWriter.create(dir.resolve("full"), RosbagWriterOptions.defaults()))
        .hasMessageContaining("not empty");
    try (RosbagWriter writer = RosbagWriter.create(dir.resolve("ok"), RosbagWriterOptions.defaults())) {
      writer.addTopic(CHATTER, STRING);
      assertThatThrownBy(() -> writer.addTopic(CHATTER, STRING)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> writer.write("/nope", 1, 1, new byte[4])).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Alternating /chatter strings and /counter ints, 1 ms apart from t = 1 s. */
  static List<BagMessage> write(Path folder, RosbagWriterOptions options, int count) throws IOException {
    List<BagMessage> written = new ArrayList<>();
    try (RosbagWriter writer = RosbagWriter.create(folder, options)) {
      writer.addTopic(CHATTER, STRING);
      writer.addTopic(COUNTER, INT32);
      for (int i = 0; i < count; i++) {
        long t = 1_000_000_000L + i * 1_000_000L;
        BagMessage m = i % 2 == 0
            ? new BagMessage("/chatter", t, t - 500, new CdrWriter().writeString("hello " + i).toByteArray())
            : new BagMessage("/counter", t, t - 500, new CdrWriter().writeInt32(i).toByteArray());
        writer.write(m);
        written.add(m);
      }
    }
    return written;
  }

  static List<BagMessage> read(Bag bag, Set<String> topics) {
    List<BagMessage> out = new ArrayList<>();
    try (MessageIterator it = bag.messages(topics)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
