package org.duplexnode.bag.mcap;

import java.util.List;
import java.util.Map;

/**
 * What a reader knows about a file before reading its messages, either from the summary section
 * or from a full scan of the data section.
 *
 * @param chunks chunks to read for messages, in file order
 * @param unchunkedMessages whether Message records lie outside chunks (only a scan can tell)
 * @param dataLimit where a linear walk of the data section stops
 * @param metadata Metadata records found by a scan (empty when the summary indexes them)
 */
record McapSummary(
    Map<Integer, McapSchema> schemas,
    Map<Integer, McapChannel> channels,
    McapStatistics statistics,
    List<McapChunkIndex> chunkIndexes,
    List<McapChunkRef> chunks,
    List<McapAttachmentIndex> attachmentIndexes,
    List<McapMetadataIndex> metadataIndexes,
    List<McapMetadata> metadata,
    List<McapSummaryOffset> summaryOffsets,
    boolean unchunkedMessages,
    long dataLimit) {
  McapSummary {
    schemas = Map.copyOf(schemas);
    channels = Map.copyOf(channels);
    chunkIndexes = List.copyOf(chunkIndexes);
    chunks = List.copyOf(chunks);
    attachmentIndexes = List.copyOf(attachmentIndexes);
    metadataIndexes = List.copyOf(metadataIndexes);
    metadata = List.copyOf(metadata);
    summaryOffsets = List.copyOf(summaryOffsets);
  }
}
