#!/usr/bin/python3
"""Exports the graphs of docs/model-contract.md to ONNX, with a parity check of each graph.

Three sources of modules, one export path:

    # the real model: a Hugging Face folder of MiniCPM-o 4.5 (its own code through transformers,
    # or --loader layout: release/layout.py, for machines without transformers)
    python3 export_minicpmo.py --checkpoint /models/MiniCPM-o-4_5 --out /models/minicpmo-onnx

    # the tiny test model's modules (tiny/tiny_modules.py) with random weights at the release's widths
    python3 export_minicpmo.py --random full --llm-layers 8 --out /tmp/full-random

    # the same at tiny widths (what CI runs; seconds on a CPU)
    /usr/bin/python3 export_minicpmo.py --random tiny --out /tmp/tiny-random

--checkpoint wraps the release's own modules (release/graphs.py; weights are never copied
into new modules) for the seven graphs whose modules ship in the Hugging Face folder;
Token2Wav (stepaudio2) is not wrapped and its three graphs are not written. Every graph is
exported with the contract's dynamic axes at opset 17; a graph whose weights exceed 2 GB is
saved with its tensors in one external data file (<graph>.onnx.data) beside it. --parity
runs each written graph with ONNX Runtime (CPU) on random inputs and compares every output
with the PyTorch module's (max abs difference, limit --tolerance); results, file sizes and
times go to export_report.json in --out. Exit status 1 when a graph fails parity.
Only --random imports the tiny test model (tiny/random_source.py). A complete package (tables,
tokenizer, manifest) comes from release/make_package.py.
"""
import argparse
import json
import os
import sys
import time

import onnx
import torch

from .contract import RELEASE_WIDTHS, graph_specs, manifest
from .onnx_export import export_graph, run_parity

GRAPHS = ["apm_stream", "audio_adapter", "siglip", "resampler", "llm_step", "tts_proj", "tts_step", "t2w_encoder",
          "dit_step", "hift"]


def sizes_manifest(c):
    """The manifest sections contract.resolve reads fixed sizes from."""
    return manifest(c, {}, GRAPHS, {}, {}, {}, "bad_token_ids.json")


def export_all(modules, c, out, parity, tolerance, report):
    """Exports each module to out/<name>.onnx; fills report["graphs"]; returns the graphs failing parity."""
    specs = graph_specs(c)                             # example inputs in graph layout (P-major caches)
    man = sizes_manifest(c)
    failed = []
    for name, module in modules.items():
        files, export_s = export_graph(module, name, specs[name], out, man)
        entry = {"files": {f: os.path.getsize(os.path.join(out, f)) for f in files}, "export_s": round(export_s, 1),
                 "parameters": sum(p.numel() for p in module.parameters())}
        print(f"{name}: {sum(entry['files'].values()) / 1e6:.1f} MB in {files}, export {export_s:.1f} s", flush=True)
        if parity:
            rows, load_s = run_parity(module, name, specs[name], os.path.join(out, name + ".onnx"))
            worst = max(r["max_abs"] for r in rows)
            entry.update(parity=rows, ort_load_s=round(load_s, 1), max_abs=worst)
            print(f"  parity: max |onnx - torch| = {worst:.3g} over {len(rows)} outputs "
                  f"(ORT load {load_s:.1f} s)", flush=True)
            if not worst <= tolerance:
                failed.append(name)
        report["graphs"][name] = entry
        write_report(out, report)
    return failed


def write_report(out, report):
    with open(os.path.join(out, "export_report.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description="Export the contract's graphs to ONNX with parity checks.")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="Hugging Face folder of MiniCPM-o 4.5 (loaded with trust_remote_code)")
    src.add_argument("--random", choices=["tiny", "full"], help="tiny modules with random weights at these widths")
    ap.add_argument("--out", required=True)
    ap.add_argument("--graphs", nargs="*", default=GRAPHS, help="subset of graphs (default all)")
    ap.add_argument("--llm-layers", type=int, help="--random full: LLM depth (default the release's 36)")
    ap.add_argument("--dtype", choices=["float32", "float16", "bfloat16"], default="float32",
                    help="--checkpoint: dtype the model is loaded and exported in")
    ap.add_argument("--loader", choices=["auto", "release", "layout"], default="auto",
                    help="--checkpoint: the release's code (trust_remote_code), the documented layout, or "
                         "auto (the release's code where transformers and the folder's modeling files exist)")
    ap.add_argument("--parity", action="store_true", help="compare ONNX Runtime (CPU) with PyTorch per graph")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    args = ap.parse_args()
    unknown = [g for g in args.graphs if g not in GRAPHS]
    if unknown:
        ap.error(f"unknown graphs {unknown}; the contract has {GRAPHS}")
    torch.set_grad_enabled(False)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    t0 = time.time()
    if args.checkpoint:
        from .release import graphs as release_graphs
        from .release import source
        dtype = getattr(torch, args.dtype)
        model, loader = source.load_model(args.checkpoint, dtype, args.loader)
        modules = source.checkpoint_modules(model, args.graphs, dtype)
        skipped = [n for n in args.graphs if n not in modules]
        if skipped:
            print(f"not exported from a checkpoint (Token2Wav is the stepaudio2 package, not wrapped): {skipped}")
        c = dict(RELEASE_WIDTHS, **release_graphs.sizes(model))
        source_info = {"checkpoint": os.path.abspath(args.checkpoint), "dtype": args.dtype, "loader": loader}
    else:
        # the tiny test model's modules as a stand-in source; only this path imports them
        from .tiny import random_source
        c = dict(random_source.TINY if args.random == "tiny" else RELEASE_WIDTHS)
        if args.llm_layers:
            c["llm_layers"] = args.llm_layers
        modules = random_source.random_modules(c, args.graphs)
        source_info = {"random": args.random, "widths": c}
    build_s = time.time() - t0
    report = {"source": source_info, "build_s": round(build_s, 1), "torch": torch.__version__,
              "onnx": onnx.__version__, "graphs": {}}
    failed = export_all(modules, c, out, args.parity, args.tolerance, report)
    report["total_s"] = round(time.time() - t0, 1)
    report["failed_parity"] = failed
    write_report(out, report)
    print(f"done in {report['total_s']} s; parity failures: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
