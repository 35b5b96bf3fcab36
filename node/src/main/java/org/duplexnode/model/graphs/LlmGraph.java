package org.duplexnode.model.graphs;

import java.util.Map;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.pkg.GraphContract;
import org.duplexnode.model.pkg.HostTable;
import org.duplexnode.model.pkg.Manifest;
import org.duplexnode.model.spec.LanguageModel;

/**
 * The LLM over {@code llm_step}: host-side embedding table, P-major KV caches extended in place,
 * positions equal to the cache length. Every output is bound to a preallocated buffer; the
 * returned logits are a view of those buffers, good until the next {@link #feed} (the duplex loop
 * decides before feeding again): the decoder reads the graph's shortlist, not all 151748 logits.
 * The hidden state is a fresh array (the TTS keeps it). A failed run leaves the cache as it was and
 * throws the engine's exception. Not thread-safe.
 */
public final class LlmGraph implements LanguageModel {
  private final Graph step;
  private final HostTable embedTable;
  private final int hidden;
  private final KvCache keys;
  private final KvCache values;
  private final StepInput input;
  private final Tensor logitsOut;
  private final Tensor hiddenOut;
  private final Tensor topValuesOut;
  private final Tensor topIdsOut;
  private final Tensor logSumExpOut;
  private final GraphLogits logits;
  private final double ropeTheta;

  /** @param cacheRows positions the caches hold (at most {@code llm.max_positions}) */
  public LlmGraph(Graph step, HostTable embedTable, Manifest m, int cacheRows) {
    this.step = step;
    this.embedTable = embedTable;
    this.hidden = m.intAt("llm.hidden_size");
    int layers = m.intAt("llm.num_layers");
    int heads = m.intAt("llm.num_kv_heads");
    int dim = m.intAt("llm.head_dim");
    int rows = Math.min(cacheRows, m.intAt("llm.max_positions"));
    this.keys = new KvCache("LLM key", rows, layers, heads, dim);
    this.values = new KvCache("LLM value", rows, layers, heads, dim);
    this.input = new StepInput(hidden, 128);
    int vocab = m.intAt("llm.vocab_size");
    this.logitsOut = Tensor.allocate(DType.FLOAT32, 1, vocab);
    this.hiddenOut = Tensor.allocate(DType.FLOAT32, 1, hidden);
    this.topValuesOut = Tensor.allocate(DType.FLOAT32, 1, GraphContract.LLM_TOP_K);
    this.topIdsOut = Tensor.allocate(DType.INT64, 1, GraphContract.LLM_TOP_K);
    this.logSumExpOut = Tensor.allocate(DType.FLOAT32, 1, 1);
    this.logits = new GraphLogits(logitsOut, topValuesOut, topIdsOut, logSumExpOut);
    this.ropeTheta = m.numberAt("llm.rope_theta");
  }

  @Override
  public void evict(int from, int count) {
    splice(from, count, new float[0], 0);
  }

  @Override
  public void splice(int from, int count, float[] embeds, int rows) {
    int tail = keys.openGap(from, count, rows);
    values.openGap(from, count, rows);
    if (rows > 0) {
      feed(embeds, rows);
    }
    keys.restore(tail);
    values.restore(tail);
    // The moved rows were at from + count; they are now at from + rows.
    keys.rerotate(from + rows, count - rows, ropeTheta);
  }

  @Override
  public int hiddenSize() {
    return hidden;
  }

  @Override
  public float[] embed(int tokenId) {
    return embedTable.row(tokenId);
  }

  @Override
  public Step feed(float[] embeds, int count) {
    int p = keys.length();
    step.run(Map.of("inputs_embeds", input.embeds(embeds, count), "position_ids", input.positions(p, count),
            "past_keys", keys.past(), "past_values", values.past()),
        Map.of("logits", logitsOut, "hidden", hiddenOut, "top_values", topValuesOut, "top_ids", topIdsOut,
            "logsumexp", logSumExpOut, "new_keys", keys.next(count), "new_values", values.next(count)));
    keys.advance(count);
    values.advance(count);
    return new Step(logits.refresh(), hiddenOut.toFloatArray());
  }

  @Override
  public int cacheLength() {
    return keys.length();
  }

  /** Positions the caches can hold. */
  public int cacheCapacity() {
    return keys.capacity();
  }

  @Override
  public void reset() {
    keys.reset();
    values.reset();
  }
}
