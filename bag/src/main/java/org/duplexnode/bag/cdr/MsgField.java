package org.duplexnode.bag.cdr;

/** One field of a message definition (constants are not fields: they are not serialized). */
public record MsgField(String name, MsgFieldType type) {}
