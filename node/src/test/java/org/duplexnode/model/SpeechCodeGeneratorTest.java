package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.model.spec.Logits;
import org.duplexnode.model.spec.TtsModel;
import org.duplexnode.model.spec.TtsOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The interleaved TTS loop against the release's generate_chunk. */
@Tag("unit")
class SpeechCodeGeneratorTest {
  static final int EOS = 6561;

  /** Logits favour EOS most, then code 7 + step: masking EOS is visible in the result. */
  static class FakeTts implements TtsModel {
    final List<Integer> feeds = new ArrayList<>();
    final List<float[]> firstRows = new ArrayList<>();
    int cache;

    @Override public int hiddenSize() { return 2; }
    @Override public float[] embedText(int id) { return new float[] {id, 0}; }
    @Override public float[] embedCode(int code) { return new float[] {-code, 0}; }
    @Override public float[] project(float[] h) { return new float[] {0, h[0]}; }

    @Override
    public float[] feed(float[] embeds, int count) {
      feeds.add(count);
      firstRows.add(new float[] {embeds[0], embeds[1]});
      cache += count;
      float[] l = new float[6562];
      l[EOS] = 5;
      l[7 + feeds.size()] = 4;
      return l;
    }

    @Override public int cacheLength() { return cache; }
    @Override public void reset() { cache = 0; }
  }

  @Test
  void conditionIsTextEmbeddingPlusProjectionThenAudioBos() {
    FakeTts tts = new FakeTts();
    SpeechCodeGenerator g = new SpeechCodeGenerator(tts, TtsOptions.release(151687, EOS, 1).asGreedy());
    g.generate(List.of(new SpokenToken(100, new float[] {3}, false), new SpokenToken(200, new float[] {4}, false)), false);
    assertThat(tts.feeds.get(0)).isEqualTo(3);
    assertThat(tts.firstRows.get(0)).containsExactly(100f, 3f);
  }

  @Test
  void atTurnStartEosMayEndTheUnitAtOnceAndNothingIsReturned() {
    FakeTts tts = new FakeTts();
    SpeechCodeGenerator g = new SpeechCodeGenerator(tts, TtsOptions.release(151687, EOS, 1).asGreedy());
    assertThat(g.generate(List.of(), false)).isEmpty();
  }

  @Test
  void midTurnTwentySixStepsGiveTwentyFiveCodesAndTheLastIsNeitherReturnedNorFed() {
    FakeTts tts = new FakeTts();
    tts.cache = 10; // a turn is under way
    SpeechCodeGenerator g = new SpeechCodeGenerator(tts, TtsOptions.release(151687, EOS, 1).asGreedy());
    int[] codes = g.generate(List.of(new SpokenToken(100, new float[] {3}, false)), false);
    assertThat(codes).hasSize(25);
    assertThat(codes[0]).isEqualTo(8);
    assertThat(tts.feeds).hasSize(26);
    assertThat(tts.cacheLength()).isEqualTo(10 + 2 + 25);
  }

  @Test
  void theRepetitionPenaltyAlternatesTwoCloseCodes() {
    // code 7 is always a little ahead of code 8; dividing by 1.05 per repeat flips them in turn
    FakeTts tts = new FakeTts() {
      @Override
      public float[] feed(float[] embeds, int count) {
        cache += count;
        float[] l = new float[6562];
        java.util.Arrays.fill(l, -5f);
        l[7] = 4.0f;
        l[8] = 3.9f;
        return l;
      }
    };
    tts.cache = 10;
    SpeechCodeGenerator g = new SpeechCodeGenerator(tts, TtsOptions.release(151687, EOS, 1).asGreedy());
    int[] codes = g.generate(List.of(new SpokenToken(100, new float[] {3}, false)), false);
    assertThat(codes).hasSize(25);
    for (int i = 0; i < 17; i++) {
      assertThat(codes[i]).as("code %d", i).isEqualTo(i % 2 == 0 ? 7 : 8);
    }
    // the window holds the last 16 codes: at code 17 it has forgotten code 0, the counts are
    // equal again (8 and 8) and 7 leads twice in a row
    assertThat(codes[17]).isEqualTo(7);
  }

  @Test
  void theEndOfATurnResetsTheCache() {
    FakeTts tts = new FakeTts();
    tts.cache = 10;
    SpeechCodeGenerator g = new SpeechCodeGenerator(tts, TtsOptions.release(151687, EOS, 1).asGreedy());
    g.generate(List.of(new SpokenToken(100, new float[] {3}, true)), true);
    assertThat(tts.cacheLength()).isZero();
    assertThat(g.atTurnStart()).isTrue();
  }
}
