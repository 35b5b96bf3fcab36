package org.duplexnode.model.spec;

import java.util.Objects;

/**
 * One camera frame as the vision encoder takes it (contract 5.3): MiniCPM-o's single slice,
 * patch-flattened. Same layout as the image ingest's {@code ModelImage}.
 *
 * @param gridH patch rows
 * @param gridW patch columns
 * @param pixels float32 {@code [3][14][14 L]}, L = gridH * gridW, values (level / 255 - 0.5) / 0.5;
 *     patch l = (row, column) in row-major order occupies columns 14 l .. 14 l + 13
 * @param positionIds SigLIP position ids {@code [L]} into the 70 x 70 table
 */
public record VisionFrame(int gridH, int gridW, float[] pixels, long[] positionIds) {
  public static final int PATCH = 14;

  public VisionFrame {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(positionIds, "positionIds");
    int l = gridH * gridW;
    if (gridH <= 0 || gridW <= 0 || positionIds.length != l || pixels.length != 3 * PATCH * PATCH * l) {
      throw new IllegalArgumentException("grid " + gridH + "x" + gridW + " does not fit " + pixels.length
          + " pixels and " + positionIds.length + " position ids");
    }
  }

  public int patches() {
    return gridH * gridW;
  }
}
