package org.duplexnode.bag.mcap;

import java.util.Map;
import java.util.Set;

/**
 * Where a chunk is and what it holds, taken from a Chunk Index or found by scanning.
 *
 * @param channelIds the channels with messages in the chunk, or null when unknown
 * @param messageIndexOffsets where the chunk's Message Index records are, by channel; empty when
 *     unknown (they tell how many messages a damaged chunk held)
 */
record McapChunkRef(long offset, long length, long startTime, long endTime, Set<Integer> channelIds,
    Map<Integer, Long> messageIndexOffsets) {
  McapChunkRef {
    messageIndexOffsets = Map.copyOf(messageIndexOffsets);
  }

  static McapChunkRef of(McapChunkIndex index) {
    Set<Integer> channels = index.messageIndexOffsets().isEmpty()
        ? null : Set.copyOf(index.messageIndexOffsets().keySet());
    return new McapChunkRef(index.chunkStartOffset(), index.chunkLength(),
        index.messageStartTime(), index.messageEndTime(), channels, index.messageIndexOffsets());
  }
}
