#!/usr/bin/python3
"""Checks a model package's ONNX graphs against docs/model-contract.md, then checks that the
graphs compute what the tiny PyTorch modules compute.

    PYTHONPATH=tensorrt-engines /usr/bin/python3 -m duplex_export.tiny.check_graphs tensorrt-engines/tiny-model
        [--write-vectors DIR]

1. Structure (any package): format version; every listed file has its size and sha256;
   tables hold shape x dtype bytes; the tokenizer has every special id as a special added
   token; every graph of the contract is in manifest.json and loads; input and output
   names, element types and ranks are the contract's, and fixed dimensions match the
   manifest's sizes.
2. Numbers (the tiny package): each graph runs on example inputs with onnxruntime if it can
   be imported, else with onnx.reference if this onnx has it; the outputs are compared with
   the PyTorch module's in a parity table. Neither exists on Debian 12 (onnx 1.12), and then
   this part says so and is skipped. --write-vectors writes the example inputs and the
   PyTorch outputs as raw little-endian files plus vectors.json, so another runtime (the
   Java ONNX Runtime backend) can run the same comparison.
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch

from ..contract import CONTRACT, T2W_CODES, T2W_PAD_CODE, graph_layout
from ..package_check import check_structure
from ..vectors import write_vectors
from . import build_tiny as bt
from .host_dsp import resampler_position_ids, siglip_position_ids
from .minitok import MiniTokenizer


# ---------------------------------------------------------------- numbers
def make_runner():
    try:
        import onnxruntime as ort  # noqa: F401

        def run(path, feeds):
            sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            return sess.run(None, feeds)
        return "onnxruntime", run
    except ImportError:
        pass
    try:
        from onnx.reference import ReferenceEvaluator

        def run(path, feeds):
            return ReferenceEvaluator(path).run(None, feeds)
        return "onnx.reference", run
    except ImportError:
        return None, None


def example_inputs(pkg, manifest):
    """Inputs at duplex-loop sizes: empty pasts where the loop starts with empty caches."""
    g = torch.Generator().manual_seed(11)

    def rnd(*shape, scale=1.0):
        return torch.randn(*shape, generator=g) * scale

    def past(cfg, heads_key, length, random):
        shape = (cfg["num_layers"], 1, cfg[heads_key], length, cfg["head_dim"])
        return (rnd(*shape), rnd(*shape)) if random else (torch.zeros(shape), torch.zeros(shape))

    llm, tts, enc = manifest["llm"], manifest["tts"], manifest["audio"]["encoder"]
    voice = {k: torch.from_numpy(np.fromfile(os.path.join(pkg, v["file"]), dtype="<f4").reshape(v["shape"]))
             for k, v in manifest["token2wav"]["voice"].items()}
    t2w_caches = (voice["t2w_cnn_cache"], voice["enc_keys"], voice["enc_values"], voice["up_keys"], voice["up_values"])
    n = 16                                                # a 4 x 4 patch grid
    ones = torch.ones(1, n, dtype=torch.int64)
    pad = T2W_PAD_CODE
    cases = {}
    cases["apm_stream"] = [
        ("first chunk, empty cache", (rnd(1, 80, 102), *past(enc, "num_heads", 0, False))),
        ("later chunk, P=50", (rnd(1, 80, 104), *past(enc, "num_heads", 50, True)))]
    cases["audio_adapter"] = [("50 frames", (rnd(1, 50, enc["hidden_size"]),))]
    cases["siglip"] = [("4x4 patches", (rnd(1, 3, 14, 14 * n), siglip_position_ids(4, 4), ones))]
    cases["resampler"] = [("4x4 patches", (rnd(1, n, manifest["image"]["vision_hidden_size"]),
                                          resampler_position_ids(4, 4), ones))]
    cases["llm_step"] = [
        ("prefill S=11, P=0", (rnd(1, 11, llm["hidden_size"]), torch.arange(11).unsqueeze(0),
                               *past(llm, "num_kv_heads", 0, False))),
        ("decode S=1, P=30", (rnd(1, 1, llm["hidden_size"]), torch.tensor([[30]]), *past(llm, "num_kv_heads", 30, True)))]
    cases["tts_proj"] = [("N=6", (rnd(6, llm["hidden_size"], scale=3.0),))]
    cases["tts_step"] = [
        ("prefill S=7, P=0", (rnd(1, 7, tts["hidden_size"]), torch.arange(7).unsqueeze(0),
                              *past(tts, "num_kv_heads", 0, False))),
        ("decode S=1, P=7", (rnd(1, 1, tts["hidden_size"]), torch.tensor([[7]]), *past(tts, "num_kv_heads", 7, True)))]
    cases["t2w_encoder"] = [
        ("window of 28 on the voice caches", (torch.randint(0, T2W_CODES, (1, 28), generator=g), *t2w_caches)),
        ("final window 3 + 3 pad", (torch.tensor([[5, 6, 7, pad, pad, pad]]), *t2w_caches))]
    cases["dit_step"] = [("T=50 on step-0 voice caches", (
        rnd(1, 80, 50), rnd(1, 80, 50), voice["spk"], torch.tensor([0.0]),
        voice["dit_cnn_cache"][0], voice["dit_keys"][0], voice["dit_values"][0]))]
    cases["hift"] = [("T=50 on voice caches", (
        rnd(1, 80, 50), voice["hift_mel_cache"], voice["hift_source_cache"], voice["hift_speech_cache"]))]
    return cases


def main():
    ap = argparse.ArgumentParser(description="Check a model package against docs/model-contract.md")
    ap.add_argument("package")
    ap.add_argument("--write-vectors", metavar="DIR", help="write example inputs and PyTorch outputs for other runtimes")
    ap.add_argument("--structure-only", action="store_true", help="skip the PyTorch part (any package)")
    args = ap.parse_args()
    pkg = os.path.abspath(args.package)
    with open(os.path.join(pkg, "manifest.json")) as f:
        manifest = json.load(f)

    problems = check_structure(pkg, manifest)
    print(f"structure: manifest, files, tables, tokenizer ids and {len(CONTRACT)} graphs: {len(problems)} problem(s)")
    for p in problems:
        print("  " + p)
    if problems or args.structure_only:
        return 1 if problems else 0

    torch.set_grad_enabled(False)
    tok = MiniTokenizer(os.path.join(pkg, "tokenizer.json"))
    with open(os.path.join(pkg, manifest["llm"]["bad_token_ids_file"])) as f:
        bad = json.load(f)
    modules, _ = bt.build_all(tok, bad)
    mismatched = verify_weights(pkg, manifest, modules)
    print(f"weights: every ONNX initializer named like a module tensor is equal to it "
          f"({'ok' if not mismatched else 'MISMATCH: ' + ', '.join(mismatched)})")

    runner_name, run = make_runner()
    cases = example_inputs(pkg, manifest)
    vectors = {}
    rows = []
    for name, case_list in cases.items():
        ins, outs = CONTRACT[name]
        for label, args_t in case_list:
            expected = modules[name](*args_t)
            expected = expected if isinstance(expected, tuple) else (expected,)
            expected = tuple(graph_layout(name, spec[0], e) for spec, e in zip(outs, expected))
            feeds = {spec[0]: graph_layout(name, spec[0], a).numpy() for spec, a in zip(ins, args_t)}
            key = f"{name}/{len([k for k in vectors if k.startswith(name + '/')])}"
            vectors[key] = (label, feeds, {spec[0]: e.numpy() for spec, e in zip(outs, expected)})
            if run is None:
                continue
            got = run(os.path.join(pkg, manifest["graphs"][name]["file"]), feeds)
            for spec, e, o in zip(outs, expected, got):
                err = float(np.max(np.abs(e.numpy() - o))) if e.numel() else 0.0
                rows.append((name, label, spec[0], list(o.shape), err))
    if run is None:
        print("numbers: neither onnxruntime nor onnx.reference can be imported here "
              f"(onnx {onnx.__version__}); parity not run")
    else:
        print(f"numbers: parity with {runner_name}")
        print(f"  {'graph':<14}{'case':<36}{'output':<18}{'shape':<22}max |onnx - torch|")
        for r in rows:
            print(f"  {r[0]:<14}{r[1]:<36}{r[2]:<18}{str(r[3]):<22}{r[4]:.3g}")
    if args.write_vectors:
        write_vectors(args.write_vectors, vectors)
        print(f"vectors: {len(vectors)} cases written to {args.write_vectors}")
    bad_rows = [r for r in rows if not r[4] <= 1e-3]
    return 1 if (mismatched or bad_rows) else 0


def verify_weights(pkg, manifest, modules):
    from onnx import numpy_helper
    mismatched = []
    for name, module in modules.items():
        model = onnx.load(os.path.join(pkg, manifest["graphs"][name]["file"]))
        tensors = dict(module.state_dict())
        compared = 0
        for init in model.graph.initializer:
            if init.name in tensors:
                compared += 1
                a = numpy_helper.to_array(init)
                b = tensors[init.name].numpy()
                if a.shape != b.shape or not np.array_equal(a, b.astype(a.dtype)):
                    mismatched.append(f"{name}:{init.name}")
        if compared == 0:
            # no initializer carries a module tensor's name: nothing was compared
            mismatched.append(f"{name}: no initializer named like a module tensor")
    return mismatched


if __name__ == "__main__":
    sys.exit(main())
