package org.duplexnode.bag.sqlite;

/** Message count and timestamp range of one topic in one file. */
public record SqliteTopicStats(long topicId, long count, long minTimestamp, long maxTimestamp) {}
