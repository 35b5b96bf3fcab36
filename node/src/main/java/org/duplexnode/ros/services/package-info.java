/**
 * The node's ROS 2 services (the rcl_interfaces parameter services and a std_srvs/Trigger reset)
 * on the node's DDS transport, in rmw_cyclonedds's request layout: the request header in front of
 * the fields, echoed in the reply.
 */
package org.duplexnode.ros.services;
