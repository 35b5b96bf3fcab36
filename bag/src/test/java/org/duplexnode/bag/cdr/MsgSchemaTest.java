package org.duplexnode.bag.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MsgSchemaTest {
  @Test
  void parsesArraysBoundsConstantsDefaultsAndComments() throws CdrFormatException {
    MsgSchema schema = MsgSchema.parse("pkg/msg/Thing", String.join("\n",
        "# a comment",
        "int32 FIVE=5",
        "string NAME = \"x # y\"",
        "uint8[] data",
        "float64[3] xyz [1.0, 2.0, 3.0]",
        "string<=10[<=4] labels",
        "Other[] others   # trailing comment",
        "================================================================================",
        "MSG: pkg/Other",
        "builtin_interfaces/Time stamp",
        ""));
    assertThat(schema.rootName()).isEqualTo("pkg/msg/Thing");
    assertThat(schema.root().fields()).extracting(MsgField::name).containsExactly("data", "xyz", "labels", "others");
    MsgFieldType labels = schema.root().fields().get(2).type();
    assertThat(labels).isEqualTo(new MsgFieldType("string", true, MsgFieldType.ArrayKind.BOUNDED, 4, 10));
    assertThat(schema.root().fields().get(1).type().arrayKind()).isEqualTo(MsgFieldType.ArrayKind.FIXED);
    assertThat(schema.root().fields().get(3).type().baseType()).isEqualTo("pkg/msg/Other");
    assertThat(schema.types()).containsKeys("pkg/msg/Other", "builtin_interfaces/msg/Time");
  }

  @Test
  void headerAndTimeAreKnownWithoutDefinitions() throws CdrFormatException {
    MsgSchema schema = MsgSchema.parse("audio_msgs/msg/Stamped", "std_msgs/Header header\nuint8[] audio\n");
    byte[] bytes = new CdrWriter().writeInt32(12).writeUint32(34).writeString("mic").writeSequenceLength(2)
        .writeBytes(new byte[] {5, 6}).toByteArray();
    Map<String, Object> decoded = new CdrMessageDecoder(schema).decode(bytes);
    assertThat(decoded.get("header")).isEqualTo(Map.of("stamp", Map.of("sec", 12, "nanosec", 34L), "frame_id", "mic"));
    assertThat(decoded.get("audio")).isEqualTo(new byte[] {5, 6});
    assertThat(new CdrMessageEncoder(schema).encode(decoded)).isEqualTo(bytes);
  }

  @Test
  void boundsAndFixedLengthsAreEnforced() throws CdrFormatException {
    MsgSchema schema = MsgSchema.parse("pkg/msg/B", "int16[<=2] few\nint16[2] pair\n");
    byte[] three = new CdrWriter().writeSequenceLength(3).writeInt16(1).writeInt16(2).writeInt16(3)
        .writeInt16(0).writeInt16(0).toByteArray();
    assertThatThrownBy(() -> new CdrMessageDecoder(schema).decode(three)).hasMessageContaining("exceeds its bound 2");
    assertThatThrownBy(() -> new CdrMessageEncoder(schema).encode(Map.of("pair", List.of(1))))
        .hasMessageContaining("array needs 2 values");
    assertThat(new CdrMessageDecoder(schema).decode(new CdrMessageEncoder(schema).encode(Map.of())))
        .isEqualTo(Map.of("few", List.of(), "pair", List.of(0, 0)));
  }

  @Test
  void undefinedTypesAndIdlAreRejectedWithTheirNames() {
    assertThatThrownBy(() -> MsgSchema.parse("pkg/msg/A", "Missing m\n"))
        .isInstanceOf(CdrFormatException.class).hasMessageContaining("Missing").hasMessageContaining("pkg/msg/A.m");
    assertThatThrownBy(() -> MsgSchema.parse("pkg/msg/A", "int32 a\n=====\nIDL: pkg/msg/B\nmodule pkg {};"))
        .hasMessageContaining("ros2idl");
    assertThatThrownBy(() -> MsgSchema.parse("pkg/msg/A", "int32[ a\n")).hasMessageContaining("cannot parse type");
    assertThatThrownBy(() -> MsgSchema.parse("pkg/msg/A", "B[1] b\n===\nMSG: pkg/B\nA[] a\n"))
        .hasMessageContaining("contains itself");
    assertThatThrownBy(() -> new CdrMessageDecoder(MsgSchema.parse("pkg/msg/A", "wstring w\n"))
        .decode(new byte[] {0, 1, 0, 0, 0, 0, 0, 0})).hasMessageContaining("wstring");
  }
}
