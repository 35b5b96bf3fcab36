package org.duplexnode.ingest.image;

/**
 * Normalises a resized image and lays it out patch-flattened, as the release's
 * {@code reshape_by_patch} does after {@code (pixel / 255 - 0.5) / 0.5} in float32.
 *
 * <p>The release unfolds the [3, H, W] image into 14 x 14 patches (row-major over the grid) and
 * reshapes to [3, 14, 14 * L], patch {@code l} occupying columns {@code 14 l .. 14 l + 13} of
 * every one of the 14 rows. Row {@code ky} of patch row {@code ph} thus holds image row
 * {@code 14 ph + ky} in full, so the whole layout is a reordering of image rows:
 *
 * <pre>
 *   out[c][ky][ph * W + x] = image[c][14 * ph + ky][x]      (W = image width = 14 * cols)
 * </pre>
 *
 * which is what {@link #pixels} computes, one contiguous image row at a time.
 */
public final class PatchLayout {
  private static final float[] NORMALISED = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      // Same float32 operations as the release: divide by 255, subtract the mean, divide by std.
      NORMALISED[v] = ((float) v / 255f - 0.5f) / 0.5f;
    }
  }

  private PatchLayout() {}

  /** The normalised value of an 8-bit level, in [-1, 1]. */
  public static float normalise(int level) {
    return NORMALISED[level & 0xff];
  }

  /** Normalised, patch-flattened [3][14][14 L] floats of a resized image. */
  public static float[] pixels(ResizedImage image) {
    PatchGrid grid = image.grid();
    int width = grid.width();
    int height = grid.height();
    int channels = image.order().channels();
    int r = image.order().indexOf(0);
    int g = image.order().indexOf(1);
    int b = image.order().indexOf(2);
    byte[] src = image.pixels();
    int plane = width * height;
    int layoutRow = grid.rows() * width; // 14 L floats
    float[] out = new float[3 * plane];
    for (int y = 0; y < height; y++) {
      int dst = (y % PatchGrid.PATCH) * layoutRow + (y / PatchGrid.PATCH) * width;
      int s = y * width * channels;
      for (int x = 0; x < width; x++, s += channels) {
        out[dst + x] = NORMALISED[src[s + r] & 0xff];
        out[plane + dst + x] = NORMALISED[src[s + g] & 0xff];
        out[2 * plane + dst + x] = NORMALISED[src[s + b] & 0xff];
      }
    }
    return out;
  }
}
