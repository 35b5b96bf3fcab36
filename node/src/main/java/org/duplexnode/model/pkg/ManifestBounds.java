package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.model.spec.RuntimeOptions;

/**
 * The bounds of every number in manifest.json (docs/model-contract.md, section 2.1, "Bounds"),
 * derived from what the node allocates from them: a package within them loads without a
 * negative, wrapped or unallocatable size. Three kinds of rule:
 * <ul>
 *   <li>each integer key lies in a fixed range (positions, vocabularies, widths, layer and head
 *       counts, other counts), or below another key (an id below its vocabulary, a window within
 *       the positions);
 *   <li>each buffer the node preallocates from manifest sizes (KV caches, windowed caches,
 *       outputs) fits one direct buffer, its bytes computed without overflow;
 *   <li>each real number is finite and within a range where the node's arithmetic means something.
 * </ul>
 * Keys of the wrong type are left to {@link ManifestKeys.Kind#problem}; a rule that refers to
 * such a key, or to one out of its own bounds, is skipped so every problem is reported once.
 */
final class ManifestBounds {
  private ManifestBounds() {}

  /** Positions of a KV cache or a prompt: int-indexed rows, 1 Mi of them. */
  static final long MAX_POSITIONS = 1L << 20;
  /** Token ids and codes per vocabulary. */
  static final long MAX_VOCABULARY = 1L << 20;
  /** Hidden sizes and head widths. */
  static final long MAX_WIDTH = 1L << 16;
  /** Layers and heads. */
  static final long MAX_LAYERS = 1024;
  /** Every other count: frames, samples, milliseconds, seconds, rates, tokens per unit. */
  static final long MAX_COUNT = 1L << 20;
  /** Chunk lengths in milliseconds. */
  static final long MAX_MILLISECONDS = 60_000;
  /** One direct buffer or one memory mapping holds at most this many bytes. */
  static final long MAX_BUFFER_BYTES = Integer.MAX_VALUE;

  private static final int FLOAT_BYTES = 4;

  /** An inclusive range; {@code maxKey} names the key the upper end comes from, if any. */
  private record Range(long min, long max, String maxKey) {}

  /** A buffer the node preallocates: float32 elements, the product of {@code factors}. */
  private record Buffer(String name, List<String> factors) {}

  /** An inclusive range of a real number. */
  private record RealRange(double min, double max) {}

  private static final Map<String, Range> FIXED = new LinkedHashMap<>();
  /** key -> (the key whose value bounds it from above, what to subtract: 1 for an id below a size). */
  private static final Map<String, Map.Entry<String, Long>> BELOW = new LinkedHashMap<>();
  private static final List<Buffer> BUFFERS = new ArrayList<>();
  private static final Map<String, RealRange> REALS = new LinkedHashMap<>();

  static {
    ManifestKeys.REQUIRED.forEach((path, kind) -> {
      if (kind == ManifestKeys.Kind.INT) {
        FIXED.put(path, fixedRange(path));
      } else if (kind == ManifestKeys.Kind.NUMBER) {
        REALS.put(path, realRange(path));
      }
    });
    for (String name : ManifestKeys.SPECIAL_TOKENS) {
      BELOW.put("special_tokens." + name, Map.entry("llm.vocab_size", 1L));
    }
    BELOW.put("decoding.top_k", Map.entry("llm.vocab_size", 0L));
    BELOW.put("decoding.repetition_window", Map.entry("llm.max_positions", 0L));
    BELOW.put("decoding.max_new_speak_tokens_per_unit", Map.entry("llm.max_positions", 0L));
    BELOW.put("tts.repetition_window", Map.entry("tts.max_positions", 0L));
    BELOW.put("tts.max_new_codes", Map.entry("tts.max_positions", 0L));
    BELOW.put("tts.audio_bos_token_id", Map.entry("tts.num_text_tokens", 1L));
    BELOW.put("tts.text_eos_token_id", Map.entry("tts.num_text_tokens", 1L));
    BELOW.put("tts.audio_eos_code", Map.entry("tts.num_audio_tokens", 1L));
    BELOW.put("tts.silence_code", Map.entry("tts.num_audio_tokens", 1L));
    BELOW.put("token2wav.pad_code", Map.entry("tts.num_audio_tokens", 1L));
    BELOW.put("audio.encoder.frames_per_chunk", Map.entry("audio.encoder.max_positions", 0L));

    buffer("TTS KV cache", "tts.max_positions", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim");
    buffer("audio encoder KV cache", "audio.encoder.max_positions", "audio.encoder.num_layers",
        "audio.encoder.num_heads", "audio.encoder.head_dim");
    buffer("LLM KV cache row", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim");
    buffer("t2w_encoder attention cache", "token2wav.encoder.num_layers", "token2wav.encoder.num_heads",
        "token2wav.encoder.head_dim", "token2wav.encoder.att_cache_frames");
    buffer("t2w_encoder up attention cache", "token2wav.encoder.num_up_layers", "token2wav.encoder.num_heads",
        "token2wav.encoder.head_dim", "token2wav.encoder.up_att_cache_frames");
    buffer("dit_step attention cache", "token2wav.dit.num_layers", "2", "token2wav.dit.num_heads",
        "token2wav.dit.head_dim", "token2wav.dit.att_cache_frames");
    buffer("resampler output", "image.num_queries", "llm.hidden_size");
    buffer("audio encoder output", "audio.encoder.frames_per_chunk", "audio.encoder.hidden_size");
  }

  private static void buffer(String name, String... factors) {
    BUFFERS.add(new Buffer(name, List.of(factors)));
  }

  private static Range fixedRange(String path) {
    String key = path.substring(path.lastIndexOf('.') + 1);
    if (key.equals("max_positions")) {
      return new Range(1, MAX_POSITIONS, null);
    }
    if (path.startsWith("special_tokens.") || key.endsWith("_id") || key.endsWith("_code")) {
      return new Range(0, MAX_VOCABULARY - 1, null);
    }
    if (key.equals("vocab_size") || key.startsWith("num_") && key.endsWith("_tokens")) {
      return new Range(1, MAX_VOCABULARY, null);
    }
    if (key.endsWith("hidden_size") || key.equals("head_dim")) {
      return new Range(1, MAX_WIDTH, null);
    }
    if (key.endsWith("layers") || key.endsWith("heads")) {
      return new Range(1, MAX_LAYERS, null);
    }
    if (key.endsWith("_ms")) {
      // a minute at most: the node multiplies them by output sample rates in int arithmetic
      return new Range(key.equals("cnn_redundancy_ms") ? 0 : 1, MAX_MILLISECONDS, null);
    }
    // may be zero: a window or penalty turned off, no forced listening, no cache carried over, no fade
    boolean mayBeZero = key.contains("repetition_window") || key.equals("top_k") || key.equals("force_listen_count")
        || key.equals("dynamic_after_s") || key.contains("cache")
        || key.equals("fade_samples");
    return new Range(mayBeZero ? 0 : 1, MAX_COUNT, null);
  }

  private static RealRange realRange(String path) {
    String key = path.substring(path.lastIndexOf('.') + 1);
    return switch (key) {
      case "temperature", "repetition_penalty", "turn_eos_length_penalty", "dynamic_range" -> new RealRange(1e-6, 1e3);
      case "top_p" -> new RealRange(0, 1);
      case "rope_theta" -> new RealRange(1, 1e12);
      case "rms_norm_eps" -> new RealRange(1e-12, 1);
      case "cfg_rate" -> new RealRange(0, 1e3);
      default -> new RealRange(-1e6, 1e6);
    };
  }

  /** Every number of {@code m} outside its bounds, one line each naming the key, the value and the bound. */
  static List<String> problems(Manifest m) {
    List<String> problems = new ArrayList<>();
    Map<String, Long> valid = new LinkedHashMap<>();
    // first the keys no other key bounds, then those it does, against the first ones' values
    for (boolean bounded : new boolean[] {false, true}) {
      FIXED.forEach((path, range) -> {
        JsonNode n = m.at(path);
        if (n.isIntegralNumber() && BELOW.containsKey(path) == bounded) {
          String p = outside(path, n, tighter(range, BELOW.get(path), valid));
          if (p == null) {
            valid.put(path, n.longValue());
          } else {
            problems.add(p);
          }
        }
      });
    }
    problems.addAll(initialBuffer(m, valid));
    for (Buffer b : BUFFERS) {
      String p = bufferProblem(b, valid);
      if (p != null) {
        problems.add(p);
      }
    }
    Long llmRows = valid.get("llm.max_positions");
    if (llmRows != null) {
      Buffer cache = new Buffer("LLM KV cache at its default rows (" + RuntimeOptions.DEFAULT_LLM_CACHE_ROWS + ")",
          List.of(Long.toString(Math.min(llmRows, RuntimeOptions.DEFAULT_LLM_CACHE_ROWS)),
              "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"));
      String p = bufferProblem(cache, valid);
      if (p != null) {
        problems.add(p);
      }
    }
    REALS.forEach((path, range) -> {
      JsonNode n = m.at(path);
      if (n.isNumber()) {
        double v = n.doubleValue();
        if (!Double.isFinite(v) || v < range.min() || v > range.max()) {
          problems.add(Manifest.FILE_NAME + ": " + path + " = " + n + " is outside the bounds [" + range.min()
              + ", " + range.max() + "]");
        }
      }
    });
    return problems;
  }

  /**
   * The fixed range, or the bound from another key where that is lower (and that key is valid).
   */
  private static Range tighter(Range fixed, Map.Entry<String, Long> below, Map<String, Long> valid) {
    Long other = below == null ? null : valid.get(below.getKey());
    if (other == null || other - below.getValue() >= fixed.max()) {
      return fixed;
    }
    return new Range(fixed.min(), other - below.getValue(),
        below.getKey() + (below.getValue() == 0 ? "" : " - " + below.getValue()));
  }

  /** Null when {@code n} (an integral number of any size) lies within {@code r}. */
  private static String outside(String path, JsonNode n, Range r) {
    BigInteger v = n.bigIntegerValue();
    String where = Manifest.FILE_NAME + ": " + path + " = " + v;
    if (v.compareTo(BigInteger.valueOf(r.max())) > 0) {
      return where + " is above the bound " + r.max() + (r.maxKey() == null ? "" : " (" + r.maxKey() + ")");
    }
    if (v.compareTo(BigInteger.valueOf(r.min())) < 0) {
      return where + " is below the bound " + r.min();
    }
    return null;
  }

  /** The codes Token2Wav starts from: codes of the TTS vocabulary, no more than a window. */
  private static List<String> initialBuffer(Manifest m, Map<String, Long> valid) {
    JsonNode a = m.at("token2wav.initial_buffer");
    Long codes = valid.get("tts.num_audio_tokens");
    Long window = valid.get("token2wav.window");
    List<String> problems = new ArrayList<>();
    if (!a.isArray()) {
      return problems;
    }
    if (window != null && a.size() > window) {
      problems.add(Manifest.FILE_NAME + ": token2wav.initial_buffer holds " + a.size()
          + " codes, above the bound " + window + " (token2wav.window)");
    }
    for (int i = 0; i < a.size() && codes != null; i++) {
      if (a.get(i).isIntegralNumber()) {
        String p = outside("token2wav.initial_buffer[" + i + "]", a.get(i),
            new Range(0, codes - 1, "tts.num_audio_tokens - 1"));
        if (p != null) {
          problems.add(p);
        }
      }
    }
    return problems;
  }

  /** Null when the buffer fits; else its size (or its overflow) against {@link #MAX_BUFFER_BYTES}. */
  private static String bufferProblem(Buffer b, Map<String, Long> valid) {
    long bytes = FLOAT_BYTES;
    List<String> terms = new ArrayList<>();
    boolean overflow = false;
    for (String f : b.factors()) {
      long v;
      if (Character.isDigit(f.charAt(0))) {
        v = Long.parseLong(f);
        terms.add(f);
      } else {
        Long known = valid.get(f);
        if (known == null) {
          return null; // reported as a key problem
        }
        v = known;
        terms.add(f + " " + v);
      }
      if (!overflow) {
        try {
          bytes = Math.multiplyExact(bytes, v);
        } catch (ArithmeticException e) {
          overflow = true;
        }
      }
    }
    if (!overflow && bytes <= MAX_BUFFER_BYTES) {
      return null;
    }
    return Manifest.FILE_NAME + ": the " + b.name() + " (" + String.join(" x ", terms) + " x 4 bytes) needs "
        + (overflow ? "more than " + Long.MAX_VALUE : Long.toString(bytes)) + " bytes, above the bound "
        + MAX_BUFFER_BYTES + " (one buffer)";
  }
}
