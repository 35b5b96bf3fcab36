package org.duplexnode.ingest.image;

/**
 * {@link PatchLayout} for an image held as Y, Cb and Cr planes: converts each pixel to RGB with
 * JPEG's (JFIF, full-range BT.601) equations in libjpeg's 16-bit fixed point, so a pixel
 * converts to exactly the levels libjpeg would give, then normalises and lays it out.
 *
 * <pre>
 *   R = Y + 1.402 (Cr - 128)
 *   G = Y - 0.34414 (Cb - 128) - 0.71414 (Cr - 128)
 *   B = Y + 1.772 (Cb - 128)          each rounded and clamped to 0..255
 * </pre>
 */
final class YcbcrLayout {
  private static final int SCALE_BITS = 16;
  private static final int HALF = 1 << (SCALE_BITS - 1);
  private static final int[] CR_R = new int[256];
  private static final int[] CB_B = new int[256];
  private static final int[] CR_G = new int[256];
  private static final int[] CB_G = new int[256];

  /** Normalised red by {@code y << 8 | cr}, blue by {@code y << 8 | cb}: one lookup each. */
  private static final float[] RED = new float[1 << 16];
  private static final float[] BLUE = new float[1 << 16];
  /** Green's chroma term by {@code cb << 8 | cr}, added to luma. */
  private static final short[] GREEN_OFFSET = new short[1 << 16];

  static {
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_R[i] = (fixed(1.40200) * x + HALF) >> SCALE_BITS;
      CB_B[i] = (fixed(1.77200) * x + HALF) >> SCALE_BITS;
      CR_G[i] = -fixed(0.71414) * x;
      CB_G[i] = -fixed(0.34414) * x + HALF;
    }
    for (int a = 0; a < 256; a++) {
      for (int c = 0; c < 256; c++) {
        RED[a << 8 | c] = PatchLayout.normalise(clamp(a + CR_R[c]));
        BLUE[a << 8 | c] = PatchLayout.normalise(clamp(a + CB_B[c]));
        GREEN_OFFSET[a << 8 | c] = (short) ((CB_G[a] + CR_G[c]) >> SCALE_BITS);
      }
    }
  }

  private YcbcrLayout() {}

  private static int fixed(double v) {
    return (int) (v * (1 << SCALE_BITS) + 0.5);
  }

  /**
   * @param swapRedBlue the file's red and blue are swapped (an encoder fed RGB as BGR)
   * @return normalised, patch-flattened [3][14][14 L] floats
   */
  static float[] pixels(PatchGrid grid, byte[] y, byte[] cb, byte[] cr, boolean swapRedBlue) {
    int width = grid.width();
    int height = grid.height();
    int plane = width * height;
    int layoutRow = grid.rows() * width;
    int redPlane = swapRedBlue ? 2 * plane : 0;
    int bluePlane = swapRedBlue ? 0 : 2 * plane;
    float[] out = new float[3 * plane];
    for (int row = 0; row < height; row++) {
      int dst = (row % PatchGrid.PATCH) * layoutRow + (row / PatchGrid.PATCH) * width;
      int s = row * width;
      for (int x = 0; x < width; x++, s++) {
        int luma = (y[s] & 0xff) << 8;
        int b = cb[s] & 0xff;
        int r = cr[s] & 0xff;
        out[redPlane + dst + x] = RED[luma | r];
        out[plane + dst + x] = PatchLayout.normalise(clamp((luma >> 8) + GREEN_OFFSET[b << 8 | r]));
        out[bluePlane + dst + x] = BLUE[luma | b];
      }
    }
    return out;
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

  private static int clamp(int level) {
    return level < 0 ? 0 : Math.min(level, 255);
  }
}
