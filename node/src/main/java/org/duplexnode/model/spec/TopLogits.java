package org.duplexnode.model.spec;

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

  /** Logits per block of the first, branch-free pass over the vocabulary; see {@link #scan}. */
  private static final int BLOCK = 128;

  /** Scans {@code logits} once and returns the argmax (first index of the maximum). */
  int scan(float[] logits) {
    int k = values.length;
    size = 0;
    int i = 0;
    for (; i < logits.length && size < k; i++) {
      insert(logits[i], i, size++);
    }
    // Once the list is full the threshold only rises and almost no block holds a logit above it.
    // A block is first tested without a branch per logit (the JIT keeps that loop tight, about
    // half the time of one compare-and-branch per logit on 151748 logits) and walked only on a hit.
    float threshold = values[k - 1];
    while (i < logits.length) {
      int end = Math.min(logits.length, i + BLOCK);
      int above = 0;
      for (int j = i; j < end; j++) {
        above |= logits[j] > threshold ? 1 : 0;
      }
      if (above != 0) {
        for (int j = i; j < end; j++) {
          if (logits[j] > threshold) {
            insert(logits[j], j, k - 1);
            threshold = values[k - 1];
          }
        }
      }
      i = end;
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
