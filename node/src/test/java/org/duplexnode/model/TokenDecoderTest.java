package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.SpecialTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TokenDecoderTest {
  static final SpecialTokens T = SpecialTokens.minicpmO45();
  static final int V = 151748;

  static float[] logits(int... idValuePairs) {
    float[] l = new float[V];
    for (int i = 0; i < idValuePairs.length; i += 2) {
      l[idValuePairs[i]] = idValuePairs[i + 1];
    }
    return l;
  }

  @Test
  void chunkEosChosenFirstIsKept() {
    TokenDecoder d = new TokenDecoder(T, DecodeOptions.greedyDefaults(), new int[0]);
    assertThat(d.decide(logits(T.chunkEos(), 9, 5, 8))).isEqualTo(T.chunkEos());
  }

  @Test
  void ttsPadBadTokensAndChunkEosAreMaskedInTheSecondStage() {
    TokenDecoder d = new TokenDecoder(T, DecodeOptions.greedyDefaults(), new int[] {77});
    assertThat(d.decide(logits(T.ttsPad(), 9, 77, 8, 5, 7))).isEqualTo(5);
  }

  @Test
  void repetitionPenaltyDividesRecentTokenLogits() {
    TokenDecoder d = new TokenDecoder(T, DecodeOptions.greedyDefaults(), new int[0]);
    assertThat(d.decide(logits(5, 10))).isEqualTo(5);
    // 10 / 1.05 = 9.52 < 9.6: the repeated token loses
    float[] l = logits(5, 10, 6, 0);
    l[6] = 9.6f;
    assertThat(d.decide(l)).isEqualTo(6);
  }

  @Test
  void specialTokensJoinTheRepetitionHistoryAsInTheRelease() {
    TokenDecoder d = new TokenDecoder(T, DecodeOptions.greedyDefaults(), new int[0]);
    assertThat(d.decide(logits(T.speak(), 10))).isEqualTo(T.speak());
    float[] l = logits(T.speak(), 10);
    l[5] = 9.6f;
    assertThat(d.decide(l)).isEqualTo(5);
  }

  @Test
  void anEarlyChunkEosDoesNotJoinTheHistory() {
    // a history of one token: had chunk_eos been recorded, it would have pushed out token 5
    DecodeOptions one = new DecodeOptions(true, 0.7, 20, 0.8, 1.05, 1, 1.1, 0, 20, 28, 0);
    TokenDecoder d = new TokenDecoder(T, one, new int[0]);
    assertThat(d.decide(logits(5, 10))).isEqualTo(5);
    assertThat(d.decide(logits(T.chunkEos(), 10))).isEqualTo(T.chunkEos());
    float[] l = logits(5, 10);
    l[6] = 9.6f;
    assertThat(d.decide(l)).isEqualTo(6);
  }

  @Test
  void turnEosLengthPenaltyShrinksAPositiveLogit() {
    TokenDecoder d = new TokenDecoder(T, DecodeOptions.greedyDefaults(), new int[0]);
    float[] l = logits(T.turnEos(), 10);
    l[5] = 9.5f;
    assertThat(d.decide(l)).isEqualTo(5);
  }

  /** The rules applied the plain way: mask, penalise, scale, full argmax (first index of the max). */
  static final class PlainGreedy {
    final SpecialTokens t;
    final DecodeOptions o;
    final int[] bad;
    final java.util.ArrayDeque<Integer> history = new java.util.ArrayDeque<>();

    PlainGreedy(SpecialTokens t, DecodeOptions o, int[] bad) {
      this.t = t;
      this.o = o;
      this.bad = bad;
    }

    int decide(float[] l) {
      if (TokenDecoder.argmax(l) == t.chunkEos()) {
        return t.chunkEos();
      }
      for (int id : bad) {
        l[id] = Float.NEGATIVE_INFINITY;
      }
      l[t.ttsPad()] = Float.NEGATIVE_INFINITY;
      l[t.chunkEos()] = Float.NEGATIVE_INFINITY;
      for (int id : new java.util.LinkedHashSet<>(history)) {
        l[id] = (float) (l[id] / o.repetitionPenalty());
      }
      int e = t.turnEos();
      l[e] = l[e] > 0 ? (float) (l[e] / o.turnEosLengthPenalty()) : (float) (l[e] * o.turnEosLengthPenalty());
      int chosen = TokenDecoder.argmax(l);
      history.addLast(chosen);
      while (history.size() > o.repetitionWindow()) {
        history.removeFirst();
      }
      return chosen;
    }
  }

  @Test
  void greedyDecisionsEqualThePlainRulesOnRandomLogitsWithTies() {
    SpecialTokens small = new SpecialTokens(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26);
    DecodeOptions o = new DecodeOptions(true, 0.7, 20, 0.8, 1.05, 6, 1.1, 0, 20, 28, 0);
    // the second list masks the whole shortlist of a long tie at ids 0-29, forcing the full pass
    int[][] badLists = {{3, 5, 40, 41, 42, 43}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 40, 41}};
    for (int[] bad : badLists) {
      Random r = new Random(3);
      TokenDecoder fast = new TokenDecoder(small, o, bad);
      PlainGreedy plain = new PlainGreedy(small, o, bad);
      for (int step = 0; step < 20000; step++) {
        float[] l = new float[60];
        for (int i = 0; i < l.length; i++) {
          l[i] = (r.nextInt(9) - 4) / 2f;        // few distinct values: many ties, both signs
        }
        if (step % 7 == 0) {
          l[40 + r.nextInt(2)] = 9;              // a masked token on top
        }
        if (step % 11 == 0) {
          for (int i = 0; i < 30; i++) {
            l[i] = 5;                            // a tie at the top, longer than the shortlist
          }
        }
        assertThat(fast.decide(l.clone())).as("step %d", step).isEqualTo(plain.decide(l.clone()));
      }
    }
  }

  @Test
  void seededSamplingIsDeterministicAndStaysInTheTopK() {
    float[] base = new float[V];
    Random r = new Random(1);
    for (int i = 0; i < 100; i++) {
      base[1000 + i] = (float) r.nextGaussian() + 5;
    }
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    TokenDecoder a = new TokenDecoder(T, DecodeOptions.releaseDefaults(42), new int[0]);
    TokenDecoder b = new TokenDecoder(T, DecodeOptions.releaseDefaults(42), new int[0]);
    for (int i = 0; i < 50; i++) {
      first.add(a.decide(base.clone()));
      second.add(b.decide(base.clone()));
    }
    assertThat(first).isEqualTo(second);
    assertThat(first).allMatch(id -> id >= 1000 && id < 1100);
    assertThat(first.stream().distinct().count()).isGreaterThan(1);
  }
}
