"""The graph contract of docs/model-contract.md as data, shared by every export of this package.

The release's fixed sizes (ids, vocabularies, rates, counts: the same for the real model and the
tiny test model), each graph's input and output names, element types and dimensions, the P-major
cache layout, example inputs at given widths, and the manifest a package is described by.
Nothing here depends on how the modules that compute the graphs are built.
"""
import hashlib
import os

import torch

FORMAT_VERSION = 1
OPSET = 17
# the bad_token_ids list of MiniCPM-o 4.5's tokenizer_config.json, for packages whose source has none
RELEASE_BAD_TOKEN_IDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "release_bad_token_ids.json")

# The release's widths and depths (from the release's model card and configs: Qwen3-8B-class LLM, SigLIP2 with 26 of
# 27 layers run, Whisper-medium encoder, Llama TTS of 20 layers; Token2Wav widths as in
# Step-Audio2's flow: encoder 512, DiT 512 x 16 blocks, 8 heads of 64).
RELEASE_WIDTHS = dict(
    llm_hidden=4096, llm_layers=36, llm_heads=32, llm_kv_heads=8, llm_head_dim=128, llm_mlp=12288,
    llm_rope_theta=1e6, llm_eps=1e-6,
    apm_width=1024, apm_layers=24, apm_heads=16, apm_ffn=4096,
    vis_width=1152, vis_layers=26, vis_heads=16, vis_ffn=4304,
    res_heads=32,
    tts_width=768, tts_layers=20, tts_heads=12, tts_kv_heads=12, tts_mlp=3072, tts_rope_theta=1e4, tts_eps=1e-6,
    t2w_width=512, t2w_heads=8, t2w_ffn=2048,
    dit_width=512, dit_heads=8, dit_head_dim=64, dit_layers=16, dit_freq=256,
)

# --- sizes fixed by the release (never shrunk) ---
LLM_VOCAB = 151748
TTS_TEXT_VOCAB = 152064
TTS_CODES = 6562            # 6561 speech codes + audio EOS 6561
T2W_CODES = 6561            # codes Token2Wav accepts; the tiny table adds a zero pad row 6561
T2W_PAD_CODE = 6561
N_MELS = 80
APM_POSITIONS = 1500
APM_FRAMES_PER_CHUNK = 50
PATCH = 14
POS_GRID = 70
NUM_QUERIES = 64
POOL = 5
LOOKAHEAD = 3
T2W_UP = 2                  # 25 Hz codes -> 50 Hz mel frames
HIFT_HOP = 480              # 24 kHz samples per mel frame
HIFT_MEL_CACHE = 8
HIFT_SOURCE_CACHE = HIFT_MEL_CACHE * HIFT_HOP   # 3840
CFG_RATE = 0.7

SPECIAL_TOKENS = {
    "unit": 151683, "unit_end": 151684, "listen": 151705, "speak": 151706, "tts_bos": 151703,
    "tts_eos": 151704, "turn_eos": 151717, "chunk_eos": 151718, "chunk_tts_eos": 151721, "tts_pad": 151722,
    "audio_start": 151697, "audio_end": 151699, "image_start": 151669, "image_end": 151670,
    "slice_start": 151679, "slice_end": 151680, "im_start": 151644, "im_end": 151645, "endoftext": 151643,
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


F32, I64 = "float32", "int64"

# Graphs whose KV caches cross the boundary P-major: past [P, layers, heads, dim], new rows
# [S, layers, heads, dim] (docs/model-contract.md section 1). The tiny PyTorch modules keep
# [layers, 1, heads, P, dim]; the export permutes at the graph boundary only.
P_MAJOR_GRAPHS = ("apm_stream", "llm_step", "tts_step")
P_MAJOR_TENSORS = ("past_keys", "past_values", "new_keys", "new_values")


def to_module_cache(t):
    """[P, L, H, D] -> [L, 1, H, P, D]"""
    return t.permute(1, 2, 0, 3).unsqueeze(1)


def to_graph_cache(t):
    """[L, 1, H, P, D] -> [P, L, H, D]"""
    return t.squeeze(1).permute(2, 0, 1, 3)


def graph_layout(graph, tensor_name, t):
    """A module-layout tensor as the graph takes or returns it."""
    if graph in P_MAJOR_GRAPHS and tensor_name in P_MAJOR_TENSORS:
        return to_graph_cache(t).contiguous()
    return t


# graph -> (inputs, outputs); each entry (name, dtype, dims). A dim is an int, a manifest
# key path (fixed per package), or a symbol (dynamic).
CONTRACT = {
    "apm_stream": (
        [("mel", F32, [1, "audio.n_mels", "T"]),
         ("past_keys", F32, ["P", "audio.encoder.num_layers", "audio.encoder.num_heads", "audio.encoder.head_dim"]),
         ("past_values", F32, ["P", "audio.encoder.num_layers", "audio.encoder.num_heads", "audio.encoder.head_dim"])],
        [("audio_hidden", F32, [1, "audio.encoder.frames_per_chunk", "audio.encoder.hidden_size"]),
         ("new_keys", F32, ["audio.encoder.frames_per_chunk", "audio.encoder.num_layers", "audio.encoder.num_heads",
                            "audio.encoder.head_dim"]),
         ("new_values", F32, ["audio.encoder.frames_per_chunk", "audio.encoder.num_layers", "audio.encoder.num_heads",
                              "audio.encoder.head_dim"])]),
    "audio_adapter": (
        [("audio_hidden", F32, [1, "F", "audio.encoder.hidden_size"])],
        [("audio_embeds", F32, [1, "F/5", "llm.hidden_size"])]),
    "siglip": (
        [("pixel_values", F32, ["N", 3, "image.patch_size", "14L"]),
         ("position_ids", I64, ["N", "L"]),
         ("patch_mask", I64, ["N", "L"])],
        [("vision_hidden", F32, ["N", "L", "image.vision_hidden_size"])]),
    "resampler": (
        [("vision_hidden", F32, ["N", "L", "image.vision_hidden_size"]),
         ("position_ids", I64, ["N", "L"]),
         ("patch_mask", I64, ["N", "L"])],
        [("image_embeds", F32, ["N", "image.num_queries", "llm.hidden_size"])]),
    "llm_step": (
        [("inputs_embeds", F32, [1, "S", "llm.hidden_size"]),
         ("position_ids", I64, [1, "S"]),
         ("past_keys", F32, ["P", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"]),
         ("past_values", F32, ["P", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"])],
        [("logits", F32, [1, "llm.vocab_size"]),
         ("hidden", F32, [1, "llm.hidden_size"]),
         ("top_values", F32, [1, 64]),
         ("top_ids", I64, [1, 64]),
         ("logsumexp", F32, [1, 1]),
         ("new_keys", F32, ["S", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"]),
         ("new_values", F32, ["S", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"])]),
    "tts_proj": (
        [("llm_hidden", F32, ["N", "llm.hidden_size"])],
        [("tts_condition", F32, ["N", "tts.hidden_size"])]),
    "tts_step": (
        [("inputs_embeds", F32, [1, "S", "tts.hidden_size"]),
         ("position_ids", I64, [1, "S"]),
         ("past_keys", F32, ["P", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"]),
         ("past_values", F32, ["P", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"])],
        [("logits", F32, [1, "tts.num_audio_tokens"]),
         ("new_keys", F32, ["S", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"]),
         ("new_values", F32, ["S", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"])]),
    "t2w_encoder": (
        [("codes", I64, [1, "N"]),
         ("cnn_cache", F32, [1, "token2wav.encoder.hidden_size", "token2wav.encoder.cnn_cache_frames"]),
         ("enc_past_keys", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "P1",
                                 "token2wav.encoder.head_dim"]),
         ("enc_past_values", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "P1",
                                   "token2wav.encoder.head_dim"]),
         ("up_past_keys", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "P2",
                                "token2wav.encoder.head_dim"]),
         ("up_past_values", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "P2",
                                  "token2wav.encoder.head_dim"])],
        [("mu", F32, [1, "audio.n_mels", "T"]),
         ("new_cnn_cache", F32, [1, "token2wav.encoder.hidden_size", "token2wav.encoder.cnn_cache_frames"]),
         ("enc_new_keys", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "N-3",
                                "token2wav.encoder.head_dim"]),
         ("enc_new_values", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "N-3",
                                  "token2wav.encoder.head_dim"]),
         ("up_new_keys", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "T",
                               "token2wav.encoder.head_dim"]),
         ("up_new_values", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "T",
                                 "token2wav.encoder.head_dim"])]),
    "dit_step": (
        [("x", F32, [1, "audio.n_mels", "T"]),
         ("mu", F32, [1, "audio.n_mels", "T"]),
         ("spk", F32, [1, "audio.n_mels"]),
         ("t", F32, [1]),
         ("cnn_cache", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.cnn_cache_channels",
                             "token2wav.dit.cnn_cache_frames"]),
         ("past_keys", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "P", "token2wav.dit.head_dim"]),
         ("past_values", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "P",
                               "token2wav.dit.head_dim"])],
        [("velocity", F32, [1, "audio.n_mels", "T"]),
         ("new_cnn_cache", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.cnn_cache_channels",
                                 "token2wav.dit.cnn_cache_frames"]),
         ("new_keys", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "T", "token2wav.dit.head_dim"]),
         ("new_values", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "T",
                              "token2wav.dit.head_dim"])]),
    "hift": (
        [("mel", F32, [1, "audio.n_mels", "T"]),
         ("mel_cache", F32, [1, "audio.n_mels", "token2wav.hift.mel_cache_frames"]),
         ("source_cache", F32, [1, 1, "token2wav.hift.source_cache_samples"]),
         ("speech_cache", F32, [1, "token2wav.hift.source_cache_samples"])],
        [("speech", F32, [1, "(T+8)*480"]),
         ("new_source_cache", F32, [1, 1, "token2wav.hift.source_cache_samples"])]),
}


def manifest_value(manifest, path):
    node = manifest
    for key in path.split("."):
        node = node[key]
    return node


def resolve(dim, manifest):
    if isinstance(dim, int):
        return dim
    if "." in dim and all(p.replace("_", "").isalnum() for p in dim.split(".")):
        return int(manifest_value(manifest, dim))
    return None


def graph_specs(c):
    """Example inputs at widths c: name -> (example inputs, input names, output names, dynamic axes). Example pasts are
    non-empty so that no axis is traced as zero."""
    g = torch.Generator().manual_seed(7)

    def rnd(*shape):
        return torch.randn(*shape, generator=g)

    la, ha, da = c["apm_layers"], c["apm_heads"], c["apm_width"] // c["apm_heads"]
    ll, hk, dl = c["llm_layers"], c["llm_kv_heads"], c["llm_head_dim"]
    lt, ht, dt = c["tts_layers"], c["tts_kv_heads"], c["tts_width"] // c["tts_heads"]
    he, de = c["t2w_heads"], c["t2w_width"] // c["t2w_heads"]
    le, lu = c.get("t2w_layers", 1), c.get("t2w_up_layers", 1)
    ld, hd, dd = c["dit_layers"], c["dit_heads"], c["dit_head_dim"]
    n_patches = 6
    return {
        "apm_stream": (
            (rnd(1, N_MELS, 104), rnd(3, la, ha, da), rnd(3, la, ha, da)),
            ["mel", "past_keys", "past_values"], ["audio_hidden", "new_keys", "new_values"],
            {"mel": {2: "T"}, "past_keys": {0: "P"}, "past_values": {0: "P"}}),
        "audio_adapter": (
            (rnd(1, APM_FRAMES_PER_CHUNK, c["apm_width"]),),
            ["audio_hidden"], ["audio_embeds"],
            {"audio_hidden": {1: "F"}, "audio_embeds": {1: "F_div_5"}}),
        "siglip": (
            (rnd(1, 3, PATCH, PATCH * n_patches), torch.arange(n_patches).unsqueeze(0),
             torch.ones(1, n_patches, dtype=torch.int64)),
            ["pixel_values", "position_ids", "patch_mask"], ["vision_hidden"],
            {"pixel_values": {0: "N", 3: "W14"}, "position_ids": {0: "N", 1: "L"}, "patch_mask": {0: "N", 1: "L"},
             "vision_hidden": {0: "N", 1: "L"}}),
        "resampler": (
            (rnd(1, n_patches, c["vis_width"]), torch.arange(n_patches).unsqueeze(0),
             torch.ones(1, n_patches, dtype=torch.int64)),
            ["vision_hidden", "position_ids", "patch_mask"], ["image_embeds"],
            {"vision_hidden": {0: "N", 1: "L"}, "position_ids": {0: "N", 1: "L"}, "patch_mask": {0: "N", 1: "L"},
             "image_embeds": {0: "N"}}),
        "llm_step": (
            (rnd(1, 3, c["llm_hidden"]), torch.tensor([[2, 3, 4]]), rnd(2, ll, hk, dl), rnd(2, ll, hk, dl)),
            ["inputs_embeds", "position_ids", "past_keys", "past_values"],
            ["logits", "hidden", "top_values", "top_ids", "logsumexp", "new_keys", "new_values"],
            {"inputs_embeds": {1: "S"}, "position_ids": {1: "S"}, "past_keys": {0: "P"}, "past_values": {0: "P"},
             "new_keys": {0: "S"}, "new_values": {0: "S"}}),
        "tts_proj": (
            (rnd(3, c["llm_hidden"]),),
            ["llm_hidden"], ["tts_condition"], {"llm_hidden": {0: "N"}, "tts_condition": {0: "N"}}),
        "tts_step": (
            (rnd(1, 3, c["tts_width"]), torch.tensor([[2, 3, 4]]), rnd(2, lt, ht, dt), rnd(2, lt, ht, dt)),
            ["inputs_embeds", "position_ids", "past_keys", "past_values"], ["logits", "new_keys", "new_values"],
            {"inputs_embeds": {1: "S"}, "position_ids": {1: "S"}, "past_keys": {0: "P"}, "past_values": {0: "P"},
             "new_keys": {0: "S"}, "new_values": {0: "S"}}),
        "t2w_encoder": (
            (torch.randint(0, T2W_CODES, (1, 10), generator=g), rnd(1, c["t2w_width"], 6),
             rnd(le, 1, he, 4, de), rnd(le, 1, he, 4, de), rnd(lu, 1, he, 8, de), rnd(lu, 1, he, 8, de)),
            ["codes", "cnn_cache", "enc_past_keys", "enc_past_values", "up_past_keys", "up_past_values"],
            ["mu", "new_cnn_cache", "enc_new_keys", "enc_new_values", "up_new_keys", "up_new_values"],
            {"codes": {1: "N"}, "enc_past_keys": {3: "P1"}, "enc_past_values": {3: "P1"},
             "up_past_keys": {3: "P2"}, "up_past_values": {3: "P2"}, "mu": {2: "T"},
             "enc_new_keys": {3: "N_minus_3"}, "enc_new_values": {3: "N_minus_3"},
             "up_new_keys": {3: "T"}, "up_new_values": {3: "T"}}),
        "dit_step": (
            (rnd(1, N_MELS, 14), rnd(1, N_MELS, 14), rnd(1, N_MELS), torch.tensor([0.3]),
             rnd(ld, 2, 2 * c["dit_width"], 2), rnd(ld, 2, hd, 5, dd), rnd(ld, 2, hd, 5, dd)),
            ["x", "mu", "spk", "t", "cnn_cache", "past_keys", "past_values"],
            ["velocity", "new_cnn_cache", "new_keys", "new_values"],
            {"x": {2: "T"}, "mu": {2: "T"}, "past_keys": {3: "P"}, "past_values": {3: "P"},
             "velocity": {2: "T"}, "new_keys": {3: "T"}, "new_values": {3: "T"}}),
        "hift": (
            (rnd(1, N_MELS, 14), rnd(1, N_MELS, HIFT_MEL_CACHE), rnd(1, 1, HIFT_SOURCE_CACHE),
             rnd(1, HIFT_SOURCE_CACHE)),
            ["mel", "mel_cache", "source_cache", "speech_cache"], ["speech", "new_source_cache"],
            {"mel": {2: "T"}, "speech": {1: "T_plus_8_x_480"}}),
    }


def manifest(c, model, graphs, tables, voice, noise, bad_file):
    """The package's manifest.json (without its "files" section) for widths c; model is its "model" section."""
    la = c["apm_layers"]
    return {
        "format": "duplex-node-model-package",
        "format_version": FORMAT_VERSION,
        "model": model,
        "graphs": {name: {"file": f"{name}.onnx", "backend": "onnxruntime", "precision": "fp32"} for name in graphs},
        "tokenizer": {"file": "tokenizer.json", "config_file": "tokenizer_config.json"},
        "special_tokens": SPECIAL_TOKENS,
        "embeddings": {"host_side": True, "tables": tables},
        "llm": {
            "vocab_size": LLM_VOCAB, "hidden_size": c["llm_hidden"], "num_layers": c["llm_layers"],
            "num_attention_heads": c["llm_heads"], "num_kv_heads": c["llm_kv_heads"], "head_dim": c["llm_head_dim"],
            "rope_theta": c["llm_rope_theta"], "rms_norm_eps": c["llm_eps"], "max_positions": 40960,
            "bad_token_ids_file": bad_file,
        },
        "tts": {
            "hidden_size": c["tts_width"], "num_layers": c["tts_layers"], "num_attention_heads": c["tts_heads"],
            "num_kv_heads": c["tts_kv_heads"], "head_dim": c["tts_width"] // c["tts_heads"],
            "rope_theta": c["tts_rope_theta"], "max_positions": 4096,
            "num_text_tokens": TTS_TEXT_VOCAB, "num_audio_tokens": TTS_CODES,
            "audio_bos_token_id": 151687, "text_eos_token_id": 151692, "audio_eos_code": 6561,
            "silence_code": 4218, "codes_per_unit": 25, "max_new_codes": 26,
            "temperature": 0.8, "repetition_penalty": 1.05, "repetition_window": 16,
        },
        "audio": {
            "sample_rate": 16000, "n_mels": N_MELS, "n_fft": 400, "hop_length": 160,
            "chunk_ms": 1000, "first_chunk_ms": 1035, "cnn_redundancy_ms": 20,
            "mel_frames_first_chunk": 102, "mel_frames_chunk": 104,
            "log_floor": -10.0, "dynamic_range": 8.0, "dynamic_after_s": 5,
            "buffer_slide_trigger_s": 30, "buffer_slide_stride_s": 10,
            "encoder": {"hidden_size": c["apm_width"], "num_layers": la, "num_heads": c["apm_heads"],
                        "head_dim": c["apm_width"] // c["apm_heads"], "max_positions": APM_POSITIONS,
                        "frames_per_chunk": APM_FRAMES_PER_CHUNK},
            "pool_step": POOL, "embeddings_per_chunk": APM_FRAMES_PER_CHUNK // POOL,
        },
        "image": {
            "scale_resolution": 448, "patch_size": PATCH, "position_grid": POS_GRID,
            "num_queries": NUM_QUERIES, "max_slice_nums": 1, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5],
            "vision_hidden_size": c["vis_width"],
        },
        "token2wav": {
            "code_rate_hz": 25, "window": 28, "stride": 25, "lookahead": LOOKAHEAD, "min_window": 8,
            "pad_code": T2W_PAD_CODE, "initial_buffer": [4218, 4218, 4218],
            "sample_rate": 24000, "mel_rate_hz": 50, "samples_per_mel_frame": HIFT_HOP,
            "flow_steps": 5, "cfg_rate": CFG_RATE, "t_schedule": "cosine",
            "encoder": {"hidden_size": c["t2w_width"], "num_layers": c.get("t2w_layers", 1),
                        "num_up_layers": c.get("t2w_up_layers", 1),
                        "num_heads": c["t2w_heads"], "head_dim": c["t2w_width"] // c["t2w_heads"],
                        "cnn_cache_frames": 2 + 2 * T2W_UP, "att_cache_frames": 64, "up_att_cache_frames": 128},
            "dit": {"hidden_size": c["dit_width"], "num_layers": c["dit_layers"], "num_heads": c["dit_heads"],
                    "head_dim": c["dit_head_dim"], "cnn_cache_channels": 2 * c["dit_width"], "cnn_cache_frames": 2,
                    "att_cache_frames": 128},
            "hift": {"mel_cache_frames": HIFT_MEL_CACHE, "source_cache_samples": HIFT_SOURCE_CACHE,
                     "fade_window": "hamming", "fade_samples": 2 * HIFT_SOURCE_CACHE},
            "noise": noise,
            "voice": voice,
        },
        "prompt": {
            "system_prefix": "<|im_start|>system\n{text}\n<|audio_start|>",
            "system_suffix": "<|audio_end|><|im_end|>",
            "default_text": "Streaming Duplex Conversation! You are a helpful assistant.",
        },
        "decoding": {
            "max_new_speak_tokens_per_unit": 20, "max_unit_text_chars": 28, "temperature": 0.7, "top_k": 20,
            "top_p": 0.8, "repetition_penalty": 1.05, "repetition_window": 512, "turn_eos_length_penalty": 1.1,
            "force_listen_count": 3,
        },
    }
