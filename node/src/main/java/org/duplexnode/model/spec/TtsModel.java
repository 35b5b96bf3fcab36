package org.duplexnode.model.spec;

/**
 * The TTS decoder as the speech loop sees it: text and code embeddings, the semantic projector
 * (already L2-normalised), and a forward over a KV cache whose positions the caller passes (the
 * release positions TTS steps from text_start_pos, which equals the cache length).
 */
public interface TtsModel {
  int hiddenSize();

  /** emb_text row of an LLM token id. */
  float[] embedText(int tokenId);

  /** emb_code row of a speech code. */
  float[] embedCode(int code);

  /** L2norm(projector_semantic(hidden)) of one LLM hidden state. */
  float[] project(float[] llmHidden);

  /** {@link #project} of each row; a model may run them as one batch (the release does). */
  default float[][] projectAll(float[][] llmHidden) {
    float[][] out = new float[llmHidden.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = project(llmHidden[i]);
    }
    return out;
  }

  /**
   * Feeds rows at positions cacheLength()..; returns the code logits (6562) of the last position.
   * The array may be reused by the next feed.
   */
  float[] feed(float[] embeds, int count);

  int cacheLength();

  void reset();
}
