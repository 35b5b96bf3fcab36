"""Graphs of docs/model-contract.md around the modules of a loaded MiniCPM-o 4.5 release model.

Each class is one graph: its forward() takes the contract's inputs and returns its outputs.
Every weight is read from the release's own submodules at call time (their Linear, LayerNorm,
Conv and Embedding modules are called, never copied), so the ONNX export carries exactly
the checkpoint's tensors. Attribute names are those of the release's model code
(modeling_minicpmo.py of openbmb/MiniCPM-o-4_5, loaded with trust_remote_code):

    model.llm        Qwen3ForCausalLM  (.model.layers[i].self_attn.{q,k,v,o}_proj, q_norm, k_norm,
                                        input_layernorm, post_attention_layernorm, mlp.{gate,up,down}_proj,
                                        .model.norm, .lm_head)
    model.vpm        SigLIP2 NaViT     (.embeddings.patch_embedding, .embeddings.position_embedding,
                                        .encoder.layers[i].{layer_norm1, self_attn, layer_norm2, mlp}, .post_layernorm)
    model.resampler  Resampler         (.query, .kv_proj, .attn (nn.MultiheadAttention), .ln_q, .ln_kv, .ln_post, .proj)
    model.apm        Whisper encoder   (.conv1, .conv2, .embed_positions, .layers[i].{self_attn_layer_norm,
                                        self_attn, final_layer_norm, fc1, fc2}, .layer_norm)
    model.audio_projection_layer, model.audio_avg_pooler
    model.tts        MiniCPMTTS        (.model (LlamaModel), .projector_semantic, .head_code[0])

The computations follow the release's streaming paths (the same ones duplex_export/tiny
mirrors at tiny widths): KV caches cross the boundary P-major ([P, layers, heads, dim]),
the LLM returns the last position's logits and post-norm hidden state, keys leave after RoPE.
Token2Wav (model.tts.audio_tokenizer, the stepaudio2 package) is not wrapped here.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

APM_FRAMES_PER_CHUNK = 50
NUM_QUERIES = 64
POS_GRID = 70
NEG = -1e9


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def rope(position_ids, head_dim, theta):
    inv = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    freqs = position_ids[0].to(torch.float32)[:, None] * inv[None, :]
    emb = torch.cat([freqs, freqs], dim=-1)
    return emb.cos(), emb.sin()


def causal_bias(s, p):
    q_pos = torch.arange(s) + p
    k_pos = torch.arange(p + s)
    return torch.where(k_pos[None, :] <= q_pos[:, None], torch.zeros(()), torch.full((), NEG))


def expand_kv(x, groups):
    """[1,KV,T,D] -> [1,KV*groups,T,D] (repeat_interleave exports wrongly with dynamic shapes)."""
    if groups == 1:
        return x
    b, kv, t, d = x.shape
    return x.unsqueeze(2).expand(b, kv, groups, t, d).reshape(b, kv * groups, t, d)


def attend(q, k, v, bias=None, scale=None):
    scores = torch.matmul(q, k.transpose(-1, -2)) * (scale if scale is not None else 1.0 / math.sqrt(q.shape[-1]))
    if bias is not None:
        scores = scores + bias
    return torch.matmul(torch.softmax(scores.float(), dim=-1).to(v.dtype), v)


def rms(x, norm_module):
    """Calls an HF RMSNorm module (Qwen3RMSNorm / LlamaRMSNorm): weight and eps are its own."""
    return norm_module(x)


def graph_cache(layers):
    """list of [1, H, T, D] per layer -> [T, L, H, D]"""
    return torch.stack(layers).squeeze(1).permute(2, 0, 1, 3)


def module_cache(t, i):
    """[P, L, H, D] -> layer i as [1, H, P, D]"""
    return t[:, i].permute(1, 0, 2).unsqueeze(0)


class _Decoder(nn.Module):
    """Llama/Qwen3 decoder stack over input embeddings with an append-only P-major cache."""

    def __init__(self, backbone, cfg, qk_norm):
        super().__init__()
        self.backbone = backbone
        self.heads = cfg.num_attention_heads
        self.kv_heads = cfg.num_key_value_heads
        self.head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
        self.theta = float(getattr(cfg, "rope_theta", None) or cfg.rope_parameters["rope_theta"])
        self.qk_norm = qk_norm

    def layer(self, layer, x, cos, sin, past_k, past_v, bias):
        a = layer.self_attn
        h = rms(x, layer.input_layernorm)
        q = a.q_proj(h).view(1, -1, self.heads, self.head_dim)
        k = a.k_proj(h).view(1, -1, self.kv_heads, self.head_dim)
        v = a.v_proj(h).view(1, -1, self.kv_heads, self.head_dim).transpose(1, 2)
        if self.qk_norm:                                  # Qwen3 normalises per head before RoPE
            q, k = a.q_norm(q), a.k_norm(k)
        q, k = q.transpose(1, 2), k.transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        groups = self.heads // self.kv_heads
        kk = expand_kv(torch.cat([past_k, k], dim=2), groups)
        vv = expand_kv(torch.cat([past_v, v], dim=2), groups)
        o = attend(q, kk, vv, bias)
        x = x + a.o_proj(o.transpose(1, 2).reshape(1, -1, self.heads * self.head_dim))
        h = rms(x, layer.post_attention_layernorm)
        m = layer.mlp
        return x + m.down_proj(F.silu(m.gate_proj(h)) * m.up_proj(h)), k, v

    def run(self, inputs_embeds, position_ids, past_keys, past_values):
        cos, sin = rope(position_ids, self.head_dim, self.theta)
        cos, sin = cos.to(inputs_embeds.dtype), sin.to(inputs_embeds.dtype)
        bias = causal_bias(inputs_embeds.shape[1], past_keys.shape[0]).to(inputs_embeds.dtype)
        x = inputs_embeds
        new_k, new_v = [], []
        for i, layer in enumerate(self.backbone.layers):
            x, k, v = self.layer(layer, x, cos, sin, module_cache(past_keys, i), module_cache(past_values, i), bias)
            new_k.append(k)
            new_v.append(v)
        return rms(x[:, -1], self.backbone.norm), graph_cache(new_k), graph_cache(new_v)


LLM_TOP_K = 64


class LlmStep(_Decoder):
    """Graph llm_step over model.llm (Qwen3ForCausalLM)."""

    def __init__(self, llm):
        super().__init__(llm.model, llm.config, qk_norm=True)
        self.lm_head = llm.lm_head

    def forward(self, inputs_embeds, position_ids, past_keys, past_values):
        hidden, new_k, new_v = self.run(inputs_embeds, position_ids, past_keys, past_values)
        logits = self.lm_head(hidden).float()
        # The decoder's shortlist and normaliser (contract 3.5), so it never reads all logits.
        top_values, top_ids = torch.topk(logits, LLM_TOP_K, dim=-1)
        # spelled out: ONNX Runtime's ReduceLogSumExp kernel is several times slower on CPU
        peak = top_values[:, :1]
        lse = peak + torch.log(torch.exp(logits - peak).sum(dim=-1, keepdim=True))
        return (logits, hidden.float(), top_values, top_ids, lse, new_k, new_v)


class TtsStep(_Decoder):
    """Graph tts_step over model.tts (LlamaModel backbone, head_code[0] with weight norm)."""

    def __init__(self, tts):
        super().__init__(tts.model, tts.model.config, qk_norm=False)
        self.head_code = tts.head_code[0]

    def forward(self, inputs_embeds, position_ids, past_keys, past_values):
        hidden, new_k, new_v = self.run(inputs_embeds, position_ids, past_keys, past_values)
        return self.head_code(hidden).float(), new_k, new_v


class TtsProj(nn.Module):
    """Graph tts_proj: model.tts.projector_semantic then L2 normalisation."""

    def __init__(self, tts):
        super().__init__()
        self.proj = tts.projector_semantic

    def forward(self, llm_hidden):
        return F.normalize(self.proj(llm_hidden), p=2.0, dim=-1)


class ApmStream(nn.Module):
    """Graph apm_stream over model.apm: convs, trimming to 50 frames, positions from the cache
    length, pre-LN layers (bidirectional over past + current), final layer_norm."""

    def __init__(self, apm):
        super().__init__()
        self.apm = apm
        layer0 = apm.layers[0].self_attn
        self.heads = layer0.num_heads
        self.head_dim = layer0.head_dim

    def split(self, x):
        return x.view(1, -1, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, mel, past_keys, past_values):
        apm = self.apm
        x = F.gelu(apm.conv1(mel))
        x = F.gelu(apm.conv2(x))
        x = x[:, :, -(APM_FRAMES_PER_CHUNK + 1):-1].transpose(1, 2)
        p = past_keys.shape[0]
        x = x + torch.index_select(apm.embed_positions.weight, 0, torch.arange(APM_FRAMES_PER_CHUNK) + p)
        new_k, new_v = [], []
        for i, layer in enumerate(apm.layers):
            a = layer.self_attn
            h = layer.self_attn_layer_norm(x)
            q, k, v = self.split(a.q_proj(h)), self.split(a.k_proj(h)), self.split(a.v_proj(h))
            o = attend(q, torch.cat([module_cache(past_keys, i), k], dim=2),
                       torch.cat([module_cache(past_values, i), v], dim=2))
            x = x + a.out_proj(o.transpose(1, 2).reshape(1, -1, self.heads * self.head_dim))
            x = x + layer.fc2(F.gelu(layer.fc1(layer.final_layer_norm(x))))
            new_k.append(k)
            new_v.append(v)
        return apm.layer_norm(x), graph_cache(new_k), graph_cache(new_v)


class AudioAdapter(nn.Module):
    """Graph audio_adapter: model.audio_projection_layer then model.audio_avg_pooler."""

    def __init__(self, model):
        super().__init__()
        self.proj = model.audio_projection_layer
        self.pool = model.audio_avg_pooler

    def forward(self, audio_hidden):
        return self.pool(self.proj(audio_hidden).transpose(1, 2)).transpose(1, 2)


class Siglip(nn.Module):
    """Graph siglip over model.vpm (layers as loaded: the release drops the last one)."""

    def __init__(self, vpm):
        super().__init__()
        self.vpm = vpm
        a = vpm.encoder.layers[0].self_attn
        self.heads = a.num_heads
        self.head_dim = a.head_dim

    def forward(self, pixel_values, position_ids, patch_mask):
        emb = self.vpm.embeddings
        x = emb.patch_embedding(pixel_values).flatten(2).transpose(1, 2)
        x = x + emb.position_embedding(position_ids)
        n = x.shape[0]
        key_bias = ((1 - patch_mask).to(x.dtype) * NEG)[:, None, None, :]

        def split(t):
            return t.view(n, -1, self.heads, self.head_dim).transpose(1, 2)

        for layer in self.vpm.encoder.layers:
            a = layer.self_attn
            h = layer.layer_norm1(x)
            o = attend(split(a.q_proj(h)), split(a.k_proj(h)), split(a.v_proj(h)), key_bias)
            x = x + a.out_proj(o.transpose(1, 2).reshape(n, -1, self.heads * self.head_dim))
            x = x + layer.mlp(layer.layer_norm2(x))
        return self.vpm.post_layernorm(x)


def sincos_2d(dim, grid):
    """The release's 2-D sin-cos table (get_2d_sincos_pos_embed), [grid*grid, dim], row-major i*grid+j."""
    g = torch.arange(grid, dtype=torch.float32)
    gw, gh = torch.meshgrid(g, g, indexing="xy")          # gw varies along w, gh along h

    def one_d(d, pos):
        omega = 1.0 / 10000 ** (torch.arange(d // 2, dtype=torch.float32) / (d / 2.0))
        out = pos.reshape(-1)[:, None] * omega[None, :]
        return torch.cat([out.sin(), out.cos()], dim=-1)

    return torch.cat([one_d(dim // 2, gw), one_d(dim // 2, gh)], dim=-1)


class Resampler(nn.Module):
    """Graph resampler over model.resampler: one nn.MultiheadAttention over 64 queries."""

    def __init__(self, resampler):
        super().__init__()
        self.r = resampler
        d = resampler.query.shape[1]
        self.register_buffer("pos_table", sincos_2d(d, POS_GRID).to(resampler.query.dtype), persistent=False)

    def forward(self, vision_hidden, position_ids, patch_mask):
        r = self.r
        n = vision_hidden.shape[0]
        d = r.query.shape[1]
        heads = r.attn.num_heads
        x = r.ln_kv(r.kv_proj(vision_hidden))
        pos = self.pos_table[position_ids]
        q = r.ln_q(r.query).unsqueeze(0).expand(n, NUM_QUERIES, d)
        wq, wk, wv = r.attn.in_proj_weight.chunk(3, dim=0)
        bq, bk, bv = r.attn.in_proj_bias.chunk(3, dim=0)

        def split(t):
            return t.view(n, -1, heads, d // heads).transpose(1, 2)

        key_bias = ((1 - patch_mask).to(x.dtype) * NEG)[:, None, None, :]
        o = attend(split(F.linear(q, wq, bq)), split(F.linear(x + pos, wk, bk)), split(F.linear(x, wv, bv)), key_bias)
        out = r.attn.out_proj(o.transpose(1, 2).reshape(n, NUM_QUERIES, d))
        return r.ln_post(out) @ r.proj


def wrap(model):
    """The release model's graphs by contract name (Token2Wav graphs excluded, see module doc)."""
    return {
        "apm_stream": ApmStream(model.apm),
        "audio_adapter": AudioAdapter(model),
        "siglip": Siglip(model.vpm),
        "resampler": Resampler(model.resampler),
        "llm_step": LlmStep(model.llm),
        "tts_proj": TtsProj(model.tts),
        "tts_step": TtsStep(model.tts),
    }


def sizes(model):
    """Contract sizes read from the loaded model's config (for the manifest and example inputs)."""
    llm = model.llm.config
    apm = model.apm.config
    vis = model.vpm.config
    tts = model.tts.model.config
    return dict(
        llm_hidden=llm.hidden_size, llm_layers=llm.num_hidden_layers, llm_heads=llm.num_attention_heads,
        llm_kv_heads=llm.num_key_value_heads, llm_head_dim=getattr(llm, "head_dim", None)
        or llm.hidden_size // llm.num_attention_heads, llm_mlp=llm.intermediate_size,
        llm_rope_theta=float(getattr(llm, "rope_theta", 1e6)), llm_eps=llm.rms_norm_eps,
        apm_width=apm.d_model, apm_layers=apm.encoder_layers, apm_heads=apm.encoder_attention_heads,
        apm_ffn=apm.encoder_ffn_dim,
        vis_width=vis.hidden_size, vis_layers=len(model.vpm.encoder.layers), vis_heads=vis.num_attention_heads,
        vis_ffn=vis.intermediate_size, res_heads=model.resampler.attn.num_heads,
        tts_width=tts.hidden_size, tts_layers=tts.num_hidden_layers, tts_heads=tts.num_attention_heads,
        tts_kv_heads=tts.num_key_value_heads, tts_mlp=tts.intermediate_size,
        tts_rope_theta=float(getattr(tts, "rope_theta", 1e4)), tts_eps=tts.rms_norm_eps,
    )
