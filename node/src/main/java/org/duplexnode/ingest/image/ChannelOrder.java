package org.duplexnode.ingest.image;

/**
 * How the channels of an interleaved 8-bit image are ordered. Colour swaps and dropping alpha
 * commute with resizing, so images keep their native order until the final patch layout reads
 * red, green and blue from where they are.
 */
public enum ChannelOrder {
  RGB(3, 0, 1, 2),
  BGR(3, 2, 1, 0),
  RGBA(4, 0, 1, 2),
  BGRA(4, 2, 1, 0),
  /** One luminance channel, used for red, green and blue alike. */
  GRAY(1, 0, 0, 0);

  private final int channels;
  private final int red;
  private final int green;
  private final int blue;

  ChannelOrder(int channels, int red, int green, int blue) {
    this.channels = channels;
    this.red = red;
    this.green = green;
    this.blue = blue;
  }

  public int channels() {
    return channels;
  }

  /** Index of red (0), green (1) or blue (2) within one pixel. */
  public int indexOf(int rgbChannel) {
    return switch (rgbChannel) {
      case 0 -> red;
      case 1 -> green;
      case 2 -> blue;
      default -> throw new IllegalArgumentException("channel " + rgbChannel + " is not 0, 1 or 2");
    };
  }
}
