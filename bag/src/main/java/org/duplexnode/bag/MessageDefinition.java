package org.duplexnode.bag;

/**
 * The definition of a message type as stored in a bag.
 *
 * @param encoding "ros2msg" (the .msg text with "MSG:" sections for dependencies), "ros2idl",
 *     or another MCAP schema encoding
 */
public record MessageDefinition(String type, String encoding, String text) {}
