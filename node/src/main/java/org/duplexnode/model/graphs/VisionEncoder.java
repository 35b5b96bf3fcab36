package org.duplexnode.model.graphs;

import java.nio.LongBuffer;
import java.util.Map;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.pkg.Manifest;
import org.duplexnode.model.spec.VisionFrame;

/**
 * The vision encoder: {@code siglip} over one preprocessed frame (one slice, N = 1), then
 * {@code resampler}: 64 LLM embeddings per frame. Resampler positions are row-major indices into
 * the 70 x 70 sin-cos table (contract 5.3). Inputs and outputs live in buffers that grow to the
 * largest frame seen. Not thread-safe.
 */
public final class VisionEncoder {
  private final Graph siglip;
  private final Graph resampler;
  private final int grid;
  private final int patch;
  private final int width;
  private final Tensor embedsOut;
  private int patches;
  private Scratch pixelsIn;
  private Scratch siglipPositionsIn;
  private Scratch resamplerPositionsIn;
  private Scratch maskIn;
  private Scratch hiddenOut;
  private int filledH;
  private int filledW;

  public VisionEncoder(Graph siglip, Graph resampler, Manifest m) {
    this.siglip = siglip;
    this.resampler = resampler;
    this.grid = m.intAt("image.position_grid");
    this.patch = m.intAt("image.patch_size");
    this.width = m.intAt("image.vision_hidden_size");
    this.embedsOut = Tensor.allocate(DType.FLOAT32, 1, m.intAt("image.num_queries"), m.intAt("llm.hidden_size"));
    grow(1024);
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
    if (l > patches) {
      grow(l);
    }
    Tensor pixels = pixelsIn.put(frame.pixels(), 1, 3, patch, (long) patch * l);
    Tensor siglipPositions = siglipPositionsIn.view(DType.INT64, 1, l);
    siglipPositions.longs().put(frame.positionIds());
    Tensor mask = maskIn.view(DType.INT64, 1, l);
    Tensor rowMajor = resamplerPositionsIn.view(DType.INT64, 1, l);
    if (frame.gridH() != filledH || frame.gridW() != filledW) {
      // A camera keeps its grid: the resampler's positions and the mask are written once per shape.
      LongBuffer rowMajorIds = rowMajor.longs();
      LongBuffer maskValues = mask.longs();
      for (int r = 0; r < frame.gridH(); r++) {
        for (int c = 0; c < frame.gridW(); c++) {
          rowMajorIds.put(r * frame.gridW() + c, (long) r * grid + c);
          maskValues.put(r * frame.gridW() + c, 1L);
        }
      }
      filledH = frame.gridH();
      filledW = frame.gridW();
    }
    Tensor hidden = hiddenOut.view(DType.FLOAT32, 1, l, width);
    siglip.run(Map.of("pixel_values", pixels, "position_ids", siglipPositions, "patch_mask", mask),
        Map.of("vision_hidden", hidden));
    resampler.run(Map.of("vision_hidden", hidden, "position_ids", rowMajor, "patch_mask", mask),
        Map.of("image_embeds", embedsOut));
    return embedsOut.toFloatArray();
  }

  /** Buffers for frames of up to {@code l} patches (a 448 x 448 slice has 1024). */
  private void grow(int l) {
    patches = l;
    filledH = 0;
    filledW = 0;
    pixelsIn = Scratch.floats("pixel_values", 3L * patch * patch * l);
    siglipPositionsIn = new Scratch("siglip position_ids", 8L * l);
    resamplerPositionsIn = new Scratch("resampler position_ids", 8L * l);
    maskIn = new Scratch("patch_mask", 8L * l);
    hiddenOut = Scratch.floats("vision_hidden", (long) width * l);
  }
}
