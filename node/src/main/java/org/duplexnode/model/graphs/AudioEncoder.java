package org.duplexnode.model.graphs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.pkg.Manifest;

/**
 * The streaming audio encoder: {@code apm_stream} over one unit's mel with its P-major KV cache,
 * then {@code audio_adapter}: 10 LLM embeddings per second of audio. Positions continue from
 * the cache length; the cache is emptied before a chunk that would reach the encoder's 1500
 * positions (contract 3, apm_stream: P + ((T - 1) / 2 + 1) >= 1500; about every 29 s). A mel of
 * the wrong size fails with an {@link IllegalArgumentException}. Not thread-safe.
 */
public final class AudioEncoder {
  private final Graph apm;
  private final Graph adapter;
  private final int mels;
  private final int maxPositions;
  private final int framesPerChunk;
  private final int embeddings;
  private final int llmHidden;
  private final KvCache keys;
  private final KvCache values;
  private final ByteBuffer melBuffer;
  private final Tensor hiddenOut;
  private final Tensor embedsOut;
  private int resets;

  public AudioEncoder(Graph apm, Graph adapter, Manifest m) {
    this.apm = apm;
    this.adapter = adapter;
    this.mels = m.intAt("audio.n_mels");
    this.maxPositions = m.intAt("audio.encoder.max_positions");
    this.framesPerChunk = m.intAt("audio.encoder.frames_per_chunk");
    this.embeddings = m.intAt("audio.embeddings_per_chunk");
    this.llmHidden = m.intAt("llm.hidden_size");
    int layers = m.intAt("audio.encoder.num_layers");
    int heads = m.intAt("audio.encoder.num_heads");
    int dim = m.intAt("audio.encoder.head_dim");
    this.keys = new KvCache("audio encoder key", maxPositions, layers, heads, dim);
    this.values = new KvCache("audio encoder value", maxPositions, layers, heads, dim);
    int maxFrames = Math.max(m.intAt("audio.mel_frames_chunk"), m.intAt("audio.mel_frames_first_chunk"));
    this.melBuffer = ByteBuffer.allocateDirect(mels * maxFrames * 4).order(ByteOrder.nativeOrder());
    this.hiddenOut = Tensor.allocate(DType.FLOAT32, 1, framesPerChunk, m.intAt("audio.encoder.hidden_size"));
    this.embedsOut = Tensor.allocate(DType.FLOAT32, 1, embeddings, llmHidden);
  }

  /**
   * Encodes one unit's mel ({@code [80, frames]} row-major: {@code mel[bin * frames + t]}, 102 or
   * 104 frames) and returns its embeddings, {@code [10, hidden]} row-major.
   */
  public float[] encode(float[] mel, int frames) {
    if (frames <= 0 || mel.length != mels * frames || mels * frames * 4 > melBuffer.capacity()) {
      throw new IllegalArgumentException("mel of " + mel.length + " values for " + frames + " frames; expected "
          + mels + " bins of at most " + melBuffer.capacity() / 4 / mels + " frames");
    }
    if (keys.length() + (frames - 1) / 2 + 1 >= maxPositions) {
      keys.reset();
      values.reset();
      resets++;
    }
    melBuffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().put(mel);
    Tensor melIn = Tensor.wrap(DType.FLOAT32, StepInput.slice(melBuffer, mel.length * 4), 1, mels, frames);
    apm.run(Map.of("mel", melIn, "past_keys", keys.past(), "past_values", values.past()),
        Map.of("audio_hidden", hiddenOut, "new_keys", keys.next(framesPerChunk),
            "new_values", values.next(framesPerChunk)));
    keys.advance(framesPerChunk);
    values.advance(framesPerChunk);
    adapter.run(Map.of("audio_hidden", hiddenOut), Map.of("audio_embeds", embedsOut));
    return embedsOut.toFloatArray();
  }

  /** Positions in the encoder's cache (50 per unit since the last reset). */
  public int cacheLength() {
    return keys.length();
  }

  /** How many times the 1500-position rule emptied the cache. */
  public int resets() {
    return resets;
  }

  public void reset() {
    keys.reset();
    values.reset();
    resets = 0;
  }
}
