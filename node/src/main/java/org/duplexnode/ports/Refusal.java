package org.duplexnode.ports;

/** Why the node refused a command: a {@link CommandReply} reason code for machines, a sentence for people. */
public record Refusal(String reason, String message) {}
