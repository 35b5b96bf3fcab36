package org.duplexnode.bag.mcap;

/** One MCAP record; {@link #opcode()} is one of {@link McapOpcode}. */
public sealed interface McapRecord
    permits McapHeader, McapFooter, McapSchema, McapChannel, McapMessage, McapChunk,
        McapMessageIndex, McapChunkIndex, McapAttachment, McapAttachmentIndex, McapStatistics,
        McapMetadata, McapMetadataIndex, McapSummaryOffset, McapDataEnd, McapUnknownRecord {
  int opcode();
}
