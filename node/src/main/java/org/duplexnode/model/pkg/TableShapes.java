package org.duplexnode.model.pkg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The shapes the tables must have: embedding tables by the model's sizes (section 2.3); the
 * voice caches as the graph inputs they start (section 2.4), with the cache length free.
 */
final class TableShapes {
  private TableShapes() {}

  static Map<String, List<String>> expected() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("embeddings.tables.llm_embed", List.of("llm.vocab_size", "llm.hidden_size"));
    m.put("embeddings.tables.tts_emb_text", List.of("tts.num_text_tokens", "tts.hidden_size"));
    m.put("embeddings.tables.tts_emb_code", List.of("tts.num_audio_tokens", "tts.hidden_size"));
    m.put("token2wav.noise", List.of("1", "audio.n_mels", "F"));
    String v = "token2wav.voice.";
    m.put(v + "spk", port("dit_step", "spk"));
    m.put(v + "t2w_cnn_cache", port("t2w_encoder", "cnn_cache"));
    m.put(v + "enc_keys", port("t2w_encoder", "enc_past_keys"));
    m.put(v + "enc_values", port("t2w_encoder", "enc_past_values"));
    m.put(v + "up_keys", port("t2w_encoder", "up_past_keys"));
    m.put(v + "up_values", port("t2w_encoder", "up_past_values"));
    m.put(v + "dit_cnn_cache", perStep(port("dit_step", "cnn_cache")));
    m.put(v + "dit_keys", perStep(port("dit_step", "past_keys")));
    m.put(v + "dit_values", perStep(port("dit_step", "past_values")));
    m.put(v + "hift_mel_cache", port("hift", "mel_cache"));
    m.put(v + "hift_source_cache", port("hift", "source_cache"));
    m.put(v + "hift_speech_cache", port("hift", "speech_cache"));
    return m;
  }

  static List<String> problems(Manifest manifest) {
    List<String> problems = new ArrayList<>();
    expected().forEach((path, dims) -> {
      if (!manifest.at(path).isObject()) {
        return;
      }
      long[] shape = manifest.table(path).shape();
      if (shape.length != dims.size()) {
        problems.add(path + ": shape " + Arrays.toString(shape) + ", expected " + dims);
        return;
      }
      for (int k = 0; k < shape.length; k++) {
        OptionalLong want = GraphContract.resolve(dims.get(k), manifest);
        if (want.isPresent() && want.getAsLong() != shape[k]) {
          problems.add(path + ": shape " + Arrays.toString(shape) + ", expected " + dims + " (dim " + k + " = "
              + want.getAsLong() + ")");
          return;
        }
      }
    });
    if (manifest.at("token2wav.noise").isObject() && manifest.has("token2wav.window")) {
      long[] noise = manifest.table("token2wav.noise").shape();
      int frames = 2 * (manifest.intAt("token2wav.window") - manifest.intAt("token2wav.lookahead"));
      if (noise.length == 3 && noise[2] < frames) {
        problems.add("token2wav.noise: " + noise[2] + " frames, a window needs " + frames);
      }
    }
    return problems;
  }

  private static List<String> port(String graph, String name) {
    return GraphContract.spec(graph).inputs().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow().dims();
  }

  private static List<String> perStep(List<String> dims) {
    List<String> out = new ArrayList<>();
    out.add("token2wav.flow_steps");
    out.addAll(dims);
    return out;
  }
}
