/**
 * The core's boundary: what enters ({@link org.duplexnode.ports.InputPort} and its records: audio,
 * frames, watch requests, force-listen), what leaves ({@link org.duplexnode.ports.OutputPort} and
 * the sealed {@link org.duplexnode.ports.OutputEvent}s), and the health the core reports. Adapters
 * (ROS 2, MQTT, bags, local audio) know the core only through these types.
 */
package org.duplexnode.ports;
