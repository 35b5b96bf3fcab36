/**
 * Node parameters: each declared once with type, default and description, then resolved from
 * parameter files and command-line overrides the way ROS 2 does it.
 */
package org.duplexnode.config;
