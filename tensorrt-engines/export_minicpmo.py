#!/usr/bin/python3
"""Exports the graphs of docs/model-contract.md to ONNX, with a parity check of each graph.

Three sources of modules, one export path:

    # the real model: a Hugging Face folder of MiniCPM-o 4.5 (its own code, trust_remote_code)
    python3 export_minicpmo.py --checkpoint /models/MiniCPM-o-4_5 --out /models/minicpmo-onnx

    # the tiny modules (tiny/tiny_modules.py) with random weights at the release's full widths
    python3 export_minicpmo.py --random full --llm-layers 8 --out /tmp/full-random

    # the same at tiny widths (what CI runs; seconds on a CPU)
    /usr/bin/python3 export_minicpmo.py --random tiny --out /tmp/tiny-random

--checkpoint wraps the release's own modules (release_graphs.py; weights are never copied
into new modules) for the seven graphs whose modules ship in the Hugging Face folder;
Token2Wav (stepaudio2) is not wrapped and its three graphs are not written. Every graph is
exported with the contract's dynamic axes at opset 17; a graph whose weights exceed 2 GB is
saved with its tensors in one external data file (<graph>.onnx.data) beside it. --parity
runs each written graph with ONNX Runtime (CPU) on random inputs and compares every output
with the PyTorch module's (max abs difference, limit --tolerance); results, file sizes and
times go to export_report.json in --out. Exit status 1 when a graph fails parity.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tiny"))
import check_graphs  # noqa: E402
import export_tiny  # noqa: E402
import tiny_modules as tm  # noqa: E402

OPSET = 17
TWO_GB = 2 * 1024 ** 3

# The release's widths and depths (from the release's model card and configs: Qwen3-8B-class LLM, SigLIP2 with 26 of
# 27 layers run, Whisper-medium encoder, Llama TTS of 20 layers; Token2Wav widths as in
# Step-Audio2's flow: encoder 512, DiT 512 x 16 blocks, 8 heads of 64).
FULL = dict(
    llm_hidden=4096, llm_layers=36, llm_heads=32, llm_kv_heads=8, llm_head_dim=128, llm_mlp=12288,
    llm_rope_theta=1e6, llm_eps=1e-6,
    apm_width=1024, apm_layers=24, apm_heads=16, apm_ffn=4096,
    vis_width=1152, vis_layers=26, vis_heads=16, vis_ffn=4304,
    res_heads=32,
    tts_width=768, tts_layers=20, tts_heads=12, tts_kv_heads=12, tts_mlp=3072, tts_rope_theta=1e4, tts_eps=1e-6,
    t2w_width=512, t2w_heads=8, t2w_ffn=2048,
    dit_width=512, dit_heads=8, dit_head_dim=64, dit_layers=16, dit_freq=256,
)

TINY_MODULES = {
    "apm_stream": tm.ApmStream, "audio_adapter": tm.AudioAdapter, "siglip": tm.Siglip, "resampler": tm.Resampler,
    "llm_step": tm.LlmStep, "tts_proj": tm.TtsProj, "tts_step": tm.TtsStep, "t2w_encoder": tm.T2wEncoder,
    "dit_step": tm.DitStep, "hift": tm.Hift,
}


# ---------------------------------------------------------------- module sources
@torch.no_grad()
def randomise(module, seed):
    """Random weights that make every output depend on every tensor: matrices and zero-initialised
    vectors get N(0, 0.02); vectors of ones (norm weights) stay ones."""
    g = torch.Generator().manual_seed(seed)
    for _, p in module.named_parameters():
        if p.dim() == 1 and bool(torch.all(p == 1)):
            continue
        p.copy_((torch.randn(p.shape, generator=g) * 0.02).to(p.dtype))
    return module


def random_modules(c, names):
    seeds = {name: 1000 + i for i, name in enumerate(TINY_MODULES)}
    return {name: randomise(TINY_MODULES[name](c).eval(), seeds[name]) for name in names}


def checkpoint_modules(path, names, dtype):
    """Loads the release model with its own code and wraps its modules (release_graphs.py)."""
    from transformers import AutoModel
    import release_graphs
    model = AutoModel.from_pretrained(path, trust_remote_code=True, torch_dtype=dtype,
                                      init_vision=True, init_audio=True, init_tts=True)
    model.eval()
    graphs = {n: Float32Boundary(g, dtype) for n, g in release_graphs.wrap(model).items()}
    missing = [n for n in names if n not in graphs]
    if missing:
        print(f"not exported from a checkpoint (Token2Wav is the stepaudio2 package, not wrapped): {missing}")
    return {n: g.eval() for n, g in graphs.items() if n in names}, release_graphs.sizes(model)


class Float32Boundary(torch.nn.Module):
    """Keeps a graph's inputs and outputs float32 (the contract) around a module computing in dtype."""

    def __init__(self, inner, dtype):
        super().__init__()
        self.inner = inner
        self.dtype = dtype

    def forward(self, *args):
        args = [a.to(self.dtype) if a.is_floating_point() else a for a in args]
        outs = self.inner(*args)
        outs = outs if isinstance(outs, tuple) else (outs,)
        outs = tuple(o.float() for o in outs)
        return outs if len(outs) > 1 else outs[0]


def p_major_module(module):
    """The tiny modules keep [layers, 1, heads, P, dim] caches; the graph boundary is P-major."""
    return export_tiny.p_major(module)


# ---------------------------------------------------------------- export
def torch_export(module, args, path, inputs, outputs, dynamic):
    kw = dict(opset_version=OPSET, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
              do_constant_folding=False)
    try:
        torch.onnx.export(module, args, path, dynamo=False, **kw)   # torch >= 2.5: the TorchScript exporter
    except TypeError:
        torch.onnx.export(module, args, path, **kw)                 # torch 1.13 (Debian): no dynamo argument


def stamp_outputs(model, name, sizes_manifest):
    """Declares each output's fixed dimensions as the contract has them (the tracer leaves symbols)."""
    by_name = {o.name: o for o in model.graph.output}
    for tname, _, dims in check_graphs.CONTRACT[name][1]:
        shape = by_name[tname].type.tensor_type.shape
        for k, want in enumerate(dims):
            fixed = check_graphs.resolve(want, sizes_manifest)
            dim = shape.dim[k]
            if fixed is not None:
                dim.Clear()
                dim.dim_value = fixed
            elif not dim.dim_param or not dim.dim_param.isalnum():
                dim.Clear()
                dim.dim_param = want if want.isalnum() else "D" + str(k)


def weight_bytes(model):
    return sum(len(t.raw_data) for t in model.graph.initializer)


def export_graph(module, name, spec, out, sizes_manifest):
    """Writes out/<name>.onnx (and <name>.onnx.data above 2 GB). Returns (files, seconds)."""
    args, inputs, outputs, dynamic = spec
    t0 = time.time()
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        tmp_path = os.path.join(tmp, name + ".onnx")
        torch_export(module, args, tmp_path, inputs, outputs, dynamic)
        model = onnx.load(tmp_path)                     # also reads tensors the exporter put outside
    stamp_outputs(model, name, sizes_manifest)
    model.producer_name = "duplex-node export"
    path = os.path.join(out, name + ".onnx")
    for stale in (path, path + ".data"):
        if os.path.exists(stale):
            os.remove(stale)
    if weight_bytes(model) >= TWO_GB - (64 << 20):
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=name + ".onnx.data", size_threshold=1024)
        files = [name + ".onnx", name + ".onnx.data"]
    else:
        onnx.save_model(model, path)
        files = [name + ".onnx"]
    onnx.checker.check_model(path)                      # by path: works above 2 GB
    return files, time.time() - t0


def sizes_manifest(c):
    """The manifest sections check_graphs.resolve reads fixed sizes from."""
    return export_tiny.manifest(c, list(TINY_MODULES), {}, {}, {}, "bad_token_ids.json")


# ---------------------------------------------------------------- parity
def parity_cases(name, spec):
    """(label, args) for the export's example inputs, plus an empty cache for the P-major graphs
    (the example inputs are in graph layout: caches [P, layers, heads, dim])."""
    args = spec[0]
    cases = [("example", args)]
    if name in check_graphs.P_MAJOR_GRAPHS:
        *head, pk, pv = args
        cases.append(("empty cache", (*head, pk[:0], pv[:0])))
    return cases


def run_parity(module, name, spec, path):
    try:
        import onnxruntime as ort
    except ImportError as e:
        raise SystemExit(f"--parity needs onnxruntime, which cannot be imported here ({e})")
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    t0 = time.time()
    sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
    load_s = time.time() - t0
    _, in_names, out_names, _ = spec
    rows = []
    for label, args in parity_cases(name, spec):
        with torch.no_grad():
            expected = module(*args)
        expected = expected if isinstance(expected, tuple) else (expected,)
        feeds = {n: a.numpy() for n, a in zip(in_names, args)}
        t1 = time.time()
        got = sess.run(None, feeds)
        run_s = time.time() - t1
        for oname, e, o in zip(out_names, expected, got):
            e = e.float().numpy()
            if e.shape != o.shape:
                rows.append(dict(case=label, output=oname, shape=list(o.shape), max_abs=float("inf"),
                                 error=f"shape {list(o.shape)}, PyTorch {list(e.shape)}"))
                continue
            diff = float(np.max(np.abs(e - o))) if e.size else 0.0
            rows.append(dict(case=label, output=oname, shape=list(o.shape), max_abs=diff,
                             max_ref=float(np.max(np.abs(e))) if e.size else 0.0, ort_run_s=round(run_s, 3)))
    return rows, load_s


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description="Export the contract's graphs to ONNX with parity checks.")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="Hugging Face folder of MiniCPM-o 4.5 (loaded with trust_remote_code)")
    src.add_argument("--random", choices=["tiny", "full"], help="tiny modules with random weights at these widths")
    ap.add_argument("--out", required=True)
    ap.add_argument("--graphs", nargs="*", default=list(TINY_MODULES), help="subset of graphs (default all)")
    ap.add_argument("--llm-layers", type=int, help="--random full: LLM depth (default the release's 36)")
    ap.add_argument("--dtype", choices=["float32", "float16", "bfloat16"], default="float32",
                    help="--checkpoint: dtype the model is loaded and exported in")
    ap.add_argument("--parity", action="store_true", help="compare ONNX Runtime (CPU) with PyTorch per graph")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    args = ap.parse_args()
    unknown = [g for g in args.graphs if g not in TINY_MODULES]
    if unknown:
        ap.error(f"unknown graphs {unknown}; the contract has {list(TINY_MODULES)}")
    torch.set_grad_enabled(False)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    t0 = time.time()
    if args.checkpoint:
        dtype = getattr(torch, args.dtype)
        modules, c = checkpoint_modules(args.checkpoint, args.graphs, dtype)
        c = dict(FULL, **c)
        source = {"checkpoint": os.path.abspath(args.checkpoint), "dtype": args.dtype}
    else:
        c = dict(tm.TINY if args.random == "tiny" else FULL)
        if args.llm_layers:
            c["llm_layers"] = args.llm_layers
        modules = random_modules(c, args.graphs)
        for name, m in modules.items():
            if name in check_graphs.P_MAJOR_GRAPHS:
                p_major_module(m)
        source = {"random": args.random, "widths": c}
    build_s = time.time() - t0
    specs = export_tiny.graph_specs(c)                 # example inputs in graph layout (P-major caches)
    man = sizes_manifest(c)
    report = {"source": source, "build_s": round(build_s, 1), "torch": torch.__version__, "onnx": onnx.__version__,
              "graphs": {}}
    failed = []
    for name, module in modules.items():
        files, export_s = export_graph(module, name, specs[name], out, man)
        entry = {"files": {f: os.path.getsize(os.path.join(out, f)) for f in files}, "export_s": round(export_s, 1),
                 "parameters": sum(p.numel() for p in module.parameters())}
        print(f"{name}: {sum(entry['files'].values()) / 1e6:.1f} MB in {files}, export {export_s:.1f} s", flush=True)
        if args.parity:
            rows, load_s = run_parity(module, name, specs[name], os.path.join(out, name + ".onnx"))
            worst = max(r["max_abs"] for r in rows)
            entry.update(parity=rows, ort_load_s=round(load_s, 1), max_abs=worst)
            print(f"  parity: max |onnx - torch| = {worst:.3g} over {len(rows)} outputs "
                  f"(ORT load {load_s:.1f} s)", flush=True)
            if not worst <= args.tolerance:
                failed.append(name)
        report["graphs"][name] = entry
        with open(os.path.join(out, "export_report.json"), "w") as f:
            json.dump(report, f, indent=1)
            f.write("\n")
    report["total_s"] = round(time.time() - t0, 1)
    report["failed_parity"] = failed
    with open(os.path.join(out, "export_report.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    print(f"done in {report['total_s']} s; parity failures: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
