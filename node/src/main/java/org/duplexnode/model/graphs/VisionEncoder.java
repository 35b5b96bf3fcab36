package org.duplexnode.model.graphs;

import java.util.Arrays;
import java.util.Map;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.VisionFrame;
import org.duplexnode.model.pkg.Manifest;

/**
 * The vision encoder: {@code siglip} over one preprocessed frame (one slice, N = 1), then
 * {@code resampler}: 64 LLM embeddings per frame. Resampler positions are row-major indices into
 * the 70 x 70 sin-cos table (contract 5.3). Not thread-safe.
 */
public final class VisionEncoder {
  private final Graph siglip;
  private final Graph resampler;
  private final int grid;
  private final int patch;
  private final Tensor embedsOut;

  public VisionEncoder(Graph siglip, Graph resampler, Manifest m) {
    this.siglip = siglip;
    this.resampler = resampler;
    this.grid = m.intAt("image.position_grid");
    this.patch = m.intAt("image.patch_size");
    this.embedsOut = Tensor.allocate(DType.FLOAT32, 1, m.intAt("image.num_queries"), m.intAt("llm.hidden_size"));
  }

  /** Fails with an {@link IllegalArgumentException} when the frame does not fit the position table; null passes. */
  public void validate(VisionFrame frame) {
    if (frame == null) {
      return;
    }
    if (frame.gridH() > grid || frame.gridW() > grid) {
      throw new IllegalArgumentException("patch grid " + frame.gridH() + "x" + frame.gridW() + " exceeds the "
          + grid + "x" + grid + " position table");
    }
    for (long id : frame.positionIds()) {
      if (id < 0 || id >= (long) grid * grid) {
        throw new IllegalArgumentException("position id " + id + " outside the " + grid + "x" + grid + " table");
      }
    }
  }

  /** The frame's 64 embeddings, {@code [64, hidden]} row-major. */
  public float[] encode(VisionFrame frame) {
    validate(frame);
    int l = frame.patches();
    Tensor pixels = Tensor.ofFloats(frame.pixels(), 1, 3, patch, (long) patch * l);
    Tensor siglipPositions = Tensor.ofLongs(frame.positionIds(), 1, l);
    long[] ones = new long[l];
    Arrays.fill(ones, 1);
    Tensor mask = Tensor.ofLongs(ones, 1, l);
    Tensor hidden = siglip.run(Map.of("pixel_values", pixels, "position_ids", siglipPositions, "patch_mask", mask))
        .get("vision_hidden");
    long[] rowMajor = new long[l];
    for (int r = 0; r < frame.gridH(); r++) {
      for (int c = 0; c < frame.gridW(); c++) {
        rowMajor[r * frame.gridW() + c] = (long) r * grid + c;
      }
    }
    resampler.run(Map.of("vision_hidden", hidden, "position_ids", Tensor.ofLongs(rowMajor, 1, l),
        "patch_mask", mask), Map.of("image_embeds", embedsOut));
    return embedsOut.toFloatArray();
  }
}
