package org.duplexnode.bag.mcap;

import java.util.Set;

/**
 * Where a chunk is and what it holds, taken from a Chunk Index or found by scanning.
 *
 * @param channelIds the channels with messages in the chunk, or null when unknown
 */
record McapChunkRef(long offset, long length, long startTime, long endTime, Set<Integer> channelIds) {
  static McapChunkRef of(McapChunkIndex index) {
    Set<Integer> channels = index.messageIndexOffsets().isEmpty()
        ? null : Set.copyOf(index.messageIndexOffsets().keySet());
    return new McapChunkRef(index.chunkStartOffset(), index.chunkLength(),
        index.messageStartTime(), index.messageEndTime(), channels);
  }
}
