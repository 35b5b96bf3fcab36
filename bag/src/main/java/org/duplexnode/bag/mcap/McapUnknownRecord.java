package org.duplexnode.bag.mcap;

/** A record whose opcode this reader does not know; readers skip it, as the spec asks. */
public record McapUnknownRecord(int opcode, long length) implements McapRecord {}
