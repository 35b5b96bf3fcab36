"""The contract's Token2Wav graphs (t2w_encoder, dit_step, hift) around the release's Token2Wav.

`t2w` is the object MiniCPM-o 4.5 holds as model.tts.audio_tokenizer (stepaudio2.Token2wav,
or token2wav_layout.Token2wav with the same attribute tree). Every weight is read from its
submodules at call time: their Linear, LayerNorm, Conv, Embedding and weight-normed modules
are called, never copied. The computations follow the streaming path of Step-Audio2's
cosyvoice2 code (UpsampleConformerEncoderV2.forward_chunk, DiT.forward_chunk inside
CausalConditionalCFM.solve_euler_chunk, HiFTGenerator.forward with a cached source, then the
Hamming cross-fade of Token2wav.stream), one call of each per graph call:

- t2w_encoder: codes -> input_embedding -> embed (Linear, LayerNorm, x sqrt(d)) -> codes equal to
  the pad code become zero frames (the release pads zeros after the embedding on the last chunk)
  -> pre-lookahead convs (2-frame cache) -> conformer layers with relative positions over
  [cache + new] -> nearest x2 and the up conv (4-frame cache) -> up_embed -> up conformer layers
  -> after_norm -> encoder_proj: mu [1, 80, 2 (N - 3)]. Keys and values leave as new rows only.
- dit_step: one estimator call on the guidance batch [x, x] / [mu, 0] / [spk, 0] / [cond, 0]
  (cond, the prompt mel, is zero while streaming), velocity (1 + r) v_cond - r v_uncond.
- hift: f0 predictor over [mel cache + mel], the 24 kHz harmonic source with its first 3840
  samples replaced by the cached source, decode (iSTFT n_fft 16, hop 4), clamp, and the
  Hamming cross-fade of its first 3840 samples with the cached speech tail.

Where the release draws random numbers the graphs are deterministic: the sine source's initial
harmonic phases are zero and its additive noise (std 0.003 voiced, 0.033 unvoiced) is left out;
the flow's initial noise is the package's noise table, given by the host.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

N_MELS = 80


# ---------------------------------------------------------------- flow encoder
def rel_positions(length, d, dtype):
    """EspnetRelPositionalEncoding.position_encoding(size=length): positions length-1 .. -(length-1), [1, 2L-1, d]."""
    pos = (length - 1) - torch.arange(2 * length - 1, dtype=torch.float32)
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * -(math.log(10000.0) / d))
    ang = pos[:, None] * div[None, :]
    return torch.stack([torch.sin(ang), torch.cos(ang)], dim=-1).reshape(1, -1, d).to(dtype)


def rel_shift(x):
    """[B, H, T, 2L-1] -> [B, H, T, L] as RelPositionMultiHeadedAttention.rel_shift computes it."""
    b, h, t, w = x.shape
    padded = torch.cat([torch.zeros(b, h, t, 1, dtype=x.dtype), x], dim=-1).reshape(b, h, w + 1, t)
    return padded[:, :, 1:].reshape(b, h, t, w)[:, :, :, : w // 2 + 1]


def conformer_layer(layer, x, pos_emb, past_k, past_v):
    """ConformerEncoderLayer (pre-norm, no macaron, no conv module) over [past + x]; returns x, new k, new v."""
    att = layer.self_attn
    h = layer.norm_mha(x)
    b, t, _ = h.shape
    q = att.linear_q(h).view(b, t, att.h, att.d_k)
    k = att.linear_k(h).view(b, t, att.h, att.d_k).transpose(1, 2)
    v = att.linear_v(h).view(b, t, att.h, att.d_k).transpose(1, 2)
    keys, values = torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2)
    p = att.linear_pos(pos_emb).view(1, -1, att.h, att.d_k).transpose(1, 2)
    ac = torch.matmul((q + att.pos_bias_u).transpose(1, 2), keys.transpose(-2, -1))
    bd = rel_shift(torch.matmul((q + att.pos_bias_v).transpose(1, 2), p.transpose(-2, -1)))
    scores = (ac + bd) / math.sqrt(att.d_k)
    a = torch.matmul(torch.softmax(scores, dim=-1), values).transpose(1, 2).reshape(b, t, att.h * att.d_k)
    x = x + att.linear_out(a)
    ff = layer.feed_forward
    x = x + ff.w_2(F.silu(ff.w_1(layer.norm_ff(x))))
    return x, k, v


class T2wEncoder(nn.Module):
    """Graph t2w_encoder over flow.input_embedding, flow.encoder and flow.encoder_proj."""

    def __init__(self, t2w, pad_code):
        super().__init__()
        self.flow = t2w.flow
        self.pad_code = pad_code

    def forward(self, codes, cnn_cache, enc_past_keys, enc_past_values, up_past_keys, up_past_values):
        flow, enc = self.flow, self.flow.encoder
        look = enc.pre_lookahead_layer
        keep = (codes != self.pad_code).unsqueeze(-1)
        x = flow.input_embedding(torch.clamp(codes, 0, flow.input_embedding.num_embeddings - 1))
        x = enc.embed.out(x) * enc.embed.pos_enc.xscale
        x = torch.where(keep, x, torch.zeros_like(x))
        # pre-lookahead: conv1 over every code, conv2 causal over [2 cached frames + its output]
        y = F.leaky_relu(look.conv1(x.transpose(1, 2)))
        new_look_cache = y[:, :, -2:]
        y = look.conv2(torch.cat([cnn_cache[:, :, :2], y], dim=2))
        x = y.transpose(1, 2) + x[:, : x.shape[1] - look.pre_lookahead_len]
        d = x.shape[-1]
        pos = rel_positions(enc_past_keys.shape[3] + x.shape[1], d, x.dtype)
        enc_k, enc_v = [], []
        for i, layer in enumerate(enc.encoders):
            x, k, v = conformer_layer(layer, x, pos, enc_past_keys[i], enc_past_values[i])
            enc_k.append(k)
            enc_v.append(v)
        # nearest upsampling, then the up conv causal over [4 cached frames + upsampled]
        stride = enc.up_layer.stride
        xt = x.transpose(1, 2)
        u = xt.unsqueeze(3).expand(xt.shape[0], xt.shape[1], xt.shape[2], stride).reshape(xt.shape[0], xt.shape[1], -1)
        u = torch.cat([cnn_cache[:, :, 2:], u], dim=2)
        new_up_cache = u[:, :, -2 * stride:]
        x = enc.up_layer.conv(u).transpose(1, 2)
        x = enc.up_embed.out(x) * enc.up_embed.pos_enc.xscale
        pos = rel_positions(up_past_keys.shape[3] + x.shape[1], d, x.dtype)
        up_k, up_v = [], []
        for i, layer in enumerate(enc.up_encoders):
            x, k, v = conformer_layer(layer, x, pos, up_past_keys[i], up_past_values[i])
            up_k.append(k)
            up_v.append(v)
        mu = flow.encoder_proj(enc.after_norm(x)).transpose(1, 2)
        return (mu, torch.cat([new_look_cache, new_up_cache], dim=2),
                torch.stack(enc_k), torch.stack(enc_v), torch.stack(up_k), torch.stack(up_v))


# ---------------------------------------------------------------- DiT step
def layer_norm_plain(x, d, eps):
    """LayerNorm over width d (an int, for the exporter) without affine (torch 1.13 exports a missing scale
    as an empty input ONNX rejects)."""
    return F.layer_norm(x, (d,), torch.ones(d, dtype=x.dtype), torch.zeros(d, dtype=x.dtype), eps)


def modulate(x, shift, scale):
    return x * (1 + scale) + shift


def timestep_embedding(embedder, t):
    """TimestepEmbedder: sinusoid of t * scale (cos half first), then its MLP."""
    dim = embedder.frequency_embedding_size
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half).to(t.dtype)
    args = (t * embedder.scale)[:, None] * freqs[None]
    return embedder.mlp(torch.cat([torch.cos(args), torch.sin(args)], dim=-1))


def causal_conv(conv, x, cache):
    """CausalConv1d.forward_chunk: the conv over [cache + x]; returns output and the new cache."""
    x = torch.cat([cache, x], dim=2)
    return nn.Conv1d.forward(conv, x), x[:, :, x.shape[2] - (conv.kernel_size[0] - 1):]


def dit_block(block, x, c, cnn_cache, past_k, past_v):
    (sh_a, sc_a, g_a, sh_m, sc_m, g_m, sh_c, sc_c, g_c) = block.adaLN_modulation(c).chunk(9, dim=-1)
    att = block.attn
    b, t, _ = x.shape
    d = att.to_q.in_features

    def heads(z):
        return z.reshape(b, t, att.num_heads, -1).transpose(1, 2)

    h = modulate(layer_norm_plain(x, d, block.norm1.eps), sh_a, sc_a)
    q, k, v = att.q_norm(heads(att.to_q(h))), att.k_norm(heads(att.to_k(h))), heads(att.to_v(h))
    keys, values = torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2)
    scores = torch.matmul(q, keys.transpose(-2, -1)) / math.sqrt(att.head_dim)
    a = torch.matmul(torch.softmax(scores, dim=-1), values).transpose(1, 2).reshape(b, t, -1)
    x = x + g_a * att.proj(a)
    seq = block.conv.block
    c1 = seq[1].in_channels
    h = modulate(layer_norm_plain(x, d, block.norm3.eps), sh_c, sc_c).transpose(1, 2)
    h, cache1 = causal_conv(seq[1], h, cnn_cache[:, :c1])
    h = seq[4](seq[3](h.transpose(1, 2))).transpose(1, 2)
    h, cache2 = causal_conv(seq[6], h, cnn_cache[:, c1:])
    x = x + g_c * h.transpose(1, 2)
    mlp = block.mlp
    x = x + g_m * mlp.fc2(F.gelu(mlp.fc1(modulate(layer_norm_plain(x, d, block.norm2.eps), sh_m, sc_m)),
                                 approximate="tanh"))
    return x, torch.cat([cache1, cache2], dim=1), k, v


class DitStep(nn.Module):
    """Graph dit_step over flow.decoder.estimator; cond (the prompt mel) is an extra argument for the
    voice set-up only (the graph's callers stream with cond zero)."""

    def __init__(self, t2w):
        super().__init__()
        self.estimator = t2w.flow.decoder.estimator
        self.cfg_rate = float(t2w.flow.decoder.inference_cfg_rate)

    def forward(self, x, mu, spk, t, cnn_cache, past_keys, past_values, cond=None):
        est = self.estimator
        n = x.shape[2]
        c = timestep_embedding(est.t_embedder, torch.cat([t, t])).unsqueeze(1)          # [2, 1, d]
        cond = torch.zeros_like(mu) if cond is None else cond
        spk2 = torch.cat([spk, torch.zeros_like(spk)], dim=0).unsqueeze(2).expand(2, spk.shape[1], n)
        inp = torch.cat([torch.cat([x, x]), torch.cat([mu, torch.zeros_like(mu)]), spk2,
                         torch.cat([cond, torch.zeros_like(cond)])], dim=1)
        h = est.in_proj(inp.transpose(1, 2))
        new_cnn, new_k, new_v = [], [], []
        for i, block in enumerate(est.blocks):
            h, cc, k, v = dit_block(block, h, c, cnn_cache[i], past_keys[i], past_values[i])
            new_cnn.append(cc)
            new_k.append(k)
            new_v.append(v)
        fin = est.final_layer
        shift, scale = fin.adaLN_modulation(c).chunk(2, dim=-1)
        v2 = fin.linear(modulate(layer_norm_plain(h, fin.linear.in_features, fin.norm_final.eps), shift, scale)).transpose(1, 2)
        velocity = (1.0 + self.cfg_rate) * v2[0:1] - self.cfg_rate * v2[1:2]
        return velocity, torch.stack(new_cnn), torch.stack(new_k), torch.stack(new_v)


# ---------------------------------------------------------------- HiFT
def hann(n):
    return torch.from_numpy((0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)).astype(np.float32))   # periodic


def dft_kernels(n_fft):
    """Conv kernels of the one-sided DFT: [2 (n_fft/2 + 1), 1, n_fft] (real rows, then imaginary)."""
    k = np.arange(n_fft // 2 + 1)[:, None]
    n = np.arange(n_fft)[None, :]
    ang = 2 * np.pi * k * n / n_fft
    return torch.from_numpy(np.concatenate([np.cos(ang), -np.sin(ang)]).astype(np.float32)).unsqueeze(1)


def idft_kernels(n_fft):
    """irfft as a transposed conv: [2 (n_fft/2 + 1), 1, n_fft]; DC and Nyquist imaginary parts ignored."""
    k = np.arange(n_fft // 2 + 1)[:, None]
    n = np.arange(n_fft)[None, :]
    ang = 2 * np.pi * k * n / n_fft
    w = np.full((n_fft // 2 + 1, 1), 2.0)
    w[0] = w[-1] = 1.0
    sin = -np.sin(ang) * w
    sin[0] = sin[-1] = 0.0
    return torch.from_numpy((np.concatenate([np.cos(ang) * w, sin]) / n_fft).astype(np.float32)).unsqueeze(1)


def snake(act, x):
    alpha = act.alpha.unsqueeze(0).unsqueeze(-1)
    if act.alpha_logscale:
        alpha = torch.exp(alpha)
    return x + (1.0 / (alpha + 1e-9)) * torch.pow(torch.sin(x * alpha), 2)


def res_block(block, x):
    for c1, c2, a1, a2 in zip(block.convs1, block.convs2, block.activations1, block.activations2):
        x = c2(snake(a2, c1(snake(a1, x)))) + x
    return x


class Hift(nn.Module):
    """Graph hift over t2w.hift, with the release's Token2wav.stream cache handling."""

    def __init__(self, t2w):
        super().__init__()
        self.hift = t2w.hift
        self.source_len = int(t2w.source_cache_len)
        n_fft, hop = self.hift.istft_params["n_fft"], self.hift.istft_params["hop_len"]
        self.n_fft, self.hop = n_fft, hop
        win = hann(n_fft)
        self.register_buffer("stft_kernels", dft_kernels(n_fft) * win, persistent=False)
        self.register_buffer("istft_kernels", idft_kernels(n_fft) * win, persistent=False)
        self.register_buffer("window_sq", (win * win).view(1, 1, n_fft), persistent=False)
        fade = torch.from_numpy(np.hamming(2 * self.source_len).astype(np.float32))
        self.register_buffer("fade_in", fade[: self.source_len].clone(), persistent=False)
        self.register_buffer("fade_out", fade[self.source_len:].clone(), persistent=False)

    def source(self, f0):
        """SourceModuleHnNSF2 over frame-rate f0 [1, F]: harmonics 1..9 of f0 with the per-frame phase
        increments linearly upsampled as SineGen2 does, unvoiced (f0 <= threshold) silent."""
        gen = self.hift.m_source.l_sin_gen
        scale = gen.upsample_scale
        harmonics = torch.arange(1, gen.harmonic_num + 2, dtype=f0.dtype)
        rad = torch.remainder(f0.unsqueeze(-1) * harmonics / gen.sampling_rate, 1.0)       # [1, F, H] cycles per sample
        phase = torch.cumsum(rad, dim=1) * (2 * np.pi)
        phase = F.interpolate(phase.transpose(1, 2) * scale, scale_factor=float(scale), mode="linear")   # [1, H, F*480]
        sines = torch.sin(phase).transpose(1, 2) * gen.sine_amp
        uv = (f0 > gen.voiced_threshold).to(f0.dtype)
        uv = uv.unsqueeze(-1).expand(uv.shape[0], uv.shape[1], scale).reshape(uv.shape[0], -1, 1)
        src = self.hift.m_source
        return src.l_tanh(src.l_linear(sines * uv))

    def decode(self, x, s):
        h = self.hift
        pad = self.n_fft // 2
        spec = F.conv1d(F.pad(s, (pad, pad), mode="reflect"), self.stft_kernels, stride=self.hop)   # [1, 18, frames]
        x = h.conv_pre(x)
        for i in range(h.num_upsamples):
            x = h.ups[i](F.leaky_relu(x, h.lrelu_slope))
            if i == h.num_upsamples - 1:
                x = h.reflection_pad(x)
            x = x + res_block(h.source_resblocks[i], h.source_downs[i](spec))
            xs = res_block(h.resblocks[i * h.num_kernels], x)
            for j in range(1, h.num_kernels):
                xs = xs + res_block(h.resblocks[i * h.num_kernels + j], x)
            x = xs / h.num_kernels
        x = h.conv_post(F.leaky_relu(x))
        bins = self.n_fft // 2 + 1
        magnitude = torch.clamp(torch.exp(x[:, :bins]), max=1e2)
        phase = torch.sin(x[:, bins:])
        frames = torch.cat([magnitude * torch.cos(phase), magnitude * torch.sin(phase)], dim=1)
        y = F.conv_transpose1d(frames, self.istft_kernels, stride=self.hop)
        denom = F.conv_transpose1d(torch.ones_like(frames[:, :1]), self.window_sq, stride=self.hop)
        y = y / torch.where(denom > 1e-8, denom, torch.ones_like(denom))
        y = y[:, 0, pad: y.shape[2] - pad]
        return torch.clamp(y, -h.audio_limit, h.audio_limit)

    def forward(self, mel, mel_cache, source_cache, speech_cache):
        h = self.hift
        m = torch.cat([mel_cache, mel], dim=2)
        f0 = torch.abs(h.f0_predictor.classifier(h.f0_predictor.condnet(m).transpose(1, 2)).squeeze(-1))   # [1, F]
        s = self.source(f0).transpose(1, 2)                                                      # [1, 1, F*480]
        s = torch.cat([source_cache, s[:, :, self.source_len:]], dim=2)
        speech = self.decode(m, s)
        head = speech[:, : self.source_len] * self.fade_in + speech_cache * self.fade_out
        speech = torch.cat([head, speech[:, self.source_len:]], dim=1)
        return speech, s[:, :, s.shape[2] - self.source_len:]


def wrap(t2w, pad_code):
    """name -> graph module over the release's Token2wav object."""
    return {"t2w_encoder": T2wEncoder(t2w, pad_code), "dit_step": DitStep(t2w), "hift": Hift(t2w)}


def sizes(t2w):
    """Widths of the contract's token2wav section and graph_specs, read from the modules."""
    enc, est = t2w.flow.encoder, t2w.flow.decoder.estimator
    att = enc.encoders[0].self_attn
    blk = est.blocks[0]
    return dict(t2w_width=att.h * att.d_k, t2w_heads=att.h, t2w_layers=len(enc.encoders),
                t2w_up_layers=len(enc.up_encoders), dit_width=est.in_proj.out_features,
                dit_heads=blk.attn.num_heads, dit_head_dim=blk.attn.q_norm.normalized_shape[0],
                dit_layers=len(est.blocks), dit_cnn_channels=blk.conv.block[1].in_channels + blk.conv.block[6].in_channels)
