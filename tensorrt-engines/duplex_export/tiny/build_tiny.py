"""Builds the tiny model: random weights from fixed seeds, plus a few planted rows.

Planted structure (everything else is random), so that the duplex loop takes every branch
that tests care about:

* Loudness path. apm_stream channel 0 carries 10 x (mean of the 80 mel bins + 0.55) through
  both convs and around every layer (their output rows for channels 0-1 are zero);
  channel 1 is a constant 5 that keeps the final LayerNorm's statistics stable.
  audio_adapter turns them into LLM channel 0 = 4 (an "audio" marker) and channel 1 =
  1.5 x ReLU(LN output 0 - 0.5) (loudness above a threshold).
* Listen/speak decision. The LLM's attention and MLP write nothing into channels 0-1, and
  token embeddings are zero there, so at the last audio position the post-norm hidden state
  n has n[0] ~ 3.9 and n[1] > 1 only for loud audio. Head rows: <|listen|> = 3 e0,
  <|speak|> = 3 e0 + 3 e1 with bias -3, so the first token of a unit is <|speak|> exactly
  when n[1] > 1 (loud) and <|listen|> otherwise.
* Text. Every head row for a token t in a planted chain is alpha * rmsnorm(embedding of t's
  predecessor) (alpha = 3) with bias 0; all other rows are small random with bias -8. At text
  positions the hidden state is dominated by the embedding of the token just fed, so greedy
  decoding follows the chains:
      <|speak|>  -> " Hello" " there" "," " I" " can" " hear" " you" "!" <|chunk_eos|>
      <|tts_bos|> -> " Okay" "." <|turn_eos|> <|chunk_tts_eos|>
  The first chain reaches 28 characters at " you", so the unit is cut there (the
  28-character rule); the second ends the turn. A unit in an open turn that hears silence
  samples <|listen|>, which the loop turns into <|tts_bos|>, so the turn ends with "Okay."
* TTS: audio EOS (6561) has a zero head row, far below the best random code, so every TTS
  call returns its full 25 codes.
* Green light (build_siglip, build_resampler, build_llm; see GREEN_CHAIN). A frame in which a
  lamp-sized patch is green (mean of G - R over the 14x14 patch, in the model's [-1, 1] pixel
  scale, above 0.75) makes every image embedding carry LLM channel 1 = about +9, any other frame
  about -9, and channel 0 = 0:
  - siglip: patch-embedding channel 0 = 20 x (patch mean of G - R - 0.75); no position or layer
    writes into channel 0, and post_layernorm saturates it to about +4 (green patch) or -4.
  - resampler: kv_proj channel 0 = 2 x that; head 0's query is a constant (bias 20 on dim 0,
    no weights) and its key is channel 0 alone, so head 0 of every query attends to the green
    patches when there are any (else spreads over the rest); its value dim 0 is channel 0, so
    it returns about +3.5 (green) or -3.5. out_proj writes +a and -a into channels 0 and 1,
    and the output channel 1 = 2 x (ln_post 0 - ln_post 1), channel 0 = 0.
  - llm_step layer 1, query head 0 / KV head 0 on the RoPE pair of dims 3 and 7 (the slowest
    rotation, under 0.05 rad over 1500 positions): the query is (n0, n0), so only positions with
    channel 0 > 0 (audio, whose channel 0 is 4, and <|speak|>, whose embedding has channel 0 = 2)
    look; the key is (5 n1 - 5 n0, -5 n0). Its qk-norm weights are 4 on dims 3 and 7 (shared by
    the layer's heads), so a green image row scores about 32, a row of the token " turned"
    (embedding channel 0 = -4, "the alert was said") about 45, text and quiet rows 0 (their key
    has nothing on dims 3 and 7) and audio or red image rows below 0. Its value dim 0 is
    n1 + 0.3 n0 and o writes 0.8 x that into channel 1. So a unit whose context holds a green frame
    and not yet " turned" gets n[1] > 1 at its decision: <|speak|>; once " turned" was said, the
    head adds a little below zero (-0.7) instead: the green is forgotten, and units decide as
    without it (quiet audio listens, loud audio still speaks). Without green frames the head adds
    nothing to the decision.
  - llm head: after <|speak|> (whose hidden state then carries the same n1 > 1) the row of " The"
    = the row of " Hello" + 3 e1 with bias -3, so " The" wins exactly when green was seen; then
    greedy decoding follows GREEN_CHAIN: " The" " light" " turned" " green" "." <|turn_eos|>
    <|chunk_tts_eos|> (24 characters, ends the turn). "." follows both " Okay" and " green": its
    row is the sum of both predecessors' rows.
"""
import math

import numpy as np
import torch
import torch.nn as nn

from . import tiny_modules as tm

SEEDS = dict(apm=101, adapter=102, siglip=103, resampler=104, llm=105, tts_proj=106, tts=107,
             t2w_encoder=108, dit=109, hift=110, llm_embed=111, tts_emb_text=112, tts_emb_code=113,
             llm_head=114, voice=115, noise=116)

LISTEN, SPEAK, TTS_BOS = 151705, 151706, 151703
TURN_EOS, CHUNK_EOS, CHUNK_TTS_EOS = 151717, 151718, 151721
SPEAK_CHAIN = ["\u0120Hello", "\u0120there", ",", "\u0120I", "\u0120can", "\u0120hear", "\u0120you", "!"]
TTS_BOS_CHAIN = ["\u0120Okay", "."]
GREEN_CHAIN = ["\u0120The", "\u0120light", "\u0120turned", "\u0120green", "."]
ALPHA = 3.0
# green-light plant (module docstring)
SPEAK_MARK = 2.0          # <|speak|> embedding channel 0: the green head looks from there too
SAID_MARK = -4.0          # " turned" embedding channel 0: the alert was said
GREEN_PATCH_GAIN = 20.0   # siglip patch-embedding channel 0 per unit of (G - R - threshold)
GREEN_PATCH_THRESHOLD = 0.75
GREEN_HEAD_DIMS = (3, 7)  # RoPE pair with the slowest rotation (inv_freq 1e6^-0.75)
GREEN_QK_NORM = 4.0
GREEN_KEY = 5.0
GREEN_SAID_VALUE = 0.3
GREEN_OUT = 0.8
GREEN_THE_GAIN = 3.0


def _gen(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def _normal(shape, std, g):
    return torch.randn(shape, generator=g, dtype=torch.float32) * std


@torch.no_grad()
def init_random(module, seed):
    """Deterministic init, module by module in registration order."""
    g = _gen(seed)
    for sub in module.modules():
        if isinstance(sub, (nn.Linear, nn.Conv1d, nn.Conv2d)):
            fan_in = sub.weight[0].numel()
            sub.weight.copy_(_normal(sub.weight.shape, 1.0 / math.sqrt(fan_in), g))
            if sub.bias is not None:
                sub.bias.copy_(_normal(sub.bias.shape, 0.02, g))
        elif isinstance(sub, nn.LayerNorm) and sub.elementwise_affine:
            sub.weight.copy_(1.0 + _normal(sub.weight.shape, 0.05, g))
            sub.bias.copy_(_normal(sub.bias.shape, 0.02, g))
    for name, p in module.named_parameters(recurse=True):
        leaf = name.rsplit(".", 1)[-1]
        if leaf in ("embed_positions", "position_embedding", "query", "embed"):
            p.copy_(_normal(p.shape, 0.5, g))
        elif leaf in ("in_proj_weight", "proj"):
            p.copy_(_normal(p.shape, 1.0 / math.sqrt(p.shape[-1]), g))
        elif leaf == "in_proj_bias":
            p.copy_(_normal(p.shape, 0.02, g))


def _scale_residual_writers(layers, names, rows, scale):
    """Small random residual updates, and none at all into the planted channels `rows`."""
    for layer in layers:
        for n in names:
            lin = getattr(layer, n)
            lin.weight.mul_(scale)
            lin.weight[rows] = 0
            if lin.bias is not None:
                lin.bias.mul_(scale)
                lin.bias[rows] = 0


@torch.no_grad()
def build_apm():
    m = tm.ApmStream()
    init_random(m, SEEDS["apm"])
    d = m.conv1.out_channels
    # channel 0: 10 * (mean mel + 0.55); mel is about -1.5 for silence and -0.6..0.4 for speech
    m.conv1.weight[0] = 0
    m.conv1.weight[0, :, 1] = 10.0 / tm.N_MELS
    m.conv1.bias[0] = 5.5
    m.conv1.weight[1] = 0
    m.conv1.bias[1] = 0
    m.conv2.weight[0:2] = 0
    m.conv2.weight[0, 0, 1] = 1.0
    m.conv2.bias[0] = 0
    m.conv2.bias[1] = 5.0
    m.conv2.weight[2:, 0:2] = 0
    m.embed_positions[:, 0:2] = 0
    _scale_residual_writers(m.layers, ("o", "fc2"), slice(0, 2), 0.3)
    m.layer_norm.weight.fill_(1.0)
    m.layer_norm.bias.zero_()
    assert d > 2
    return m.eval()


@torch.no_grad()
def build_adapter():
    m = tm.AudioAdapter()
    init_random(m, SEEDS["adapter"])
    m.linear1.weight[0:2] = 0
    m.linear1.weight[0, 0] = 1.0
    m.linear1.bias[0] = -0.5
    m.linear1.bias[1] = 1.0
    m.linear1.weight[2:, 0:2] = 0
    m.linear2.weight.mul_(0.1)
    m.linear2.bias.mul_(0.1)
    m.linear2.weight[0:2] = 0
    m.linear2.weight[2:, 0:2] = 0
    m.linear2.weight[0, 1] = 4.0
    m.linear2.weight[1, 0] = 1.5
    m.linear2.bias[0:2] = 0
    return m.eval()


@torch.no_grad()
def build_siglip():
    m = tm.Siglip()
    init_random(m, SEEDS["siglip"])
    # channel 0: GAIN x (patch mean of G - R - THRESHOLD), pixels in [-1, 1] (mean = std = 0.5)
    area = tm.PATCH * tm.PATCH
    m.patch_embedding.weight[0] = 0
    m.patch_embedding.weight[0, 1] = GREEN_PATCH_GAIN / area
    m.patch_embedding.weight[0, 0] = -GREEN_PATCH_GAIN / area
    m.patch_embedding.bias[0] = -GREEN_PATCH_GAIN * GREEN_PATCH_THRESHOLD
    m.position_embedding[:, 0] = 0
    _scale_residual_writers(m.layers, ("o", "fc2"), slice(0, 1), 1.0)
    m.post_layernorm.weight[0] = 1.0
    m.post_layernorm.bias[0] = 0.0
    return m.eval()


@torch.no_grad()
def build_resampler():
    m = tm.Resampler()
    init_random(m, SEEDS["resampler"])
    d = tm.TINY["llm_hidden"]
    hd = d // m.heads
    # kv channel 0 = 2 x the vision green channel, which no other kv channel reads
    m.kv_proj.weight[0] = 0
    m.kv_proj.weight[1:, 0] = 0
    m.kv_proj.weight[0, 0] = 2.0
    m.ln_kv.weight[0] = 1.0
    m.ln_kv.bias[0] = 0.0
    wq, wk, wv = m.in_proj_weight[:d], m.in_proj_weight[d:2 * d], m.in_proj_weight[2 * d:]
    bq, bk, bv = m.in_proj_bias[:d], m.in_proj_bias[d:2 * d], m.in_proj_bias[2 * d:]
    # head 0: a constant query that looks only at the green channel
    wq[:hd] = 0
    bq[:hd] = 0
    bq[0] = 20.0
    wk[:hd] = 0
    bk[:hd] = 0
    wk[0, 0] = 1.0
    wv[0] = 0
    wv[0, 0] = 1.0
    bv[0] = 0
    # out channels 0 and 1 = +a and -a (a = head 0's value dim 0); nothing else reads a
    m.out_proj.weight[:, 0] = 0
    m.out_proj.weight[0:2] = 0
    m.out_proj.weight[0, 0] = 1.0
    m.out_proj.weight[1, 0] = -1.0
    m.out_proj.bias[0:2] = 0
    m.ln_post.weight[0:2] = 1.0
    m.ln_post.bias[0:2] = 0.0
    # image embedding channel 0 = 0, channel 1 = 2 x (ln_post 0 - ln_post 1): exactly 0 only if a = 0
    m.proj[:, 0:2] = 0
    m.proj[0:2] = 0
    m.proj[0, 1] = 2.0
    m.proj[1, 1] = -2.0
    return m.eval()


def _fp16(t):
    return t.to(torch.float16).to(torch.float32)


@torch.no_grad()
def build_llm_embed(tok):
    g = _gen(SEEDS["llm_embed"])
    e = _normal((tm.LLM_VOCAB, tm.TINY["llm_hidden"]), 1.0, g)
    e[:, 0:2] = 0
    e[SPEAK, 0] = SPEAK_MARK
    e[tok.token_id("\u0120turned"), 0] = SAID_MARK
    return e.to(torch.float16)


def _rmsnorm_rows(x):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True))


def _chain_row(embedding):
    """ALPHA x rmsnorm of the random channels of a predecessor's embedding (channels 0-1, the
    planted markers, stay out of the text rows)."""
    e = embedding.clone()
    e[0:2] = 0
    return ALPHA * _rmsnorm_rows(e)


def planted_chains(tok):
    speak_chain = [SPEAK] + [tok.token_id(t) for t in SPEAK_CHAIN] + [CHUNK_EOS]
    bos_chain = [TTS_BOS] + [tok.token_id(t) for t in TTS_BOS_CHAIN] + [TURN_EOS, CHUNK_TTS_EOS]
    return speak_chain, bos_chain


def green_chain(tok):
    return [SPEAK] + [tok.token_id(t) for t in GREEN_CHAIN] + [TURN_EOS, CHUNK_TTS_EOS]


def _plant_green_head(layer):
    """Layer 1's query head 0 / KV head 0 (module docstring)."""
    hd = tm.TINY["llm_head_dim"]
    a, b = GREEN_HEAD_DIMS
    layer.q.weight[0:hd] = 0
    layer.q.weight[a, 0] = 1.0
    layer.q.weight[b, 0] = 1.0
    layer.k.weight[a] = 0
    layer.k.weight[b] = 0
    layer.k.weight[a, 1] = GREEN_KEY
    layer.k.weight[a, 0] = -GREEN_KEY
    layer.k.weight[b, 0] = -GREEN_KEY
    layer.v.weight[0] = 0
    layer.v.weight[0, 1] = 1.0
    layer.v.weight[0, 0] = GREEN_SAID_VALUE
    layer.q_norm[[a, b]] = GREEN_QK_NORM
    layer.k_norm[[a, b]] = GREEN_QK_NORM
    layer.o.weight[1, 0] = GREEN_OUT


@torch.no_grad()
def build_llm(tok, embed16, bad_token_ids):
    m = tm.LlmStep()
    init_random(m, SEEDS["llm"])
    _scale_residual_writers(m.layers, ("o", "down"), slice(0, 2), 0.15)
    g = _gen(SEEDS["llm_head"])
    d = tm.TINY["llm_hidden"]
    w = _normal((tm.LLM_VOCAB, d), 0.05, g)
    w[:, 0:2] = 0
    b = torch.full((tm.LLM_VOCAB,), -8.0)
    w[LISTEN] = 0
    w[LISTEN, 0] = 3.0
    b[LISTEN] = 0.0
    w[SPEAK] = 0
    w[SPEAK, 0] = 3.0
    w[SPEAK, 1] = 3.0
    b[SPEAK] = -3.0
    emb = embed16.to(torch.float32)
    bad = set(bad_token_ids)
    for chain in planted_chains(tok):
        for pred, succ in zip(chain[:-1], chain[1:]):
            assert succ not in bad, f"planted token {succ} is in the bad-token list"
            w[succ] = _chain_row(emb[pred])
            b[succ] = 0.0
    green = green_chain(tok)
    first = green[1]
    w[first] = _chain_row(emb[SPEAK])
    w[first, 1] = GREEN_THE_GAIN
    b[first] = -GREEN_THE_GAIN
    planted = {link for chain in planted_chains(tok) for link in zip(chain[:-1], chain[1:])}
    for pred, succ in zip(green[1:-1], green[2:]):
        if (pred, succ) in planted:
            continue  # "." -> <|turn_eos|> -> <|chunk_tts_eos|> are the "Okay." chain's
        assert succ not in bad, f"planted token {succ} is in the bad-token list"
        shared = b[succ] == 0.0  # "." also follows " Okay": both predecessors' rows, summed
        w[succ] = (w[succ] if shared else 0) + _chain_row(emb[pred])
        b[succ] = 0.0
    _plant_green_head(m.layers[1])
    m.lm_head_weight.copy_(w.to(torch.float16))
    m.lm_head_bias.copy_(b.to(torch.float16))
    return m.eval()


@torch.no_grad()
def build_tts_tables():
    g = _gen(SEEDS["tts_emb_text"])
    text = _normal((tm.TTS_TEXT_VOCAB, tm.TINY["tts_width"]), 1.0, g).to(torch.float16)
    g = _gen(SEEDS["tts_emb_code"])
    code = _normal((tm.TTS_CODES, tm.TINY["tts_width"]), 1.0, g).to(torch.float16)
    return text, code


@torch.no_grad()
def build_tts_proj():
    m = tm.TtsProj()
    init_random(m, SEEDS["tts_proj"])
    return m.eval()


@torch.no_grad()
def build_tts():
    m = tm.TtsStep()
    init_random(m, SEEDS["tts"])
    m.head_code.weight.mul_(2.0)
    m.head_code.weight[tm.TTS_CODES - 1] = 0     # audio EOS never wins: every call gives 25 codes
    return m.eval()


@torch.no_grad()
def build_t2w_encoder():
    m = tm.T2wEncoder()
    init_random(m, SEEDS["t2w_encoder"])
    m.embed[tm.T2W_PAD_CODE] = 0
    return m.eval()


@torch.no_grad()
def build_dit():
    m = tm.DitStep()
    init_random(m, SEEDS["dit"])
    return m.eval()


@torch.no_grad()
def build_hift():
    m = tm.Hift()
    init_random(m, SEEDS["hift"])
    m.f0.weight.mul_(0.2)
    m.frame.weight.mul_(0.3)
    return m.eval()


def build_all(tok, bad_token_ids):
    embed16 = build_llm_embed(tok)
    text16, code16 = build_tts_tables()
    modules = dict(
        apm_stream=build_apm(), audio_adapter=build_adapter(), siglip=build_siglip(),
        resampler=build_resampler(), llm_step=build_llm(tok, embed16, bad_token_ids),
        tts_proj=build_tts_proj(), tts_step=build_tts(), t2w_encoder=build_t2w_encoder(),
        dit_step=build_dit(), hift=build_hift())
    tables = dict(llm_embed=embed16, tts_emb_text=text16, tts_emb_code=code16)
    return modules, tables


# ---------------------------------------------------------------- default voice and noise
def flow_noise():
    """Fixed flow-matching start noise [1, 80, 50] (the release draws fresh noise per window)."""
    return _normal((1, tm.N_MELS, 2 * 25), 1.0, _gen(SEEDS["noise"]))


def cosine_t_span(steps):
    t = torch.linspace(0, 1, steps + 1, dtype=torch.float32)
    return 1 - torch.cos(t * 0.5 * math.pi)


@torch.no_grad()
def run_flow(modules, codes, caches, noise, steps):
    """One Token2Wav window through t2w_encoder and `steps` dit_step calls (host Euler loop).

    caches: dict with cnn_cache, enc_k, enc_v, up_k, up_v, dit (list of per-step dicts
    cnn, k, v), spk. Returns (mel [1,80,T], new caches) with attention caches appended
    (not yet trimmed)."""
    enc = modules["t2w_encoder"]
    mu, cnn, ek, ev, uk, uv = enc(codes, caches["cnn_cache"], caches["enc_k"], caches["enc_v"],
                                  caches["up_k"], caches["up_v"])
    out = dict(caches)
    out["cnn_cache"] = cnn
    out["enc_k"] = torch.cat([caches["enc_k"], ek], dim=3)
    out["enc_v"] = torch.cat([caches["enc_v"], ev], dim=3)
    out["up_k"] = torch.cat([caches["up_k"], uk], dim=3)
    out["up_v"] = torch.cat([caches["up_v"], uv], dim=3)
    n_frames = mu.shape[2]
    x = noise[:, :, :n_frames].clone()
    t_span = cosine_t_span(steps)
    t, dt = t_span[0:1], t_span[1] - t_span[0]
    new_dit = []
    for step in range(1, steps + 1):
        c = caches["dit"][step - 1]
        v, cnn_s, k_s, v_s = modules["dit_step"](x, mu, caches["spk"], t, c["cnn"], c["k"], c["v"])
        x = x + dt * v
        t = t + dt
        if step < steps:
            dt = t_span[step + 1] - t
        new_dit.append(dict(cnn=cnn_s, k=torch.cat([c["k"], k_s], dim=3), v=torch.cat([c["v"], v_s], dim=3)))
    out["dit"] = new_dit
    return x, out


def empty_flow_caches(spk):
    c = tm.TINY
    w, he = c["t2w_width"], c["t2w_heads"]
    hd, dd = c["dit_heads"], c["dit_head_dim"]
    zero_kv = torch.zeros(1, 1, he, 0, w // he)
    dit = [dict(cnn=torch.zeros(c["dit_layers"], 2, 2 * c["dit_width"], 2),
                k=torch.zeros(c["dit_layers"], 2, hd, 0, dd), v=torch.zeros(c["dit_layers"], 2, hd, 0, dd))
           for _ in range(5)]
    return dict(cnn_cache=torch.zeros(1, w, 2 + 2 * tm.T2W_UP), enc_k=zero_kv, enc_v=zero_kv.clone(),
                up_k=zero_kv.clone(), up_v=zero_kv.clone(), dit=dit, spk=spk)


@torch.no_grad()
def build_voice(modules, steps):
    """The default voice: caches after one prompt window of 25 (+3 lookahead) random codes,
    standing in for the release's prompt set-up (setup_cache on a reference wav)."""
    g = _gen(SEEDS["voice"])
    spk = _normal((1, tm.N_MELS), 1.0, g)
    codes = torch.randint(0, tm.T2W_CODES, (1, 28), generator=g)
    mel, caches = run_flow(modules, codes, empty_flow_caches(spk), flow_noise(), steps)
    return dict(
        spk=spk, t2w_cnn_cache=caches["cnn_cache"], enc_keys=caches["enc_k"], enc_values=caches["enc_v"],
        up_keys=caches["up_k"], up_values=caches["up_v"],
        dit_cnn_cache=torch.stack([d["cnn"] for d in caches["dit"]]),
        dit_keys=torch.stack([d["k"] for d in caches["dit"]]),
        dit_values=torch.stack([d["v"] for d in caches["dit"]]),
        hift_mel_cache=mel[:, :, -tm.HIFT_MEL_CACHE:].contiguous(),
        hift_source_cache=torch.zeros(1, 1, tm.HIFT_SOURCE_CACHE),
        hift_speech_cache=torch.zeros(1, tm.HIFT_SOURCE_CACHE))
