package org.duplexnode.ingest.image;

/**
 * A packed 8-bit RGB image: rows of {@code width * 3} bytes, red first, no padding.
 *
 * @param rgb {@code width * height * 3} bytes, owned by this record
 */
public record RgbImage(int width, int height, byte[] rgb) {
  public RgbImage {
    if ((long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(
          "rgb has " + rgb.length + " bytes, " + width + "x" + height + "x3 expected");
    }
  }

  /** Red, green or blue (0, 1, 2) at column x, row y, as 0-255. */
  public int at(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xff;
  }
}
