package org.duplexnode.ros;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.ports.MotionListener;
import sensor_msgs.msg.dds.JointState;

/**
 * Reads the robot's joint states (joint_states, remappable) and tells a {@link MotionListener}
 * whether the joints {@link JointMotion} follows move. Best effort, so it matches
 * joint_state_broadcaster's reliable writer as well as a best-effort one. A message that names
 * none of those joints is not passed on.
 *
 * <p>Failure: a message whose arrays disagree in size, or with a followed joint that is not a
 * finite number, is dropped and counted in the transport's input errors ("invalid joint state").
 */
public final class RobotJointsSource {
  private RobotJointsSource() {}

  public static RosSubscription subscribe(RosTransport transport, JointMotion joints, MotionListener listener) {
    return transport.subscribe(NodeTopics.JOINT_STATES, m -> heard(transport, m, joints, listener));
  }

  private static void heard(RosTransport transport, JointState m, JointMotion joints, MotionListener listener) {
    List<String> names = new ArrayList<>(m.getName().size());
    for (int i = 0; i < m.getName().size(); i++) {
      names.add(WireStrings.decode(m.getName().get(i)));
    }
    try {
      joints.moved(names, m.getPosition().toArray(), m.getVelocity().toArray()).ifPresent(listener::motion);
    } catch (IllegalArgumentException e) {
      transport.inputErrors().reject(transport.resolve(NodeTopics.JOINT_STATES.name()), "invalid joint state",
          e.getMessage());
    }
  }
}
