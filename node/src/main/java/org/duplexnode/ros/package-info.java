/**
 * The ROS 2 transport: ROS command-line arguments, names and remapping, named QoS profiles, and
 * a node over Fast-DDS (ihmc-pub-sub) that speaks ROS 2's wire conventions.
 */
package org.duplexnode.ros;
