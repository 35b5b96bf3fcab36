package org.duplexnode.model;

/**
 * The best few (id, value) pairs offered to it, ordered by value descending then id ascending (the
 * order a stable sort of the vocabulary gives, so the first entry is torch.argmax's answer).
 * Negative infinity (a masked token) is never kept. Reused per decision; not thread-safe.
 */
final class Shortlist {
  private final int[] ids;
  private final float[] values;
  private final double[] weights;
  private int size;

  Shortlist(int capacity) {
    ids = new int[capacity];
    values = new float[capacity];
    weights = new double[capacity];
  }

  void clear() {
    size = 0;
  }

  void offer(int id, float value) {
    if (value == Float.NEGATIVE_INFINITY || value != value) {
      return;
    }
    int p;
    if (size < ids.length) {
      p = size++;
    } else if (before(id, value, ids[size - 1], values[size - 1])) {
      p = size - 1;
    } else {
      return;
    }
    while (p > 0 && before(id, value, ids[p - 1], values[p - 1])) {
      ids[p] = ids[p - 1];
      values[p] = values[p - 1];
      p--;
    }
    ids[p] = id;
    values[p] = value;
  }

  private static boolean before(int id, float value, int otherId, float otherValue) {
    return value > otherValue || (value == otherValue && id < otherId);
  }

  int size() {
    return size;
  }

  int capacity() {
    return ids.length;
  }

  int id(int rank) {
    return ids[rank];
  }

  float value(int rank) {
    return values[rank];
  }

  /** Scratch for the draw's weights, one per entry. */
  double[] weights() {
    return weights;
  }
}
