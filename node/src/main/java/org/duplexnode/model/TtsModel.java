package org.duplexnode.model;

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

  /** Feeds rows at positions cacheLength()..; returns the code logits (6562) of the last position. */
  float[] feed(float[] embeds, int count);

  int cacheLength();

  void reset();
}
