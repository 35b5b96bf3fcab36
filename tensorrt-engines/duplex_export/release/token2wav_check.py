#!/usr/bin/python3
"""Token2Wav's three graphs at given widths with random weights: export, ONNX Runtime parity and timing.

    python3 -m duplex_export.release.token2wav_check --widths release --work /tmp/t2w [--steps 5]

Writes random assets/token2wav files (token2wav_layout, the release's depths at --widths release),
loads them as make_package does, exports t2w_encoder, dit_step and hift, and runs each on ONNX
Runtime (CPU, and CUDA where its provider is there) against the PyTorch wrapper on one streaming
window at the contract's cache sizes: 28 codes with 64 / 128 cached encoder frames, 128 cached DiT
frames, 50 mel frames. Prints and writes token2wav_check.json (max abs difference, seconds per call).
Without onnxruntime it writes the window's inputs and PyTorch outputs (--work/vectors) and a manifest
naming the graphs, for the node's engine to compare with:
    java ... org.duplexnode.model.pkg.GraphVectors WORK WORK/vectors
"""
import importlib.util
import argparse
import json
import os
import sys
import time

import torch

from ..contract import RELEASE_WIDTHS, T2W_PAD_CODE, graph_specs
from ..export_minicpmo import sizes_manifest
from ..onnx_export import export_graph
from ..vectors import write_vectors
from . import token2wav, token2wav_layout

ORDER = ("t2w_encoder", "dit_step", "hift")


def window_inputs(c, g):
    """One streaming window's inputs at the contract's cache sizes (in the graphs' input order)."""
    he, de = c["t2w_heads"], c["t2w_width"] // c["t2w_heads"]
    ld, hd, dd = c["dit_layers"], c["dit_heads"], c["dit_head_dim"]

    def rnd(*shape):
        return torch.randn(*shape, generator=g)

    return {
        "t2w_encoder": (torch.randint(0, T2W_PAD_CODE, (1, 28), generator=g), rnd(1, c["t2w_width"], 6),
                        rnd(c["t2w_layers"], 1, he, 64, de), rnd(c["t2w_layers"], 1, he, 64, de),
                        rnd(c["t2w_up_layers"], 1, he, 128, de), rnd(c["t2w_up_layers"], 1, he, 128, de)),
        "dit_step": (rnd(1, 80, 50), rnd(1, 80, 50), rnd(1, 80), torch.tensor([0.4]),
                     rnd(ld, 2, 2 * c["dit_width"], 2), rnd(ld, 2, hd, 128, dd), rnd(ld, 2, hd, 128, dd)),
        "hift": (rnd(1, 80, 50) - 5, rnd(1, 80, 8) - 5, 0.1 * rnd(1, 1, 3840), 0.1 * rnd(1, 3840)),
    }


def timed(fn, repeat):
    fn()
    t0 = time.time()
    for _ in range(repeat):
        out = fn()
    return out, (time.time() - t0) / repeat


def main(argv=None):
    ap = argparse.ArgumentParser(description="Token2Wav graphs: export, ONNX Runtime parity and timing.")
    ap.add_argument("--widths", choices=sorted(token2wav_layout.WIDTHS), default="tiny")
    ap.add_argument("--work", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    import numpy as np
    ort = importlib.import_module("onnxruntime") if importlib.util.find_spec("onnxruntime") else None
    torch.set_grad_enabled(False)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    params = token2wav_layout.write_random(work, args.widths)
    t2w = token2wav_layout.load(work)
    c = dict(RELEASE_WIDTHS, **token2wav.sizes(t2w))
    modules = token2wav.wrap(t2w, T2W_PAD_CODE)
    specs = graph_specs(c)
    inputs = window_inputs(c, torch.Generator().manual_seed(3))
    providers = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider")
                 if ort and p in ort.get_available_providers()]
    report = {"widths": args.widths, "parameters": params, "sizes": token2wav.sizes(t2w), "torch": torch.__version__,
              "onnxruntime": ort.__version__ if ort else None, "torch_threads": torch.get_num_threads(), "graphs": {}}
    vectors = {}
    for name in ORDER:
        files, export_s = export_graph(modules[name], name, specs[name], work, sizes_manifest(c))
        expected, torch_s = timed(lambda: modules[name](*inputs[name]), args.repeat)
        feeds = {n: a.numpy() for n, a in zip(specs[name][1], inputs[name])}
        entry = {"file_mb": round(sum(os.path.getsize(os.path.join(work, f)) for f in files) / 1e6, 1),
                 "export_s": round(export_s, 1), "torch_cpu_s": round(torch_s, 4)}
        for provider in providers:
            sess = ort.InferenceSession(os.path.join(work, name + ".onnx"), providers=[provider])
            got, ort_s = timed(lambda: sess.run(None, feeds), args.repeat)
            diff = max(float(np.max(np.abs(e.numpy() - o))) for e, o in zip(expected, got))
            entry[provider] = {"max_abs": diff, "s_per_call": round(ort_s, 4)}
        report["graphs"][name] = entry
        vectors[f"{name}/0"] = ("streaming window", feeds, {n: o.numpy() for n, o in zip(specs[name][2], expected)})
        print(name, json.dumps(entry), flush=True)
    write_vectors(os.path.join(work, "vectors"), vectors)
    with open(os.path.join(work, "manifest.json"), "w") as f:
        json.dump({"graphs": {n: {"file": n + ".onnx"} for n in ORDER}}, f)
    with open(os.path.join(work, "token2wav_check.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
