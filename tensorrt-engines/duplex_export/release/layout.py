"""A MiniCPM-o 4.5 model object assembled from a checkpoint folder without the release's code.

The release's modeling_minicpmo.py (loaded with trust_remote_code) needs transformers and its
own dependencies; where those are missing (Debian's torch set, a board), this module builds the
same attribute tree from config.json with plain torch modules and loads the checkpoint's tensors
into it by their names, so graphs.py wraps it exactly as it wraps the release's object. The tree
is the release's (MiniCPMO.__init__ and its submodules):

    llm.model.embed_tokens, llm.model.layers[i].{self_attn.{q,k,v,o}_proj, q_norm, k_norm},
        .input_layernorm, .post_attention_layernorm, .mlp.{gate,up,down}_proj; llm.model.norm; llm.lm_head
    vpm.embeddings.{patch_embedding, position_embedding}, vpm.encoder.layers[i].{layer_norm1,
        self_attn.{q,k,v,out}_proj, layer_norm2, mlp.{fc1,fc2}}, vpm.post_layernorm
        (the last layer dropped when config.drop_vision_last_layer)
    resampler.{query, kv_proj, attn (nn.MultiheadAttention), ln_q, ln_kv, ln_post, proj}
    apm.{conv1, conv2, embed_positions, layers[i].{self_attn.{q,k,v,out}_proj, self_attn_layer_norm,
        fc1, fc2, final_layer_norm}, layer_norm}
    audio_projection_layer.{linear1, linear2}, audio_avg_pooler
    tts.{emb_text, model (Llama: embed_tokens, layers, norm), projector_spk, projector_semantic,
        emb_code[0], head_code[0] (weight norm: parametrizations.weight.original0/1)}

Every tensor of the tree must be in the checkpoint and every checkpoint tensor of these modules
must land in the tree, or loading fails naming them.
"""
import json
import os
from types import SimpleNamespace

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import safetensors_io


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.variance_epsilon = eps

    def forward(self, x):
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.variance_epsilon)
        return self.weight * x.to(dtype)


def linear(a, b, bias):
    return nn.Linear(a, b, bias=bias)


class Attention(nn.Module):
    def __init__(self, width, heads, kv_heads, head_dim, bias, out_name, k_bias=None):
        super().__init__()
        self.num_heads = heads
        self.head_dim = head_dim
        self.q_proj = linear(width, heads * head_dim, bias)
        self.k_proj = linear(width, kv_heads * head_dim, bias if k_bias is None else k_bias)
        self.v_proj = linear(width, kv_heads * head_dim, bias)
        setattr(self, out_name, linear(heads * head_dim, width, bias))


class GatedMlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.gate_proj = linear(width, hidden, False)
        self.up_proj = linear(width, hidden, False)
        self.down_proj = linear(hidden, width, False)


class DecoderLayer(nn.Module):
    def __init__(self, cfg, qk_norm):
        super().__init__()
        self.self_attn = Attention(cfg.hidden_size, cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim,
                                   False, "o_proj")
        if qk_norm:
            self.self_attn.q_norm = RMSNorm(cfg.head_dim, cfg.rms_norm_eps)
            self.self_attn.k_norm = RMSNorm(cfg.head_dim, cfg.rms_norm_eps)
        self.input_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.post_attention_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.mlp = GatedMlp(cfg.hidden_size, cfg.intermediate_size)


class Decoder(nn.Module):
    """Qwen3Model / LlamaModel's tensors."""

    def __init__(self, cfg, qk_norm):
        super().__init__()
        self.config = cfg
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList(DecoderLayer(cfg, qk_norm) for _ in range(cfg.num_hidden_layers))
        self.norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)


class CausalLm(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.config = cfg
        self.model = Decoder(cfg, qk_norm=True)
        self.lm_head = linear(cfg.hidden_size, cfg.vocab_size, False)


class SiglipMlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = linear(width, hidden, True)
        self.fc2 = linear(hidden, width, True)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class SiglipLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.hidden_size
        self.layer_norm1 = nn.LayerNorm(d, eps=cfg.layer_norm_eps)
        self.self_attn = Attention(d, cfg.num_attention_heads, cfg.num_attention_heads, d // cfg.num_attention_heads,
                                   True, "out_proj")
        self.layer_norm2 = nn.LayerNorm(d, eps=cfg.layer_norm_eps)
        self.mlp = SiglipMlp(d, cfg.intermediate_size)


class Vision(nn.Module):
    def __init__(self, cfg, drop_last):
        super().__init__()
        self.config = cfg
        d = cfg.hidden_size
        self.embeddings = nn.Module()
        self.embeddings.patch_embedding = nn.Conv2d(cfg.num_channels, d, cfg.patch_size, cfg.patch_size)
        self.embeddings.position_embedding = nn.Embedding((cfg.image_size // cfg.patch_size) ** 2, d)
        self.encoder = nn.Module()
        n = cfg.num_hidden_layers - (1 if drop_last else 0)
        self.encoder.layers = nn.ModuleList(SiglipLayer(cfg) for _ in range(n))
        self.post_layernorm = nn.LayerNorm(d, eps=cfg.layer_norm_eps)


class Resampler(nn.Module):
    def __init__(self, queries, d, heads, kv_dim):
        super().__init__()
        self.query = nn.Parameter(torch.zeros(queries, d))
        self.kv_proj = linear(kv_dim, d, False)
        self.attn = nn.MultiheadAttention(d, heads)
        self.ln_q, self.ln_kv, self.ln_post = (nn.LayerNorm(d, eps=1e-6) for _ in range(3))
        self.proj = nn.Parameter(torch.zeros(d, d))


class WhisperLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.d_model
        heads = cfg.encoder_attention_heads
        self.self_attn = Attention(d, heads, heads, d // heads, True, "out_proj", k_bias=False)
        self.self_attn_layer_norm = nn.LayerNorm(d)
        self.fc1 = linear(d, cfg.encoder_ffn_dim, True)
        self.fc2 = linear(cfg.encoder_ffn_dim, d, True)
        self.final_layer_norm = nn.LayerNorm(d)


class Whisper(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.config = cfg
        d = cfg.d_model
        self.conv1 = nn.Conv1d(cfg.num_mel_bins, d, 3, padding=1)
        self.conv2 = nn.Conv1d(d, d, 3, stride=2, padding=1)
        self.embed_positions = nn.Embedding(cfg.max_source_positions, d)
        self.layers = nn.ModuleList(WhisperLayer(cfg) for _ in range(cfg.encoder_layers))
        self.layer_norm = nn.LayerNorm(d)


class Projector(nn.Module):
    """The release's MultiModalProjector."""

    def __init__(self, a, b):
        super().__init__()
        self.linear1 = linear(a, b, True)
        self.relu = nn.ReLU()
        self.linear2 = linear(b, b, True)

    def forward(self, x):
        return self.linear2(self.relu(self.linear1(x)))


class Tts(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.config = cfg
        self.emb_text = nn.Embedding(cfg.num_text_tokens, cfg.hidden_size)
        self.model = Decoder(cfg.backbone, qk_norm=False)
        self.projector_spk = Projector(cfg.llm_dim, cfg.hidden_size)
        self.projector_semantic = Projector(cfg.llm_dim, cfg.hidden_size)
        self.emb_code = nn.ModuleList([nn.Embedding(cfg.num_audio_tokens, cfg.hidden_size)])
        # torch.nn.utils.weight_norm (weight_g, weight_v) exists in torch 1.13 and 2.x alike; the
        # release's parametrized form stores the same two tensors as original0 / original1
        self.head_code = nn.ModuleList([nn.utils.weight_norm(linear(cfg.hidden_size, cfg.num_audio_tokens, False))])


class MiniCPMO(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.config = cfg
        self.llm = CausalLm(cfg.llm)
        self.vpm = Vision(cfg.vision, cfg.drop_vision_last_layer)
        self.resampler = Resampler(cfg.query_num, cfg.llm.hidden_size, cfg.llm.hidden_size // 128, cfg.vision.hidden_size)
        self.apm = Whisper(cfg.audio)
        self.audio_avg_pooler = nn.AvgPool1d(cfg.audio_pool_step, stride=cfg.audio_pool_step)
        self.audio_projection_layer = Projector(cfg.audio.encoder_ffn_dim // 4, cfg.llm.hidden_size)
        self.tts = Tts(cfg.tts)


# ---------------------------------------------------------------- config
def _ns(d, **defaults):
    return SimpleNamespace(**dict(defaults, **d))


def read_config(folder):
    """config.json of the release as namespaces with the defaults of the release's config classes."""
    with open(os.path.join(folder, "config.json")) as f:
        raw = json.load(f)
    top = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    llm = _ns(top, rope_theta=1e6, rms_norm_eps=1e-6)
    if getattr(llm, "head_dim", None) is None:
        llm.head_dim = llm.hidden_size // llm.num_attention_heads
    vision = _ns(raw.get("vision_config", {}), num_channels=3, layer_norm_eps=1e-6, patch_size=14, image_size=980)
    audio = _ns(raw.get("audio_config", {}), num_mel_bins=80, max_source_positions=1500)
    tts = _ns(raw.get("tts_config", {}), num_vq=1, projector_type="mlp", backbone_model="llama")
    if tts.num_vq != 1 or tts.projector_type != "mlp" or tts.backbone_model != "llama":
        raise ValueError(f"tts_config: num_vq {tts.num_vq}, projector {tts.projector_type}, backbone "
                         f"{tts.backbone_model}; this layout knows 1, mlp, llama")
    # the release builds the TTS backbone from a LlamaConfig with these fields and Llama's defaults
    tts.backbone = SimpleNamespace(hidden_size=tts.hidden_size, intermediate_size=tts.intermediate_size,
                                   num_attention_heads=tts.num_attention_heads, num_hidden_layers=tts.num_hidden_layers,
                                   num_key_value_heads=tts.num_key_value_heads,
                                   head_dim=tts.hidden_size // tts.num_attention_heads, rms_norm_eps=1e-6,
                                   rope_theta=10000.0, vocab_size=32000,
                                   max_position_embeddings=tts.max_position_embeddings)
    return SimpleNamespace(llm=llm, vision=vision, audio=audio, tts=tts, query_num=raw.get("query_num", 64),
                           audio_pool_step=raw.get("audio_pool_step", 5),
                           drop_vision_last_layer=raw.get("drop_vision_last_layer", True), raw=raw)


# ---------------------------------------------------------------- loading
WEIGHT_NORM_NAMES = {"parametrizations.weight.original0": "weight_g", "parametrizations.weight.original1": "weight_v"}


def module_name(checkpoint_name):
    """The tree's name of a checkpoint tensor (the release's weight norm is parametrized)."""
    for release, here in WEIGHT_NORM_NAMES.items():
        if checkpoint_name.endswith(release):
            return checkpoint_name[:-len(release)] + here
    return checkpoint_name


def load(folder, dtype=torch.float32):
    """The model of a checkpoint folder, its tensors converted to dtype; fails naming missing or extra tensors."""
    cfg = read_config(folder)
    model = MiniCPMO(cfg)
    tensors = {module_name(k): v for k, v in safetensors_io.load_folder(folder).items()}
    own = dict(model.state_dict())
    missing = sorted(set(own) - set(tensors))
    extra = sorted(k for k in set(tensors) - set(own) if k.split(".")[0] in {"llm", "vpm", "resampler", "apm", "tts",
                                                                          "audio_projection_layer"})
    if missing or extra:
        raise ValueError(f"{folder}: checkpoint does not match the release's layout: missing {missing[:8]}"
                         f"{' ...' if len(missing) > 8 else ''}, unexpected {extra[:8]}{' ...' if len(extra) > 8 else ''}")
    for name, t in own.items():
        if tuple(tensors[name].shape) != tuple(t.shape):
            raise ValueError(f"{folder}: {name} has shape {list(tensors[name].shape)}, config.json implies {list(t.shape)}")
    with torch.no_grad():
        for name, t in model.state_dict(keep_vars=True).items():
            t.data = tensors.pop(name).to(dtype)          # one checkpoint tensor converted at a time
    return model.eval()


def config_sizes(cfg):
    """Sizes of the manifest's tts section that come from the checkpoint's config."""
    return SimpleNamespace(num_text_tokens=cfg.tts.num_text_tokens, num_audio_tokens=cfg.tts.num_audio_tokens,
                           audio_bos_token_id=cfg.tts.audio_bos_token_id, text_eos_token_id=cfg.tts.text_eos_token_id)
