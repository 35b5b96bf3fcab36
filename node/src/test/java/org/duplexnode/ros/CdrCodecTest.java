package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.String;

/** The generated classes read real rosbag2 bytes and write bytes ROS 2 would write. */
@Tag("unit")
class CdrCodecTest {
  static final Path TALKER = org.duplexnode.bag.RosbagTestData.rosbag2("mcap", "talker");

  @Test
  void readsTheStringsOfARealBagAndWritesTheSameBytes() throws Exception {
    CdrCodec<String> codec = new CdrCodec<>(String.class);
    List<java.lang.String> texts = new ArrayList<>();
    try (Bag bag = Bag.open(TALKER)) {
      for (var it = bag.messages(Set.of("/topic")); it.hasNext(); ) {
        BagMessage m = it.next();
        String s = codec.newMessage();
        codec.decode(m.data(), s);
        texts.add(s.getDataAsString());
        assertThat(codec.encode(s)).isEqualTo(m.data());
      }
    }
    assertThat(texts).hasSize(10).first().isEqualTo("Hello, world! 0");
  }

  @Test
  void roundTripsAnImageAndRejectsTruncatedBytes() throws Exception {
    CdrCodec<Image> codec = new CdrCodec<>(Image.class);
    Image img = new Image();
    img.setWidth(3);
    img.setHeight(2);
    img.setEncoding("rgb8");
    img.setStep(9);
    img.getData().add(new byte[18]);
    img.getHeader().setFrameId("cam");
    byte[] bytes = codec.encode(img);
    assertThat(bytes[0]).isZero();
    assertThat(bytes[1]).isEqualTo((byte) 1); // CDR little endian
    Image back = codec.newMessage();
    codec.decode(bytes, back);
    assertThat(back.getWidth()).isEqualTo(3);
    assertThat(back.getData().size()).isEqualTo(18);
    assertThat(back.getHeader().getFrameIdAsString()).isEqualTo("cam");
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 10);
    assertThatThrownBy(() -> codec.decode(cut, codec.newMessage())).isInstanceOf(IOException.class)
        .hasMessageContaining("Image");
    assertThatThrownBy(() -> codec.decode(new byte[2], codec.newMessage())).isInstanceOf(IOException.class);
  }
}
