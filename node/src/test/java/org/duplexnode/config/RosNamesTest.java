package org.duplexnode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.duplexnode.ros.NodeIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RosNamesTest {

  @Test
  void expandsRelativePrivateAndAbsoluteNames() {
    assertThat(RosNames.expand("camera/image_raw", "/", "duplex_node")).isEqualTo("/camera/image_raw");
    assertThat(RosNames.expand("camera/image_raw", "/r1", "duplex_node")).isEqualTo("/r1/camera/image_raw");
    assertThat(RosNames.expand("~/speech", "/r1", "duplex_node")).isEqualTo("/r1/duplex_node/speech");
    assertThat(RosNames.expand("~/speech", "/", "duplex_node")).isEqualTo("/duplex_node/speech");
    assertThat(RosNames.expand("/clock", "/r1", "duplex_node")).isEqualTo("/clock");
    assertThat(RosNames.expand("{node}/x", "/r1", "n")).isEqualTo("/r1/n/x");
  }

  @Test
  void remapsMatchExpandedNamesAndExpandTheTarget() {
    RosArgs args = RosArgsParser.parse("--ros-args", "-r", "camera/image_raw:=/usb_cam/image_raw",
        "-r", "other_node:audio/in:=/nope", "-r", "audio/in:=mic", "-r", "~/speech:=/speaker/in");
    List<RosArgs.Remap> r = args.remaps();
    assertThat(RosNames.resolve("camera/image_raw", "/r1", "duplex_node", r)).isEqualTo("/usb_cam/image_raw");
    assertThat(RosNames.resolve("/r1/camera/image_raw", "/r1", "duplex_node", r)).isEqualTo("/usb_cam/image_raw");
    assertThat(RosNames.resolve("audio/in", "/r1", "duplex_node", r)).isEqualTo("/r1/mic");
    assertThat(RosNames.resolve("~/speech", "/r1", "duplex_node", r)).isEqualTo("/speaker/in");
    assertThat(RosNames.resolve("~/events", "/r1", "duplex_node", r)).isEqualTo("/r1/duplex_node/events");
  }

  @Test
  void mangledDdsNamesFollowRos2() {
    assertThat(RosNames.ddsTopic("/r1/duplex_node/events")).isEqualTo("rt/r1/duplex_node/events");
  }

  @Test
  void rejectsInvalidNames() {
    assertThatThrownBy(() -> RosNames.validateTopicName("a b")).isInstanceOf(RosArgsException.class);
    assertThatThrownBy(() -> RosNames.validateTopicName("1abc")).isInstanceOf(RosArgsException.class);
    assertThatThrownBy(() -> RosNames.validateTopicName("/a/")).isInstanceOf(RosArgsException.class);
    assertThatThrownBy(() -> RosNames.validateNodeName("my-node")).isInstanceOf(RosArgsException.class);
    assertThatThrownBy(() -> new NodeIdentity("n", "ns")).isInstanceOf(RosArgsException.class);
  }
}
