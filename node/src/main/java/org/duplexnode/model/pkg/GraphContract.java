package org.duplexnode.model.pkg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.TensorSpec;

/**
 * The ten graphs of the contract (section 3) with their inputs and outputs. A dimension is a
 * number, a manifest path (a size fixed per package, {@code "llm.num_layers"}), or a symbol that
 * varies between calls ({@code "P"}, {@code "N-3"}). Mirrors {@code CONTRACT} in
 * tensorrt-engines/duplex_export/tiny/check_graphs.py.
 */
public final class GraphContract {
  /** One input or output as the contract declares it. */
  public record Port(String name, DType dtype, List<String> dims) {}

  /** One graph's ports. */
  public record Spec(String graph, List<Port> inputs, List<Port> outputs) {}

  /** Length of llm_step's shortlist (top_values / top_ids): the release's top-k 20 plus margin. */
  public static final int LLM_TOP_K = 64;

  private static final DType F32 = DType.FLOAT32;
  private static final DType I64 = DType.INT64;
  private static final Map<String, Spec> GRAPHS = new LinkedHashMap<>();

  private GraphContract() {}

  public static List<String> graphNames() {
    return List.copyOf(GRAPHS.keySet());
  }

  public static Spec spec(String graph) {
    Spec s = GRAPHS.get(graph);
    if (s == null) {
      throw new IllegalArgumentException("no graph named " + graph + " in the contract");
    }
    return s;
  }

  /** The fixed size a dimension stands for, or empty for a symbol (a dynamic axis). */
  public static OptionalLong resolve(String dim, Manifest manifest) {
    if (dim.chars().allMatch(Character::isDigit)) {
      return OptionalLong.of(Long.parseLong(dim));
    }
    if (dim.contains(".")) {
      return manifest.size(dim);
    }
    return OptionalLong.empty();
  }

  /**
   * What is wrong with a loaded graph's declared ports against the contract: names (missing or
   * unexpected), element types, ranks, fixed sizes and dynamic axes. Empty when it conforms.
   */
  public static List<String> check(String graph, List<TensorSpec> inputs, List<TensorSpec> outputs,
                                   Manifest manifest) {
    Spec spec = spec(graph);
    List<String> problems = new ArrayList<>();
    compare(graph, "input", spec.inputs(), inputs, manifest, problems);
    compare(graph, "output", spec.outputs(), outputs, manifest, problems);
    return problems;
  }

  private static void compare(String graph, String kind, List<Port> want, List<TensorSpec> got, Manifest manifest,
                              List<String> problems) {
    Map<String, TensorSpec> byName = new LinkedHashMap<>();
    got.forEach(t -> byName.put(t.name(), t));
    for (Port p : want) {
      TensorSpec t = byName.remove(p.name());
      if (t == null) {
        problems.add(graph + ": " + kind + " " + p.name() + " missing (has " + names(got) + ")");
        continue;
      }
      if (t.dtype() != p.dtype()) {
        problems.add(graph + "." + p.name() + ": element type " + lower(t.dtype()) + ", contract says "
            + lower(p.dtype()));
      }
      if (t.rank() != p.dims().size()) {
        problems.add(graph + "." + p.name() + ": rank " + t.rank() + " " + t.dims() + ", contract says "
            + p.dims().size() + " " + p.dims());
        continue;
      }
      for (int k = 0; k < t.rank(); k++) {
        String wantDim = p.dims().get(k);
        String gotDim = t.dims().get(k);
        OptionalLong fixed = resolve(wantDim, manifest);
        boolean gotFixed = gotDim.chars().allMatch(Character::isDigit);
        if (fixed.isPresent() && !gotFixed) {
          problems.add(graph + "." + p.name() + ": dim " + k + " is dynamic (" + gotDim + "), contract says "
              + fixed.getAsLong() + " (" + wantDim + ")");
        } else if (fixed.isPresent() && Long.parseLong(gotDim) != fixed.getAsLong()) {
          problems.add(graph + "." + p.name() + ": dim " + k + " is " + gotDim + ", contract says "
              + fixed.getAsLong() + " (" + wantDim + ")");
        } else if (fixed.isEmpty() && gotFixed) {
          problems.add(graph + "." + p.name() + ": dim " + k + " is fixed at " + gotDim + ", contract says dynamic ("
              + wantDim + ")");
        }
      }
    }
    for (String extra : byName.keySet()) {
      problems.add(graph + ": unexpected " + kind + " " + extra);
    }
  }

  private static List<String> names(List<TensorSpec> specs) {
    return specs.stream().map(TensorSpec::name).toList();
  }

  private static String lower(DType t) {
    return t.name().toLowerCase();
  }

  private static Port port(String name, DType dtype, String... dims) {
    return new Port(name, dtype, List.of(dims));
  }

  private static void graph(String name, List<Port> inputs, List<Port> outputs) {
    GRAPHS.put(name, new Spec(name, inputs, outputs));
  }

  static {
    String mels = "audio.n_mels";
    String la = "audio.encoder.num_layers";
    String ha = "audio.encoder.num_heads";
    String da = "audio.encoder.head_dim";
    String frames = "audio.encoder.frames_per_chunk";
    graph("apm_stream",
        List.of(port("mel", F32, "1", mels, "T"),
            port("past_keys", F32, "P", la, ha, da),
            port("past_values", F32, "P", la, ha, da)),
        List.of(port("audio_hidden", F32, "1", frames, "audio.encoder.hidden_size"),
            port("new_keys", F32, frames, la, ha, da),
            port("new_values", F32, frames, la, ha, da)));
    graph("audio_adapter",
        List.of(port("audio_hidden", F32, "1", "F", "audio.encoder.hidden_size")),
        List.of(port("audio_embeds", F32, "1", "F/5", "llm.hidden_size")));
    String wv = "image.vision_hidden_size";
    graph("siglip",
        List.of(port("pixel_values", F32, "N", "3", "image.patch_size", "14L"),
            port("position_ids", I64, "N", "L"),
            port("patch_mask", I64, "N", "L")),
        List.of(port("vision_hidden", F32, "N", "L", wv)));
    graph("resampler",
        List.of(port("vision_hidden", F32, "N", "L", wv),
            port("position_ids", I64, "N", "L"),
            port("patch_mask", I64, "N", "L")),
        List.of(port("image_embeds", F32, "N", "image.num_queries", "llm.hidden_size")));
    graph("llm_step",
        List.of(port("inputs_embeds", F32, "1", "S", "llm.hidden_size"),
            port("position_ids", I64, "1", "S"),
            port("past_keys", F32, "P", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"),
            port("past_values", F32, "P", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim")),
        List.of(port("logits", F32, "1", "llm.vocab_size"),
            port("hidden", F32, "1", "llm.hidden_size"),
            port("top_values", F32, "1", String.valueOf(LLM_TOP_K)),
            port("top_ids", I64, "1", String.valueOf(LLM_TOP_K)),
            port("logsumexp", F32, "1", "1"),
            port("new_keys", F32, "S", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"),
            port("new_values", F32, "S", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim")));
    graph("tts_proj",
        List.of(port("llm_hidden", F32, "N", "llm.hidden_size")),
        List.of(port("tts_condition", F32, "N", "tts.hidden_size")));
    graph("tts_step",
        List.of(port("inputs_embeds", F32, "1", "S", "tts.hidden_size"),
            port("position_ids", I64, "1", "S"),
            port("past_keys", F32, "P", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"),
            port("past_values", F32, "P", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim")),
        List.of(port("logits", F32, "1", "tts.num_audio_tokens"),
            port("new_keys", F32, "S", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"),
            port("new_values", F32, "S", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim")));
    String we = "token2wav.encoder.hidden_size";
    String ce = "token2wav.encoder.cnn_cache_frames";
    String le = "token2wav.encoder.num_layers";
    String lu = "token2wav.encoder.num_up_layers";
    String he = "token2wav.encoder.num_heads";
    String de = "token2wav.encoder.head_dim";
    graph("t2w_encoder",
        List.of(port("codes", I64, "1", "N"),
            port("cnn_cache", F32, "1", we, ce),
            port("enc_past_keys", F32, le, "1", he, "P1", de),
            port("enc_past_values", F32, le, "1", he, "P1", de),
            port("up_past_keys", F32, lu, "1", he, "P2", de),
            port("up_past_values", F32, lu, "1", he, "P2", de)),
        List.of(port("mu", F32, "1", mels, "T"),
            port("new_cnn_cache", F32, "1", we, ce),
            port("enc_new_keys", F32, le, "1", he, "N-3", de),
            port("enc_new_values", F32, le, "1", he, "N-3", de),
            port("up_new_keys", F32, lu, "1", he, "T", de),
            port("up_new_values", F32, lu, "1", he, "T", de)));
    String ld = "token2wav.dit.num_layers";
    String cc = "token2wav.dit.cnn_cache_channels";
    String cf = "token2wav.dit.cnn_cache_frames";
    String hd = "token2wav.dit.num_heads";
    String dd = "token2wav.dit.head_dim";
    graph("dit_step",
        List.of(port("x", F32, "1", mels, "T"),
            port("mu", F32, "1", mels, "T"),
            port("spk", F32, "1", mels),
            port("t", F32, "1"),
            port("cnn_cache", F32, ld, "2", cc, cf),
            port("past_keys", F32, ld, "2", hd, "P", dd),
            port("past_values", F32, ld, "2", hd, "P", dd)),
        List.of(port("velocity", F32, "1", mels, "T"),
            port("new_cnn_cache", F32, ld, "2", cc, cf),
            port("new_keys", F32, ld, "2", hd, "T", dd),
            port("new_values", F32, ld, "2", hd, "T", dd)));
    String hm = "token2wav.hift.mel_cache_frames";
    String hs = "token2wav.hift.source_cache_samples";
    graph("hift",
        List.of(port("mel", F32, "1", mels, "T"),
            port("mel_cache", F32, "1", mels, hm),
            port("source_cache", F32, "1", "1", hs),
            port("speech_cache", F32, "1", hs)),
        List.of(port("speech", F32, "1", "(T+8)*480"),
            port("new_source_cache", F32, "1", "1", hs)));
  }
}
