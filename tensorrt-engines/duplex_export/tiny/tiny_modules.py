"""Tiny PyTorch modules with the graph interfaces of docs/model-contract.md.

Every id, table size, rate and count that crosses a graph boundary is the release's
(MiniCPM-o 4.5); only widths and depths are tiny. Each module's forward() is exactly one
graph of the contract: its arguments are the graph inputs and its return values the graph
outputs, in contract order. The structure of each module follows the release where it
matters for the interface (caches, trimming, pooling, positions) and is simplified
elsewhere (noted per class). Release sources cited as "U:LINE" are
OpenBMB/MiniCPM-o-Demo MiniCPMO45/modeling_minicpmo_unified.py at commit 28b60cf.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# sizes fixed by the release (never shrunk) are the contract's
from ..contract import (  # noqa: E402,F401
    APM_FRAMES_PER_CHUNK, APM_POSITIONS, CFG_RATE, HIFT_HOP, HIFT_MEL_CACHE, HIFT_SOURCE_CACHE, LLM_VOCAB, LOOKAHEAD,
    N_MELS, NUM_QUERIES, PATCH, POOL, POS_GRID, T2W_CODES, T2W_PAD_CODE, T2W_UP, TTS_CODES, TTS_TEXT_VOCAB)

# --- tiny widths and depths (distinct widths so that a mis-wired tensor fails loudly) ---
TINY = dict(
    llm_hidden=16, llm_layers=2, llm_heads=4, llm_kv_heads=2, llm_head_dim=8, llm_mlp=32,
    llm_rope_theta=1e6, llm_eps=1e-6,
    apm_width=12, apm_layers=2, apm_heads=2, apm_ffn=48,
    vis_width=20, vis_layers=1, vis_heads=2, vis_ffn=40,
    res_heads=2,
    tts_width=12, tts_layers=2, tts_heads=2, tts_kv_heads=2, tts_mlp=24, tts_rope_theta=1e4, tts_eps=1e-6,
    t2w_width=16, t2w_heads=2, t2w_ffn=32,
    dit_width=16, dit_heads=2, dit_head_dim=8, dit_layers=1, dit_freq=16,
)
NEG = -1e9


def rms_norm(x, weight, eps):
    var = x.pow(2).mean(-1, keepdim=True)
    return x * torch.rsqrt(var + eps) * weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def rope_cos_sin(position_ids, inv_freq):
    """position_ids [1,S] int64 -> cos, sin [S, D] (rotate-half layout, as HF Llama/Qwen3)."""
    freqs = position_ids[0].to(torch.float32)[:, None] * inv_freq[None, :]
    emb = torch.cat([freqs, freqs], dim=-1)
    return emb.cos(), emb.sin()


def expand_kv(x, groups):
    """[B,KV,T,D] -> [B,KV*groups,T,D]; repeat_interleave exports wrongly with dynamic shapes."""
    if groups == 1:
        return x
    b, kv, t, d = x.shape
    return x.unsqueeze(2).expand(b, kv, groups, t, d).reshape(b, kv * groups, t, d)


def attend(q, k, v, bias=None):
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    if bias is not None:
        scores = scores + bias
    return torch.matmul(torch.softmax(scores, dim=-1), v)


def causal_bias(s, p):
    """[S, P+S] additive mask: query i (absolute P+i) sees keys 0..P+i."""
    q_pos = torch.arange(s) + p
    k_pos = torch.arange(p + s)
    allowed = k_pos[None, :] <= q_pos[:, None]
    return torch.where(allowed, torch.zeros(()), torch.full((), NEG))


def sincos_2d_table(dim, grid):
    """Resampler position table [grid*grid, dim], the release's get_2d_sincos_pos_embed (U:5574-5620)."""
    g = np.arange(grid, dtype=np.float32)
    mesh = np.stack(np.meshgrid(g, g), axis=0)      # mesh[0] varies along w, mesh[1] along h

    def one_d(d, pos):
        omega = np.arange(d // 2, dtype=np.float32) / (d / 2.0)
        omega = 1.0 / 10000 ** omega
        out = np.einsum("hw,d->hwd", pos, omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=-1)

    emb = np.concatenate([one_d(dim // 2, mesh[0]), one_d(dim // 2, mesh[1])], axis=-1)
    return torch.from_numpy(emb.reshape(grid * grid, dim).astype(np.float32))


# ---------------------------------------------------------------- audio encoder
class WhisperLayer(nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.heads = heads
        self.attn_ln = nn.LayerNorm(d)
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d, bias=False)     # Whisper's k_proj has no bias
        self.v = nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ffn_ln = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, ffn)
        self.fc2 = nn.Linear(ffn, d)

    def split(self, x):
        return x.view(1, -1, self.heads, x.shape[-1] // self.heads).transpose(1, 2)

    def forward(self, x, past_k, past_v):
        h = self.attn_ln(x)
        q, k, v = self.split(self.q(h)), self.split(self.k(h)), self.split(self.v(h))
        # bidirectional over past + current frames (U:1517: an all-zero mask)
        a = attend(q, torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2))
        x = x + self.o(a.transpose(1, 2).reshape(1, -1, x.shape[-1]))
        x = x + self.fc2(F.gelu(self.fc1(self.ffn_ln(x))))
        return x, k, v


class ApmStream(nn.Module):
    """Graph apm_stream: Whisper-style encoder over one 1-s mel chunk with a streaming KV cache.

    conv1/conv2 + GELU, trimming after conv2 (U:5898-5912), positions continuing from the
    cache length (U:5930-5950), pre-LN layers, final layer_norm (U:6018).
    The graph keeps conv frames [T'-51, T'-1) = exactly 50 frames: for the first chunk
    (T=102, T'=51) that drops only the last frame, for later chunks (T=104, T'=52) one at
    each end, which is the release's prefix/suffix trimming (U:4876-4877).
    """

    def __init__(self, c=TINY):
        super().__init__()
        d = c["apm_width"]
        self.conv1 = nn.Conv1d(N_MELS, d, 3, padding=1)
        self.conv2 = nn.Conv1d(d, d, 3, stride=2, padding=1)
        self.embed_positions = nn.Parameter(torch.zeros(APM_POSITIONS, d))
        self.layers = nn.ModuleList(WhisperLayer(d, c["apm_heads"], c["apm_ffn"]) for _ in range(c["apm_layers"]))
        self.layer_norm = nn.LayerNorm(d)

    def forward(self, mel, past_keys, past_values):
        x = F.gelu(self.conv1(mel))
        x = F.gelu(self.conv2(x))
        x = x[:, :, -(APM_FRAMES_PER_CHUNK + 1):-1].transpose(1, 2)
        p = past_keys.shape[3]
        pos = torch.index_select(self.embed_positions, 0, torch.arange(APM_FRAMES_PER_CHUNK) + p)
        x = x + pos
        new_k, new_v = [], []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, past_keys[i], past_values[i])
            new_k.append(k)
            new_v.append(v)
        return self.layer_norm(x), torch.stack(new_k), torch.stack(new_v)


class AudioAdapter(nn.Module):
    """Graph audio_adapter: projector Linear-ReLU-Linear then AvgPool1d(5,5) (U:117-118, 1575-1589)."""

    def __init__(self, c=TINY):
        super().__init__()
        self.linear1 = nn.Linear(c["apm_width"], c["llm_hidden"])
        self.linear2 = nn.Linear(c["llm_hidden"], c["llm_hidden"])

    def forward(self, audio_hidden):
        x = self.linear2(F.relu(self.linear1(audio_hidden)))
        return F.avg_pool1d(x.transpose(1, 2), POOL, POOL).transpose(1, 2)


# ---------------------------------------------------------------- vision
class EncoderLayer(nn.Module):
    """Pre-LN transformer layer with an additive key mask (SigLIP style, GELU-tanh MLP)."""

    def __init__(self, d, heads, ffn, eps=1e-6):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=eps)
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=eps)
        self.fc1 = nn.Linear(d, ffn)
        self.fc2 = nn.Linear(ffn, d)

    def forward(self, x, key_bias):
        n, l, d = x.shape
        h = self.ln1(x)

        def split(t):
            return t.view(n, -1, self.heads, d // self.heads).transpose(1, 2)

        a = attend(split(self.q(h)), split(self.k(h)), split(self.v(h)), key_bias)
        x = x + self.o(a.transpose(1, 2).reshape(n, -1, d))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class Siglip(nn.Module):
    """Graph siglip: NaViT SigLIP over patch-flattened pixels [N,3,14,14L].

    Patch conv, position table 70x70 indexed by host-computed bucketed ids
    (modeling_navit_siglip.py:330-369), key padding mask, post_layernorm.
    """

    def __init__(self, c=TINY):
        super().__init__()
        w = c["vis_width"]
        self.patch_embedding = nn.Conv2d(3, w, PATCH, stride=PATCH)
        self.position_embedding = nn.Parameter(torch.zeros(POS_GRID * POS_GRID, w))
        self.layers = nn.ModuleList(EncoderLayer(w, c["vis_heads"], c["vis_ffn"]) for _ in range(c["vis_layers"]))
        self.post_layernorm = nn.LayerNorm(w, eps=1e-6)

    def forward(self, pixel_values, position_ids, patch_mask):
        x = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)
        x = x + self.position_embedding[position_ids]
        key_bias = ((1 - patch_mask).to(torch.float32) * NEG)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, key_bias)
        return self.post_layernorm(x)


class Resampler(nn.Module):
    """Graph resampler: 64 learned queries, one cross-attention (U:5625-5731).

    The 2-D sin-cos table is the release's; the host passes row-major indices i*70+j into it.
    Heads are set explicitly (the release uses embed_dim // 128).
    """

    def __init__(self, c=TINY):
        super().__init__()
        d, kv = c["llm_hidden"], c["vis_width"]
        self.heads = c["res_heads"]
        self.query = nn.Parameter(torch.zeros(NUM_QUERIES, d))
        self.kv_proj = nn.Linear(kv, d, bias=False)
        self.in_proj_weight = nn.Parameter(torch.zeros(3 * d, d))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * d))
        self.out_proj = nn.Linear(d, d)
        self.ln_q = nn.LayerNorm(d, eps=1e-6)
        self.ln_kv = nn.LayerNorm(d, eps=1e-6)
        self.ln_post = nn.LayerNorm(d, eps=1e-6)
        self.proj = nn.Parameter(torch.zeros(d, d))
        self.register_buffer("pos_embed", sincos_2d_table(d, POS_GRID))

    def forward(self, vision_hidden, position_ids, patch_mask):
        n = vision_hidden.shape[0]
        d = self.query.shape[1]
        x = self.ln_kv(self.kv_proj(vision_hidden))
        pos = self.pos_embed[position_ids]
        q = self.ln_q(self.query).unsqueeze(0).expand(n, NUM_QUERIES, d)
        wq, wk, wv = self.in_proj_weight.chunk(3, dim=0)
        bq, bk, bv = self.in_proj_bias.chunk(3, dim=0)

        def split(t):
            return t.view(n, -1, self.heads, d // self.heads).transpose(1, 2)

        key_bias = ((1 - patch_mask).to(torch.float32) * NEG)[:, None, None, :]
        a = attend(split(F.linear(q, wq, bq)), split(F.linear(x + pos, wk, bk)), split(F.linear(x, wv, bv)), key_bias)
        out = self.out_proj(a.transpose(1, 2).reshape(n, NUM_QUERIES, d))
        return self.ln_post(out) @ self.proj


# ---------------------------------------------------------------- decoders (LLM, TTS)
class DecoderLayer(nn.Module):
    """Qwen3 (qk_norm=True) or Llama (qk_norm=False) decoder layer with an append-only KV cache."""

    def __init__(self, d, heads, kv_heads, head_dim, mlp, eps, qk_norm):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim, self.eps = heads, kv_heads, head_dim, eps
        self.input_norm = nn.Parameter(torch.ones(d))
        self.q = nn.Linear(d, heads * head_dim, bias=False)
        self.k = nn.Linear(d, kv_heads * head_dim, bias=False)
        self.v = nn.Linear(d, kv_heads * head_dim, bias=False)
        self.o = nn.Linear(heads * head_dim, d, bias=False)
        self.qk_norm = qk_norm
        if qk_norm:
            self.q_norm = nn.Parameter(torch.ones(head_dim))
            self.k_norm = nn.Parameter(torch.ones(head_dim))
        self.post_norm = nn.Parameter(torch.ones(d))
        self.gate = nn.Linear(d, mlp, bias=False)
        self.up = nn.Linear(d, mlp, bias=False)
        self.down = nn.Linear(mlp, d, bias=False)

    def forward(self, x, cos, sin, past_k, past_v, bias):
        h = rms_norm(x, self.input_norm, self.eps)
        q = self.q(h).view(1, -1, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(h).view(1, -1, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v(h).view(1, -1, self.kv_heads, self.head_dim).transpose(1, 2)
        if self.qk_norm:
            q = rms_norm(q, self.q_norm, self.eps)
            k = rms_norm(k, self.k_norm, self.eps)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        groups = self.heads // self.kv_heads
        kk = expand_kv(torch.cat([past_k, k], dim=2), groups)
        vv = expand_kv(torch.cat([past_v, v], dim=2), groups)
        a = attend(q, kk, vv, bias)
        x = x + self.o(a.transpose(1, 2).reshape(1, -1, self.heads * self.head_dim))
        h = rms_norm(x, self.post_norm, self.eps)
        x = x + self.down(F.silu(self.gate(h)) * self.up(h))
        return x, k, v


# The decoder reads these instead of scanning 151748 logits per token (contract 3.5): the
# release's top-k is 20, the rest is margin for masked and penalised tokens.
LLM_TOP_K = 64


def decision_outputs(logits):
    """llm_step's top_values, top_ids (descending, as torch.topk) and logsumexp of the logits.

    The log-sum-exp is spelled out (max, exp, sum, log) rather than torch.logsumexp, whose ONNX
    form ReduceLogSumExp costs ONNX Runtime's CPU kernel about 0.6 ms over 151748 logits against
    about 0.09 ms for these vectorised ops."""
    top_values, top_ids = torch.topk(logits, LLM_TOP_K, dim=-1)
    peak = top_values[:, :1]
    return top_values, top_ids, peak + torch.log(torch.exp(logits - peak).sum(dim=-1, keepdim=True))


class LlmStep(nn.Module):
    """Graph llm_step: Qwen3 decoder over input embeddings (tables stay host-side).

    Returns the logits and the post-norm hidden state of the LAST position only (the
    release's StreamDecoder.feed, utils.py:2061-2085, uses exactly these) and the new K/V
    rows (keys after RoPE). The lm_head and its bias are stored as float16 initializers.
    """

    def __init__(self, c=TINY):
        super().__init__()
        d, hd = c["llm_hidden"], c["llm_head_dim"]
        self.eps = c["llm_eps"]
        self.layers = nn.ModuleList(
            DecoderLayer(d, c["llm_heads"], c["llm_kv_heads"], hd, c["llm_mlp"], self.eps, True)
            for _ in range(c["llm_layers"]))
        self.norm = nn.Parameter(torch.ones(d))
        self.lm_head_weight = nn.Parameter(torch.zeros(LLM_VOCAB, d, dtype=torch.float16), requires_grad=False)
        self.lm_head_bias = nn.Parameter(torch.zeros(LLM_VOCAB, dtype=torch.float16), requires_grad=False)
        inv = 1.0 / (c["llm_rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
        self.register_buffer("inv_freq", inv)

    def forward(self, inputs_embeds, position_ids, past_keys, past_values):
        cos, sin = rope_cos_sin(position_ids, self.inv_freq)
        bias = causal_bias(inputs_embeds.shape[1], past_keys.shape[3])
        x = inputs_embeds
        new_k, new_v = [], []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, past_keys[i], past_values[i], bias)
            new_k.append(k)
            new_v.append(v)
        hidden = rms_norm(x[:, -1], self.norm, self.eps)
        logits = F.linear(hidden, self.lm_head_weight.to(torch.float32), self.lm_head_bias.to(torch.float32))
        return (logits, hidden, *decision_outputs(logits), torch.stack(new_k), torch.stack(new_v))


class TtsProj(nn.Module):
    """Graph tts_proj: projector_semantic (Linear-ReLU-Linear) then L2 normalisation
    (U:5430-5434)."""

    def __init__(self, c=TINY):
        super().__init__()
        self.linear1 = nn.Linear(c["llm_hidden"], c["tts_width"])
        self.linear2 = nn.Linear(c["tts_width"], c["tts_width"])

    def forward(self, llm_hidden):
        return F.normalize(self.linear2(F.relu(self.linear1(llm_hidden))), p=2.0, dim=-1)


class TtsStep(nn.Module):
    """Graph tts_step: Llama backbone + head_code over the last position (U:6734-6790)."""

    def __init__(self, c=TINY):
        super().__init__()
        d, heads = c["tts_width"], c["tts_heads"]
        hd = d // heads
        self.eps = c["tts_eps"]
        self.layers = nn.ModuleList(
            DecoderLayer(d, heads, c["tts_kv_heads"], hd, c["tts_mlp"], self.eps, False)
            for _ in range(c["tts_layers"]))
        self.norm = nn.Parameter(torch.ones(d))
        self.head_code = nn.Linear(d, TTS_CODES, bias=False)
        inv = 1.0 / (c["tts_rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
        self.register_buffer("inv_freq", inv)

    def forward(self, inputs_embeds, position_ids, past_keys, past_values):
        cos, sin = rope_cos_sin(position_ids, self.inv_freq)
        bias = causal_bias(inputs_embeds.shape[1], past_keys.shape[3])
        x = inputs_embeds
        new_k, new_v = [], []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, past_keys[i], past_values[i], bias)
            new_k.append(k)
            new_v.append(v)
        return self.head_code(rms_norm(x[:, -1], self.norm, self.eps)), torch.stack(new_k), torch.stack(new_v)


# ---------------------------------------------------------------- Token2Wav
class CachedAttentionBlock(nn.Module):
    """Pre-LN attention + FFN whose keys/values are cached by the host (no positions inside;
    the release's conformer uses relative positions instead)."""

    def __init__(self, d, heads, ffn):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-12)
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-12)
        self.fc1 = nn.Linear(d, ffn)
        self.fc2 = nn.Linear(ffn, d)

    def forward(self, x, past_k, past_v):
        d = x.shape[-1]
        h = self.ln1(x)

        def split(t):
            return t.view(1, -1, self.heads, d // self.heads).transpose(1, 2)

        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        a = attend(q, torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2))
        x = x + self.o(a.transpose(1, 2).reshape(1, -1, d))
        return x + self.fc2(F.silu(self.fc1(self.ln2(x)))), k, v


class T2wEncoder(nn.Module):
    """Graph t2w_encoder: speech codes -> mu (80-bin mel prior at 50 Hz).

    Follows the streaming UpsampleConformerEncoderV2 layout: code embedding, pre-lookahead
    convs (kernel 4 then kernel 3 with a 2-frame cache), attention block, nearest x2
    upsampling with a 4-frame conv cache, attention block, norm, projection to 80. The last
    3 codes of every window are lookahead; a final window is padded by the host with
    T2W_PAD_CODE, whose embedding row is zero (the release pads zero embeddings when
    last_chunk=True).
    """

    def __init__(self, c=TINY):
        super().__init__()
        w = c["t2w_width"]
        self.embed = nn.Parameter(torch.zeros(T2W_CODES + 1, w))
        self.in_linear = nn.Linear(w, w)
        self.in_norm = nn.LayerNorm(w, eps=1e-5)
        self.look_conv1 = nn.Conv1d(w, w, LOOKAHEAD + 1)
        self.look_conv2 = nn.Conv1d(w, w, 3)
        self.enc_block = CachedAttentionBlock(w, c["t2w_heads"], c["t2w_ffn"])
        self.up_conv = nn.Conv1d(w, w, 2 * T2W_UP + 1)
        self.up_linear = nn.Linear(w, w)
        self.up_norm = nn.LayerNorm(w, eps=1e-5)
        self.up_block = CachedAttentionBlock(w, c["t2w_heads"], c["t2w_ffn"])
        self.after_norm = nn.LayerNorm(w, eps=1e-5)
        self.proj = nn.Linear(w, N_MELS)

    def forward(self, codes, cnn_cache, enc_past_keys, enc_past_values, up_past_keys, up_past_values):
        x = self.in_norm(self.in_linear(self.embed[codes]))                 # [1,N,w]
        y = F.leaky_relu(self.look_conv1(x.transpose(1, 2)))              # [1,w,N-3]
        new_look_cache = y[:, :, -2:]
        y = self.look_conv2(torch.cat([cnn_cache[:, :, :2], y], dim=2))   # [1,w,N-3]
        x = y.transpose(1, 2) + x[:, :-LOOKAHEAD]
        x, ek, ev = self.enc_block(x, enc_past_keys[0], enc_past_values[0])
        xt = x.transpose(1, 2)
        u = xt.unsqueeze(3).expand(1, xt.shape[1], xt.shape[2], T2W_UP).reshape(1, xt.shape[1], -1)  # nearest x2
        u = torch.cat([cnn_cache[:, :, 2:], u], dim=2)
        new_up_cache = u[:, :, -2 * T2W_UP:]
        x = self.up_norm(self.up_linear(self.up_conv(u).transpose(1, 2)))
        x, uk, uv = self.up_block(x, up_past_keys[0], up_past_values[0])
        mu = self.proj(self.after_norm(x)).transpose(1, 2)
        return (mu, torch.cat([new_look_cache, new_up_cache], dim=2),
                ek.unsqueeze(0), ev.unsqueeze(0), uk.unsqueeze(0), uv.unsqueeze(0))


class PlainLayerNorm(nn.Module):
    """LayerNorm without learned affine. torch 1.13 exports nn.LayerNorm(elementwise_affine=False)
    as a LayerNormalization node with an empty scale input, which ONNX rejects."""

    def __init__(self, d, eps):
        super().__init__()
        self.eps = eps
        self.register_buffer("ones", torch.ones(d))
        self.register_buffer("zeros", torch.zeros(d))

    def forward(self, x):
        return F.layer_norm(x, self.ones.shape, self.ones, self.zeros, self.eps)


def modulate(x, shift, scale):
    return x * (1 + scale) + shift


class DitBlock(nn.Module):
    """adaLN DiT block: attention with cache, causal conv block with cache, MLP."""

    def __init__(self, d, heads, head_dim):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        self.norm1 = PlainLayerNorm(d, 1e-6)
        self.norm2 = PlainLayerNorm(d, 1e-6)
        self.norm3 = PlainLayerNorm(d, 1e-6)
        self.to_q = nn.Linear(d, heads * head_dim)
        self.to_k = nn.Linear(d, heads * head_dim)
        self.to_v = nn.Linear(d, heads * head_dim)
        self.q_norm = nn.LayerNorm(head_dim, eps=1e-6)
        self.k_norm = nn.LayerNorm(head_dim, eps=1e-6)
        self.attn_out = nn.Linear(heads * head_dim, d)
        self.conv1 = nn.Conv1d(d, d, 3)
        self.conv_norm = nn.LayerNorm(d)
        self.conv2 = nn.Conv1d(d, d, 3)
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)
        self.ada = nn.Linear(d, 9 * d)

    def forward(self, x, c, cnn_cache, past_k, past_v):
        b, t, d = x.shape
        sh_a, sc_a, g_a, sh_m, sc_m, g_m, sh_c, sc_c, g_c = self.ada(F.silu(c)).chunk(9, dim=-1)

        def split(z):
            return z.view(b, -1, self.heads, self.head_dim).transpose(1, 2)

        h = modulate(self.norm1(x), sh_a, sc_a)
        q, k, v = self.q_norm(split(self.to_q(h))), self.k_norm(split(self.to_k(h))), split(self.to_v(h))
        a = attend(q, torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2))
        x = x + g_a * self.attn_out(a.transpose(1, 2).reshape(b, -1, self.heads * self.head_dim))
        h = modulate(self.norm3(x), sh_c, sc_c).transpose(1, 2)
        h = torch.cat([cnn_cache[:, :d], h], dim=2)
        cache1 = h[:, :, -2:]
        h = self.conv1(h)
        h = self.conv_norm(h.transpose(1, 2))
        h = (h * torch.tanh(F.softplus(h))).transpose(1, 2)               # Mish
        h = torch.cat([cnn_cache[:, d:], h], dim=2)
        cache2 = h[:, :, -2:]
        x = x + g_c * self.conv2(h).transpose(1, 2)
        x = x + g_m * self.fc2(F.gelu(self.fc1(modulate(self.norm2(x), sh_m, sc_m)), approximate="tanh"))
        return x, torch.cat([cache1, cache2], dim=1), k, v


class DitStep(nn.Module):
    """Graph dit_step: one Euler step's velocity of the flow-matching estimator.

    Classifier-free guidance runs inside the graph: batch row 0 is conditioned on mu and
    the speaker, row 1 on zeros (CausalConditionalCFM.solve_euler_chunk), and the graph
    returns (1 + 0.7) * v_cond - 0.7 * v_uncond. The caches keep that batch of 2.
    The release's `cond` (prompt mel) input is zero in streaming and is left out.
    """

    def __init__(self, c=TINY):
        super().__init__()
        d = c["dit_width"]
        self.freq = c["dit_freq"]
        self.t_mlp1 = nn.Linear(self.freq, d)
        self.t_mlp2 = nn.Linear(d, d)
        self.in_proj = nn.Linear(3 * N_MELS, d)
        self.blocks = nn.ModuleList(DitBlock(d, c["dit_heads"], c["dit_head_dim"]) for _ in range(c["dit_layers"]))
        self.final_ada = nn.Linear(d, 2 * d)
        self.final_norm = PlainLayerNorm(d, 1e-6)
        self.final_linear = nn.Linear(d, N_MELS)
        half = self.freq // 2
        self.register_buffer("t_freqs", torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half))

    def forward(self, x, mu, spk, t, cnn_cache, past_keys, past_values):
        args = (t * 1000.0)[:, None] * self.t_freqs[None, :]
        c = self.t_mlp2(F.silu(self.t_mlp1(torch.cat([torch.cos(args), torch.sin(args)], dim=-1))))
        c = c.unsqueeze(1).expand(2, 1, c.shape[-1])
        n_frames = x.shape[2]
        x2 = torch.cat([x, x], dim=0)
        mu2 = torch.cat([mu, torch.zeros_like(mu)], dim=0)
        spk2 = torch.cat([spk, torch.zeros_like(spk)], dim=0).unsqueeze(2).expand(2, N_MELS, n_frames)
        h = self.in_proj(torch.cat([x2, mu2, spk2], dim=1).transpose(1, 2))
        new_cnn, new_k, new_v = [], [], []
        for i, block in enumerate(self.blocks):
            h, cc, k, v = block(h, c, cnn_cache[i], past_keys[i], past_values[i])
            new_cnn.append(cc)
            new_k.append(k)
            new_v.append(v)
        shift, scale = self.final_ada(F.silu(c)).chunk(2, dim=-1)
        v2 = self.final_linear(modulate(self.final_norm(h), shift, scale)).transpose(1, 2)
        velocity = (1.0 + CFG_RATE) * v2[0:1] - CFG_RATE * v2[1:2]
        return velocity, torch.stack(new_cnn), torch.stack(new_k), torch.stack(new_v)


class Hift(nn.Module):
    """Graph hift: vocoder over [8 cached mel frames + new frames], 480 samples per frame.

    Tiny stand-in for HiFT: a sine source from a predicted f0 (whose first 3840 samples are
    replaced by the cached source, as the release keeps source phase across chunks), plus a
    per-frame linear filter, tanh; the first 3840 samples are cross-faded with the cached
    speech tail by a Hamming window of 7680. The host keeps back the last 3840 samples
    unless the window is the last of the turn.
    """

    def __init__(self, c=TINY):
        super().__init__()
        self.f0 = nn.Linear(N_MELS, 1)
        self.frame = nn.Linear(N_MELS, HIFT_HOP)
        win = np.hamming(2 * HIFT_SOURCE_CACHE).astype(np.float32)
        self.register_buffer("fade_in", torch.from_numpy(win[:HIFT_SOURCE_CACHE].copy()))
        self.register_buffer("fade_out", torch.from_numpy(win[HIFT_SOURCE_CACHE:].copy()))

    def forward(self, mel, mel_cache, source_cache, speech_cache):
        m = torch.cat([mel_cache, mel], dim=2).transpose(1, 2)            # [1,F,80]
        n_frames = m.shape[1]
        f0 = 120.0 + 100.0 * torch.sigmoid(self.f0(m))                     # [1,F,1] Hz, one per frame
        # phase in cycles, wrapped per frame so that no runtime's summation order matters
        per_frame = f0 * (HIFT_HOP / 24000.0)
        per_frame = per_frame - torch.floor(per_frame)
        start = torch.cumsum(per_frame, dim=1) - per_frame
        start = start - torch.floor(start)
        steps = torch.arange(1, HIFT_HOP + 1, dtype=torch.float32) / 24000.0
        phase = (2.0 * math.pi) * (start + f0 * steps).reshape(1, -1)
        source = 0.1 * torch.sin(phase)
        source = torch.cat([source_cache[:, 0], source[:, HIFT_SOURCE_CACHE:]], dim=1)
        speech = 0.5 * torch.tanh(self.frame(m).reshape(1, -1) + source)
        head = speech[:, :HIFT_SOURCE_CACHE] * self.fade_in + speech_cache * self.fade_out
        speech = torch.cat([head, speech[:, HIFT_SOURCE_CACHE:]], dim=1)
        return speech, source[:, -HIFT_SOURCE_CACHE:].unsqueeze(1)
