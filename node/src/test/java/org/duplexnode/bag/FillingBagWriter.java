package org.duplexnode.bag;

import java.io.IOException;
import java.nio.file.Path;
import org.duplexnode.bag.mcap.McapWriterOptions;

/**
 * A child-process main for {@link BagDiskFullTest}: writes 4-KB messages into a bag in 64-KB
 * chunks until the file system refuses, then closes the bag. Prints {@code written N} after each
 * message, then {@code error: ...} and {@code close: ...}; exits 0 when every failure was an
 * {@link IOException}.
 */
public final class FillingBagWriter {
  static final int MESSAGE_BYTES = 4096;
  static final long CHUNK_BYTES = 64 * 1024;
  static final String TOPIC = "/fill";

  private FillingBagWriter() {}

  public static void main(String[] args) throws Exception {
    RosbagWriter writer = RosbagWriter.create(Path.of(args[0]), RosbagWriterOptions.defaults()
        .withMcap(McapWriterOptions.defaults().withChunkSize(CHUNK_BYTES)));
    writer.addTopic(new TopicInfo(TOPIC, "std_msgs/msg/UInt8MultiArray", "cdr", 0,
        QosProfiles.keepLast(10, "reliable", "volatile"), ""), new MessageDefinition(
        "std_msgs/msg/UInt8MultiArray", "ros2msg", ""));
    long written = 0;
    try {
      for (long i = 0; i < 1_000_000; i++) {
        writer.write(TOPIC, 1_000_000_000L + i * 1_000_000L, 1_000_000_000L + i * 1_000_000L, payload(i));
        written++;
        System.out.println("written " + written);
      }
    } catch (IOException e) {
      System.out.println("error: " + e.getMessage());
    }
    try {
      writer.close();
      System.out.println("close: ok");
    } catch (IOException e) {
      System.out.println("close: " + e.getMessage());
    }
  }

  /** Message {@code i}: its index in the first 8 bytes, then bytes seeded by it (incompressible). */
  static byte[] payload(long i) {
    byte[] b = new byte[MESSAGE_BYTES];
    new java.util.SplittableRandom(i).nextBytes(b);
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) (i >>> (8 * k));
    }
    return b;
  }
}
