package org.duplexnode.ingest.image;

/**
 * Position ids of a patch grid in SigLIP's 70 x 70 position table (NaViT style: a grid of any
 * shape is spread over the whole table). Patch (i, j) of an {@code rows x cols} grid has
 * fractional coordinates (i / rows, j / cols); each is bucketed against the boundaries
 * k / 70, k = 1..69 (a coordinate equal to a boundary falls in the upper bucket), and the id is
 * {@code bucketRow * 70 + bucketCol}, in row-major patch order.
 *
 * <p>Bucketing exact fractions gives {@code bucket = floor(70 * i / rows)}, computed here in
 * integers. The C++ port does the same in doubles. The PyTorch release builds the coordinates
 * with a float32 {@code torch.arange}, whose last-bit rounding depends on the CPU's vector
 * width, so at an exact tie (i / rows = k / 70) it can land one bucket lower: with AVX2 this
 * happens for a few grid sides (e.g. 25: i = 15 gives bucket 41, not 42; also 49, 50, 55, ...).
 * Common camera grids (24x43, 28x37, 32x32, 37x28) have no such ties.
 */
public final class PositionIds {
  /** Side of the position table (980 / 14). */
  public static final int TABLE_SIDE = 70;

  private PositionIds() {}

  /** Ids for every patch of the grid, row-major. */
  public static long[] forGrid(PatchGrid grid) {
    int rows = grid.rows();
    int cols = grid.cols();
    long[] ids = new long[rows * cols];
    for (int i = 0; i < rows; i++) {
      long rowBase = (long) bucket(i, rows) * TABLE_SIDE;
      for (int j = 0; j < cols; j++) {
        ids[i * cols + j] = rowBase + bucket(j, cols);
      }
    }
    return ids;
  }

  static int bucket(int index, int count) {
    return (int) ((long) TABLE_SIDE * index / count);
  }
}
