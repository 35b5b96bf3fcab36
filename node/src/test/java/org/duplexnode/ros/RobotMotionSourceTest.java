package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import geometry_msgs.msg.dds.Twist;
import geometry_msgs.msg.dds.TwistStamped;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.testing.OfflineTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** cmd_vel as the local speaker's barge-in follows it: which commands move the robot, and bad ones. */
@Tag("unit")
class RobotMotionSourceTest {
  private final OfflineTransport transport = new OfflineTransport();
  private final List<Boolean> heard = new ArrayList<>();

  @Test
  void anyComponentAtLeastAMillimetreOrMilliradianPerSecondMovesTheRobot() throws Exception {
    RobotMotionSource.subscribe(transport, false, heard::add);
    var handler = transport.<Twist>handler(NodeTopics.CMD_VEL.name());
    handler.onMessage(new Twist());
    Twist turn = new Twist();
    turn.getAngular().setZ(-0.3);
    handler.onMessage(turn);
    Twist creep = new Twist();
    creep.getLinear().setX(0.0005);
    handler.onMessage(creep);
    Twist strafe = new Twist();
    strafe.getLinear().setY(0.001);
    handler.onMessage(strafe);
    assertThat(heard).containsExactly(false, true, false, true);
    assertThat(transport.inputErrors().total()).isZero();
  }

  @Test
  void aCommandThatIsNotANumberIsCountedAndSaysNothing() throws Exception {
    RobotMotionSource.subscribe(transport, false, heard::add);
    Twist bad = new Twist();
    bad.getLinear().setX(Double.NaN);
    transport.<Twist>handler(NodeTopics.CMD_VEL.name()).onMessage(bad);
    Twist inf = new Twist();
    inf.getAngular().setZ(Double.NEGATIVE_INFINITY);
    transport.<Twist>handler(NodeTopics.CMD_VEL.name()).onMessage(inf);
    assertThat(heard).isEmpty();
    assertThat(transport.inputErrors().count("cmd_vel", "invalid velocity")).isEqualTo(2);
  }

  @Test
  void twistStampedIsReadByItsTwist() throws Exception {
    RobotMotionSource.subscribe(transport, true, heard::add);
    TwistStamped m = new TwistStamped();
    m.getTwist().getLinear().setX(0.5);
    transport.<TwistStamped>handler(NodeTopics.CMD_VEL_STAMPED.name()).onMessage(m);
    assertThat(heard).containsExactly(true);
  }
}
