/**
 * Where results go: ROS 2 topics (speech, transcript, events, state, watches, diagnostics), and
 * later MQTT, output bags and the console.
 */
package org.duplexnode.sinks;
