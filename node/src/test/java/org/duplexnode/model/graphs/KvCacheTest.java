package org.duplexnode.model.graphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Eviction keeps the later rows in order, and re-rotation moves RoPE keys to their new positions. */
class KvCacheTest {
  static final double THETA = 1_000_000;
  static final int DIM = 8;

  /** RoPE in the rotate-half layout, as llm_step applies it to keys. */
  static float[] rope(float[] x, int position) {
    float[] out = new float[DIM];
    int half = DIM / 2;
    for (int i = 0; i < half; i++) {
      double a = position * Math.pow(THETA, -2.0 * i / DIM);
      out[i] = (float) (x[i] * Math.cos(a) - x[half + i] * Math.sin(a));
      out[half + i] = (float) (x[half + i] * Math.cos(a) + x[i] * Math.sin(a));
    }
    return out;
  }

  @Test
  void evictingRowsReRotatesTheKeysThatFollow() {
    KvCache cache = new KvCache("test", 16, 1, 1, DIM);
    Random r = new Random(3);
    float[][] raw = new float[10][DIM];
    for (int p = 0; p < 10; p++) {
      for (int i = 0; i < DIM; i++) {
        raw[p][i] = (float) r.nextGaussian();
      }
      cache.next(1).floats().put(rope(raw[p], p));
      cache.advance(1);
    }
    cache.evict(2, 3);
    cache.rerotate(2, 3, THETA);
    assertThat(cache.length()).isEqualTo(7);
    float[] rows = cache.past().toFloatArray();
    for (int kept = 0; kept < 7; kept++) {
      int original = kept < 2 ? kept : kept + 3;
      float[] expected = rope(raw[original], kept);
      for (int i = 0; i < DIM; i++) {
        assertThat(rows[kept * DIM + i]).as("row %d value %d", kept, i).isCloseTo(expected[i],
            org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }
}
