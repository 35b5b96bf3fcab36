package org.duplexnode.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.duplexnode.model.spec.LanguageModel;
import org.duplexnode.model.spec.Logits;
import org.duplexnode.model.spec.SpecialTokens;

/**
 * A fake LLM for protocol tests: the embedding of token t is a row whose first element is t, so the
 * fed sequence can be read back; each feed returns logits that make the next scripted token the
 * argmax (one-hot), and a hidden state holding the feed's position.
 */
final class ScriptedLanguageModel implements LanguageModel {
  static final int HIDDEN = 4;
  static final int VOCAB = 151748;
  static final float EMBED_MARK = -1;
  private static final java.util.Set<Integer> STRUCTURAL = java.util.Set.of(
      SpecialTokens.minicpmO45().unitStart(), SpecialTokens.minicpmO45().imageStart(),
      SpecialTokens.minicpmO45().imageEnd());

  final List<Float> fed = new ArrayList<>();
  /** Rows per feed call, in order. */
  final List<Integer> feedSizes = new ArrayList<>();
  final Deque<Integer> script = new ArrayDeque<>();
  /** What the cache holds now, row by row, after evictions and splices: token ids, -1 for embeddings. */
  final List<Integer> context = new ArrayList<>();
  int cache;

  ScriptedLanguageModel then(int... tokens) {
    for (int t : tokens) {
      script.add(t);
    }
    return this;
  }

  @Override
  public int hiddenSize() {
    return HIDDEN;
  }

  private final float[] buffer = new float[VOCAB];
  private long generation;

  @Override
  public float[] embed(int tokenId) {
    return new float[] {tokenId, 0, 0, 0};
  }

  @Override
  public Step feed(float[] embeds, int count) {
    if (embeds.length != count * HIDDEN) {
      throw new AssertionError("fed " + embeds.length + " floats for " + count + " rows");
    }
    feedSizes.add(count);
    for (int i = 0; i < count; i++) {
      fed.add(embeds[i * HIDDEN]);
      context.add(row(embeds[i * HIDDEN]));
    }
    cache += count;
    // One buffer reused by every feed, as a graph's bound output is: a view read after the next
    // feed fails, so a caller that keeps logits across feeds is caught here too.
    float[] logits = buffer;
    java.util.Arrays.fill(logits, 0f);
    long of = ++generation;
    // Structural prefill tokens' logits are never used by the protocol: they do not consume the script.
    boolean structural = (count == 1 && STRUCTURAL.contains(Math.round(embeds[0])))
        || Math.round(embeds[(count - 1) * HIDDEN]) == SpecialTokens.minicpmO45().unitEnd();
    Integer next = structural ? null : script.poll();
    if (next != null) {
      logits[next] = 10f;
    }
    Logits view = Logits.of(logits);
    return new Step(new Logits() {
      private Logits live() {
        if (of != generation) {
          throw new IllegalStateException("logits read after the next feed");
        }
        return view;
      }

      @Override public int size() { return VOCAB; }
      @Override public float at(int id) { return live().at(id); }
      @Override public int topCount() { return live().topCount(); }
      @Override public int topId(int rank) { return live().topId(rank); }
      @Override public float topValue(int rank) { return live().topValue(rank); }
      @Override public double logSumExp() { return live().logSumExp(); }
      @Override public void copyTo(float[] into) { live().copyTo(into); }
    }, new float[] {cache, 0, 0, 0});
  }

  @Override
  public int cacheLength() {
    return cache;
  }

  final java.util.List<int[]> evictions = new java.util.ArrayList<>();

  @Override
  public void evict(int from, int count) {
    evictions.add(new int[] {from, count});
    context.subList(from, from + count).clear();
    cache -= count;
  }

  /** Each splice as {from, count, new rows, first new token...}. */
  final java.util.List<int[]> splices = new java.util.ArrayList<>();

  @Override
  public void splice(int from, int count, float[] embeds, int rows) {
    int[] record = new int[3 + rows];
    record[0] = from;
    record[1] = count;
    record[2] = rows;
    for (int i = 0; i < rows; i++) {
      record[3 + i] = Math.round(embeds[i * HIDDEN]);
    }
    splices.add(record);
    context.subList(from, from + count).clear();
    List<Integer> added = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      added.add(row(embeds[i * HIDDEN]));
    }
    context.addAll(from, added);
    cache += rows - count;
  }

  @Override
  public void reset() {
    cache = 0;
    context.clear();
    fed.clear();
    feedSizes.clear();
  }

  private static int row(float first) {
    return first < 0 ? -1 : Math.round(first);
  }

  /** The token ids fed, with non-token rows (audio/image embeddings, marked by value) as -1. */
  List<Integer> fedTokens() {
    return fed.stream().map(f -> f < 0 ? -1 : Math.round(f)).toList();
  }
}
