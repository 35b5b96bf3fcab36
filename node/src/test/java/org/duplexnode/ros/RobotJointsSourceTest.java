package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.testing.OfflineTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sensor_msgs.msg.dds.JointState;

/** joint_states as the local speaker's barge-in follows it: messages passed on, and bad ones. */
@Tag("unit")
class RobotJointsSourceTest {
  private final OfflineTransport transport = new OfflineTransport();
  private final List<Boolean> heard = new ArrayList<>();

  @Test
  void messagesNamingAFollowedJointArePassedOnAndOthersAreNot() throws Exception {
    RobotJointsSource.subscribe(transport, new JointMotion(List.of("head_pan"), 0.01), heard::add);
    var handler = transport.<JointState>handler(NodeTopics.JOINT_STATES.name());
    handler.onMessage(joints(new String[] {"head_pan", "wheel_left"}, 0.0, 0.0));
    handler.onMessage(joints(new String[] {"gripper"}, 0.5));
    handler.onMessage(joints(new String[] {"wheel_left", "head_pan"}, 3.0, 0.3));
    assertThat(heard).containsExactly(false, true);
    assertThat(transport.inputErrors().total()).isZero();
  }

  @Test
  void aBadMessageIsCountedAndSaysNothing() throws Exception {
    RobotJointsSource.subscribe(transport, new JointMotion(List.of("head_pan"), 0.01), heard::add);
    var handler = transport.<JointState>handler(NodeTopics.JOINT_STATES.name());
    handler.onMessage(joints(new String[] {"head_pan", "head_tilt"}, 0.1));
    handler.onMessage(joints(new String[] {"head_pan"}, Double.POSITIVE_INFINITY));
    assertThat(heard).isEmpty();
    assertThat(transport.inputErrors().count("joint_states", "invalid joint state")).isEqualTo(2);
  }

  private static JointState joints(String[] names, double... positions) {
    JointState m = new JointState();
    for (String n : names) {
      m.getName().add(n);
    }
    m.getPosition().add(positions);
    return m;
  }
}
