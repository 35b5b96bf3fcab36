package org.duplexnode.model.graphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.pkg.ModelPackage;
import org.duplexnode.model.pkg.PackageGraphs;
import org.duplexnode.model.pkg.TinyPackage;
import org.duplexnode.model.spec.VisionFrame;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The tiny package's siglip + resampler through the encoder, frames of changing grids. */
@Tag("integration")
class VisionEncoderTest {

  static VisionFrame frame(int gridH, int gridW, long seed) {
    Random r = new Random(seed);
    int l = gridH * gridW;
    float[] pixels = new float[3 * 14 * 14 * l];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = r.nextFloat() * 2 - 1;
    }
    long[] ids = new long[l];
    for (int p = 0; p < l; p++) {
      ids[p] = (long) (p / gridW) * 70 + p % gridW;
    }
    return new VisionFrame(gridH, gridW, pixels, ids);
  }

  @Test
  void aFrameGivesTheSameEmbeddingsWhateverGridCameBefore() {
    try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.cpu();
         ModelPackage pkg = ModelPackage.open(TinyPackage.DIR);
         PackageGraphs graphs = pkg.loadGraphs(engine)) {
      VisionFrame wide = frame(24, 43, 1);
      VisionFrame small = frame(5, 7, 2);
      VisionFrame tall = frame(7, 5, 3);

      float[] alone = new VisionEncoder(graphs.get("siglip"), graphs.get("resampler"), pkg.manifest()).encode(small);
      VisionEncoder encoder = new VisionEncoder(graphs.get("siglip"), graphs.get("resampler"), pkg.manifest());
      float[] first = encoder.encode(wide);
      encoder.encode(tall);
      float[] afterTall = encoder.encode(small);
      float[] again = encoder.encode(wide);

      assertThat(afterTall).containsExactly(alone);
      assertThat(again).containsExactly(first);
      assertThat(afterTall).isNotEqualTo(first);
    }
  }
}
