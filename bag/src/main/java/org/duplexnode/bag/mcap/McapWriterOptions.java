package org.duplexnode.bag.mcap;

/**
 * How an {@link McapWriter} lays out a file.
 *
 * @param profile the Header profile, "ros2" for rosbag2-compatible files
 * @param library the Header library string
 * @param compression chunk compression
 * @param compressionLevel zstd level (ignored for other compressions)
 * @param chunkSize a chunk is closed once its uncompressed records reach this many bytes; 0
 *     writes messages outside chunks (then they cannot be indexed)
 * @param computeCrcs store chunk, data section and summary CRCs
 * @param syncChunks force each finished chunk to the storage device (slower, survives power loss)
 */
public record McapWriterOptions(
    String profile,
    String library,
    McapCompression compression,
    int compressionLevel,
    long chunkSize,
    boolean computeCrcs,
    boolean syncChunks) {
  /** rosbag2's default chunk size for MCAP. */
  public static final long DEFAULT_CHUNK_SIZE = 768 * 1024;

  public McapWriterOptions {
    if (chunkSize < 0 || chunkSize > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("chunkSize out of range: " + chunkSize);
    }
  }

  /** Zstd-compressed 768 KiB chunks with CRCs, profile "ros2". */
  public static McapWriterOptions defaults() {
    return new McapWriterOptions("ros2", "duplex-node", McapCompression.ZSTD, 3,
        DEFAULT_CHUNK_SIZE, true, false);
  }

  public McapWriterOptions withProfile(String value) {
    return new McapWriterOptions(value, library, compression, compressionLevel, chunkSize, computeCrcs, syncChunks);
  }

  public McapWriterOptions withCompression(McapCompression value) {
    return new McapWriterOptions(profile, library, value, compressionLevel, chunkSize, computeCrcs, syncChunks);
  }

  public McapWriterOptions withChunkSize(long value) {
    return new McapWriterOptions(profile, library, compression, compressionLevel, value, computeCrcs, syncChunks);
  }

  public McapWriterOptions withComputeCrcs(boolean value) {
    return new McapWriterOptions(profile, library, compression, compressionLevel, chunkSize, value, syncChunks);
  }

  public McapWriterOptions withSyncChunks(boolean value) {
    return new McapWriterOptions(profile, library, compression, compressionLevel, chunkSize, computeCrcs, value);
  }
}
