package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.Logits;
import org.duplexnode.model.spec.SpecialTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Deciding from a 64-entry shortlist must give exactly the tokens a pass over every logit gives,
 * greedy and seeded, including the cases built to defeat it: ties at the shortlist's edge, all
 * logits negative (the release's penalty then raises them), penalised history tokens inside and
 * outside the shortlist, turn_eos on either side of zero, and shortlists whose equal values come
 * in any order (graph back ends do not define it).
 */
@Tag("integration")
class TokenDecoderShortlistTest {
  static final SpecialTokens T = SpecialTokens.minicpmO45();
  static final int V = 151748;
  static final int K = 64;

  /** The graph's view: the exact top K, equal values in a shuffled order. */
  static final class ShortlistOnly implements Logits {
    final float[] all;
    final int[] ids;

    ShortlistOnly(float[] all, Random shuffle) {
      this.all = all;
      float[] sorted = all.clone();
      Arrays.sort(sorted);
      float edge = sorted[all.length - K];
      int[] top = IntStream.range(0, all.length).filter(i -> all[i] >= edge).boxed()
          .sorted(Comparator.comparing((Integer i) -> -all[i]).thenComparing(i -> i))
          .limit(K).mapToInt(Integer::intValue).toArray();
      // shuffle each run of equal values
      for (int a = 0; a < K; ) {
        int b = a;
        while (b < K && all[top[b]] == all[top[a]]) {
          b++;
        }
        for (int i = b - 1; i > a; i--) {
          int j = a + shuffle.nextInt(i - a + 1);
          int t = top[i];
          top[i] = top[j];
          top[j] = t;
        }
        a = b;
      }
      this.ids = top;
    }

    @Override public int size() { return all.length; }
    @Override public float at(int id) { return all[id]; }
    @Override public int topCount() { return K; }
    @Override public int topId(int rank) { return ids[rank]; }
    @Override public float topValue(int rank) { return all[ids[rank]]; }
    @Override public double logSumExp() { return Logits.of(all).logSumExp(); }
    @Override public void copyTo(float[] into) { System.arraycopy(all, 0, into, 0, all.length); }
  }

  /** No shortlist: every decision is a full pass (the reference). */
  static final class FullPassOnly implements Logits {
    final float[] all;

    FullPassOnly(float[] all) {
      this.all = all;
    }

    @Override public int size() { return all.length; }
    @Override public float at(int id) { return all[id]; }
    @Override public int topCount() { return 0; }
    @Override public int topId(int rank) { throw new IndexOutOfBoundsException(); }
    @Override public float topValue(int rank) { throw new IndexOutOfBoundsException(); }
    @Override public double logSumExp() { return Logits.of(all).logSumExp(); }
    @Override public void copyTo(float[] into) { System.arraycopy(all, 0, into, 0, all.length); }
  }

  enum Shape { GAUSSIAN, NEGATIVE, FEW_LEVELS, HISTORY_AT_EDGE }

  static float[] logits(Shape shape, Random r, int[] recent) {
    float[] l = new float[V];
    for (int i = 0; i < V; i++) {
      double g = r.nextGaussian() * 3;
      l[i] = switch (shape) {
        case GAUSSIAN, HISTORY_AT_EDGE -> (float) g;
        case NEGATIVE -> (float) (-20 - Math.abs(g));
        case FEW_LEVELS -> (float) Math.floor(g);
      };
    }
    if (shape == Shape.HISTORY_AT_EDGE) {
      // recent tokens just above and below the shortlist's edge (about the 64th of 151748 values)
      for (int i = 0; i < recent.length && i < 30; i++) {
        l[recent[i]] = 11.5f + r.nextFloat();
      }
    }
    // the decision tokens compete sometimes
    if (r.nextInt(4) == 0) {
      l[T.chunkEos()] = 14 + r.nextFloat() * 4;
    }
    if (r.nextInt(3) == 0) {
      l[T.turnEos()] = (r.nextBoolean() ? 1 : -1) * (12 + r.nextFloat() * 4);
    }
    if (r.nextInt(5) == 0) {
      l[T.ttsPad()] = 30;
    }
    return l;
  }

  void sameTokens(DecodeOptions options, Shape shape, long seed) {
    TokenDecoder fast = new TokenDecoder(T, options, new int[] {7, 11});
    TokenDecoder reference = new TokenDecoder(T, options, new int[] {7, 11});
    Random r = new Random(seed);
    int[] recent = new int[64];
    int n = 0;
    for (int step = 0; step < 40; step++) {
      float[] l = logits(shape, r, Arrays.copyOf(recent, Math.min(n, recent.length)));
      int a = fast.decide(new ShortlistOnly(l, r));
      int b = reference.decide(new FullPassOnly(l));
      assertThat(a).as("%s step %d (%s)", shape, step, options.greedy() ? "greedy" : "sampled").isEqualTo(b);
      recent[n++ % recent.length] = a;
    }
    assertThat(reference.fullPasses()).isGreaterThan(0);
  }

  @Test
  void greedyDecisionsEqualTheFullPass() {
    for (Shape s : Shape.values()) {
      sameTokens(DecodeOptions.greedyDefaults(), s, 11 + s.ordinal());
    }
  }

  @Test
  void seededDrawsEqualTheFullPass() {
    for (Shape s : Shape.values()) {
      sameTokens(DecodeOptions.releaseDefaults(5), s, 21 + s.ordinal());
    }
  }

  @Test
  void ordinaryLogitsNeedNoFullPass() {
    TokenDecoder d = new TokenDecoder(T, DecodeOptions.releaseDefaults(3), new int[0]);
    Random r = new Random(4);
    for (int step = 0; step < 30; step++) {
      d.decide(new ShortlistOnly(logits(Shape.GAUSSIAN, r, new int[0]), r));
    }
    assertThat(d.fullPasses()).isZero();
  }

  @Test
  void aTieAtTheShortlistEdgeFallsBackToTheFullPass() {
    // every logit equal: a token outside the shortlist ties the best one and has a lower id
    float[] flat = new float[V];
    TokenDecoder d = new TokenDecoder(T, DecodeOptions.greedyDefaults(), new int[0]);
    int[] ids = IntStream.range(0, K).map(i -> 1000 + i).toArray();
    Logits shortlist = new Logits() {
      @Override public int size() { return V; }
      @Override public float at(int id) { return flat[id]; }
      @Override public int topCount() { return K; }
      @Override public int topId(int rank) { return ids[rank]; }
      @Override public float topValue(int rank) { return 0f; }
      @Override public double logSumExp() { return Math.log(V); }
      @Override public void copyTo(float[] into) { System.arraycopy(flat, 0, into, 0, V); }
    };
    assertThat(d.decide(shortlist)).isZero();
    assertThat(d.fullPasses()).isEqualTo(1);
  }
}
