package org.duplexnode.model.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TopLogitsTest {
  /** The reference order: value descending, then index ascending (torch.argmax's tie rule). */
  private static int[] sortedIds(float[] logits) {
    return IntStream.range(0, logits.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparing(i -> i))
        .mapToInt(Integer::intValue).toArray();
  }

  private static void assertMatchesSort(float[] logits, int k) {
    TopLogits top = new TopLogits(k);
    int argmax = top.scan(logits);
    int[] expected = sortedIds(logits);
    assertThat(argmax).isEqualTo(expected[0]);
    assertThat(top.size()).isEqualTo(Math.min(k, logits.length));
    for (int r = 0; r < top.size(); r++) {
      assertThat(top.id(r)).as("rank %d", r).isEqualTo(expected[r]);
      assertThat(top.value(r)).isEqualTo(logits[expected[r]]);
    }
  }

  @Test
  void keepsTheLargestInOrderOverAVocabularyOfManyBlocks() {
    Random rnd = new Random(7);
    float[] logits = new float[151748];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) rnd.nextGaussian() * 3;
    }
    assertMatchesSort(logits, 16);
  }

  @Test
  void tiesKeepTheEarlierIndexAcrossBlockBoundaries() {
    // few distinct values: many ties, several of them in blocks after the first hit
    Random rnd = new Random(3);
    float[] logits = new float[1000];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = rnd.nextInt(6);
    }
    assertMatchesSort(logits, 16);
  }

  @Test
  void risingLogitsInsertInEveryBlock() {
    float[] logits = new float[777];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = i * 0.5f;
    }
    assertMatchesSort(logits, 16);
  }

  @Test
  void aVocabularySmallerThanTheListOrThanOneBlock() {
    assertMatchesSort(new float[] {1f, 4f, 4f, -2f}, 16);
    float[] tail = new float[130];
    tail[129] = 9f;
    assertMatchesSort(tail, 16);
  }
}
