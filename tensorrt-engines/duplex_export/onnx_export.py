"""Writes one graph of the contract to ONNX from a PyTorch module, and compares ONNX Runtime with
PyTorch on it. Shared by every source of modules (the release's, the tiny test model's)."""
import os
import tempfile
import time

import numpy as np
import onnx
import torch

from .contract import CONTRACT, LOOKAHEAD, OPSET, P_MAJOR_GRAPHS, T2W_PAD_CODE, resolve

TWO_GB = 2 * 1024 ** 3


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
    for tname, _, dims in CONTRACT[name][1]:
        shape = by_name[tname].type.tensor_type.shape
        for k, want in enumerate(dims):
            fixed = resolve(want, sizes_manifest)
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


# ---------------------------------------------------------------- parity
def parity_cases(name, spec):
    """(label, args) for the export's example inputs, plus an empty cache for the P-major graphs
    (the example inputs are in graph layout: caches [P, layers, heads, dim]) and a final window
    (the last codes the pad code) for t2w_encoder."""
    args = spec[0]
    cases = [("example", args)]
    if name == "t2w_encoder":
        codes = args[0].clone()
        codes[:, -LOOKAHEAD:] = T2W_PAD_CODE
        cases.append(("last window (pad codes)", (codes, *args[1:])))
    if name in P_MAJOR_GRAPHS:
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
