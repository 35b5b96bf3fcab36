package org.duplexnode.ingest.image;

/**
 * The patch grid an image is resized to for MiniCPM-o's single slice (the duplex mode never
 * slices: {@code max_slice_nums = 1}, so the release always takes its "no slicing, allow
 * upscale" branch). The rule, from the release's image processor ({@code find_best_resize}
 * with {@code scale_resolution = 448}, {@code patch_size = 14}, {@code allow_upscale = true}):
 *
 * <pre>
 *   r      = width / height                      (double)
 *   h      = trunc(448 / sqrt(r))
 *   w      = trunc(h * r)
 *   side'  = max(roundHalfEven(side / 14) * 14, 14)   for w and h
 * </pre>
 *
 * so the area is about 448 x 448 whatever the input size (small images are upscaled), the
 * aspect ratio is kept to within one patch, and both sides are multiples of 14. Python's
 * {@code round} rounds halves to even, which {@link Math#rint} reproduces. Examples: 640x640
 * gives 32x32 patches, 1920x1080 gives 24x43, 640x480 gives 28x37.
 *
 * @param rows patches down (the release's {@code tgt_size[0]})
 * @param cols patches across ({@code tgt_size[1]})
 */
public record PatchGrid(int rows, int cols) {
  public static final int PATCH = 14;
  public static final int SCALE_RESOLUTION = 448;

  public PatchGrid {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("grid " + rows + "x" + cols + " is empty");
    }
  }

  /** The grid for an image of this size. */
  public static PatchGrid forImage(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image " + width + "x" + height + " is empty");
    }
    double r = (double) width / height;
    int h = (int) (SCALE_RESOLUTION / Math.sqrt(r));
    int w = (int) (h * r);
    return new PatchGrid(ensureDivide(h) / PATCH, ensureDivide(w) / PATCH);
  }

  private static int ensureDivide(int length) {
    return Math.max((int) Math.rint((double) length / PATCH) * PATCH, PATCH);
  }

  /** Number of patches, L. */
  public int patches() {
    return rows * cols;
  }

  /** Resized image width in pixels. */
  public int width() {
    return cols * PATCH;
  }

  /** Resized image height in pixels. */
  public int height() {
    return rows * PATCH;
  }
}
