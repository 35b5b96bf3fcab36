package org.duplexnode.model.graphs;

import java.util.Map;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.pkg.HostTable;
import org.duplexnode.model.pkg.Manifest;
import org.duplexnode.model.spec.TtsModel;

/**
 * The TTS over {@code tts_step} and {@code tts_proj}: host-side text and code embedding tables,
 * P-major KV caches extended in place. The returned logits array is reused by the next
 * {@link #feed}. Not thread-safe.
 */
public final class TtsGraph implements TtsModel {
  private final Graph step;
  private final Graph proj;
  private final HostTable text;
  private final HostTable codes;
  private final int width;
  private final int llmHidden;
  private final KvCache keys;
  private final KvCache values;
  private final StepInput input;
  private final Tensor logitsOut;
  private final float[] logits;

  public TtsGraph(Graph step, Graph proj, HostTable text, HostTable codes, Manifest m) {
    this.step = step;
    this.proj = proj;
    this.text = text;
    this.codes = codes;
    this.width = m.intAt("tts.hidden_size");
    this.llmHidden = m.intAt("llm.hidden_size");
    int layers = m.intAt("tts.num_layers");
    int heads = m.intAt("tts.num_kv_heads");
    int dim = m.intAt("tts.head_dim");
    int rows = m.intAt("tts.max_positions");
    this.keys = new KvCache("TTS key", rows, layers, heads, dim);
    this.values = new KvCache("TTS value", rows, layers, heads, dim);
    this.input = new StepInput(width, 64);
    int vocab = m.intAt("tts.num_audio_tokens");
    this.logitsOut = Tensor.allocate(DType.FLOAT32, 1, vocab);
    this.logits = new float[vocab];
  }

  @Override
  public int hiddenSize() {
    return width;
  }

  @Override
  public float[] embedText(int tokenId) {
    return text.row(tokenId);
  }

  @Override
  public float[] embedCode(int code) {
    return codes.row(code);
  }

  @Override
  public float[] project(float[] llmHiddenState) {
    return projectAll(new float[][] {llmHiddenState})[0];
  }

  /** One {@code tts_proj} call over all rows (the release projects a unit's hidden states together). */
  @Override
  public float[][] projectAll(float[][] llmHiddenStates) {
    int n = llmHiddenStates.length;
    float[][] out = new float[n][];
    if (n == 0) {
      return out;
    }
    Tensor in = Tensor.allocate(DType.FLOAT32, n, llmHidden);
    for (int i = 0; i < n; i++) {
      if (llmHiddenStates[i].length != llmHidden) {
        throw new IllegalArgumentException("hidden state of " + llmHiddenStates[i].length + ", the LLM has "
            + llmHidden);
      }
      in.bytes().asFloatBuffer().put(i * llmHidden, llmHiddenStates[i]);
    }
    float[] all = proj.run(Map.of("llm_hidden", in)).get("tts_condition").toFloatArray();
    for (int i = 0; i < n; i++) {
      out[i] = java.util.Arrays.copyOfRange(all, i * width, (i + 1) * width);
    }
    return out;
  }

  @Override
  public float[] feed(float[] embeds, int count) {
    int p = keys.length();
    step.run(Map.of("inputs_embeds", input.embeds(embeds, count), "position_ids", input.positions(p, count),
            "past_keys", keys.past(), "past_values", values.past()),
        Map.of("logits", logitsOut, "new_keys", keys.next(count), "new_values", values.next(count)));
    keys.advance(count);
    values.advance(count);
    logitsOut.floats().get(logits);
    return logits;
  }

  @Override
  public int cacheLength() {
    return keys.length();
  }

  @Override
  public void reset() {
    keys.reset();
    values.reset();
  }
}
