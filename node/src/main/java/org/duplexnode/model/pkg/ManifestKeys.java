package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keys of manifest.json that the contract requires (section 2.1) and the values it fixes (section 6). */
final class ManifestKeys {
  private ManifestKeys() {}

  /** The JSON type a key must have. */
  enum Kind {
    INT, NUMBER, TEXT, BOOL, OBJECT, INT_ARRAY, TABLE;

    /** Null when {@code n} fits, else what is wrong ("missing", "is ..., expected ..."). */
    String problem(JsonNode n) {
      if (n.isMissingNode() || n.isNull()) {
        return "missing";
      }
      boolean ok = switch (this) {
        case INT -> n.isIntegralNumber();
        case NUMBER -> n.isNumber();
        case TEXT -> n.isTextual();
        case BOOL -> n.isBoolean();
        case OBJECT, TABLE -> n.isObject();
        case INT_ARRAY -> n.isArray() && allInts(n);
      };
      return ok ? null : "is " + abbreviate(n.toString()) + ", expected " + name().toLowerCase().replace('_', ' ');
    }

    private static boolean allInts(JsonNode a) {
      for (JsonNode e : a) {
        if (!e.isIntegralNumber()) {
          return false;
        }
      }
      return true;
    }

    private static String abbreviate(String s) {
      return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
  }

  static final List<String> SPECIAL_TOKENS = List.of("unit", "unit_end", "listen", "speak", "tts_bos", "tts_eos",
      "turn_eos", "chunk_eos", "chunk_tts_eos", "tts_pad", "audio_start", "audio_end", "image_start", "image_end",
      "slice_start", "slice_end", "im_start", "im_end", "endoftext");
  static final List<String> EMBEDDING_TABLES = List.of("llm_embed", "tts_emb_text", "tts_emb_code");
  static final List<String> VOICE_TABLES = List.of("spk", "t2w_cnn_cache", "enc_keys", "enc_values", "up_keys",
      "up_values", "dit_cnn_cache", "dit_keys", "dit_values", "hift_mel_cache", "hift_source_cache",
      "hift_speech_cache");

  static final Map<String, Kind> REQUIRED = new LinkedHashMap<>();
  /** Ids, sizes and rates of the release that cross a graph boundary (section 6, rule 4). */
  static final Map<String, Long> RELEASE_VALUES = new LinkedHashMap<>();

  private static void put(Kind kind, String prefix, String... keys) {
    for (String k : keys) {
      REQUIRED.put(prefix + k, kind);
    }
  }

  static {
    put(Kind.TEXT, "model.", "name", "family");
    put(Kind.BOOL, "model.", "random_weights");
    put(Kind.OBJECT, "", "graphs");
    put(Kind.TEXT, "tokenizer.", "file", "config_file");
    for (String name : SPECIAL_TOKENS) {
      put(Kind.INT, "special_tokens.", name);
    }
    for (String name : EMBEDDING_TABLES) {
      put(Kind.TABLE, "embeddings.tables.", name);
    }
    put(Kind.INT, "llm.", "vocab_size", "hidden_size", "num_layers", "num_attention_heads", "num_kv_heads",
        "head_dim", "max_positions");
    put(Kind.NUMBER, "llm.", "rope_theta", "rms_norm_eps");
    put(Kind.TEXT, "llm.", "bad_token_ids_file");
    put(Kind.INT, "tts.", "hidden_size", "num_layers", "num_attention_heads", "num_kv_heads", "head_dim",
        "max_positions", "num_text_tokens", "num_audio_tokens", "audio_bos_token_id", "text_eos_token_id",
        "audio_eos_code", "silence_code", "codes_per_unit", "max_new_codes", "repetition_window");
    put(Kind.NUMBER, "tts.", "rope_theta", "temperature", "repetition_penalty");
    put(Kind.INT, "audio.", "sample_rate", "n_mels", "n_fft", "hop_length", "chunk_ms", "first_chunk_ms",
        "cnn_redundancy_ms", "mel_frames_first_chunk", "mel_frames_chunk", "dynamic_after_s",
        "buffer_slide_trigger_s", "buffer_slide_stride_s", "pool_step", "embeddings_per_chunk");
    put(Kind.NUMBER, "audio.", "log_floor", "dynamic_range");
    put(Kind.INT, "audio.encoder.", "hidden_size", "num_layers", "num_heads", "head_dim", "max_positions",
        "frames_per_chunk");
    put(Kind.INT, "image.", "scale_resolution", "patch_size", "position_grid", "num_queries", "max_slice_nums",
        "vision_hidden_size");
    put(Kind.INT, "token2wav.", "code_rate_hz", "window", "stride", "lookahead", "min_window", "pad_code",
        "sample_rate", "mel_rate_hz", "samples_per_mel_frame", "flow_steps");
    put(Kind.INT_ARRAY, "token2wav.", "initial_buffer");
    put(Kind.NUMBER, "token2wav.", "cfg_rate");
    put(Kind.TEXT, "token2wav.", "t_schedule");
    put(Kind.INT, "token2wav.encoder.", "hidden_size", "num_layers", "num_up_layers", "num_heads", "head_dim",
        "cnn_cache_frames", "att_cache_frames", "up_att_cache_frames");
    put(Kind.INT, "token2wav.dit.", "hidden_size", "num_layers", "num_heads", "head_dim", "cnn_cache_channels",
        "cnn_cache_frames", "att_cache_frames");
    put(Kind.INT, "token2wav.hift.", "mel_cache_frames", "source_cache_samples", "fade_samples");
    put(Kind.TABLE, "token2wav.", "noise");
    for (String name : VOICE_TABLES) {
      put(Kind.TABLE, "token2wav.voice.", name);
    }
    put(Kind.TEXT, "prompt.", "system_prefix", "system_suffix", "default_text");
    put(Kind.INT, "decoding.", "max_new_speak_tokens_per_unit", "max_unit_text_chars", "top_k",
        "repetition_window", "force_listen_count");
    put(Kind.NUMBER, "decoding.", "temperature", "top_p", "repetition_penalty", "turn_eos_length_penalty");
    put(Kind.OBJECT, "", "files");

    RELEASE_VALUES.put("llm.vocab_size", 151748L);
    RELEASE_VALUES.put("tts.num_text_tokens", 152064L);
    RELEASE_VALUES.put("tts.num_audio_tokens", 6562L);
    RELEASE_VALUES.put("tts.codes_per_unit", 25L);
    RELEASE_VALUES.put("audio.sample_rate", 16000L);
    RELEASE_VALUES.put("audio.n_mels", 80L);
    RELEASE_VALUES.put("audio.encoder.max_positions", 1500L);
    RELEASE_VALUES.put("audio.encoder.frames_per_chunk", 50L);
    RELEASE_VALUES.put("audio.embeddings_per_chunk", 10L);
    RELEASE_VALUES.put("image.patch_size", 14L);
    RELEASE_VALUES.put("image.position_grid", 70L);
    RELEASE_VALUES.put("image.num_queries", 64L);
    RELEASE_VALUES.put("token2wav.lookahead", 3L);
    RELEASE_VALUES.put("token2wav.samples_per_mel_frame", 480L);
    RELEASE_VALUES.put("token2wav.sample_rate", 24000L);
  }
}
