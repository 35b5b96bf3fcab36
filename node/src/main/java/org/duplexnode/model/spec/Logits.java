package org.duplexnode.model.spec;

/**
 * The logits of one LLM position as the token decoder reads them: a shortlist of the largest
 * values (what almost every decision needs), the log-sum-exp of all of them (for the plain
 * softmax draw), and random access to any one logit. A full pass over the vocabulary happens only
 * when the shortlist cannot decide exactly (see {@code TokenDecoder}).
 *
 * <p>A view may be backed by a graph's output buffer: it is valid until the model's next feed.
 */
public interface Logits {
  /** Vocabulary size. */
  int size();

  /** The logit of one token. */
  float at(int id);

  /** Entries in the shortlist (all of the vocabulary when it is that small). */
  int topCount();

  /**
   * The id at a rank of the shortlist. Ranks are by value, descending; the order of equal values is
   * not defined (graph back ends differ), so the decoder breaks ties by id itself.
   */
  int topId(int rank);

  /** The value at a rank of the shortlist. */
  float topValue(int rank);

  /** log(sum(exp(logit))) over the whole vocabulary. */
  double logSumExp();

  /** Copies every logit into {@code into} (length {@link #size()}) for a full pass. */
  void copyTo(float[] into);

  /** A copy that stays valid after the model's next feed. */
  static Logits copyOf(Logits logits) {
    float[] all = new float[logits.size()];
    logits.copyTo(all);
    return new ArrayLogits(all);
  }

  /** A view over an array the caller no longer changes. */
  static Logits of(float[] logits) {
    return new ArrayLogits(logits);
  }
}
