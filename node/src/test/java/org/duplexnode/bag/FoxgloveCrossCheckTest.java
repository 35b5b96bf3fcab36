package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duplexnode.bag.cdr.CdrMessageDecoder;
import org.duplexnode.bag.cdr.CdrMessageEncoder;
import org.duplexnode.bag.cdr.CdrWriter;
import org.duplexnode.bag.cdr.MsgSchema;
import org.duplexnode.bag.mcap.McapCompression;
import org.duplexnode.bag.mcap.McapReadOptions;
import org.duplexnode.bag.mcap.McapReader;
import org.duplexnode.bag.mcap.McapWriterOptions;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.node.ReplayRun;
import org.duplexnode.ports.UnitRecord;
import org.duplexnode.ros.NodeIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bags written here, read by Foxglove's own libraries (@mcap/core, @foxglove/rosmsg2-serialization,
 * installed with `npm ci` from src/test/js into a temporary folder): both sides must see the same
 * records and decode the same values. Runs where npm is installed.
 */
@Tag("interop")
class FoxgloveCrossCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAMPLE_TYPE = "duplex_test/msg/Sample";
  private static final String SAMPLE_SCHEMA = String.join("\n",
      "std_msgs/Header header",
      "float32 f32",
      "float64[] f64s",
      "int8[3] i8s",
      "uint8[] blob",
      "int64 i64",
      "uint64 u64",
      "uint16 u16",
      "string[<=2] names",
      "bool flag",
      "Point[] points",
      "================================================================================",
      "MSG: std_msgs/Header",
      "builtin_interfaces/Time stamp",
      "string frame_id",
      "================================================================================",
      "MSG: builtin_interfaces/Time",
      "int32 sec",
      "uint32 nanosec",
      "================================================================================",
      "MSG: duplex_test/Point",
      "float64 x",
      "float64 y",
      "");

  @TempDir
  static Path npmDir;

  @BeforeAll
  static void installFoxgloveLibraries() throws Exception {
    // A missing tool fails the check instead of skipping it: .ci/run installs Node.js where absent.
    FoxgloveJs.install(npmDir);
  }

  @ParameterizedTest
  @EnumSource(McapCompression.class)
  void foxgloveReadsWhatTheWriterWrote(McapCompression compression, @TempDir Path dir) throws Exception {
    Path folder = dir.resolve("cross");
    RosbagWriterOptions options = RosbagWriterOptions.defaults().withRosDistro("jazzy")
        .withMcap(McapWriterOptions.defaults().withCompression(compression).withChunkSize(3000));
    MsgSchema sample = MsgSchema.parse(SAMPLE_TYPE, SAMPLE_SCHEMA);
    List<BagMessage> written = new ArrayList<>();
    try (RosbagWriter writer = RosbagWriter.create(folder, options)) {
      writer.addTopic(ChatterTopic.TOPIC, ChatterTopic.STRING);
      writer.addTopic(new TopicInfo("/sample", SAMPLE_TYPE, "cdr", 0, ChatterTopic.QOS, "RIHS01_00"),
          new MessageDefinition(SAMPLE_TYPE, "ros2msg", SAMPLE_SCHEMA));
      for (int i = 0; i < 120; i++) {
        long t = 1_700_000_000_000_000_000L + i * 1_000_000L;
        BagMessage m = i % 3 == 0
            ? new BagMessage("/chatter", t, t - 7, new CdrWriter().writeString("héllo " + i).toByteArray())
            : new BagMessage("/sample", t, t - 7, new CdrMessageEncoder(sample).encode(sampleValue(i)));
        writer.write(m);
        written.add(m);
      }
    }
    Path file = folder.resolve("cross_0.mcap");
    JsonNode foxglove = JSON.readTree(run(npmDir, "node", "read_mcap.mjs", file.toString()));

    assertThat(foxglove.at("/header/profile").asText()).isEqualTo("ros2");
    assertThat(foxglove.at("/statistics/messageCount").asText()).isEqualTo("120");
    assertThat(foxglove.get("chunkCount").asInt()).isGreaterThan(1);
    assertThat(foxglove.at("/streamed/messages").asInt()).isEqualTo(120);
    assertThat(foxglove.at("/streamed/dataEnd").asBoolean()).isTrue();
    assertThat(foxglove.at("/streamed/done").asBoolean()).isTrue();
    JsonNode chatter = foxglove.get("channels").get(0);
    assertThat(chatter.get("topic").asText()).isEqualTo("/chatter");
    assertThat(chatter.get("messageEncoding").asText()).isEqualTo("cdr");
    assertThat(chatter.get("schemaEncoding").asText()).isEqualTo("ros2msg");
    assertThat(chatter.at("/metadata/offered_qos_profiles").asText()).isEqualTo(ChatterTopic.QOS);
    assertThat(chatter.at("/metadata/topic_type_hash").asText()).isEqualTo(ChatterTopic.TOPIC.typeDescriptionHash());
    JsonNode metadata = foxglove.get("metadata").get(0);
    assertThat(metadata.get("name").asText()).isEqualTo("rosbag2");
    assertThat(MetadataYaml.parse(metadata.at("/metadata/serialized_metadata").asText()).messageCount()).isEqualTo(120);

    CdrMessageDecoder sampleDecoder = new CdrMessageDecoder(sample);
    CdrMessageDecoder stringDecoder = new CdrMessageDecoder(MsgSchema.parse("std_msgs/msg/String", "string data"));
    JsonNode messages = foxglove.get("messages");
    assertThat(messages).hasSize(written.size());
    for (int i = 0; i < written.size(); i++) {
      BagMessage m = written.get(i);
      JsonNode theirs = messages.get(i);
      assertThat(theirs.get("topic").asText()).isEqualTo(m.topic());
      assertThat(theirs.get("logTime").asText()).isEqualTo(Long.toString(m.logTimeNs()));
      assertThat(theirs.get("publishTime").asText()).isEqualTo(Long.toString(m.publishTimeNs()));
      Map<String, Object> ours = (m.topic().equals("/sample") ? sampleDecoder : stringDecoder).decode(m.data());
      assertThat(canonical(theirs.get("decoded"))).as("message %d", i).isEqualTo(canonical(ours));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cdr_test/cdr_test_0.mcap", "talker/talker.mcap"})
  void foxgloveDecodesRealBagsAsWeDo(String file) throws Exception {
    Path path = RosbagTestData.rosbag2("mcap").resolve(file);
    JsonNode messages = JSON.readTree(run(npmDir, "node", "read_mcap.mjs", path.toString())).get("messages");
    int i = 0;
    try (Bag bag = Bag.open(path); MessageIterator it = bag.messages()) {
      Map<String, CdrMessageDecoder> decoders = new LinkedHashMap<>();
      while (it.hasNext()) {
        BagMessage m = it.next();
        CdrMessageDecoder decoder = decoders.get(m.topic());
        if (decoder == null) {
          String type = bag.topic(m.topic()).orElseThrow().type();
          decoder = new CdrMessageDecoder(MsgSchema.parse(type, bag.definition(type).orElseThrow().text()));
          decoders.put(m.topic(), decoder);
        }
        JsonNode theirs = messages.get(i++);
        assertThat(theirs.get("topic").asText()).isEqualTo(m.topic());
        assertThat(theirs.get("logTime").asText()).isEqualTo(Long.toString(m.logTimeNs()));
        assertThat(canonical(theirs.get("decoded"))).as("%s message %d", file, i).isEqualTo(canonical(decoder.decode(m.data())));
      }
    }
    assertThat(i).isEqualTo(messages.size()).isPositive();
  }

  @Test
  void weReadWhatFoxgloveWrote(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("foxglove.mcap");
    run(npmDir, "node", "write_mcap.mjs", file.toString(), "300");
    McapReadOptions strict = McapReadOptions.defaults().withStrict(true);
    try (McapReader reader = McapReader.open(file, strict)) {
      assertThat(reader.header().library()).isEqualTo("@mcap/core crosscheck");
      assertThat(reader.chunkIndexes()).hasSizeGreaterThan(10)
          .allSatisfy(c -> assertThat(c.compression()).isEqualTo("lz4"));
    }
    CdrMessageDecoder decoder = new CdrMessageDecoder(MsgSchema.parse("std_msgs/msg/String", "string data"));
    try (Bag bag = Bag.open(file, strict); MessageIterator it = bag.messages()) {
      assertThat(bag.topics()).extracting(TopicInfo::name, TopicInfo::type, TopicInfo::messageCount)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("/chatter", "std_msgs/msg/String", 300L));
      int i = 0;
      while (it.hasNext()) {
        BagMessage m = it.next();
        assertThat(m.logTimeNs()).isEqualTo(1_000_000_000L + i * 1_000_000L);
        assertThat(decoder.decode(m.data())).isEqualTo(Map.of("data", "foxglove " + i));
        i++;
      }
      assertThat(i).isEqualTo(300);
    }
  }

  /**
   * A replay's output bag, as Foxglove opens it: its time range is the replayed one (the demo
   * bag's start to the end of the last unit), in the statistics, the chunk indexes and the
   * messages alike.
   */
  @Test
  void foxgloveSeesAReplayOutputBagOverTheReplayedTime(@TempDir Path dir) throws Exception {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    Path demoBag = root.resolve("node/src/demo/sample-bag");
    ReplayRun.Outcome replay = ReplayRun.run(new ReplayRun.Options(demoBag, root.resolve("tensorrt-engines/tiny-model"),
            dir.resolve("out"), 0, false, 0, true, Optional.empty(), "foxglove"), RosArgs.empty(),
        new ParameterSet(NodeParameters.all()), new NodeIdentity("duplex_node", "/"),
        new PrintStream(new ByteArrayOutputStream()));
    long start;
    try (Bag in = Bag.open(demoBag)) {
      start = in.timeRange().orElseThrow().startNs();
    }
    List<UnitRecord> units = replay.record().units();
    long end = units.get(units.size() - 1).audioEndNs();
    assertThat(end - start).isBetween(15_000_000_000L, 16_000_000_000L);

    JsonNode foxglove = JSON.readTree(run(npmDir, "node", "time_range_mcap.mjs",
        replay.outputBag().resolve("bag_0.mcap").toString()));
    assertThat(foxglove.at("/statistics/messageStartTime").asText()).isEqualTo(Long.toString(start));
    assertThat(foxglove.at("/statistics/messageEndTime").asText()).isEqualTo(Long.toString(end));
    assertThat(foxglove.at("/messages/first").asText()).isEqualTo(Long.toString(start));
    assertThat(foxglove.at("/messages/last").asText()).isEqualTo(Long.toString(end));
    try (Bag out = Bag.open(replay.outputBag())) {
      assertThat(foxglove.at("/messages/count").asLong()).isEqualTo(out.messageCount())
          .isEqualTo(Long.parseLong(foxglove.at("/statistics/messageCount").asText()));
    }
    assertThat(foxglove.get("chunks")).isNotEmpty().allSatisfy(c -> {
      assertThat(Long.parseLong(c.get("start").asText())).isBetween(start, end);
      assertThat(Long.parseLong(c.get("end").asText())).isBetween(start, end);
    });
  }

  private static Map<String, Object> sampleValue(int i) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("header", Map.of("stamp", Map.of("sec", 1_700_000_000 + i, "nanosec", (long) i * 1000), "frame_id", "mic_" + i));
    v.put("f32", 0.1f * i);
    v.put("f64s", List.of(Math.PI * i, -1e-9 * i));
    v.put("i8s", List.of(-128, i % 100, 127));
    v.put("blob", new byte[] {(byte) i, (byte) 0xff, 0});
    v.put("i64", -9_000_000_000_000_000_000L + i);
    v.put("u64", -1L - i);
    v.put("u16", 65535 - i);
    v.put("names", i % 2 == 0 ? List.of("a") : List.of("b", "ç"));
    v.put("flag", i % 2 == 0);
    v.put("points", List.of(Map.of("x", 1.5 * i, "y", -2.0), Map.of("x", 0.0, "y", 1e300)));
    return v;
  }

  /** Both sides as JSON with every scalar as text, numbers in plain decimal form. */
  private static JsonNode canonical(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value instanceof JsonNode node) {
      if (node.isObject()) {
        ObjectNode out = f.objectNode();
        node.fields().forEachRemaining(e -> out.set(e.getKey(), canonical(e.getValue())));
        return out;
      }
      if (node.isArray()) {
        ArrayNode out = f.arrayNode();
        node.forEach(e -> out.add(canonical(e)));
        return out;
      }
      return f.textNode(node.isNumber() ? plain(node.decimalValue()) : node.asText());
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode out = f.objectNode();
      map.forEach((k, v) -> out.set(k.toString(), canonical(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      ArrayNode out = f.arrayNode();
      list.forEach(e -> out.add(canonical(e)));
      return out;
    }
    if (value instanceof byte[] bytes) {
      ArrayNode out = f.arrayNode();
      for (byte b : bytes) {
        out.add(f.textNode(Integer.toString(b & 0xff)));
      }
      return out;
    }
    if (value instanceof Float x) {
      return f.textNode(plain(new BigDecimal(Double.toString(x.doubleValue()))));
    }
    if (value instanceof Double x) {
      return f.textNode(plain(new BigDecimal(Double.toString(x))));
    }
    return f.textNode(String.valueOf(value));
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    return FoxgloveJs.run(dir, command);
  }
}
