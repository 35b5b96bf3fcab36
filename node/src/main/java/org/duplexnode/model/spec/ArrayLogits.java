package org.duplexnode.model.spec;

/**
 * Logits held in a Java array (scripted models, packages whose {@code llm_step} has no shortlist
 * outputs): the shortlist and the log-sum-exp are computed on first use, in one pass each.
 */
final class ArrayLogits implements Logits {
  /** The shortlist length graphs return (contract: llm_step.top_values). */
  static final int SHORTLIST = 64;

  private final float[] values;
  private TopLogits top;
  private double logSumExp = Double.NaN;

  ArrayLogits(float[] values) {
    this.values = values;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public float at(int id) {
    return values[id];
  }

  @Override
  public int topCount() {
    return top().size();
  }

  @Override
  public int topId(int rank) {
    return top().id(rank);
  }

  @Override
  public float topValue(int rank) {
    return top().value(rank);
  }

  @Override
  public double logSumExp() {
    if (Double.isNaN(logSumExp)) {
      double max = Double.NEGATIVE_INFINITY;
      for (float v : values) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (float v : values) {
        sum += Math.exp(v - max);
      }
      logSumExp = max + Math.log(sum);
    }
    return logSumExp;
  }

  @Override
  public void copyTo(float[] into) {
    System.arraycopy(values, 0, into, 0, values.length);
  }

  private TopLogits top() {
    if (top == null) {
      top = new TopLogits(Math.min(SHORTLIST, values.length));
      top.scan(values);
    }
    return top;
  }
}
