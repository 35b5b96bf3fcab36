package org.duplexnode.bag.sqlite;

/** A row of the messages table: the receive timestamp (ns) and the serialized message. */
public record SqliteMessage(long id, long topicId, long timestamp, byte[] data) {}
