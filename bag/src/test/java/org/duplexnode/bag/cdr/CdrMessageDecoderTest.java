package org.duplexnode.bag.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.bag.MessageDefinition;
import org.duplexnode.bag.MessageIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decodes the cdr_test bag recorded by rosbag2's own tests. Its play test expects
 * BasicTypes.int32_value == 123, Arrays.bool_values == [true, false, true] and
 * Arrays.string_values == ["Complex Hello1", "Complex Hello2", "Complex Hello3"]; the other
 * values are the defaults of the test_msgs definitions embedded in the schema.
 */
@Tag("unit")
class CdrMessageDecoderTest {
  private record Decoded(String topic, Map<String, Object> value, byte[] raw, MsgSchema schema) {}

  @ParameterizedTest
  @ValueSource(strings = {"mcap", "sqlite3"})
  void basicTypesHoldTheValuesRosbag2Wrote(String storage) throws IOException {
    List<Decoded> basic = decode(rosbag2(storage, "cdr_test"), "/test_topic");
    assertThat(basic).hasSize(3);
    for (Decoded d : basic) {
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("bool_value", false);
      expected.put("byte_value", 0);
      expected.put("char_value", 0);
      expected.put("float32_value", 0.0f);
      expected.put("float64_value", 0.0);
      expected.put("int8_value", 0);
      expected.put("uint8_value", 0);
      expected.put("int16_value", 0);
      expected.put("uint16_value", 0);
      expected.put("int32_value", 123);
      expected.put("uint32_value", 0L);
      expected.put("int64_value", 0L);
      expected.put("uint64_value", 0L);
      assertThat(d.value()).containsExactlyEntriesOf(expected);
      assertThat(d.raw()).hasSize(52);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mcap", "sqlite3"})
  @SuppressWarnings("unchecked")
  void arraysHoldTheValuesRosbag2Wrote(String storage) throws IOException {
    List<Decoded> arrays = decode(rosbag2(storage, "cdr_test"), "/array_topic");
    assertThat(arrays).hasSize(4);
    for (Decoded d : arrays) {
      Map<String, Object> v = d.value();
      assertThat(v.keySet()).containsExactly("bool_values", "byte_values", "char_values", "float32_values",
          "float64_values", "int8_values", "uint8_values", "int16_values", "uint16_values", "int32_values",
          "uint32_values", "int64_values", "uint64_values", "string_values", "basic_types_values",
          "constants_values", "defaults_values", "bool_values_default", "byte_values_default",
          "char_values_default", "float32_values_default", "float64_values_default", "int8_values_default",
          "uint8_values_default", "int16_values_default", "uint16_values_default", "int32_values_default",
          "uint32_values_default", "int64_values_default", "uint64_values_default", "string_values_default",
          "alignment_check");
      assertThat(v.get("bool_values")).isEqualTo(List.of(true, false, true));
      assertThat(v.get("byte_values")).isEqualTo(new byte[3]);
      assertThat(v.get("int32_values")).isEqualTo(List.of(0, 0, 0));
      assertThat(v.get("string_values")).isEqualTo(List.of("Complex Hello1", "Complex Hello2", "Complex Hello3"));
      List<Map<String, Object>> basic = (List<Map<String, Object>>) v.get("basic_types_values");
      assertThat(basic).hasSize(3).allSatisfy(b -> assertThat(b).containsEntry("int32_value", 0).hasSize(13));
      assertThat((List<Map<String, Object>>) v.get("constants_values")).hasSize(3).allSatisfy(c -> assertThat(c).isEmpty());
      List<Map<String, Object>> defaults = (List<Map<String, Object>>) v.get("defaults_values");
      assertThat(defaults).hasSize(3).allSatisfy(x -> assertThat(x)
          .containsEntry("bool_value", true).containsEntry("byte_value", 50).containsEntry("char_value", 100)
          .containsEntry("float32_value", 1.125f).containsEntry("float64_value", 1.125)
          .containsEntry("int8_value", -50).containsEntry("uint8_value", 200).containsEntry("int16_value", -1000)
          .containsEntry("uint16_value", 2000).containsEntry("int32_value", -30000).containsEntry("uint32_value", 60000L)
          .containsEntry("int64_value", -40000000L).containsEntry("uint64_value", 50000000L));
      assertThat(v.get("bool_values_default")).isEqualTo(List.of(false, true, false));
      assertThat(v.get("byte_values_default")).isEqualTo(new byte[] {0, 1, (byte) 255});
      assertThat(v.get("char_values_default")).isEqualTo(List.of(0, 1, 127));
      assertThat(v.get("float32_values_default")).isEqualTo(List.of(1.125f, 0.0f, -1.125f));
      assertThat(v.get("float64_values_default")).isEqualTo(List.of(3.1415, 0.0, -3.1415));
      assertThat(v.get("int8_values_default")).isEqualTo(List.of(0, 127, -128));
      assertThat(v.get("uint8_values_default")).isEqualTo(new byte[] {0, 1, (byte) 255});
      assertThat(v.get("int16_values_default")).isEqualTo(List.of(0, 32767, -32768));
      assertThat(v.get("uint16_values_default")).isEqualTo(List.of(0, 1, 65535));
      assertThat(v.get("int32_values_default")).isEqualTo(List.of(0, Integer.MAX_VALUE, Integer.MIN_VALUE));
      assertThat(v.get("uint32_values_default")).isEqualTo(List.of(0L, 1L, 4294967295L));
      assertThat(v.get("int64_values_default")).isEqualTo(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE));
      assertThat(v.get("uint64_values_default"))
          .isEqualTo(List.of(0L, 1L, new BigInteger("18446744073709551615")));
      assertThat(v.get("string_values_default")).isEqualTo(List.of("", "max value", "min value"));
      assertThat(v.get("alignment_check")).isEqualTo(0);
      assertThat(d.raw()).hasSize(696);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/test_topic", "/array_topic"})
  void encodingTheDecodedTreeGivesBackTheRecordedBytes(String topic) throws IOException {
    for (Decoded d : decode(rosbag2("mcap", "cdr_test"), topic)) {
      assertThat(new CdrMessageEncoder(d.schema()).encode(d.value())).isEqualTo(d.raw());
    }
  }

  @Test
  void rosoutLogsDecodeWithTheirNestedTimeStamp() throws IOException {
    List<Decoded> logs = decode(rosbag2("mcap", "talker"), "/rosout");
    assertThat(logs).hasSize(10);
    Map<String, Object> first = logs.get(0).value();
    assertThat(first).containsEntry("level", 20).containsEntry("name", "minimal_publisher")
        .containsEntry("msg", "Publishing: 'Hello, world! 0'").containsEntry("function", "operator()")
        .containsEntry("line", 38L);
    assertThat(first.get("stamp")).isEqualTo(Map.of("sec", 1585866235, "nanosec", 112130688L));
    // rosout pads with stale bytes; re-encoding zero-pads, so compare decoded values instead.
    for (Decoded d : logs) {
      byte[] again = new CdrMessageEncoder(d.schema()).encode(d.value());
      assertThat(new CdrMessageDecoder(d.schema()).decode(again)).isEqualTo(d.value());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void serviceEventsDecodeFromTheServiceDefinition() throws IOException {
    List<Decoded> events = decode(rosbag2("mcap", "bag_with_topics_and_service_events"), "/test_service1/_service_event");
    assertThat(events).hasSize(4);
    List<Integer> types = new ArrayList<>();
    for (Decoded d : events) {
      Map<String, Object> info = (Map<String, Object>) d.value().get("info");
      types.add((Integer) info.get("event_type"));
      assertThat(info.get("client_gid")).asList().hasSize(16);
      int eventType = (Integer) info.get("event_type");
      assertThat((List<?>) d.value().get(eventType == 0 ? "request" : "response")).hasSize(1);
      assertThat((List<?>) d.value().get(eventType == 0 ? "response" : "request")).isEmpty();
      assertThat(new CdrMessageEncoder(d.schema()).encode(d.value())).isEqualTo(d.raw());
    }
    assertThat(types).containsExactly(0, 3, 0, 3);
    assertThat(((Map<String, Object>) events.get(2).value().get("info")).get("sequence_number")).isEqualTo(2L);
  }

  @Test
  void stringsOfTestMsgsDecode() throws IOException {
    Map<String, Object> strings = decode(rosbag2("mcap", "bag_with_topics_and_service_events"), "/test_topic1").get(0).value();
    assertThat(strings).containsEntry("string_value", "").containsEntry("string_value_default2", "Hello'world!")
        .containsEntry("bounded_string_value_default5", "Hello\"world!").hasSize(12);
  }

  @Test
  void truncatedMessagesFailWithTheFieldName() throws IOException {
    Decoded d = decode(rosbag2("mcap", "cdr_test"), "/array_topic").get(0);
    CdrMessageDecoder decoder = new CdrMessageDecoder(d.schema());
    for (int length = 0; length < d.raw().length; length += 7) {
      byte[] cut = Arrays.copyOf(d.raw(), length);
      assertThatThrownBy(() -> decoder.decode(cut)).isInstanceOf(CdrFormatException.class);
    }
    byte[] cut = Arrays.copyOf(d.raw(), 300);
    assertThatThrownBy(() -> decoder.decode(cut)).hasMessageStartingWith("test_msgs/msg/Arrays.");
  }

  static List<Decoded> decode(Path bag, String topic) throws IOException {
    List<Decoded> out = new ArrayList<>();
    try (Bag b = Bag.open(bag); MessageIterator it = b.messages(java.util.Set.of(topic))) {
      String type = b.topic(topic).orElseThrow().type();
      MessageDefinition def = b.definition(type).orElseThrow();
      MsgSchema schema = MsgSchema.parse(type, def.text());
      CdrMessageDecoder decoder = new CdrMessageDecoder(schema);
      while (it.hasNext()) {
        BagMessage m = it.next();
        out.add(new Decoded(m.topic(), decoder.decode(m.data()), m.data(), schema));
      }
    }
    return out;
  }
}
