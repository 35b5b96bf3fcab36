package org.duplexnode.model.graphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Eviction keeps the later rows in order, and re-rotation moves RoPE keys to their new positions. */
@Tag("unit")
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

  /** Writes 10 random keys at positions 0..9 and returns them before rotation. */
  private static float[][] fillTenRows(KvCache cache, long seed) {
    Random r = new Random(seed);
    float[][] raw = new float[10][DIM];
    for (int p = 0; p < 10; p++) {
      for (int i = 0; i < DIM; i++) {
        raw[p][i] = (float) r.nextGaussian();
      }
      cache.next(1).floats().put(rope(raw[p], p));
      cache.advance(1);
    }
    return raw;
  }

  @Test
  void evictingRowsReRotatesTheKeysThatFollow() {
    KvCache cache = new KvCache("test", 16, 1, 1, DIM);
    float[][] raw = fillTenRows(cache, 3);
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

  @Test
  void aSpliceWritesNewRowsInTheGapAndMovesTheRestToTheirNewPositions() {
    KvCache cache = new KvCache("test", 16, 1, 1, DIM);
    float[][] raw = fillTenRows(cache, 4);
    // rows [2, 5) become 5 new rows: the 5 rows after them move from 5..9 to 7..11
    int moved = cache.openGap(2, 3, 5);
    assertThat(moved).isEqualTo(5);
    assertThat(cache.length()).isEqualTo(2);
    float[][] fresh = new float[5][DIM];
    for (int j = 0; j < 5; j++) {
      fresh[j][0] = 100 + j;
      cache.next(1).floats().put(rope(fresh[j], 2 + j));
      cache.advance(1);
    }
    cache.restore(moved);
    cache.rerotate(7, 3 - 5, THETA);
    assertThat(cache.length()).isEqualTo(12);
    float[] rows = cache.past().toFloatArray();
    for (int at = 0; at < 12; at++) {
      float[] expected = at < 2 ? rope(raw[at], at) : at < 7 ? rope(fresh[at - 2], at) : rope(raw[at - 2], at);
      for (int i = 0; i < DIM; i++) {
        assertThat(rows[at * DIM + i]).as("row %d value %d", at, i).isCloseTo(expected[i],
            org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void aSpliceThatDoesNotFitFailsBeforeMovingAnything() {
    KvCache cache = new KvCache("test", 8, 1, 1, DIM);
    cache.advance(6);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.openGap(2, 1, 4))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
    assertThat(cache.length()).isEqualTo(6);
  }
}
