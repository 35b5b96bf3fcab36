package org.duplexnode.model.graphs;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.spec.Logits;

/**
 * {@code llm_step}'s decision outputs read in place: the shortlist ({@code top_values},
 * {@code top_ids}), {@code logsumexp}, and single logits from the bound {@code logits} buffer. No
 * copy of the 151748 logits is made unless the decoder asks for a full pass. The buffers belong to
 * the graph: a view is good until the next feed, and using a stale one fails loudly instead of
 * reading the next step's numbers.
 */
final class GraphLogits {
  private final FloatBuffer logits;
  private final int size;
  private final float[] topValues;
  private final int[] topIds;
  private final FloatBuffer topValuesOut;
  private final LongBuffer topIdsOut;
  private final FloatBuffer logSumExpOut;
  private double logSumExp;
  private long generation;

  GraphLogits(Tensor logits, Tensor topValues, Tensor topIds, Tensor logSumExp) {
    this.logits = logits.floats();
    this.size = (int) logits.elementCount();
    int k = (int) topValues.elementCount();
    this.topValues = new float[k];
    this.topIds = new int[k];
    this.topValuesOut = topValues.floats();
    this.topIdsOut = topIds.longs();
    this.logSumExpOut = logSumExp.floats();
  }

  /**
   * Reads the small outputs of the run that just finished and returns the view for it; views
   * handed out before become stale. Ids outside the vocabulary mean a broken graph.
   */
  Logits refresh() {
    topValuesOut.get(0, topValues);
    for (int r = 0; r < topIds.length; r++) {
      long id = topIdsOut.get(r);
      if (id < 0 || id >= size) {
        throw new IllegalStateException("llm_step returned top_ids[" + r + "] = " + id
            + ", outside the vocabulary of " + size);
      }
      topIds[r] = (int) id;
    }
    logSumExp = logSumExpOut.get(0);
    return new Snapshot(++generation);
  }

  private void check(long of) {
    if (of != generation) {
      throw new IllegalStateException("logits of an earlier llm_step call read after the next feed");
    }
  }

  /** The view of one run: checks it is still current, then reads the shared buffers. */
  private final class Snapshot implements Logits {
    private final long of;

    Snapshot(long of) {
      this.of = of;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public float at(int id) {
      check(of);
      return logits.get(id);
    }

    @Override
    public int topCount() {
      return topIds.length;
    }

    @Override
    public int topId(int rank) {
      check(of);
      return topIds[rank];
    }

    @Override
    public float topValue(int rank) {
      check(of);
      return topValues[rank];
    }

    @Override
    public double logSumExp() {
      check(of);
      return logSumExp;
    }

    @Override
    public void copyTo(float[] into) {
      check(of);
      logits.get(0, into, 0, size);
    }
  }
}
