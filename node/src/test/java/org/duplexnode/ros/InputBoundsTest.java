package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.WatchCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgsParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor_msgs.msg.dds.JointState;

/** Bounds on inputs that had no test of their own (docs/reliability.md, section 4). */
@Tag("unit")
class InputBoundsTest {
  @TempDir Path dir;

  /** ForceListen: header (stamp 8 bytes, frame_id), then the reason; lengths are little-endian. */
  @Test
  void aStringLongerThanItsBoundIsRejectedBeforeAllocation() throws Exception {
    CdrCodec<ForceListen> codec = new CdrCodec<>(ForceListen.class);
    ForceListen m = new ForceListen();
    m.setReason("button");
    byte[] bytes = codec.encode(m);
    // The reason's length field sits 4 bytes before its text: claim 2 GB.
    int at = indexOf(bytes, "button".getBytes()) - 4;
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, Integer.MAX_VALUE);
    assertThatThrownBy(() -> codec.decode(bytes, new ForceListen())).isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds its bound of 256");

    // At the bound it still decodes.
    WatchCommand w = new WatchCommand();
    w.setAction(WatchCommand.ADD);
    w.setWatchId("w".repeat(64));
    w.setCondition("c".repeat(1024));
    CdrCodec<WatchCommand> watches = new CdrCodec<>(WatchCommand.class);
    WatchCommand back = new WatchCommand();
    watches.decode(watches.encode(w), back);
    assertThat(back.getConditionAsString()).hasSize(1024);
  }

  @Test
  void aNameOrACountLongerThanItsBoundIsRejectedBeforeAllocation() throws Exception {
    CdrCodec<JointState> codec = new CdrCodec<>(JointState.class);
    byte[] bytes = codec.encode(jointState("head_pan", 0.25));
    int at = indexOf(bytes, "head_pan".getBytes());
    // The name's length sits 4 bytes before it, the sequence's count 4 bytes before that.
    byte[] longName = bytes.clone();
    ByteBuffer.wrap(longName).order(ByteOrder.LITTLE_ENDIAN).putInt(at - 4, Integer.MAX_VALUE);
    assertThatThrownBy(() -> codec.decode(longName, new JointState())).isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds its bound of 256");
    byte[] manyNames = bytes.clone();
    ByteBuffer.wrap(manyNames).order(ByteOrder.LITTLE_ENDIAN).putInt(at - 8, 1 << 30);
    assertThatThrownBy(() -> codec.decode(manyNames, new JointState())).isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds its bound of 1024");
    JointState back = new JointState();
    codec.decode(bytes, back);
    assertThat(back.getName().getString(0)).isEqualTo("head_pan");
    assertThat(back.getPosition().get(0)).isEqualTo(0.25);
  }

  private static JointState jointState(String name, double position) {
    JointState m = new JointState();
    m.getName().add(name);
    m.getPosition().add(position);
    return m;
  }

  @Test
  void aParameterFileOverOneMegabyteIsRefused() throws Exception {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, "duplex_node:\n  ros__parameters:\n    x: \"" + "a".repeat(1 << 20) + "\"\n");
    ParameterSet params = new ParameterSet(NodeParameters.all());
    assertThatThrownBy(() -> params.apply(RosArgsParser.parse("--ros-args", "--params-file", file.toString()),
        "/duplex_node")).isInstanceOf(ParameterException.class).hasMessageContaining("larger than");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
