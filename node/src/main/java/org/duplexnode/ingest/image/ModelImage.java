package org.duplexnode.ingest.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * One camera frame as the vision encoder takes it: MiniCPM-o's single slice, resized to a
 * {@link PatchGrid} of {@code gridH x gridW} patches of 14 x 14 pixels, L = gridH * gridW.
 *
 * <p>Layout, matching the release's processor output for one slice:
 * <ul>
 *   <li>{@code pixels}: float32 [3][14][14 L], flattened C-order, RGB planes, each value
 *       {@code (level / 255 - 0.5) / 0.5} in [-1, 1]. Patch {@code l = ph * gridW + pw}
 *       (row-major over the grid) occupies {@code pixels[c][ky][14 l + kx]} = image pixel
 *       (row {@code 14 ph + ky}, column {@code 14 pw + kx}), channel c. The siglip graph takes
 *       this as {@code pixels [N, 3, 14, 14 L]} with N = 1 ({@link #pixelShape()}).</li>
 *   <li>{@code positionIds}: int64 [L], the patch's index into SigLIP's 70 x 70 position table
 *       ({@link PositionIds}), graph input {@code position ids [N, L]}.</li>
 *   <li>patch attention mask: bool [L], all true for one image; when N images of different L
 *       are batched, each is padded to the largest L with zero pixels, position id 0 and mask
 *       false ({@link #patchAttentionMask(int)}, {@link #positionIds(int)}), as the release
 *       does.</li>
 *   <li>{@code tgt_sizes} for the resampler: [gridH, gridW].</li>
 * </ul>
 *
 * <p>The arrays are owned by this record and must not be modified.
 *
 * @param stampNanos the frame's header stamp, nanoseconds since the epoch
 * @param frameId the frame's header frame_id, as received
 */
public record ModelImage(long stampNanos, String frameId, int gridH, int gridW, float[] pixels,
                         long[] positionIds) implements ImageOutcome {

  public ModelImage {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(positionIds, "positionIds");
    int patches = gridH * gridW;
    if (gridH <= 0 || gridW <= 0 || positionIds.length != patches
        || pixels.length != 3 * PatchGrid.PATCH * PatchGrid.PATCH * patches) {
      throw new IllegalArgumentException("grid " + gridH + "x" + gridW + " does not fit "
          + pixels.length + " pixels and " + positionIds.length + " position ids");
    }
  }

  /** L, the number of patches. */
  public int patches() {
    return gridH * gridW;
  }

  /** {@code [1, 3, 14, 14 L]}. */
  public long[] pixelShape() {
    return new long[] {1, 3, PatchGrid.PATCH, (long) PatchGrid.PATCH * patches()};
  }

  /** The resampler's {@code tgt_sizes} row: {@code [gridH, gridW]}. */
  public long[] targetSize() {
    return new long[] {gridH, gridW};
  }

  /** Mask of length {@code paddedLength >= L}: true for this image's patches, false after. */
  public boolean[] patchAttentionMask(int paddedLength) {
    checkPadding(paddedLength);
    boolean[] mask = new boolean[paddedLength];
    Arrays.fill(mask, 0, patches(), true);
    return mask;
  }

  /** Position ids padded with 0 to {@code paddedLength >= L}. */
  public long[] positionIds(int paddedLength) {
    checkPadding(paddedLength);
    return Arrays.copyOf(positionIds, paddedLength);
  }

  /** The normalised value of channel c (0 red, 1 green, 2 blue) at resized pixel (x, y). */
  public float pixel(int channel, int x, int y) {
    int width = gridW * PatchGrid.PATCH;
    int layoutRow = gridH * width;
    int plane = layoutRow * PatchGrid.PATCH;
    return pixels[channel * plane + (y % PatchGrid.PATCH) * layoutRow
        + (y / PatchGrid.PATCH) * width + x];
  }

  private void checkPadding(int paddedLength) {
    if (paddedLength < patches()) {
      throw new IllegalArgumentException(
          "padded length " + paddedLength + " is shorter than " + patches() + " patches");
    }
  }

  @Override
  public String toString() {
    return "ModelImage[stamp=" + stampNanos + ", frame=" + frameId + ", grid=" + gridH + "x"
        + gridW + "]";
  }
}
