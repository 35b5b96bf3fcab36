package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.MovingBargeIn;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.testing.OfflineTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sensor_msgs.msg.dds.JointState;

/** What the node reads to learn that the robot moves, as its parameters say. */
@Tag("unit")
class MotionFollowingTest {
  private final OfflineTransport transport = new OfflineTransport();

  @Test
  void jointStatesAreReadOnlyForTheJointsNamedAndWithTheToleranceGiven() throws Exception {
    ParameterSet params = params("-p", "audio.echo_cancel:=speex", "-p", "audio.motion_joints:=['head_pan']",
        "-p", "audio.motion_joint_tolerance:=0.2");
    MovingBargeIn moving = LiveRun.movingBargeIn(params);
    LiveRun.followMotion(transport, params, moving);
    assertThat(transport.<Object>handler(NodeTopics.CMD_VEL.name())).isNotNull();
    var joints = transport.<JointState>handler(NodeTopics.JOINT_STATES.name());
    joints.onMessage(state("head_pan", 0.0));
    joints.onMessage(state("head_pan", 0.15));
    assertThat(moving.moving()).as("within 0.2 rad").isFalse();
    joints.onMessage(state("head_pan", 0.25));
    assertThat(moving.moving()).isTrue();
    assertThat(moving.current().mode()).isEqualTo(BargeIn.Mode.DUCK);
    assertThat(moving.motion().jointStates()).isEqualTo(3);
    assertThat(moving.motion().jointsNotHeard()).isEmpty();
  }

  @Test
  void withoutJointsNamedJointStatesIsNotRead() {
    ParameterSet params = params("-p", "audio.echo_cancel:=speex");
    MovingBargeIn moving = LiveRun.movingBargeIn(params);
    LiveRun.followMotion(transport, params, moving);
    assertThat(transport.<Object>handler(NodeTopics.CMD_VEL.name())).isNotNull();
    assertThat(transport.<Object>handler(NodeTopics.JOINT_STATES.name())).isNull();
    assertThat(moving.motion().jointsNotHeard()).as("no joint keys in /diagnostics").isNull();
  }

  private static ParameterSet params(String... args) {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    String[] all = new String[args.length + 1];
    all[0] = "--ros-args";
    System.arraycopy(args, 0, all, 1, args.length);
    p.apply(RosArgsParser.parse(all), "/duplex_node");
    return p;
  }

  private static JointState state(String name, double position) {
    JointState m = new JointState();
    m.getName().add(name);
    m.getPosition().add(position);
    return m;
  }
}
