package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MetadataYamlTest {
  @Test
  void version4WithKeysInAnyOrder() throws IOException {
    BagMetadata m = MetadataYaml.read(rosbag2("mcap", "talker", "metadata.yaml"));
    assertThat(m.version()).isEqualTo(4);
    assertThat(m.storageIdentifier()).isEqualTo("mcap");
    assertThat(m.relativeFilePaths()).containsExactly("talker.mcap");
    assertThat(m.files()).isEmpty();
    assertThat(m.topics()).extracting(TopicInfo::name).containsExactly("/topic", "/rosout", "/parameter_events");
    assertThat(m.topics().get(1).offeredQosProfiles()).isEqualTo("- history: 3\n  depth: 0\n  reliability: 1\n"
        + "  durability: 1\n  deadline:\n    sec: 0\n    nsec: 0\n  lifespan:\n    sec: 10\n    nsec: 0\n"
        + "  liveliness: 1\n  liveliness_lease_duration:\n    sec: 0\n    nsec: 0\n"
        + "  avoid_ros_namespace_conventions: false");
  }

  @Test
  void version7HasFilesTypeHashesAndNullCustomData() throws IOException {
    BagMetadata m = MetadataYaml.read(rosbag2("sqlite3", "cdr_test", "metadata.yaml"));
    assertThat(m.version()).isEqualTo(7);
    assertThat(m.files()).containsExactly(
        new BagMetadata.FileEntry("cdr_test_0.db3", 1586406456763032325L, 151137181L, 7));
    assertThat(m.topics()).extracting(TopicInfo::typeDescriptionHash).containsOnly("");
    assertThat(m.customData()).isEmpty();
    assertThat(m.rosDistro()).isEmpty();
  }

  @Test
  void version8HasRosDistroAndHashes() throws IOException {
    BagMetadata m = MetadataYaml.read(rosbag2("mcap", "bag_with_topics_and_service_events", "metadata.yaml"));
    assertThat(m.version()).isEqualTo(8);
    assertThat(m.topics()).hasSize(5);
    assertThat(m.topics().get(0).typeDescriptionHash()).startsWith("RIHS01_5ef58f");
  }

  @Test
  void version9QosIsStructuredAndReadBackAsText() throws IOException {
    String yaml = String.join("\n",
        "rosbag2_bagfile_information:",
        "  version: 9",
        "  storage_identifier: mcap",
        "  duration:",
        "    nanoseconds: 5",
        "  starting_time:",
        "    nanoseconds_since_epoch: 7",
        "  message_count: 1",
        "  topics_with_message_count:",
        "    - topic_metadata:",
        "        name: /chatter",
        "        type: std_msgs/msg/String",
        "        serialization_format: cdr",
        "        offered_qos_profiles:",
        "          - history: keep_last",
        "            depth: 10",
        "            reliability: reliable",
        "            durability: volatile",
        "        type_description_hash: RIHS01_abc",
        "      message_count: 1",
        "  compression_format: \"\"",
        "  compression_mode: \"\"",
        "  relative_file_paths:",
        "    - b_0.mcap",
        "  files: []",
        "  custom_data:",
        "    operator: ana",
        "  ros_distro: jazzy",
        "");
    BagMetadata m = MetadataYaml.parse(yaml);
    assertThat(m.version()).isEqualTo(9);
    assertThat(m.rosDistro()).isEqualTo("jazzy");
    assertThat(m.customData()).isEqualTo(Map.of("operator", "ana"));
    assertThat(m.topics().get(0).offeredQosProfiles())
        .isEqualTo("- history: keep_last\n  depth: 10\n  reliability: reliable\n  durability: volatile");
  }

  @Test
  void writtenMetadataParsesBackWithStructuredQos() throws IOException {
    String qos = QosProfiles.keepLast(10, "reliable", "volatile");
    BagMetadata m = new BagMetadata(9, "mcap", 100, 5, 3,
        List.of(new TopicInfo("/a", "std_msgs/msg/String", "cdr", 3, qos, "RIHS01_x")), "", "",
        List.of("b_0.mcap"), List.of(new BagMetadata.FileEntry("b_0.mcap", 5, 100, 3)), Map.of(), "jazzy");
    String yaml = MetadataYaml.write(m);
    assertThat(yaml).startsWith("rosbag2_bagfile_information:\n  version: 9\n")
        .contains("        offered_qos_profiles:\n          - history: keep_last\n            depth: 10\n")
        .contains("nanoseconds_since_epoch: 5")
        .contains("\n  custom_data: ~\n  ros_distro: jazzy\n");
    assertThat(MetadataYaml.writeEmbedded(m)).contains("\ncustom_data: ~\n");
    assertThat(MetadataYaml.parse(yaml)).isEqualTo(m);
    assertThat(MetadataYaml.parse(MetadataYaml.writeEmbedded(m))).isEqualTo(m);
    BagMetadata custom = new BagMetadata(9, "mcap", 0, 0, 0, List.of(), "", "", List.of(), List.of(),
        Map.of("custom_data", "null"), "");
    assertThat(MetadataYaml.parse(MetadataYaml.write(custom))).isEqualTo(custom);
  }

  @Test
  void malformedMetadataIsRejected() {
    assertThatThrownBy(() -> MetadataYaml.parse("just: [unclosed")).isInstanceOf(BagFormatException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> MetadataYaml.parse("rosbag2_bagfile_information:\n  storage_identifier: mcap\n"))
        .hasMessageContaining("version");
  }
}
