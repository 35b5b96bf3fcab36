package org.duplexnode.bag.mcap;

/**
 * How an {@link McapReader} treats damaged or unusual files.
 *
 * @param strict throw {@link McapFormatException} at the first problem instead of recording a
 *     warning and reading what is still readable
 * @param verifyCrcs check chunk, attachment, summary and (on full scans) data section CRCs
 *     where the writer stored them
 * @param useSummary use the summary section (index) when it is present and valid; when false
 *     the whole file is scanned
 * @param maxChunkBytes the largest uncompressed chunk the reader will allocate
 */
public record McapReadOptions(
    boolean strict, boolean verifyCrcs, boolean useSummary, long maxChunkBytes) {
  public static final long DEFAULT_MAX_CHUNK_BYTES = 1L << 30;

  public McapReadOptions {
    if (maxChunkBytes <= 0 || maxChunkBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxChunkBytes out of range: " + maxChunkBytes);
    }
  }

  /** Lenient, CRC-checking, index-using reading. */
  public static McapReadOptions defaults() {
    return new McapReadOptions(false, true, true, DEFAULT_MAX_CHUNK_BYTES);
  }

  public McapReadOptions withStrict(boolean value) {
    return new McapReadOptions(value, verifyCrcs, useSummary, maxChunkBytes);
  }

  public McapReadOptions withVerifyCrcs(boolean value) {
    return new McapReadOptions(strict, value, useSummary, maxChunkBytes);
  }

  public McapReadOptions withUseSummary(boolean value) {
    return new McapReadOptions(strict, verifyCrcs, value, maxChunkBytes);
  }

  public McapReadOptions withMaxChunkBytes(long value) {
    return new McapReadOptions(strict, verifyCrcs, useSummary, value);
  }
}
