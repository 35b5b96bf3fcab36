package org.duplexnode.bag;

import org.duplexnode.bag.mcap.McapWriterOptions;

/**
 * How a {@link RosbagWriter} records.
 *
 * @param mcap chunking, compression and CRCs of each MCAP file (profile is forced to "ros2")
 * @param maxFileBytes start a new file (name_1.mcap, ...) once a file reaches this size; 0
 *     keeps one file
 * @param rosDistro written to the metadata ("" when unknown)
 */
public record RosbagWriterOptions(McapWriterOptions mcap, long maxFileBytes, String rosDistro) {
  public RosbagWriterOptions {
    if (maxFileBytes < 0) {
      throw new IllegalArgumentException("maxFileBytes must not be negative");
    }
    mcap = mcap.withProfile("ros2");
  }

  /** zstd chunks of 768 KiB, one file. */
  public static RosbagWriterOptions defaults() {
    return new RosbagWriterOptions(McapWriterOptions.defaults(), 0, "");
  }

  public RosbagWriterOptions withMcap(McapWriterOptions value) {
    return new RosbagWriterOptions(value, maxFileBytes, rosDistro);
  }

  public RosbagWriterOptions withMaxFileBytes(long value) {
    return new RosbagWriterOptions(mcap, value, rosDistro);
  }

  public RosbagWriterOptions withRosDistro(String value) {
    return new RosbagWriterOptions(mcap, maxFileBytes, value);
  }
}
