package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagInfo;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.bag.BagMetadata;
import org.duplexnode.bag.MessageIterator;
import org.duplexnode.bag.MetadataYaml;
import org.duplexnode.bag.RosbagTestData;
import org.duplexnode.bag.TimeRange;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.bag.mcap.McapChannel;
import org.duplexnode.bag.mcap.McapMetadata;
import org.duplexnode.bag.mcap.McapReader;
import org.duplexnode.bag.mcap.McapStatistics;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.UnitRecord;
import org.duplexnode.ros.NodeIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output bag of a replay of the demo bag: its messages lie in the time the replay covered (the
 * input's start to the end of its last unit, never at 0), its metadata.yaml has rosbag2's layout
 * and agrees with the MCAP file, and replaying the output bag gives the verdicts the input gave.
 */
@Tag("integration")
class OutputBagTimeTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;

  ReplayRun.Outcome replay(Path bag, String name) throws Exception {
    return ReplayRun.run(new ReplayRun.Options(bag, ReplayRunTest.MODEL, dir.resolve(name), 0, false, 0, true,
        Optional.of(ReplayRunTest.SCENARIO), name), RosArgs.empty(), new ParameterSet(NodeParameters.all()),
        new NodeIdentity("duplex_node", "/"), new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void theOutputBagSpansTheReplayedTimeAndReplaysToTheSameVerdicts() throws Exception {
    TimeRange input;
    try (Bag in = Bag.open(ReplayRunTest.DEMO_BAG)) {
      input = in.timeRange().orElseThrow();
    }
    ReplayRun.Outcome first = replay(ReplayRunTest.DEMO_BAG, "first");
    List<UnitRecord> units = first.record().units();
    long replayedEnd = units.get(units.size() - 1).audioEndNs();
    // The input's last message is 100 ms of audio; the unit holding its last sample is completed
    // with zeros, so the replay ends less than one unit after the input's audio does.
    assertThat(replayedEnd).isGreaterThanOrEqualTo(input.endNs()).isLessThan(input.endNs() + 1_100_000_000L);

    Path outBag = first.outputBag();
    try (Bag out = Bag.open(outBag)) {
      List<String> outside = new ArrayList<>();
      try (MessageIterator it = out.messages()) {
        while (it.hasNext()) {
          BagMessage m = it.next();
          if (m.logTimeNs() < input.startNs() || m.logTimeNs() > replayedEnd) {
            outside.add(m.topic() + " at " + m.logTimeNs());
          }
        }
      }
      assertThat(outside).as("messages outside [%d, %d]", input.startNs(), replayedEnd).isEmpty();

      TimeRange range = out.timeRange().orElseThrow();
      assertThat(range.startNs()).isEqualTo(input.startNs());
      assertThat(range.endNs()).isEqualTo(replayedEnd);
      BagInfo files = BagInfo.of(out);
      BagInfo fromYaml = BagInfo.of(out, true, false);
      for (BagInfo info : List.of(files, fromYaml)) {
        assertThat(info.startNs()).isEqualTo(input.startNs());
        assertThat(info.durationNs()).isEqualTo(replayedEnd - input.startNs()).isLessThan(16_000_000_000L);
      }
      assertThat(files.toText(ZoneOffset.UTC)).contains("Duration:          15.995000000s")
          .contains("Start:             Jan  1 2026 00:00:00.000000000 (1767225600.000000000)")
          .contains("End:               Jan  1 2026 00:00:15.995000000 (1767225615.995000000)");
    }

    metadataYamlIsRosbag2sAndAgreesWithTheMcapFile(outBag);

    ReplayRun.Outcome second = replay(outBag, "second");
    assertThat(second.record().startNs()).isEqualTo(first.record().startNs());
    assertThat(second.results()).isEqualTo(first.results()).isNotEmpty();
    assertThat(ReplayRunTest.outputs(second.outputBag())).isEqualTo(ReplayRunTest.outputs(outBag)).isNotEmpty();
  }

  private static void metadataYamlIsRosbag2sAndAgreesWithTheMcapFile(Path outBag) throws Exception {
    JsonNode ours = YAML.readTree(outBag.resolve("metadata.yaml").toFile());
    // The newest layout among the real recordings (version 8); version 9 differs only in structured QoS.
    JsonNode rosbag2 = YAML.readTree(RosbagTestData.rosbag2("mcap", "bag_with_topics_and_service_events",
        "metadata.yaml").toFile());
    assertThat(shape(ours)).isEqualTo(shape(rosbag2));
    JsonNode info = ours.get("rosbag2_bagfile_information");
    assertThat(info.get("version").asInt()).isEqualTo(9);
    assertThat(Files.readString(outBag.resolve("metadata.yaml"))).as("an empty custom_data is written as ~")
        .contains("\n  custom_data: ~\n");
    assertThat(info.at("/topics_with_message_count/0/topic_metadata/offered_qos_profiles/0/history").asText())
        .isEqualTo("keep_last");

    BagMetadata yaml = MetadataYaml.read(outBag.resolve("metadata.yaml"));
    Path file = outBag.resolve(yaml.relativeFilePaths().get(0));
    assertThat(yaml.relativeFilePaths()).containsExactly(outBag.getFileName() + "_0.mcap");
    try (McapReader mcap = McapReader.open(file)) {
      McapStatistics stats = mcap.statistics();
      assertThat(yaml.startingTimeNs()).isEqualTo(stats.messageStartTime());
      assertThat(yaml.durationNs()).isEqualTo(stats.messageEndTime() - stats.messageStartTime());
      assertThat(yaml.messageCount()).isEqualTo(stats.messageCount());
      assertThat(yaml.files()).containsExactly(new BagMetadata.FileEntry(file.getFileName().toString(),
          stats.messageStartTime(), stats.messageEndTime() - stats.messageStartTime(), stats.messageCount()));
      Map<String, Long> perChannel = new LinkedHashMap<>();
      for (McapChannel c : mcap.channels().values()) {
        perChannel.put(c.topic(), stats.channelMessageCounts().getOrDefault(c.id(), 0L));
      }
      Map<String, Long> perTopic = new LinkedHashMap<>();
      for (TopicInfo t : yaml.topics()) {
        perTopic.put(t.name(), t.messageCount());
      }
      assertThat(perTopic).isEqualTo(perChannel);
      String embedded = null;
      for (McapMetadata m : mcap.metadata()) {
        if (m.name().equals("rosbag2")) {
          embedded = m.metadata().get("serialized_metadata");
        }
      }
      assertThat(embedded).isNotNull();
      assertThat(MetadataYaml.parse(embedded)).isEqualTo(yaml);
    }
  }

  /**
   * The layout of a metadata tree: keys in order, scalars by kind, the first element of each list,
   * QoS left out (a string before version 9, a list from 9).
   */
  static String shape(JsonNode node) {
    if (node.isObject()) {
      StringBuilder s = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s.append(e.getKey()).append(':')
            .append(e.getKey().equals("offered_qos_profiles") ? "qos" : shape(e.getValue())).append(',');
      }
      return s.append('}').toString();
    }
    if (node.isArray()) {
      return node.isEmpty() ? "[]" : "[" + shape(node.get(0)) + "]";
    }
    if (node.isNumber()) {
      return "number";
    }
    return node.isNull() ? "null" : node.isBoolean() ? "boolean" : "text";
  }
}
