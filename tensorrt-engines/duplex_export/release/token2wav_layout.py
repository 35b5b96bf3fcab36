"""The release's Token2Wav object assembled without its code, from its two weight files.

MiniCPM-o 4.5 ships Token2Wav under assets/token2wav/ of its checkpoint folder (flow.yaml,
flow.pt, hift.pt, campplus.onnx, speech_tokenizer_v2_25hz.onnx) and loads it as
`model.tts.audio_tokenizer = stepaudio2.Token2wav(folder)`: an object whose `.flow` is
CosyVoice2's CausalMaskedDiffWithXvec (Step-Audio2's UpsampleConformerEncoderV2 and a DiT
flow-matching estimator) and whose `.hift` is the HiFT vocoder. Where the stepaudio2 package
is missing (Debian's torch set, a board), this module builds the same attribute tree with
plain torch modules, sized from the tensors of flow.pt and hift.pt, and loads those tensors
into it by name, so token2wav.py wraps it exactly as it wraps the release's object:

    flow.input_embedding                              Embedding(6561, 512)
    flow.spk_embed_affine_layer                       Linear(192, 80)
    flow.encoder.embed.out[0], .out[1]                Linear, LayerNorm(eps 1e-5); embed.pos_enc.xscale = sqrt(512)
    flow.encoder.pre_lookahead_layer.conv1, .conv2    Conv1d(k 4), Conv1d(k 3); .pre_lookahead_len = 3
    flow.encoder.encoders[i]                          .norm_mha, .norm_ff (LayerNorm eps 1e-12),
                                                      .self_attn.{linear_q, linear_k, linear_v, linear_out,
                                                      linear_pos (no bias), pos_bias_u, pos_bias_v [heads, d_k]},
                                                      .feed_forward.{w_1, w_2} (swish)            x 6
    flow.encoder.up_layer.conv                        Conv1d(k 5) after nearest x2; .stride = 2
    flow.encoder.up_embed.out[0], .out[1]             as embed
    flow.encoder.up_encoders[i]                       as encoders                                 x 4
    flow.encoder.after_norm                           LayerNorm(eps 1e-5)
    flow.encoder_proj                                 Linear(512, 80)
    flow.decoder.inference_cfg_rate                   0.7
    flow.decoder.estimator (DiT)                      .t_embedder.mlp (Linear, SiLU, Linear), .frequency_embedding_size,
                                                      .in_proj Linear(320, 512) over [x, mu, spk, cond],
                                                      .blocks[i].{norm1, norm2, norm3 (no affine, eps 1e-6),
                                                      attn.{to_q, to_k, to_v, q_norm, k_norm, proj},
                                                      conv.block[1], conv.block[3], conv.block[6] (causal k 3),
                                                      mlp.{fc1, fc2} (GELU tanh), adaLN_modulation (SiLU, Linear x9)} x 16,
                                                      .final_layer.{adaLN_modulation, norm_final, linear}
    hift (HiFTGenerator, 24 kHz)                      .f0_predictor.{condnet[0,2,4,6,8], classifier}, .m_source.l_linear,
                                                      .conv_pre, .ups[3], .source_downs[3], .source_resblocks[3],
                                                      .resblocks[9] (convs1, convs2, activations1/2 Snake alpha),
                                                      .conv_post; weight norm on conv_pre, ups, conv_post,
                                                      f0 condnet and the resblocks' convs

Widths and depths are read from the tensors (heads from pos_bias_u and the DiT's q_norm);
rates and kernel sizes are the release's (HiFT upsampling 8 x 5 x 3, iSTFT n_fft 16 hop 4,
8 harmonics). Every tensor of the tree must be in the files and every tensor of the files
must land in the tree, or loading fails naming them.
"""
import math
import os
import re

import torch
import torch.nn as nn

ASSETS = os.path.join("assets", "token2wav")
FLOW_FILE, HIFT_FILE = "flow.pt", "hift.pt"
SPK_EMBED_DIM = 192
CODES = 6561
MELS = 80
HIFT_UP_RATES = (8, 5, 3)
HIFT_UP_KERNELS = (16, 11, 7)
HIFT_RES_KERNELS = (3, 7, 11)
HIFT_SOURCE_RES_KERNELS = (7, 7, 11)
HIFT_DILATIONS = (1, 3, 5)
HIFT_N_FFT, HIFT_HOP_LEN = 16, 4
HIFT_HARMONICS = 8
# widths of the release's flow.yaml and HiFTGenerator defaults, and small ones for CI
WIDTHS = {
    "release": dict(enc_width=512, enc_heads=8, enc_ffn=2048, enc_blocks=6, enc_up_blocks=4,
                    dit_width=512, dit_heads=8, dit_head_dim=64, dit_depth=16, dit_freq=256,
                    hift_channels=512, f0_channels=512),
    "tiny": dict(enc_width=32, enc_heads=2, enc_ffn=64, enc_blocks=2, enc_up_blocks=1,
                 dit_width=32, dit_heads=2, dit_head_dim=16, dit_depth=2, dit_freq=16,
                 hift_channels=16, f0_channels=16),
}


def has_token2wav(checkpoint):
    folder = os.path.join(checkpoint, ASSETS)
    return all(os.path.isfile(os.path.join(folder, f)) for f in (FLOW_FILE, HIFT_FILE))


def wn(module):
    # torch.nn.utils.weight_norm (weight_g, weight_v) exists in torch 1.13 and 2.x alike; the
    # parametrized form stores the same two tensors as parametrizations.weight.original0 / 1
    return nn.utils.weight_norm(module)


# ---------------------------------------------------------------- flow
class Embed(nn.Module):
    """LinearNoSubsampling with EspnetRelPositionalEncoding (whose table is computed, not stored)."""

    def __init__(self, d):
        super().__init__()
        self.out = nn.Sequential(nn.Linear(d, d), nn.LayerNorm(d, eps=1e-5), nn.Dropout(0.0))
        self.pos_enc = nn.Module()
        self.pos_enc.xscale = math.sqrt(d)


class RelAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.h, self.d_k = heads, d // heads
        self.linear_q, self.linear_k, self.linear_v, self.linear_out = (nn.Linear(d, d) for _ in range(4))
        self.linear_pos = nn.Linear(d, d, bias=False)
        self.pos_bias_u = nn.Parameter(torch.zeros(heads, d // heads))
        self.pos_bias_v = nn.Parameter(torch.zeros(heads, d // heads))


class FeedForward(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.w_1 = nn.Linear(d, hidden)
        self.activation = nn.SiLU()
        self.w_2 = nn.Linear(hidden, d)


class ConformerLayer(nn.Module):
    """ConformerEncoderLayer without macaron or convolution module (as the flow encoder builds it)."""

    def __init__(self, d, heads, ffn):
        super().__init__()
        self.self_attn = RelAttention(d, heads)
        self.feed_forward = FeedForward(d, ffn)
        self.norm_ff = nn.LayerNorm(d, eps=1e-12)
        self.norm_mha = nn.LayerNorm(d, eps=1e-12)


class PreLookahead(nn.Module):
    def __init__(self, d, lookahead=3):
        super().__init__()
        self.pre_lookahead_len = lookahead
        self.conv1 = nn.Conv1d(d, d, lookahead + 1)
        self.conv2 = nn.Conv1d(d, d, 3)


class Upsample(nn.Module):
    def __init__(self, d, stride=2):
        super().__init__()
        self.stride = stride
        self.conv = nn.Conv1d(d, d, 2 * stride + 1)


class FlowEncoder(nn.Module):
    def __init__(self, w):
        super().__init__()
        d = w["enc_width"]
        self.embed = Embed(d)
        self.pre_lookahead_layer = PreLookahead(d)
        self.encoders = nn.ModuleList(ConformerLayer(d, w["enc_heads"], w["enc_ffn"]) for _ in range(w["enc_blocks"]))
        self.up_layer = Upsample(d)
        self.up_embed = Embed(d)
        self.up_encoders = nn.ModuleList(ConformerLayer(d, w["enc_heads"], w["enc_ffn"])
                                         for _ in range(w["enc_up_blocks"]))
        self.after_norm = nn.LayerNorm(d, eps=1e-5)


class TimestepEmbedder(nn.Module):
    def __init__(self, d, freq):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(freq, d), nn.SiLU(), nn.Linear(d, d))
        self.frequency_embedding_size = freq
        self.scale = 1000


class DitAttention(nn.Module):
    def __init__(self, d, heads, head_dim):
        super().__init__()
        self.num_heads, self.head_dim = heads, head_dim
        inner = heads * head_dim
        self.to_q, self.to_k, self.to_v = (nn.Linear(d, inner) for _ in range(3))
        self.q_norm = nn.LayerNorm(head_dim)
        self.k_norm = nn.LayerNorm(head_dim)
        self.proj = nn.Linear(inner, d)


class CausalConvBlock(nn.Module):
    """Sequential of the release's layout: [transpose, conv, transpose, LayerNorm, Mish, transpose, conv, transpose]."""

    def __init__(self, d):
        super().__init__()
        self.block = nn.Sequential(nn.Identity(), nn.Conv1d(d, d, 3), nn.Identity(), nn.LayerNorm(d), nn.Mish(),
                                   nn.Identity(), nn.Conv1d(d, d, 3), nn.Identity())


class Mlp(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.fc1 = nn.Linear(d, hidden)
        self.fc2 = nn.Linear(hidden, d)


class NoAffineNorm(nn.Module):
    """LayerNorm(elementwise_affine=False): no tensors, eps 1e-6."""

    def __init__(self):
        super().__init__()
        self.eps = 1e-6


class DitBlock(nn.Module):
    def __init__(self, d, heads, head_dim):
        super().__init__()
        self.norm1, self.norm2, self.norm3 = NoAffineNorm(), NoAffineNorm(), NoAffineNorm()
        self.attn = DitAttention(d, heads, head_dim)
        self.mlp = Mlp(d, 4 * d)
        self.conv = CausalConvBlock(d)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(d, 9 * d))


class FinalLayer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(d, 2 * d))
        self.norm_final = NoAffineNorm()
        self.linear = nn.Linear(d, MELS)


class Dit(nn.Module):
    def __init__(self, w):
        super().__init__()
        d = w["dit_width"]
        self.t_embedder = TimestepEmbedder(d, w["dit_freq"])
        self.in_proj = nn.Linear(4 * MELS, d)
        self.blocks = nn.ModuleList(DitBlock(d, w["dit_heads"], w["dit_head_dim"]) for _ in range(w["dit_depth"]))
        self.final_layer = FinalLayer(d)


class Decoder(nn.Module):
    """CausalConditionalCFM: the estimator and the guidance rate."""

    def __init__(self, w):
        super().__init__()
        self.estimator = Dit(w)
        self.inference_cfg_rate = 0.7


class Flow(nn.Module):
    """CausalMaskedDiffWithXvec."""

    def __init__(self, w):
        super().__init__()
        self.input_embedding = nn.Embedding(CODES, w["enc_width"])
        self.spk_embed_affine_layer = nn.Linear(SPK_EMBED_DIM, MELS)
        self.encoder = FlowEncoder(w)
        self.encoder_proj = nn.Linear(w["enc_width"], MELS)
        self.decoder = Decoder(w)
        self.pre_lookahead_len = 3
        self.up_rate = 2


# ---------------------------------------------------------------- HiFT
class Snake(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(ch))
        self.alpha_logscale = False


class ResBlock(nn.Module):
    def __init__(self, ch, k):
        super().__init__()
        self.convs1 = nn.ModuleList(wn(nn.Conv1d(ch, ch, k, dilation=d, padding=(k * d - d) // 2)) for d in HIFT_DILATIONS)
        self.convs2 = nn.ModuleList(wn(nn.Conv1d(ch, ch, k, padding=(k - 1) // 2)) for _ in HIFT_DILATIONS)
        self.activations1 = nn.ModuleList(Snake(ch) for _ in HIFT_DILATIONS)
        self.activations2 = nn.ModuleList(Snake(ch) for _ in HIFT_DILATIONS)


class F0Predictor(nn.Module):
    def __init__(self, ch):
        super().__init__()
        layers = []
        for i in range(5):
            layers += [wn(nn.Conv1d(MELS if i == 0 else ch, ch, 3, padding=1)), nn.ELU()]
        self.condnet = nn.Sequential(*layers)
        self.classifier = nn.Linear(ch, 1)


class SourceModule(nn.Module):
    """SourceModuleHnNSF2 at 24 kHz: the sine generator's settings and the harmonic merge."""

    def __init__(self):
        super().__init__()
        self.l_linear = nn.Linear(HIFT_HARMONICS + 1, 1)
        self.l_tanh = nn.Tanh()
        self.sine_amp = 0.1
        self.l_sin_gen = nn.Module()
        self.l_sin_gen.sampling_rate = 24000
        self.l_sin_gen.harmonic_num = HIFT_HARMONICS
        self.l_sin_gen.sine_amp = 0.1
        self.l_sin_gen.voiced_threshold = 10
        self.l_sin_gen.upsample_scale = 480


class Hift(nn.Module):
    """HiFTGenerator(sampling_rate 24000) with the release's rates and kernels."""

    def __init__(self, w):
        super().__init__()
        c = w["hift_channels"]
        self.istft_params = {"n_fft": HIFT_N_FFT, "hop_len": HIFT_HOP_LEN}
        self.lrelu_slope = 0.1
        self.audio_limit = 0.99
        self.num_kernels = len(HIFT_RES_KERNELS)
        self.num_upsamples = len(HIFT_UP_RATES)
        self.m_source = SourceModule()
        self.conv_pre = wn(nn.Conv1d(MELS, c, 7, padding=3))
        self.ups = nn.ModuleList(wn(nn.ConvTranspose1d(c // 2 ** i, c // 2 ** (i + 1), k, u, padding=(k - u) // 2))
                                 for i, (u, k) in enumerate(zip(HIFT_UP_RATES, HIFT_UP_KERNELS)))
        n = HIFT_N_FFT + 2
        self.source_downs = nn.ModuleList([nn.Conv1d(n, c // 2, 30, 15, padding=7), nn.Conv1d(n, c // 4, 6, 3, padding=1),
                                           nn.Conv1d(n, c // 8, 1, 1)])
        self.source_resblocks = nn.ModuleList(ResBlock(c // 2 ** (i + 1), k) for i, k in enumerate(HIFT_SOURCE_RES_KERNELS))
        self.resblocks = nn.ModuleList(ResBlock(c // 2 ** (i + 1), k) for i in range(3) for k in HIFT_RES_KERNELS)
        self.conv_post = wn(nn.Conv1d(c // 8, n, 7, padding=3))
        self.reflection_pad = nn.ReflectionPad1d((1, 0))
        self.f0_predictor = F0Predictor(w["f0_channels"])


class Token2wav(nn.Module):
    """What token2wav.py reads of stepaudio2.Token2wav: .flow, .hift and the HiFT cache lengths."""

    def __init__(self, w):
        super().__init__()
        self.flow = Flow(w)
        self.hift = Hift(w)
        self.mel_cache_len = 8
        self.source_cache_len = 8 * 480


# ---------------------------------------------------------------- files
WEIGHT_NORM_NAMES = {"parametrizations.weight.original0": "weight_g", "parametrizations.weight.original1": "weight_v"}


def tree_name(name):
    for release, here in WEIGHT_NORM_NAMES.items():
        if name.endswith(release):
            return name[:-len(release)] + here
    return name


def count(tensors, prefix):
    pattern = re.compile(re.escape(prefix) + r"\.(\d+)\.")
    return len({m.group(1) for m in (pattern.match(k) for k in tensors) if m})


def widths_of(flow, hift):
    """The widths and depths the two files' tensors imply."""
    enc = "encoder.encoders.0.self_attn."
    heads, d_k = flow[enc + "pos_bias_u"].shape
    head_dim = flow["decoder.estimator.blocks.0.attn.q_norm.weight"].shape[0]
    return dict(enc_width=heads * d_k, enc_heads=heads, enc_ffn=flow["encoder.encoders.0.feed_forward.w_1.weight"].shape[0],
                enc_blocks=count(flow, "encoder.encoders"), enc_up_blocks=count(flow, "encoder.up_encoders"),
                dit_width=flow["decoder.estimator.in_proj.weight"].shape[0],
                dit_heads=flow["decoder.estimator.blocks.0.attn.to_q.weight"].shape[0] // head_dim,
                dit_head_dim=head_dim, dit_depth=count(flow, "decoder.estimator.blocks"),
                dit_freq=flow["decoder.estimator.t_embedder.mlp.0.weight"].shape[1],
                hift_channels=hift["conv_pre.weight_v"].shape[0],
                f0_channels=hift["f0_predictor.classifier.weight"].shape[1])


def read_files(folder):
    flow = torch.load(os.path.join(folder, FLOW_FILE), map_location="cpu")
    hift = {tree_name(k[len("generator."):] if k.startswith("generator.") else k): v
            for k, v in torch.load(os.path.join(folder, HIFT_FILE), map_location="cpu").items()}
    return {tree_name(k): v for k, v in flow.items()}, hift


def fill(module, tensors, what):
    own = module.state_dict()
    missing, extra = sorted(set(own) - set(tensors)), sorted(set(tensors) - set(own))
    if missing or extra:
        raise ValueError(f"{what} does not match the release's Token2Wav layout: missing {missing[:6]}"
                         f"{' ...' if len(missing) > 6 else ''}, unexpected {extra[:6]}{' ...' if len(extra) > 6 else ''}")
    for name, t in own.items():
        if tuple(tensors[name].shape) != tuple(t.shape):
            raise ValueError(f"{what}: {name} has shape {list(tensors[name].shape)}, the layout implies {list(t.shape)}")
    module.load_state_dict(tensors)


def load(checkpoint, dtype=torch.float32):
    """The Token2wav tree of a checkpoint folder's assets/token2wav (float32: the graphs' boundary)."""
    folder = os.path.join(checkpoint, ASSETS)
    flow, hift = read_files(folder)
    model = Token2wav(widths_of(flow, hift))
    fill(model.flow, flow, os.path.join(folder, FLOW_FILE))
    fill(model.hift, hift, os.path.join(folder, HIFT_FILE))
    return model.to(dtype).eval()


def release_name(name):
    for release, here in WEIGHT_NORM_NAMES.items():
        if name.endswith(here):
            return name[:-len(here)] + release
    return name


def write_random(checkpoint, widths, seed=0):
    """assets/token2wav/flow.pt and hift.pt with random tensors in the release's names, widths a WIDTHS entry
    (or its name); returns the parameter count."""
    from ..random_weights import randomise
    folder = os.path.join(checkpoint, ASSETS)
    os.makedirs(folder, exist_ok=True)
    model = randomise(Token2wav(WIDTHS[widths] if isinstance(widths, str) else widths), seed)
    with torch.no_grad():
        # f0 in a speaking range and mel-sized magnitudes, so that the sine source and iSTFT see realistic values
        model.hift.f0_predictor.classifier.bias.fill_(150.0)
        for snake in (m for m in model.hift.modules() if isinstance(m, Snake)):
            snake.alpha.fill_(1.0)
    torch.save({k: v.clone() for k, v in model.flow.state_dict().items()}, os.path.join(folder, FLOW_FILE))
    torch.save({"generator." + release_name(k): v.clone() for k, v in model.hift.state_dict().items()},
               os.path.join(folder, HIFT_FILE))
    return sum(p.numel() for p in model.parameters())
