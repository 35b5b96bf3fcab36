package org.duplexnode.ingest.image;

/**
 * An image resized to its patch grid, still 8-bit and in its source channel order.
 *
 * @param pixels {@code grid.height() * grid.width() * order.channels()} interleaved bytes, rows
 *     packed; owned by this record
 */
public record ResizedImage(PatchGrid grid, ChannelOrder order, byte[] pixels) {
  public ResizedImage {
    long expected = (long) grid.width() * grid.height() * order.channels();
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels has " + pixels.length + " bytes, " + expected + " expected for " + grid + " "
              + order);
    }
  }
}
