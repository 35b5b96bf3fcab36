package org.duplexnode.model;

/**
 * The K largest logits of one pass, ordered by value (descending) then index (ascending), so
 * entry 0 is torch.argmax's answer (the first index of the maximum). Lets greedy decoding skip a
 * second pass over the vocabulary. Not thread-safe; reused per decision.
 */
final class TopLogits {
  private final float[] values;
  private final int[] ids;
  private int size;

  TopLogits(int k) {
    values = new float[k];
    ids = new int[k];
  }

  /** Scans {@code logits} once and returns the argmax (first index of the maximum). */
  int scan(float[] logits) {
    int k = values.length;
    size = 0;
    int i = 0;
    for (; i < logits.length && size < k; i++) {
      insert(logits[i], i, size++);
    }
    // one compare per logit once the list is full; the threshold only rises
    float threshold = values[k - 1];
    for (; i < logits.length; i++) {
      if (logits[i] > threshold) {
        insert(logits[i], i, k - 1);
        threshold = values[k - 1];
      }
    }
    return ids[0];
  }

  private void insert(float v, int id, int at) {
    int p = at;
    // strictly greater moves up: an equal value found later keeps its later rank
    while (p > 0 && v > values[p - 1]) {
      values[p] = values[p - 1];
      ids[p] = ids[p - 1];
      p--;
    }
    values[p] = v;
    ids[p] = id;
  }

  int size() {
    return size;
  }

  int id(int rank) {
    return ids[rank];
  }

  float value(int rank) {
    return values[rank];
  }
}
