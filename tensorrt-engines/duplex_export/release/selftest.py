#!/usr/bin/env python3
"""Checks the release's graphs against the release's own PyTorch forward passes.

With a checkpoint and the package made from it (what a user with the real weights runs):

    python3 tensorrt-engines/release_selftest.py --checkpoint /models/MiniCPM-o-4_5 \
        --package /models/minicpmo-pkg --out /tmp/selftest

loads the checkpoint with the release's own code (--loader release, the default; or
--loader transformers: transformers' own classes with the release's attribute names, filled with
the checkpoint's tensors, for a folder without the release's code), runs the semantic checks
below on its modules, then runs each of the package's seven release graphs on ONNX Runtime and
compares it with the same computation in PyTorch; llm_step and tts_step are also compared
directly with the release's own decoder forward (HF Qwen3 / Llama over the same embeddings). One
line per check, "failures: none" and exit status 0 when the package matches.

Without a checkpoint: a model object with the release's attribute
names is assembled from transformers' own classes (Qwen3ForCausalLM, WhisperEncoder, the SigLIP
vision transformer, LlamaModel) and the release's layouts (nn.MultiheadAttention resampler,
Linear-ReLU-Linear projectors, weight-normed code head), with random weights at small widths
(--widths small) or the release's (--widths full, --llm-layers N).

1. semantics: each wrapper against the reference forward of the module it wraps (HF forward
   over the whole sequence for the decoders, HF encoder forward for SigLIP and Whisper, the
   MultiheadAttention call the release makes for the resampler);
2. export + parity: each wrapper through export_minicpmo's export and ONNX Runtime (CPU).

Needs transformers and onnxruntime (not Debian's torch 1.13 set). Writes selftest_report.json.
With --checkpoint/--package, Token2Wav's three graphs are checked too where the checkpoint has
assets/token2wav (flow.pt, hift.pt): the package's t2w_encoder, dit_step and hift on ONNX Runtime
against the same computation over the release's Token2Wav modules (the stepaudio2 package where
it can be imported, else the modules rebuilt from flow.pt and hift.pt). The voice caches are not
compared: they are the package's inputs to those graphs, computed by make_package.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..contract import RELEASE_WIDTHS, T2W_PAD_CODE, graph_specs
from ..export_minicpmo import sizes_manifest
from ..onnx_export import export_graph, run_parity
from ..random_weights import randomise
from . import graphs as rg
from . import layout, safetensors_io, source, token2wav, token2wav_layout


class Projector(nn.Module):
    """The release's MultiModalProjector layout."""

    def __init__(self, a, b):
        super().__init__()
        self.linear1 = nn.Linear(a, b)
        self.relu = nn.ReLU()
        self.linear2 = nn.Linear(b, b)

    def forward(self, x):
        return self.linear2(self.relu(self.linear1(x)))


class ReleaseResampler(nn.Module):
    """The release Resampler's parameters and its forward for one image without padding."""

    def __init__(self, d, kv, heads):
        super().__init__()
        self.query = nn.Parameter(torch.zeros(64, d))
        self.kv_proj = nn.Linear(kv, d, bias=False)
        self.attn = nn.MultiheadAttention(d, heads)
        self.ln_q, self.ln_kv, self.ln_post = nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6)
        self.proj = nn.Parameter(torch.zeros(d, d))

    def reference(self, x, pos):
        x = self.ln_kv(self.kv_proj(x)).permute(1, 0, 2)
        q = self.ln_q(self.query).unsqueeze(1).repeat(1, x.shape[1], 1)
        out = self.attn(q, x + pos.permute(1, 0, 2), x)[0].permute(1, 0, 2)
        return self.ln_post(out) @ self.proj


def build(w):
    from transformers import LlamaConfig, LlamaModel, Qwen3Config, Qwen3ForCausalLM, WhisperConfig
    from transformers import SiglipVisionConfig, SiglipVisionModel
    from transformers.models.whisper.modeling_whisper import WhisperEncoder
    m = nn.Module()
    m.llm = Qwen3ForCausalLM(Qwen3Config(
        vocab_size=151748, hidden_size=w["llm_hidden"], intermediate_size=w["llm_mlp"],
        num_hidden_layers=w["llm_layers"], num_attention_heads=w["llm_heads"], num_key_value_heads=w["llm_kv_heads"],
        head_dim=w["llm_head_dim"], rope_theta=1e6, rms_norm_eps=1e-6, tie_word_embeddings=False,
        attn_implementation="eager"))
    m.apm = WhisperEncoder(WhisperConfig(
        d_model=w["apm_width"], encoder_layers=w["apm_layers"], encoder_attention_heads=w["apm_heads"],
        encoder_ffn_dim=w["apm_ffn"], num_mel_bins=80, max_source_positions=1500, attn_implementation="eager"))
    vision = SiglipVisionModel(SiglipVisionConfig(
        hidden_size=w["vis_width"], intermediate_size=w["vis_ffn"], num_hidden_layers=w["vis_layers"],
        num_attention_heads=w["vis_heads"], patch_size=14, image_size=14 * 70,
        attn_implementation="eager"))
    # the release's vpm is the vision transformer (embeddings, encoder, post_layernorm)
    m.vpm = next(x for x in vision.modules() if hasattr(x, "embeddings") and hasattr(x, "post_layernorm"))
    m.resampler = ReleaseResampler(w["llm_hidden"], w["vis_width"], w["res_heads"])
    m.audio_projection_layer = Projector(w["apm_width"], w["llm_hidden"])
    m.audio_avg_pooler = nn.AvgPool1d(5, stride=5)
    tts = nn.Module()
    tts.model = LlamaModel(LlamaConfig(
        vocab_size=32, hidden_size=w["tts_width"], intermediate_size=w["tts_mlp"], num_hidden_layers=w["tts_layers"],
        num_attention_heads=w["tts_heads"], num_key_value_heads=w["tts_kv_heads"], rope_theta=1e4,
        rms_norm_eps=1e-6, attn_implementation="eager"))
    tts.projector_semantic = Projector(w["llm_hidden"], w["tts_width"])
    tts.head_code = nn.ModuleList([nn.utils.weight_norm(nn.Linear(w["tts_width"], 6562, bias=False))])
    m.tts = tts
    randomise(m, 7)
    return m.eval()


def close(a, b):
    return float((a.float() - b.float()).abs().max())


@torch.no_grad()
def semantics(m, w):
    g = torch.Generator().manual_seed(3)
    res = {}
    # LLM: 5 tokens prefilled, then 3 more over the returned cache == HF over all 8
    emb = torch.randn(1, 8, w["llm_hidden"], generator=g)
    step = rg.LlmStep(m.llm)
    kv = w["llm_layers"], w["llm_kv_heads"], w["llm_head_dim"]
    _, _, _, _, _, k0, v0 = step(emb[:, :5], torch.arange(5)[None], torch.zeros(0, *kv), torch.zeros(0, *kv))
    logits, hidden, top_values, top_ids, lse, _, _ = step(emb[:, 5:], torch.arange(5, 8)[None], k0, v0)
    ref = m.llm(inputs_embeds=emb, output_hidden_states=True)
    res["llm_step logits"] = close(logits, ref.logits[:, -1])
    res["llm_step hidden"] = close(hidden, ref.hidden_states[-1][:, -1])
    res["llm_step top_values"] = close(top_values, ref.logits[:, -1].gather(-1, top_ids))
    res["llm_step logsumexp"] = close(lse, torch.logsumexp(ref.logits[:, -1], dim=-1, keepdim=True))
    # TTS: same with the code head
    emb = torch.randn(1, 6, w["tts_width"], generator=g)
    tstep = rg.TtsStep(m.tts)
    kv = w["tts_layers"], w["tts_kv_heads"], w["tts_width"] // w["tts_heads"]
    _, k0, v0 = tstep(emb[:, :4], torch.arange(4)[None], torch.zeros(0, *kv), torch.zeros(0, *kv))
    logits, _, _ = tstep(emb[:, 4:], torch.arange(4, 6)[None], k0, v0)
    ref = m.tts.head_code[0](m.tts.model(inputs_embeds=emb).last_hidden_state[:, -1])
    res["tts_step logits"] = close(logits, ref)
    # Whisper: one chunk from an empty cache == HF encoder over 100 frames (positions 0..49);
    # mel frames 100-101 are zero, which is what the HF conv padding sees.
    from transformers import WhisperConfig
    from transformers.models.whisper.modeling_whisper import WhisperEncoder
    cfg = m.apm.config.to_dict()
    cfg.update(max_source_positions=50)
    short = WhisperEncoder(WhisperConfig(**cfg)).eval()
    sd = {k: v for k, v in m.apm.state_dict().items()}
    sd["embed_positions.weight"] = sd["embed_positions.weight"][:50]
    short.load_state_dict(sd)
    mel = torch.randn(1, 80, 102, generator=g)
    mel[:, :, 100:] = 0
    hidden, _, _ = rg.ApmStream(m.apm)(mel, torch.zeros(0, w["apm_layers"], w["apm_heads"], w["apm_width"] // w["apm_heads"]),
                                       torch.zeros(0, w["apm_layers"], w["apm_heads"], w["apm_width"] // w["apm_heads"]))
    res["apm_stream hidden (P=0)"] = close(hidden, short(mel[:, :, :100]).last_hidden_state)
    # SigLIP: a 4x4-patch image laid out patch-flattened == HF over the image with positions of a 4x4 grid
    img = torch.randn(1, 3, 56, 56, generator=g)
    patches = img.unfold(2, 14, 14).unfold(3, 14, 14)               # [1,3,4,4,14,14]
    flat = patches.permute(0, 1, 4, 2, 3, 5).reshape(1, 3, 14, 16 * 14)
    ids = (torch.arange(4)[:, None] * 70 + torch.arange(4)[None, :]).reshape(1, 16)
    got = rg.Siglip(m.vpm)(flat, ids, torch.ones(1, 16, dtype=torch.int64))
    e = m.vpm.embeddings
    x = e.patch_embedding(img).flatten(2).transpose(1, 2) + e.position_embedding(ids)
    x = m.vpm.encoder(inputs_embeds=x).last_hidden_state
    res["siglip hidden"] = close(got, m.vpm.post_layernorm(x))
    # Resampler: the release's MultiheadAttention call
    vis = torch.randn(1, 16, w["vis_width"], generator=g)
    rs = rg.Resampler(m.resampler)
    got = rs(vis, ids, torch.ones(1, 16, dtype=torch.int64))
    if hasattr(m.resampler, "reference"):
        ref = m.resampler.reference(vis, rs.pos_table[ids])
    else:                                   # the release's Resampler: forward(x, tgt_sizes)
        ref = m.resampler(vis, torch.tensor([[4, 4]]))
    res["resampler embeds"] = close(got, ref)
    return res


def widths_of(cfg):
    """The widths build() takes, from a checkpoint's config.json (layout.read_config)."""
    return dict(llm_hidden=cfg.llm.hidden_size, llm_layers=cfg.llm.num_hidden_layers, llm_heads=cfg.llm.num_attention_heads,
                llm_kv_heads=cfg.llm.num_key_value_heads, llm_head_dim=cfg.llm.head_dim, llm_mlp=cfg.llm.intermediate_size,
                apm_width=cfg.audio.d_model, apm_layers=cfg.audio.encoder_layers, apm_heads=cfg.audio.encoder_attention_heads,
                apm_ffn=cfg.audio.encoder_ffn_dim, vis_width=cfg.vision.hidden_size,
                vis_layers=cfg.vision.num_hidden_layers - (1 if cfg.drop_vision_last_layer else 0),
                vis_heads=cfg.vision.num_attention_heads, vis_ffn=cfg.vision.intermediate_size,
                res_heads=cfg.llm.hidden_size // 128, tts_width=cfg.tts.hidden_size, tts_layers=cfg.tts.num_hidden_layers,
                tts_heads=cfg.tts.num_attention_heads, tts_kv_heads=cfg.tts.num_key_value_heads,
                tts_mlp=cfg.tts.intermediate_size)


def transformers_model(path):
    """transformers' classes with the release's attribute names, holding the checkpoint's tensors."""
    cfg = layout.read_config(path)
    w = widths_of(cfg)
    m = build(w)
    tensors = {layout.module_name(k): v.float() for k, v in safetensors_io.load_folder(path).items()}
    own = dict(m.named_parameters())
    # The TTS runs on inputs_embeds (build() keeps its table small); no graph uses SigLIP's pooling head,
    # and a checkpoint without one is fine.
    unused = {"tts.model.embed_tokens.weight"} | {k for k in own if k.startswith("vpm.head.")}
    missing = [k for k in own if k not in tensors and k not in unused]
    wrong = [k for k in own if k in tensors and k not in unused and tuple(tensors[k].shape) != tuple(own[k].shape)]
    if missing or wrong:
        raise SystemExit(f"{path}: for transformers' classes, missing {missing[:8]}, other shape {wrong[:8]}")
    m.load_state_dict({k: tensors[k] for k in own if k not in unused}, strict=False)
    return m.eval(), w


def decoder_direct(m, pkg, man, g):
    """The package's llm_step / tts_step on ONNX Runtime against the release's own decoder forward."""
    import onnxruntime as ort
    res = {}
    for name, hidden, backbone in (("llm_step", man["llm"]["hidden_size"], None), ("tts_step", man["tts"]["hidden_size"], m.tts)):
        sec = man["llm" if name == "llm_step" else "tts"]
        sess = ort.InferenceSession(os.path.join(pkg, man["graphs"][name]["file"]), providers=["CPUExecutionProvider"])
        emb = torch.randn(1, 7, hidden, generator=g)
        empty = np.zeros((0, sec["num_layers"], sec["num_kv_heads"], sec["head_dim"]), np.float32)
        out = sess.run(None, {"inputs_embeds": emb.numpy(), "position_ids": np.arange(7, dtype=np.int64)[None],
                              "past_keys": empty, "past_values": empty})
        if backbone is None:
            ref = m.llm(inputs_embeds=emb).logits[:, -1]
        else:
            ref = backbone.head_code[0](backbone.model(inputs_embeds=emb).last_hidden_state[:, -1])
        res[f"{name} package logits vs the release's forward"] = close(torch.from_numpy(out[0]), ref)
    return res


def package_parity(m, pkg):
    """Each release graph of the package on ONNX Runtime vs the wrapper over the loaded modules."""
    with open(os.path.join(pkg, "manifest.json")) as f:
        man = json.load(f)
    c = dict(RELEASE_WIDTHS, **rg.sizes(m))
    specs = graph_specs(c)
    rows = {}
    for name, mod in rg.wrap(m).items():
        got, _ = run_parity(mod.eval(), name, specs[name], os.path.join(pkg, man["graphs"][name]["file"]))
        rows[f"{name} package vs PyTorch"] = max(r["max_abs"] for r in got)
    rows.update(decoder_direct(m, pkg, man, torch.Generator().manual_seed(5)))
    return rows


def token2wav_parity(checkpoint, pkg):
    """The package's Token2Wav graphs on ONNX Runtime vs the wrappers over the checkpoint's Token2Wav modules."""
    with open(os.path.join(pkg, "manifest.json")) as f:
        man = json.load(f)
    t2w, loader = source.load_token2wav(checkpoint, "auto")
    c = dict(RELEASE_WIDTHS, **token2wav.sizes(t2w))
    specs = graph_specs(c)
    rows = {}
    for name, mod in token2wav.wrap(t2w, T2W_PAD_CODE).items():
        got, _ = run_parity(mod.eval(), name, specs[name], os.path.join(pkg, man["graphs"][name]["file"]))
        rows[f"{name} package vs PyTorch (Token2Wav loaded by {loader.split(' ')[0]})"] = max(r["max_abs"] for r in got)
    return rows


def check_package(args):
    """--checkpoint/--package: the user's package against the release's own outputs."""
    if args.loader == "release":
        model, _ = source.load_model(args.checkpoint, torch.float32, "release")
        w = widths_of(layout.read_config(args.checkpoint))
    else:
        model, w = transformers_model(args.checkpoint)
    report = {"checkpoint": os.path.abspath(args.checkpoint), "package_dir": os.path.abspath(args.package),
              "loader": args.loader, "semantics": semantics(model, w)}
    report["package"] = package_parity(model, args.package)
    if token2wav_layout.has_token2wav(args.checkpoint):
        report["package"].update(token2wav_parity(args.checkpoint, args.package))
    else:
        print("Token2Wav: not checked (the checkpoint has no assets/token2wav/flow.pt and hift.pt)", flush=True)
    for k, v in {**report["semantics"], **report["package"]}.items():
        print(f"{k}: max abs difference {v:.3g}", flush=True)
    return report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", help="checkpoint folder: check --package against it")
    ap.add_argument("--package", help="package made from --checkpoint (make_package)")
    ap.add_argument("--loader", choices=["release", "transformers"], default="release",
                    help="--checkpoint: the release's own code, or transformers' classes with its tensors")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    ap.add_argument("--widths", choices=["small", "full"], default="small")
    ap.add_argument("--llm-layers", type=int, default=2)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-export", action="store_true")
    args = ap.parse_args()
    torch.set_grad_enabled(False)
    os.makedirs(args.out, exist_ok=True)
    if args.checkpoint or args.package:
        if not (args.checkpoint and args.package):
            ap.error("--checkpoint and --package go together")
        report = check_package(args)
        with open(os.path.join(args.out, "selftest_report.json"), "w") as f:
            json.dump(report, f, indent=1)
        bad = [k for k, v in {**report["semantics"], **report["package"]}.items() if not v <= args.tolerance]
        print("failures:", bad or "none")
        return 1 if bad else 0
    if args.widths == "full":
        w = dict(RELEASE_WIDTHS, llm_layers=args.llm_layers)
    else:
        w = dict(llm_hidden=64, llm_layers=args.llm_layers, llm_heads=4, llm_kv_heads=2, llm_head_dim=32, llm_mlp=96,
                 apm_width=48, apm_layers=2, apm_heads=4, apm_ffn=96, vis_width=40, vis_layers=2, vis_heads=4,
                 vis_ffn=80, res_heads=4, tts_width=32, tts_layers=2, tts_heads=4, tts_kv_heads=4, tts_mlp=64)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    m = build(w)
    report = {"widths": w, "build_s": round(time.time() - t0, 1), "semantics": semantics(m, w)}
    for k, v in report["semantics"].items():
        print(f"semantics {k}: max |wrapper - reference| = {v:.3g}", flush=True)
    if not args.no_export:
        c = dict(RELEASE_WIDTHS, **rg.sizes(m))
        specs = graph_specs(c)
        man = sizes_manifest(c)
        report["graphs"] = {}
        for name, mod in rg.wrap(m).items():
            files, export_s = export_graph(mod.eval(), name, specs[name], args.out, man)
            rows, load_s = run_parity(mod, name, specs[name], os.path.join(args.out, name + ".onnx"))
            worst = max(r["max_abs"] for r in rows)
            report["graphs"][name] = {"files": {f: os.path.getsize(os.path.join(args.out, f)) for f in files},
                                      "export_s": round(export_s, 1), "max_abs": worst, "parity": rows}
            print(f"{name}: export {export_s:.1f} s, parity max |onnx - torch| = {worst:.3g}", flush=True)
    with open(os.path.join(args.out, "selftest_report.json"), "w") as f:
        json.dump(report, f, indent=1)
    bad = [k for k, v in report["semantics"].items() if not v <= 1e-3]
    bad += [k for k, v in report.get("graphs", {}).items() if not v["max_abs"] <= 1e-3]
    print("failures:", bad or "none")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
