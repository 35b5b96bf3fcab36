/**
 * Recorded bags: opens rosbag2 bags (MCAP or sqlite3, split or single-file, with or without
 * metadata.yaml) as one time-ordered message stream, summarises them, and writes MCAP bags.
 */
package org.duplexnode.bag;
