/**
 * The ROS 2 adapter: a node over Fast-DDS (ihmc-pub-sub) that speaks ROS 2's wire conventions
 * (names and remapping, named QoS profiles, ros_discovery_info in the robot's distribution's
 * layout, /rosout), its subscriptions to the input port, the output events as ROS messages, and
 * /diagnostics.
 */
package org.duplexnode.ros;
