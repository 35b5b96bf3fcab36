#!/usr/bin/python3
"""Token2Wav streamed over several windows with the release's cache rule, over the tiny PyTorch modules.

    PYTHONPATH=tensorrt-engines /usr/bin/python3 -m duplex_export.tiny.release_windows \\
        --package PKG --windows 6 --seed 5 --out DIR

PKG is a copy of the tiny package whose manifest asks for token2wav.cache_policy "prompt_and_recent"
(token2wav.prompt_frames, token2wav.cache_keep_recent, default 100). The caches are held the way
stepaudio2's Token2wav.stream holds them (as MiniCPM-o 4.5 uses it), not the way the node's runtime
holds them: one conformer_att_cache tensor [encoder layers + up layers, 1, heads, T, 2 * head_dim]
(keys and values side by side) whose encoder (25 Hz) layers store the rows they read plus the new ones
repeated twice to the 50 Hz length and read its first half; one estimator_att_cache tensor per flow
step with a window's new rows put before the cached ones; after each window either tensor longer than
prompt_frames + keep is cut, on its time axis, to its first prompt_frames rows and its last keep rows.

Writes DIR/windows.json (each window's codes, whether it is the last, its samples) and
DIR/audio.f32.bin (the windows' 24 kHz output, float32 little-endian, concatenated).
"""
import argparse
import json
import os

import numpy as np
import torch

from . import build_tiny as bt
from . import check_graphs
from .reference_loop import Package

RELEASE_KEEP_RECENT = 100


def kv(keys, values):
    return torch.cat([keys, values], dim=-1)


class ReleaseWindows:
    def __init__(self, pkg, modules):
        t2w = pkg.m["token2wav"]
        if t2w.get("cache_policy") != "prompt_and_recent":
            raise SystemExit("the package's token2wav.cache_policy is not \"prompt_and_recent\"")
        self.t2w, self.modules = t2w, modules
        self.prompt = t2w["prompt_frames"]
        self.keep = t2w.get("cache_keep_recent", RELEASE_KEEP_RECENT)
        self.enc_layers = t2w["encoder"]["num_layers"]
        v = pkg.voice
        # as the release's flow.setup_cache leaves them
        self.conformer = torch.cat([kv(v["enc_keys"], v["enc_values"]).repeat(1, 1, 1, 2, 1),
                                    kv(v["up_keys"], v["up_values"])], dim=0)
        self.estimator = kv(v["dit_keys"], v["dit_values"])                 # [steps, Ld, 2, H, T, 2D]
        self.cnn = v["t2w_cnn_cache"]
        self.dit_cnn = [v["dit_cnn_cache"][i] for i in range(t2w["flow_steps"])]
        self.spk = v["spk"]
        self.mel_cache, self.source_cache = v["hift_mel_cache"], v["hift_source_cache"]
        self.speech_cache = v["hift_speech_cache"]
        self.noise = pkg.noise

    def cut(self, cache, axis):
        """Token2wav.stream's cut: longer than prompt + keep -> the first prompt rows and the last keep rows."""
        if cache.shape[axis] > self.prompt + self.keep:
            return torch.cat([cache.narrow(axis, 0, self.prompt),
                              cache.narrow(axis, cache.shape[axis] - self.keep, self.keep)], dim=axis)
        return cache

    def stream(self, codes, last):
        t2w = self.t2w
        if last:
            codes = codes + [t2w["pad_code"]] * t2w["lookahead"]
        d = self.conformer.shape[-1] // 2
        enc = self.conformer[: self.enc_layers, :, :, : self.conformer.shape[3] // 2]
        up = self.conformer[self.enc_layers:]
        mu, self.cnn, ek, ev, uk, uv = self.modules["t2w_encoder"](
            torch.tensor([codes]), self.cnn, enc[..., :d], enc[..., d:], up[..., :d], up[..., d:])
        enc = torch.cat([enc, kv(ek, ev)], dim=3).repeat(1, 1, 1, 2, 1)
        up = torch.cat([up, kv(uk, uv)], dim=3)
        self.conformer = self.cut(torch.cat([enc, up], dim=0), 3)
        frames = mu.shape[2]
        x = self.noise[:, :, :frames].clone()
        steps = t2w["flow_steps"]
        t_span = bt.cosine_t_span(steps)
        t, dt = t_span[0:1], t_span[1] - t_span[0]
        dd = self.estimator.shape[-1] // 2
        caches = []
        for step in range(1, steps + 1):
            past = self.estimator[step - 1]
            v, self.dit_cnn[step - 1], k_s, v_s = self.modules["dit_step"](
                x, mu, self.spk, t, self.dit_cnn[step - 1], past[..., :dd], past[..., dd:])
            caches.append(torch.cat([kv(k_s, v_s), past], dim=3))         # new rows first
            x = x + dt * v
            t = t + dt
            if step < steps:
                dt = t_span[step + 1] - t
        self.estimator = self.cut(torch.stack(caches), 4)
        speech, self.source_cache = self.modules["hift"](x, self.mel_cache, self.source_cache, self.speech_cache)
        hold = t2w["hift"]["source_cache_samples"]
        self.mel_cache = torch.cat([self.mel_cache, x], dim=2)[:, :, -t2w["hift"]["mel_cache_frames"]:]
        self.speech_cache = speech[:, -hold:]
        out = speech[0] if last else speech[0, :-hold]
        return out.numpy().astype(np.float32)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Token2Wav windows with the release's cache rule (tiny modules)")
    ap.add_argument("--package", required=True)
    ap.add_argument("--windows", type=int, default=6, help="full windows before the last one")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    torch.set_grad_enabled(False)
    pkg = Package(os.path.abspath(args.package))
    modules, _ = bt.build_all(pkg.tok, pkg.bad_token_ids)
    modules = {n: modules[n] for n in ("t2w_encoder", "dit_step", "hift")}
    mismatched = check_graphs.verify_weights(pkg.root, pkg.m, modules)
    if mismatched:
        raise SystemExit(f"the modules built here differ from the package: {mismatched}")
    ref = ReleaseWindows(pkg, modules)
    g = torch.Generator().manual_seed(args.seed)
    window = pkg.m["token2wav"]["window"]
    plan = [(window, False)] * args.windows + [(window // 2, True)]
    out, windows = [], []
    for n, last in plan:
        codes = torch.randint(0, pkg.m["token2wav"]["pad_code"], (n,), generator=g).tolist()
        audio = ref.stream(codes, last)
        windows.append({"codes": codes, "last": last, "samples": len(audio),
                        "encoder_rows": ref.conformer.shape[3], "dit_rows": ref.estimator.shape[4]})
        out.append(audio.astype("<f4"))
    os.makedirs(args.out, exist_ok=True)
    np.concatenate(out).tofile(os.path.join(args.out, "audio.f32.bin"))
    with open(os.path.join(args.out, "windows.json"), "w") as f:
        json.dump({"prompt_frames": ref.prompt, "keep": ref.keep, "windows": windows}, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
