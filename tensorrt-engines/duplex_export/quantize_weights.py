#!/usr/bin/python3
"""Weight-only quantisation of an exported llm_step.onnx (int8 per channel or int4 per block).

    python3 tensorrt-engines/quantize_weights.py IN.onnx --out OUT.onnx --precision int8|int4
        [--block-size 128] [--min-size 65536] [--report] [--report-json PATH] [--parity N]

Every MatMul/Gemm whose weight input is a 2-D float initializer (reached directly or through the
exporter's Transpose [1, 0] and Cast nodes, each used by that layer alone) gets its weight
replaced by DequantizeLinear(q, scale) feeding the layer: q/k/v/o, gate/up/down and lm_head in
the contract's llm_step. Activations, norms, biases, the attention products (no initializer) and
every graph input and output are left as they are, so outputs this script does not know pass
through untouched. The weight is stored as the layer reads it, [K in, N out]:

  int8  symmetric, one scale per output channel: DequantizeLinear (opset 13) axis 1, scale [N].
  int4  symmetric, one scale per block of --block-size along the input dimension:
        DequantizeLinear (opset 21) axis 0, block_size B, INT4 weights, scale [K / B, N].
        The graph's opset is raised to 21 (Reduce* axes move from attribute to input); this
        needs onnx >= 1.16 (the INT4 type).

Scales have the dtype the layer computes in (float32 for an fp32 export, float16 for one exported
in float16), are strictly positive and carry no zero point: the form TensorRT 10 builds as
weight-only quantisation with --stronglyTyped (docs/jetson.md). Matrices of fewer than --min-size
elements, and for int4 those whose input dimension is not a multiple of the block, are kept as
they are and listed with the reason. The input is never overwritten; above 2 GB the output's
tensors go to one external file <OUT>.data. The report (--report-json, default OUT + '.quant.json')
holds per layer the shape, bytes before/after and the relative weight error, the file sizes, and
with --parity N (needs onnxruntime) an N-step decode of both graphs on the same random inputs:
max abs logit difference, its ratio to the fp32 logit range, top-1 and top-5 agreement.
Exit status: 0 done, 1 parity ran and top-1 agreement fell below --min-top1, 2 bad input.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

TWO_GB = 2 * 1024 ** 3
INT4 = 22                                               # TensorProto.INT4 (onnx >= 1.16)
FLOAT_TYPES = {TensorProto.FLOAT: np.float32, TensorProto.FLOAT16: np.float16}
# Reduce ops whose axes became an input at opset 18 (ReduceSum did at 13).
REDUCE_AXES_TO_INPUT = {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                        "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"}


class BadInput(Exception):
    """A graph or option this script cannot quantise; the message names the problem."""


# ---------------------------------------------------------------- finding the weights
def subgraph_names(node):
    """Names read inside a node's subgraphs (If/Loop bodies read outer values by name)."""
    names = set()
    for a in node.attribute:
        graphs = [a.g] if a.type == onnx.AttributeProto.GRAPH else list(a.graphs)
        for g in graphs:
            for n in g.node:
                names.update(n.input)
                names |= subgraph_names(n)
    return names


def find_weights(graph):
    """(layer node, B input index, initializer, chain nodes, stored transposed, compute dtype) per
    MatMul/Gemm whose B is a float initializer reached through single-use Transpose/Cast nodes."""
    inits = {t.name: t for t in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    uses = {}
    for n in graph.node:
        for name in list(n.input) + sorted(subgraph_names(n)):
            uses[name] = uses.get(name, 0) + 1
    for o in graph.output:
        uses[o.name] = uses.get(o.name, 0) + 1
    graph_inputs = {i.name for i in graph.input}
    found = []
    for node in graph.node:
        if node.op_type not in ("MatMul", "Gemm") or len(node.input) < 2:
            continue
        name, chain, flips, dtype = node.input[1], [], 0, None
        if node.op_type == "Gemm":
            flips += next((a.i for a in node.attribute if a.name == "transB"), 0)
        while name not in inits and name in producer and uses.get(name) == 1:
            p = producer[name]
            if p.op_type == "Transpose" and [list(a.ints) for a in p.attribute if a.name == "perm"] in ([[1, 0]], []):
                flips += 1
            elif p.op_type == "Cast":
                to = next(a.i for a in p.attribute if a.name == "to")
                if to not in FLOAT_TYPES:
                    break
                dtype = to if dtype is None else dtype     # the Cast nearest the layer decides
            else:
                break
            chain.append(p)
            name = p.input[0]
        t = inits.get(name)
        if t is None or t.data_type not in FLOAT_TYPES or len(t.dims) != 2 or uses.get(name) != 1 \
                or name in graph_inputs:
            continue
        found.append(dict(node=node, init=t, chain=chain, transposed=flips % 2 == 1,
                          dtype=dtype if dtype is not None else t.data_type))
    return found


# ---------------------------------------------------------------- quantising one matrix
def as_scale(amax, qmax, np_dtype):
    """Strictly positive scales in the layer's dtype (a zero column gets the dtype's tiny)."""
    scale = (amax / qmax).astype(np_dtype)
    return np.maximum(scale, np.finfo(np_dtype).tiny).astype(np_dtype)


def quantize_int8(w_kn, np_dtype):
    scale = as_scale(np.abs(w_kn).max(axis=0), 127.0, np_dtype)                  # [N]
    q = np.clip(np.rint(w_kn / scale.astype(np.float32)), -127, 127).astype(np.int8)
    return q, scale, q.astype(np.float32) * scale.astype(np.float32)


def quantize_int4(w_kn, np_dtype, block):
    k, n = w_kn.shape
    blocks = w_kn.reshape(k // block, block, n)
    scale = as_scale(np.abs(blocks).max(axis=1), 7.0, np_dtype)                   # [K / B, N]
    s32 = scale.astype(np.float32)[:, None, :]
    q = np.clip(np.rint(blocks / s32), -8, 7).astype(np.int8)
    deq = (q.astype(np.float32) * s32).reshape(k, n)
    return q.reshape(k, n), scale, deq


def int4_tensor(name, q):
    """An INT4 initializer: two values per byte, the first in the low nibble (ONNX packing)."""
    flat = q.reshape(-1).astype(np.uint8) & 0x0F
    if flat.size % 2:
        flat = np.concatenate([flat, np.zeros(1, np.uint8)])
    packed = (flat[0::2] | (flat[1::2] << 4)).astype(np.uint8)
    t = TensorProto()
    t.name = name
    t.data_type = INT4
    t.dims.extend(q.shape)
    t.raw_data = packed.tobytes()
    return t


def tensor_bytes(t):
    n = int(np.prod(t.dims)) if len(t.dims) else 1
    if t.data_type == INT4:
        return (n + 1) // 2
    return {TensorProto.INT8: n, TensorProto.FLOAT16: 2 * n}.get(t.data_type, 4 * n)


# ---------------------------------------------------------------- opset 21 for int4
def upgrade_to_21(model):
    """Raises the default opset to 21. Between 17 and 21 the ops the export emits changed only by
    new types and optional attributes, except Reduce*, whose axes became an input at 18."""
    opset = next(o for o in model.opset_import if o.domain in ("", "ai.onnx"))
    if opset.version < 13:
        raise BadInput(f"opset {opset.version} is older than 13; re-export the graph at opset 13 or later")
    if opset.version < 18:
        counter = [0]

        def fix(graph):
            for n in graph.node:
                axes = [a for a in n.attribute if a.name == "axes"]
                if n.op_type in REDUCE_AXES_TO_INPUT and axes:
                    counter[0] += 1
                    const = f"{n.name or n.op_type}_axes_{counter[0]}"
                    graph.initializer.append(numpy_helper.from_array(np.array(axes[0].ints, np.int64), const))
                    n.attribute.remove(axes[0])
                    n.input.append(const)
                for a in n.attribute:
                    for g in ([a.g] if a.type == onnx.AttributeProto.GRAPH else list(a.graphs)):
                        fix(g)

        fix(model.graph)
    opset.version = max(opset.version, 21)
    model.ir_version = max(model.ir_version, 10)


# ---------------------------------------------------------------- the rewrite
def quantize(model, base_dir, precision, block, min_size):
    found = find_weights(model.graph)
    if not found:
        raise BadInput("no MatMul/Gemm layer of this graph reads its weights from a 2-D float initializer: "
                       "nothing to quantise (is it an exported llm_step.onnx?)")
    graph = model.graph
    layers, dq_nodes, removed = [], [], set()
    for f in found:
        t, node = f["init"], f["node"]
        rows, cols = t.dims
        k, n = (cols, rows) if f["transposed"] else (rows, cols)
        entry = dict(layer=node.name or node.output[0], weight=t.name, shape_kn=[k, n],
                     dtype=TensorProto.DataType.Name(t.data_type).lower(), bytes_before=tensor_bytes(t))
        layers.append(entry)
        if k * n < min_size:
            entry.update(skipped=f"fewer than --min-size {min_size} elements", bytes_after=entry["bytes_before"])
            continue
        if precision == "int4" and k % block:
            entry.update(skipped=f"input dimension {k} is not a multiple of the block {block}",
                         bytes_after=entry["bytes_before"])
            continue
        w = numpy_helper.to_array(t, base_dir).astype(np.float32)
        w_kn = w.T if f["transposed"] else w
        np_dtype = FLOAT_TYPES[f["dtype"]]
        if precision == "int8":
            q, scale, deq = quantize_int8(w_kn, np_dtype)
            q_t = numpy_helper.from_array(np.ascontiguousarray(q), t.name + "_int8")
            attrs = dict(axis=1)
        else:
            q, scale, deq = quantize_int4(w_kn, np_dtype, block)
            q_t = int4_tensor(t.name + "_int4", q)
            attrs = dict(axis=0, block_size=block)
        s_t = numpy_helper.from_array(scale, t.name + "_scale")
        err = float(np.linalg.norm(deq - w_kn) / max(np.linalg.norm(w_kn), 1e-30))
        entry.update(bytes_after=tensor_bytes(q_t) + tensor_bytes(s_t), rel_error=err,
                     scale_dtype=entry["dtype"] if f["dtype"] == t.data_type else
                     TensorProto.DataType.Name(f["dtype"]).lower())
        out = t.name + "_dequantized"
        dq_nodes.append(helper.make_node("DequantizeLinear", [q_t.name, s_t.name], [out],
                                         name=t.name + "/DequantizeLinear", **attrs))
        graph.initializer.extend([q_t, s_t])
        node.input[1] = out
        if node.op_type == "Gemm":                      # the weight is stored [K, N] now
            for a in node.attribute:
                if a.name == "transB":
                    a.i = 0
        removed.add(t.name)
        for c in f["chain"]:
            graph.node.remove(c)
            removed.update(c.output)
        del w, w_kn, deq
    if not dq_nodes:
        raise BadInput(f"none of the {len(found)} weight matrices was quantised (see --report): "
                       "lower --min-size or pick a block size dividing the input dimensions")
    keep = [t for t in graph.initializer if t.name not in removed]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    keep_vi = [v for v in graph.value_info if v.name not in removed]
    del graph.value_info[:]
    graph.value_info.extend(keep_vi)
    nodes = dq_nodes + list(graph.node)                 # DQ reads initializers only: first is topological
    del graph.node[:]
    graph.node.extend(nodes)
    if precision == "int4":
        upgrade_to_21(model)
    return layers


def file_bytes(path):
    model = onnx.load(path, load_external_data=False)
    files = {path}
    for t in model.graph.initializer:
        for kv in t.external_data:
            if kv.key == "location":
                files.add(os.path.join(os.path.dirname(path), kv.value))
    return {os.path.basename(f): os.path.getsize(f) for f in sorted(files) if os.path.exists(f)}


def save(model, base_dir, out):
    """Writes out (one file, or out + out.data above 2 GB) and checks it."""
    onnx.external_data_helper.load_external_data_for_model(model, base_dir)
    for stale in (out, out + ".data"):
        if os.path.exists(stale):
            os.remove(stale)
    total = sum(len(t.raw_data) for t in model.graph.initializer)
    if total >= TWO_GB - (64 << 20):
        onnx.save_model(model, out, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(out) + ".data", size_threshold=1024)
    else:
        onnx.save_model(model, out)
    onnx.checker.check_model(out)                       # by path: works above 2 GB


# ---------------------------------------------------------------- parity
def decode_parity(fp32_path, quant_path, steps, seed):
    """Both graphs decode the same random input embeddings for `steps` positions, each over its
    own growing KV cache; logits compared per position."""
    try:
        import onnxruntime as ort
    except ImportError as e:
        raise BadInput(f"--parity needs onnxruntime, which cannot be imported here ({e})")

    def session(path):
        opts = ort.SessionOptions()
        # Fold DequantizeLinear of constant weights at load: the comparison measures the
        # quantised weights, and each step runs at float speed.
        opts.add_session_config_entry("session.disable_quant_qdq", "1")
        # The full-width lm_head is 2.5 GB as float32: over ORT's 1 GB folding limit, it would be
        # widened again at every step (the fp32 graph's Cast as much as the DequantizeLinear).
        opts.add_session_config_entry("optimization.constant_folding_max_output_size_in_bytes", "0")
        return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])

    t0 = time.time()
    ref, got = session(fp32_path), session(quant_path)
    load_s = time.time() - t0
    shapes = {i.name: i.shape for i in ref.get_inputs()}
    hidden = shapes["inputs_embeds"][2]
    _, layers, kv_heads, head_dim = shapes["past_keys"]
    rng = np.random.default_rng(seed)
    caches = [[np.zeros((0, layers, kv_heads, head_dim), np.float32)] * 2 for _ in range(2)]
    max_abs, ratio, top1, top5, cos = [], [], 0, [], []
    for step in range(steps):
        emb = rng.standard_normal((1, 1, hidden)).astype(np.float32)
        logits = []
        for k, sess in enumerate((ref, got)):
            out = dict(zip([o.name for o in sess.get_outputs()],
                           sess.run(None, {"inputs_embeds": emb, "position_ids": np.array([[step]], np.int64),
                                           "past_keys": caches[k][0], "past_values": caches[k][1]})))
            caches[k] = [np.concatenate([caches[k][0], out["new_keys"]]),
                         np.concatenate([caches[k][1], out["new_values"]])]
            logits.append(out["logits"].reshape(-1).astype(np.float64))
        a, b = logits
        d = float(np.abs(a - b).max())
        max_abs.append(d)
        ratio.append(d / float(a.max() - a.min()))
        top1 += int(a.argmax() == b.argmax())
        top5.append(len(set(np.argsort(-a)[:5]) & set(np.argsort(-b)[:5])) / 5)
        cos.append(float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))))
    return dict(steps=steps, seed=seed, ort=ort.__version__, load_s=round(load_s, 1),
                run_s=round(time.time() - t0 - load_s, 1),
                max_abs_logit_diff=max(max_abs), mean_max_abs_logit_diff=float(np.mean(max_abs)),
                max_diff_over_logit_range=max(ratio), top1_agreement=top1 / steps,
                top5_overlap=float(np.mean(top5)), min_cosine=min(cos))


# ---------------------------------------------------------------- main
def run(args):
    src = os.path.abspath(args.graph)
    out = os.path.abspath(args.out)
    if not os.path.isfile(src):
        raise BadInput(f"no such graph file: {src}")
    if out in (src, src + ".data") or os.path.exists(out) and os.path.samefile(out, src):
        raise BadInput(f"--out {out} would overwrite the input graph; write the quantised graph elsewhere")
    if args.precision == "int4" and not hasattr(TensorProto, "INT4"):
        raise BadInput(f"int4 needs onnx >= 1.16 (the INT4 type, opset 21); this onnx is {onnx.__version__}")
    if args.block_size < 2 or args.block_size % 2:
        raise BadInput(f"--block-size {args.block_size}: use an even size, e.g. 32, 64 or 128")
    try:
        model = onnx.load(src, load_external_data=False)
    except Exception as e:                              # protobuf's own errors name no file
        raise BadInput(f"{src} is not a readable ONNX model ({type(e).__name__}: {e})")
    t0 = time.time()
    layers = quantize(model, os.path.dirname(src), args.precision, args.block_size, args.min_size)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    save(model, os.path.dirname(src), out)
    report = dict(source=src, output=out, precision=args.precision,
                  block_size=args.block_size if args.precision == "int4" else None, min_size=args.min_size,
                  onnx=onnx.__version__, seconds=round(time.time() - t0, 1),
                  files_before=file_bytes(src), files_after=file_bytes(out),
                  weights_before=sum(e["bytes_before"] for e in layers),
                  weights_after=sum(e["bytes_after"] for e in layers),
                  quantised=sum("skipped" not in e for e in layers), skipped=sum("skipped" in e for e in layers),
                  layers=layers)
    report["bytes_before"] = sum(report["files_before"].values())
    report["bytes_after"] = sum(report["files_after"].values())
    if args.parity:
        report["parity"] = decode_parity(src, out, args.parity, args.seed)
    with open(args.report_json or out + ".quant.json", "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    if args.report:
        print(f"{'layer':40s} {'K x N':>14s} {'before':>12s} {'after':>12s}  rel. error / skipped")
        for e in layers:
            print(f"{e['layer'][-40:]:40s} {e['shape_kn'][0]:>6d} x {e['shape_kn'][1]:<6d} {e['bytes_before']:12d} "
                  f"{e['bytes_after']:12d}  {e.get('skipped') or format(e['rel_error'], '.3g')}")
    print(f"{args.precision}: {report['quantised']} matrices quantised, {report['skipped']} kept; "
          f"files {report['bytes_before'] / 1e6:.1f} MB -> {report['bytes_after'] / 1e6:.1f} MB; wrote {out}")
    p = report.get("parity")
    if p:
        print(f"parity over {p['steps']} positions: max |logit diff| {p['max_abs_logit_diff']:.4g} "
              f"({p['max_diff_over_logit_range']:.3%} of the logit range), top-1 {p['top1_agreement']:.3f}, "
              f"top-5 overlap {p['top5_overlap']:.3f}")
        if p["top1_agreement"] < args.min_top1:
            print(f"top-1 agreement {p['top1_agreement']:.3f} is below --min-top1 {args.min_top1}", file=sys.stderr)
            return 1
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description="Weight-only int8/int4 quantisation of an exported llm_step.onnx.")
    ap.add_argument("graph", help="the exported fp32 (or fp16) llm_step.onnx")
    ap.add_argument("--out", required=True, help="quantised graph to write (never the input)")
    ap.add_argument("--precision", required=True, choices=["int8", "int4"])
    ap.add_argument("--block-size", type=int, default=128, help="int4: block along the input dimension")
    ap.add_argument("--min-size", type=int, default=65536, help="keep matrices of fewer elements as they are")
    ap.add_argument("--report", action="store_true", help="print the per-layer table")
    ap.add_argument("--report-json", help="where the report goes (default OUT.quant.json)")
    ap.add_argument("--parity", type=int, default=0, metavar="N", help="decode N positions with both graphs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--min-top1", type=float, default=0.0, help="--parity: exit 1 below this top-1 agreement")
    args = ap.parse_args(argv)
    try:
        return run(args)
    except BadInput as e:
        print(f"quantize_weights: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
