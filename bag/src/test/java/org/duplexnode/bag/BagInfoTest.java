package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected text follows rosbag2's own test_rosbag2_info_end_to_end.cpp. */
@Tag("unit")
class BagInfoTest {
  @ParameterizedTest
  @ValueSource(strings = {"mcap", "sqlite3"})
  void cdrTestInfoMatchesRos2BagInfo(String storage) throws IOException {
    try (Bag bag = Bag.open(rosbag2(storage, "cdr_test"))) {
      BagInfo info = BagInfo.of(bag, false, true);
      String file = storage.equals("mcap") ? "cdr_test_0.mcap" : "cdr_test_0.db3";
      assertThat(info.toText(ZoneOffset.UTC)).startsWith("\nFiles:             " + file + "\nBag size:          ")
          .contains("\nStorage id:        " + storage
              + "\nROS Distro:        unknown"
              + "\nDuration:          0.151137181s"
              + "\nStart:             Apr  9 2020 04:27:36.763032325 (1586406456.763032325)"
              + "\nEnd:               Apr  9 2020 04:27:36.914169506 (1586406456.914169506)"
              + "\nMessages:          7"
              + "\nTopic information: "
              + "Topic: /array_topic | Type: test_msgs/msg/Arrays | Count: 4 | Size Contribution: 2.7 KiB | Serialization Format: cdr\n"
              + "                   Topic: /test_topic | Type: test_msgs/msg/BasicTypes | Count: 3 | Size Contribution: 156 B | Serialization Format: cdr\n"
              + "Service:           0\n");
      assertThat(info.messageCount()).isEqualTo(7);
      assertThat(info.startNs()).isEqualTo(1586406456763032325L);
      assertThat(info.endNs()).isEqualTo(1586406456914169506L);
      assertThat(info.durationNs()).isEqualTo(151137181L);
    }
  }

  @Test
  void serviceEventsAreCountedAsRequestsAndResponses() throws IOException {
    try (Bag bag = Bag.open(rosbag2("mcap", "bag_with_topics_and_service_events"))) {
      String text = BagInfo.of(bag, false, true).toText(ZoneOffset.UTC);
      assertThat(text).contains("\nMessages:          2\n")
          .contains("Topic: /events/write_split | Type: rosbag2_interfaces/msg/WriteSplitEvent | Count: 0 | "
              + "Size Contribution: 0 B | Serialization Format: cdr\n")
          .contains("Topic: /test_topic1 | Type: test_msgs/msg/Strings | Count: 1 | "
              + "Size Contribution: 217 B | Serialization Format: cdr\n")
          .contains("Service:           2\n")
          .contains("Service information: Service: /test_service1 | Type: test_msgs/srv/BasicTypes | "
              + "Request Count: 2 | Response Count: 2 | Size Contribution: 434 B | Serialization Format: cdr\n"
              + "                     Service: /test_service2 | Type: test_msgs/srv/BasicTypes | "
              + "Request Count: 2 | Response Count: 2 | Size Contribution: 434 B | Serialization Format: cdr\n")
          .contains("Start:             Nov  7 2023 08:30:36.270074454 (1699345836.270074454)");
    }
  }

  @Test
  void jsonCarriesCountsTimesTopicsAndFiles() throws IOException {
    try (Bag bag = Bag.open(rosbag2("mcap", "wbag"))) {
      JsonNode json = new ObjectMapper().readTree(BagInfo.of(bag).toJson());
      assertThat(json.get("message_count").asLong()).isEqualTo(6074);
      assertThat(json.get("start_ns").asLong()).isEqualTo(1000);
      assertThat(json.get("end_ns").asLong()).isEqualTo(2998);
      assertThat(json.get("duration_ns").asLong()).isEqualTo(1998);
      assertThat(json.get("storage").asText()).isEqualTo("mcap");
      assertThat(json.get("source").asText()).isEqualTo("files");
      assertThat(json.get("files")).hasSize(5);
      assertThat(json.get("files").get(0).asText()).isEqualTo("wbag_0.mcap");
      assertThat(json.get("topics")).hasSize(8);
      JsonNode aaa = json.get("topics").get(0);
      assertThat(aaa.get("name").asText()).isEqualTo("AAA");
      assertThat(aaa.get("type").asText()).isEqualTo("std_msgs/msg/String");
      assertThat(aaa.get("message_count").asLong()).isEqualTo(804);
      assertThat(aaa.has("size_bytes")).isFalse();
    }
  }

  @Test
  void metadataSourceReportsWhatMetadataYamlSays() throws IOException {
    try (Bag bag = Bag.open(rosbag2("sqlite3", "wbag"))) {
      BagInfo info = BagInfo.of(bag, true, false);
      assertThat(info.source()).isEqualTo("metadata.yaml");
      assertThat(info.startNs()).isEqualTo(2623);
      assertThat(info.durationNs()).isEqualTo(411);
      assertThat(info.messageCount()).isEqualTo(6074);
    }
  }
}
