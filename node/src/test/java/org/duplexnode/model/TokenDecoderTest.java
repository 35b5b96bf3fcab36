package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
