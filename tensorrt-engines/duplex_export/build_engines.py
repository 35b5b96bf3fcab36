#!/usr/bin/python3
"""Builds TensorRT engines for a model package with trtexec, for a named target.

    python3 tensorrt-engines/build_engines.py --package PKG --target orin-agx-jp6 --precision int4-llm
        [--dry-run] [--rebuild] [--trtexec PATH] [--trt-version V] [--compute-capability X.Y]
        [--free-memory-gb G] [--max-past N] [--block-size B] [--write-manifest]

Per graph of docs/model-contract.md it runs one trtexec line with the graph's optimisation
profile (min/opt/max shapes of every dynamic input, from the contract's unit sizes), the
precision flags of the profile, and --saveEngine into

    PKG/engines/<cache key>/<graph>.plan        (or --engines-dir) cache key = trt<version>-sm<cc>-<precision profile>

An engine is tied to its TensorRT version and GPU, so the key holds both. An engine that
exists is never rebuilt silently: without --rebuild the script stops with a message naming
it (exit 3). Before building, the memory check compares the target's budget for the
precision profile (weights + KV cache + workspace) with the free memory and refuses (exit 2)
when it does not fit (weights: the package's float32 ONNX sizes scaled by precision). --dry-run prints the check and the command lines and runs nothing;
--trt-version, --compute-capability and --free-memory-gb then stand in for the machine's.
--write-manifest writes PKG/manifest.tensorrt.json: the package manifest with each built
graph served by its engine (backend tensorrt, file, onnx, cache_key, precision).

int8-llm / int4-llm first quantise llm_step's weights (quantize_weights.py: int8 per output
channel, int4 in blocks of --block-size along the input) into the engine cache folder,
<cache key>/llm_step.<int8|int4>.onnx with its report beside it, and build the LLM engine from that
graph; the package's own graph is never rewritten. The manifest's llm_step entry then names the
quantised graph as its onnx and the package's graph as source_onnx.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

# the folder of the command-line wrappers (quantize_weights.py is run as its own process)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name -> facts. Memory is what the GPU can use (unified memory on Jetson: the board's RAM).
TARGETS = {
    "orin-agx-jp6": dict(desc="Jetson AGX Orin 64 GB, JetPack 6.1/6.2", trt="10.3", cuda="12.6", cc="8.7",
                         memory_gb=64, jetson=True),
    "orin-agx32-jp6": dict(desc="Jetson AGX Orin 32 GB, JetPack 6.1/6.2", trt="10.3", cuda="12.6", cc="8.7",
                           memory_gb=32, jetson=True),
    "orin-nx-jp6": dict(desc="Jetson Orin NX 16 GB, JetPack 6.1/6.2", trt="10.3", cuda="12.6", cc="8.7",
                        memory_gb=16, jetson=True),
    "thor-jp7": dict(desc="Jetson AGX Thor 128 GB, JetPack 7.0", trt="10.13", cuda="13.0", cc="11.0",
                     memory_gb=128, jetson=True),
    "desktop": dict(desc="desktop GPU (TensorRT and compute capability read from the machine)", trt=None,
                    cuda=None, cc=None, memory_gb=None, jetson=False),
}

GRAPHS = ["apm_stream", "audio_adapter", "siglip", "resampler", "llm_step", "tts_proj", "tts_step",
          "t2w_encoder", "dit_step", "hift"]

# Precision profiles: flags for every graph, and for the LLM. int8/int4 weight-only need the
# ONNX graph to carry quantised weights (DequantizeLinear before each MatMul, written by
# quantize_weights.py); trtexec then runs them as stored ("--stronglyTyped"), it does not quantise.
PRECISIONS = {
    "fp16": dict(all=["--fp16"], llm=["--fp16"], llm_label="fp16", quantize=None),
    "int8-llm": dict(all=["--fp16"], llm=["--stronglyTyped"], llm_label="int8-weight", quantize="int8"),
    "int4-llm": dict(all=["--fp16"], llm=["--stronglyTyped"], llm_label="int4-weight", quantize="int4"),
}

# Engine weight bytes per float32 ONNX weight byte: fp16 halves them; weight-only int8/int4
# keep 0.26 / 0.14 (int8 or int4 plus fp32 scales: quantize_weights.py on the full-width graph).
WEIGHT_FACTOR = {"fp16": 0.5, "int8-weight": 0.26, "int4-weight": 0.14}
WORKSPACE_GB = 2.0
OS_RESERVE_GB = {True: 6.0, False: 1.0}            # Jetson: the OS and the node share the same memory


def t2w_cache_rows(t2w):
    """The most cached rows each Token2Wav graph reads (encoder 25 Hz, up 50 Hz, DiT): the contract's last rows,
    or under token2wav.cache_policy "prompt_and_recent" the prompt's frames + the recent rows kept (the
    25 Hz layers read half of them)."""
    if t2w.get("cache_policy") == "prompt_and_recent":
        rows = t2w["prompt_frames"] + t2w.get("cache_keep_recent", 100)
        return rows // 2, rows, rows
    return t2w["encoder"]["att_cache_frames"], t2w["encoder"]["up_att_cache_frames"], t2w["dit"]["att_cache_frames"]


def profile_shapes(graph, m, max_past):
    """min/opt/max shape per dynamic input, from the loop's unit sizes (docs/model-contract.md 4)."""
    llm, tts, enc = m["llm"], m["tts"], m["audio"]["encoder"]
    t2w, dit, img = m["token2wav"]["encoder"], m["token2wav"]["dit"], m["image"]
    enc_rows, up_rows, dit_rows = t2w_cache_rows(m["token2wav"])

    def cache(n, cfg, heads):
        return [n, cfg["num_layers"], cfg[heads], cfg["head_dim"]]

    patches = (img["scale_resolution"] // img["patch_size"]) ** 2           # 32 x 32 = 1024 for one slice
    p = {
        "apm_stream": {"mel": ([1, 80, 102], [1, 80, 104], [1, 80, 104]),
                       "past_keys": (cache(0, enc, "num_heads"), cache(750, enc, "num_heads"),
                                     cache(enc["max_positions"] - enc["frames_per_chunk"], enc, "num_heads"))},
        "audio_adapter": {"audio_hidden": ([1, 5, enc["hidden_size"]], [1, 50, enc["hidden_size"]],
                                           [1, 50, enc["hidden_size"]])},
        "siglip": {"pixel_values": ([1, 3, 14, 14], [1, 3, 14, 14 * patches], [1, 3, 14, 14 * 1225]),
                   "position_ids": ([1, 1], [1, patches], [1, 1225]),
                   "patch_mask": ([1, 1], [1, patches], [1, 1225])},
        "resampler": {"vision_hidden": ([1, 1, img["vision_hidden_size"]], [1, patches, img["vision_hidden_size"]],
                                        [1, 1225, img["vision_hidden_size"]]),
                      "position_ids": ([1, 1], [1, patches], [1, 1225]),
                      "patch_mask": ([1, 1], [1, patches], [1, 1225])},
        "llm_step": {"inputs_embeds": ([1, 1, llm["hidden_size"]], [1, 1, llm["hidden_size"]],
                                       [1, 128, llm["hidden_size"]]),
                     "position_ids": ([1, 1], [1, 1], [1, 128]),
                     "past_keys": (cache(0, llm, "num_kv_heads"), cache(2048, llm, "num_kv_heads"),
                                   cache(max_past, llm, "num_kv_heads"))},
        "tts_proj": {"llm_hidden": ([1, llm["hidden_size"]], [20, llm["hidden_size"]], [64, llm["hidden_size"]])},
        "tts_step": {"inputs_embeds": ([1, 1, tts["hidden_size"]], [1, 1, tts["hidden_size"]],
                                       [1, 64, tts["hidden_size"]]),
                     "position_ids": ([1, 1], [1, 1], [1, 64]),
                     "past_keys": (cache(0, tts, "num_kv_heads"), cache(256, tts, "num_kv_heads"),
                                   cache(1024, tts, "num_kv_heads"))},
        "t2w_encoder": {"codes": ([1, 4], [1, 28], [1, 28]),
                        "enc_past_keys": ([t2w["num_layers"], 1, t2w["num_heads"], 0, t2w["head_dim"]],
                                          [t2w["num_layers"], 1, t2w["num_heads"], 25, t2w["head_dim"]],
                                          [t2w["num_layers"], 1, t2w["num_heads"], enc_rows,
                                           t2w["head_dim"]]),
                        "up_past_keys": ([t2w["num_up_layers"], 1, t2w["num_heads"], 0, t2w["head_dim"]],
                                         [t2w["num_up_layers"], 1, t2w["num_heads"], 50, t2w["head_dim"]],
                                         [t2w["num_up_layers"], 1, t2w["num_heads"], up_rows,
                                          t2w["head_dim"]])},
        "dit_step": {"x": ([1, 80, 2], [1, 80, 50], [1, 80, 50]),
                     "mu": ([1, 80, 2], [1, 80, 50], [1, 80, 50]),
                     "past_keys": ([dit["num_layers"], 2, dit["num_heads"], 0, dit["head_dim"]],
                                   [dit["num_layers"], 2, dit["num_heads"], 50, dit["head_dim"]],
                                   [dit["num_layers"], 2, dit["num_heads"], dit_rows, dit["head_dim"]])},
        "hift": {"mel": ([1, 80, 2], [1, 80, 50], [1, 80, 50])},
    }[graph]
    # values share their keys' shapes
    for a, b in (("past_keys", "past_values"), ("enc_past_keys", "enc_past_values"), ("up_past_keys", "up_past_values")):
        if a in p:
            p[b] = p[a]
    return p


def shape_flag(name, shapes, k):
    return ",".join(f"{n}:{'x'.join(str(d) for d in s[k])}" for n, s in shapes.items())


def trtexec_line(trtexec, onnx_path, graph, shapes, precision, engine_path):
    flags = PRECISIONS[precision]["llm" if graph == "llm_step" else "all"]
    return [trtexec, f"--onnx={onnx_path}",
            f"--minShapes={shape_flag(graph, shapes, 0)}",
            f"--optShapes={shape_flag(graph, shapes, 1)}",
            f"--maxShapes={shape_flag(graph, shapes, 2)}",
            *flags, f"--memPoolSize=workspace:{int(WORKSPACE_GB * 1024)}M",
            f"--saveEngine={engine_path}", "--skipInference"]


def quantize_line(pkg, entry, precision, out_dir, block_size):
    """The quantisation step of int8-llm/int4-llm: (command, quantised graph), or None."""
    kind = PRECISIONS[precision]["quantize"]
    if kind is None:
        return None
    out = os.path.join(out_dir, f"llm_step.{kind}.onnx")
    return [sys.executable, os.path.join(ROOT, "quantize_weights.py"), os.path.join(pkg, entry["file"]),
            "--out", out, "--precision", kind, "--block-size", str(block_size)], out


def onnx_bytes(pkg, entry):
    path = os.path.join(pkg, entry["file"])
    return os.path.getsize(path) + (os.path.getsize(path + ".data") if os.path.exists(path + ".data") else 0)


def budget_gb(pkg, manifest, graphs, precision, max_past):
    """Weights (the package's float32 ONNX sizes scaled by the precision), the LLM's fp16 KV cache
    of max_past tokens and the builder workspace."""
    weights = 0.0
    for g in graphs:
        label = PRECISIONS[precision]["llm_label"] if g == "llm_step" else "fp16"
        weights += onnx_bytes(pkg, manifest["graphs"][g]) * WEIGHT_FACTOR[label]
    llm = manifest["llm"]
    kv = llm["num_layers"] * 2 * llm["num_kv_heads"] * llm["head_dim"] * 2 * max_past
    return (weights + kv) / 1e9 + WORKSPACE_GB


def machine_facts(args, target):
    """TensorRT version, compute capability and free GPU memory: given, or read from this machine."""
    trt = args.trt_version
    if trt is None:
        out = subprocess.run([args.trtexec, "--version"], capture_output=True, text=True).stdout
        m = re.search(r"TensorRT version: ?(\d+)\.(\d+)\.(\d+)", out) or re.search(r"\[TensorRT v(\d)(\d\d)(\d\d)", out)
        if not m:
            raise SystemExit(f"cannot read the TensorRT version from '{args.trtexec} --version'; pass --trt-version")
        trt = ".".join(str(int(x)) for x in m.groups())
    cc = args.compute_capability
    if cc is None:
        cc = subprocess.run(["nvidia-smi", "--query-gpu=compute_cap", "--format=csv,noheader"], capture_output=True,
                            text=True).stdout.strip().splitlines()[0]
    free = args.free_memory_gb
    if free is None:
        if target["jetson"]:                       # unified memory: what the kernel can still give
            with open("/proc/meminfo") as f:
                free = int(re.search(r"MemAvailable:\s+(\d+)", f.read()).group(1)) / 1e6
        else:
            free = float(subprocess.run(["nvidia-smi", "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
                                        capture_output=True, text=True).stdout.split()[0]) / 1024
    if target["trt"] and trt.split(".")[0] != target["trt"].split(".")[0]:
        raise SystemExit(f"TensorRT {trt} found, target {args.target} ships {target['trt']}: engines would not load there")
    if target["cc"] and cc != target["cc"]:
        raise SystemExit(f"compute capability {cc} found, target {args.target} is {target['cc']}")
    return trt, cc, free


def cache_key(trt, cc, precision):
    return f"trt{trt}-sm{cc.replace('.', '')}-{precision}"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description="Build TensorRT engines for a model package with trtexec.")
    ap.add_argument("--package", required=True)
    ap.add_argument("--target", required=True, choices=sorted(TARGETS))
    ap.add_argument("--precision", default="fp16", choices=sorted(PRECISIONS))
    ap.add_argument("--graphs", nargs="*", default=GRAPHS)
    ap.add_argument("--trtexec", default=shutil.which("trtexec") or "/usr/src/tensorrt/bin/trtexec")
    ap.add_argument("--trt-version")
    ap.add_argument("--compute-capability")
    ap.add_argument("--free-memory-gb", type=float)
    ap.add_argument("--max-past", type=int, default=4096, help="largest LLM cache the engine accepts (tokens)")
    ap.add_argument("--engines-dir", help="where <cache key>/<graph>.plan go (default PKG/engines)")
    ap.add_argument("--block-size", type=int, default=128, help="int4-llm: weight block along the input dimension")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--rebuild", action="store_true", help="replace engines that exist for this cache key")
    ap.add_argument("--write-manifest", action="store_true")
    args = ap.parse_args()
    pkg = os.path.abspath(args.package)
    with open(os.path.join(pkg, "manifest.json")) as f:
        manifest = json.load(f)
    target = TARGETS[args.target]
    trt, cc, free = machine_facts(args, target)
    key = cache_key(trt, cc, args.precision)
    need = budget_gb(pkg, manifest, args.graphs, args.precision, args.max_past)
    usable = free - OS_RESERVE_GB[target["jetson"]]
    print(f"target {args.target}: {target['desc']}")
    print(f"cache key {key}")
    print(f"memory check: need {need:.2f} GB ({args.precision}, KV cache {args.max_past} tokens, "
          f"workspace {WORKSPACE_GB:.0f} GB), free {free:.1f} GB - reserve {OS_RESERVE_GB[target['jetson']]:.0f} GB "
          f"= {usable:.2f} GB: {'ok' if need <= usable else 'DOES NOT FIT'}")
    if need > usable:
        print("refusing to build: choose a smaller precision profile, a smaller --max-past, or free memory",
              file=sys.stderr)
        return 2
    out_dir = os.path.join(os.path.abspath(args.engines_dir or os.path.join(pkg, "engines")), key)
    lines = []                                        # (graph, engine, quantise step or None, trtexec line)
    for graph in args.graphs:
        entry = manifest["graphs"][graph]
        engine = os.path.join(out_dir, graph + ".plan")
        if os.path.exists(engine) and not args.rebuild:
            print(f"{engine} exists (cache key {key}); refusing to rebuild it silently: pass --rebuild to replace it",
                  file=sys.stderr)
            return 3
        quant = quantize_line(pkg, entry, args.precision, out_dir, args.block_size) if graph == "llm_step" else None
        onnx_path = quant[1] if quant else os.path.join(pkg, entry["file"])
        lines.append((graph, engine, quant, trtexec_line(args.trtexec, onnx_path, graph,
                                                         profile_shapes(graph, manifest, args.max_past),
                                                         args.precision, engine)))
    for _, _, quant, cmd in lines:
        if quant:
            print(" ".join(quant[0]))
        print(" ".join(cmd))
    if args.dry_run:
        return 0
    os.makedirs(out_dir, exist_ok=True)
    for graph, engine, quant, cmd in lines:
        if quant:
            subprocess.run(quant[0], check=True)
        subprocess.run(cmd, check=True)
        write_dim_names(os.path.join(pkg, manifest["graphs"][graph]["file"]), engine + ".dims.json")
    with open(os.path.join(out_dir, "build.json"), "w") as f:
        json.dump({"target": args.target, "tensorrt": trt, "compute_capability": cc, "precision": args.precision,
                   "max_past": args.max_past, "commands": [c for _, _, q, c in lines],
                   "quantize": [q[0] for _, _, q, _ in lines if q]}, f, indent=1)
    if args.write_manifest:
        write_manifest(pkg, manifest, key, out_dir, [(g, e, q[1] if q else None) for g, e, q, _ in lines],
                       args.precision)
    return 0


def write_dim_names(onnx_path, out):
    """<engine>.dims.json: the ONNX inputs' and outputs' dimension names, which engines do not keep."""
    import onnx
    model = onnx.load(onnx_path, load_external_data=False)
    inits = {i.name for i in model.graph.initializer}
    dims = {}
    for v in [*model.graph.input, *model.graph.output]:
        if v.name in inits:
            continue
        dims[v.name] = [d.dim_param or str(d.dim_value) for d in v.type.tensor_type.shape.dim]
    with open(out, "w") as f:
        json.dump(dims, f)


def write_manifest(pkg, manifest, key, out_dir, built, precision):
    if os.path.commonpath([pkg, out_dir]) != pkg:
        raise SystemExit("--write-manifest needs the engines inside the package (leave out --engines-dir)")
    for graph, engine, quantized in built:
        rel = os.path.relpath(engine, pkg)
        source = manifest["graphs"][graph]["file"]
        manifest["graphs"][graph] = {
            "file": rel, "backend": "tensorrt",
            "precision": PRECISIONS[precision]["llm_label"] if graph == "llm_step" else "fp16",
            "onnx": os.path.relpath(quantized, pkg) if quantized else source, "cache_key": key}
        manifest["files"][rel] = {"bytes": os.path.getsize(engine), "sha256": sha256(engine)}
        if quantized:
            manifest["graphs"][graph]["source_onnx"] = source
            for path in (quantized, quantized + ".data", quantized + ".quant.json"):
                if os.path.exists(path):
                    manifest["files"][os.path.relpath(path, pkg)] = {"bytes": os.path.getsize(path),
                                                                     "sha256": sha256(path)}
    build = os.path.relpath(os.path.join(out_dir, "build.json"), pkg)
    manifest["files"][build] = {"bytes": os.path.getsize(os.path.join(pkg, build)),
                                "sha256": sha256(os.path.join(pkg, build))}
    with open(os.path.join(pkg, "manifest.tensorrt.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
