package org.duplexnode.ros;

import org.duplexnode.ports.MotionListener;

/**
 * Reads the robot's velocity commands (cmd_vel, remappable) and tells a {@link MotionListener}
 * whether each says the robot moves. Best effort, so it matches a reliable teleop or navigation
 * publisher as well as a best-effort one.
 *
 * <p>Failure: a command with a component that is not a finite number is dropped and counted in the
 * transport's input errors ("invalid velocity"); it says nothing of the robot's motion.
 */
public final class RobotMotionSource {
  private RobotMotionSource() {}

  /** Subscribes cmd_vel as geometry_msgs/TwistStamped when {@code stamped}, else as geometry_msgs/Twist. */
  public static RosSubscription subscribe(RosTransport transport, boolean stamped, MotionListener listener) {
    if (stamped) {
      return transport.subscribe(NodeTopics.CMD_VEL_STAMPED, m -> heard(transport, m.getTwist(), listener));
    }
    return transport.subscribe(NodeTopics.CMD_VEL, m -> heard(transport, m, listener));
  }

  private static void heard(RosTransport transport, geometry_msgs.msg.dds.Twist twist, MotionListener listener) {
    MessageConversions.moving(twist).ifPresentOrElse(listener::motion, () -> transport.inputErrors().reject(
        transport.resolve(NodeTopics.CMD_VEL.name()), "invalid velocity", "a component is not a finite number: linear "
            + twist.getLinear() + ", angular " + twist.getAngular()));
  }
}
