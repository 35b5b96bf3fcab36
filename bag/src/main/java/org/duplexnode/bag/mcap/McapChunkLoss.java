package org.duplexnode.bag.mcap;

/**
 * A chunk whose messages could not all be read.
 *
 * @param offset where the Chunk record starts in the file
 * @param reason why (CRC mismatch, does not decompress, over the memory budget, ...)
 * @param lostMessages how many messages were lost, from the chunk's Message Index records, or -1
 *     when the file does not say
 */
public record McapChunkLoss(long offset, String reason, long lostMessages) {
  /** One line: which chunk, why, and what was lost. */
  public String describe() {
    return "chunk at offset " + offset + ": " + reason + "; "
        + (lostMessages < 0 ? "its messages are lost (the file does not say how many)"
            : lostMessages + (lostMessages == 1 ? " message" : " messages") + " lost");
  }
}
