package org.duplexnode.ingest.image;

import java.nio.FloatBuffer;

/**
 * {@link PatchLayout} for an image held as Y, Cb and Cr planes of float levels (chroma centred
 * on 0): converts each pixel to RGB with JPEG's (JFIF, full-range BT.601) equations, clamps to
 * the levels 0..255, normalises and lays it out.
 *
 * <pre>
 *   R = Y + 1.402 (Cr - 128)
 *   G = Y - 0.34414 (Cb - 128) - 0.71414 (Cr - 128)
 *   B = Y + 1.772 (Cb - 128)
 * </pre>
 *
 * <p>In float with libjpeg's fixed-point coefficients, each value rounded to a whole level: every
 * one of the 2^24 YCbCr triples converts to exactly libjpeg's levels (YcbcrLayoutTest checks
 * them all) and normalises to one of {@link PatchLayout}'s 256 values.
 * Integer arithmetic and table lookups, as libjpeg does it, would not vectorise (JDK 17's C2
 * converts neither bytes nor ints to float in vector form); this does, and costs a third as
 * much.
 */
final class YcbcrLayout {
  // libjpeg's 16-bit fixed-point coefficients, exact in float (jdcolor.c: FIX(1.40200) ...)
  private static final float CR_R = 91881 / 65536f;
  private static final float CB_G = -22554 / 65536f;
  private static final float CR_G = -46802 / 65536f;
  private static final float CB_B = 116130 / 65536f;

  private static final float ROUND = 12582912f;

  private YcbcrLayout() {}

  /**
   * @param y luma levels (whole numbers 0..255), row-major at the grid's size
   * @param cb blue-difference chroma levels minus 128, likewise
   * @param cr red-difference chroma levels minus 128, likewise
   * @param swapRedBlue the file's red and blue are swapped (an encoder fed RGB as BGR)
   * @return normalised, patch-flattened [3][14][14 L] floats
   */
  static float[] pixels(PatchGrid grid, FloatBuffer y, FloatBuffer cb, FloatBuffer cr,
      boolean swapRedBlue) {
    int width = grid.width();
    int height = grid.height();
    int plane = width * height;
    int layoutRow = grid.rows() * width;
    int redPlane = swapRedBlue ? 2 * plane : 0;
    int bluePlane = swapRedBlue ? 0 : 2 * plane;
    float[] out = new float[3 * plane];
    Rows rows = new Rows(width);
    for (int row = 0; row < height; row++) {
      int dst = (row % PatchGrid.PATCH) * layoutRow + (row / PatchGrid.PATCH) * width;
      rows.load(y, cb, cr, row * width);
      rows.red();
      System.arraycopy(rows.out, 0, out, redPlane + dst, width);
      rows.green();
      System.arraycopy(rows.out, 0, out, plane + dst, width);
      rows.blue();
      System.arraycopy(rows.out, 0, out, bluePlane + dst, width);
    }
    return out;
  }

  /**
   * One image row, copied out of the planes so that every loop below reads and writes its
   * arrays at the same index: C2 (JDK 17) vectorises such a loop, but not one that stores into
   * a float array at another offset than it loads from another float array, as it cannot rule
   * out that the two are one array. One loop per channel: C2 does not vectorise a loop that
   * stores into three arrays either.
   */
  private static final class Rows {
    final float[] luma;
    final float[] blueDiff;
    final float[] redDiff;
    final float[] out;
    final int width;

    Rows(int width) {
      this.width = width;
      luma = new float[width];
      blueDiff = new float[width];
      redDiff = new float[width];
      out = new float[width];
    }

    void load(FloatBuffer y, FloatBuffer cb, FloatBuffer cr, int offset) {
      y.get(offset, luma);
      cb.get(offset, blueDiff);
      cr.get(offset, redDiff);
    }

    void red() {
      for (int x = 0; x < width; x++) {
        out[x] = normalise(luma[x] + CR_R * redDiff[x]);
      }
    }

    void green() {
      for (int x = 0; x < width; x++) {
        out[x] = normalise(luma[x] + CB_G * blueDiff[x] + CR_G * redDiff[x]);
      }
    }

    void blue() {
      for (int x = 0; x < width; x++) {
        out[x] = normalise(luma[x] + CB_B * blueDiff[x]);
      }
    }

    /**
     * A level rounded to a whole level (adding and taking away 1.5 * 2^23 leaves no fraction
     * bits: round half to even, vectorisable where Math.rint of a float is not), clamped to
     * 0..255 and normalised with {@link PatchLayout}'s float operations.
     */
    private static float normalise(float level) {
      float whole = (level + ROUND) - ROUND;
      return (Math.max(0f, Math.min(255f, whole)) / 255f - 0.5f) / 0.5f;
    }
  }

  /** A greyscale image: red, green and blue all the luma. */
  static float[] greyPixels(PatchGrid grid, byte[] y) {
    int width = grid.width();
    int height = grid.height();
    int plane = width * height;
    int layoutRow = grid.rows() * width;
    float[] out = new float[3 * plane];
    for (int row = 0; row < height; row++) {
      int dst = (row % PatchGrid.PATCH) * layoutRow + (row / PatchGrid.PATCH) * width;
      int s = row * width;
      for (int x = 0; x < width; x++, s++) {
        float v = PatchLayout.normalise(y[s]);
        out[dst + x] = v;
        out[plane + dst + x] = v;
        out[2 * plane + dst + x] = v;
      }
    }
    return out;
  }

}
