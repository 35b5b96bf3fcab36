#!/usr/bin/python3
"""Checks a model package's ONNX graphs against docs/model-contract.md, then checks that the
graphs compute what the tiny PyTorch modules compute.

    /usr/bin/python3 tensorrt-engines/tiny/check_graphs.py tensorrt-engines/tiny-model
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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

F32, I64 = "float32", "int64"

# Graphs whose KV caches cross the boundary P-major: past [P, layers, heads, dim], new rows
# [S, layers, heads, dim] (docs/model-contract.md section 1). The tiny PyTorch modules keep
# [layers, 1, heads, P, dim]; the export permutes at the graph boundary only.
P_MAJOR_GRAPHS = ("apm_stream", "llm_step", "tts_step")
P_MAJOR_TENSORS = ("past_keys", "past_values", "new_keys", "new_values")


def to_module_cache(t):
    """[P, L, H, D] -> [L, 1, H, P, D]"""
    return t.permute(1, 2, 0, 3).unsqueeze(1)


def to_graph_cache(t):
    """[L, 1, H, P, D] -> [P, L, H, D]"""
    return t.squeeze(1).permute(2, 0, 1, 3)


def graph_layout(graph, tensor_name, t):
    """A module-layout tensor as the graph takes or returns it."""
    if graph in P_MAJOR_GRAPHS and tensor_name in P_MAJOR_TENSORS:
        return to_graph_cache(t).contiguous()
    return t


# graph -> (inputs, outputs); each entry (name, dtype, dims). A dim is an int, a manifest
# key path (fixed per package), or a symbol (dynamic).
CONTRACT = {
    "apm_stream": (
        [("mel", F32, [1, "audio.n_mels", "T"]),
         ("past_keys", F32, ["P", "audio.encoder.num_layers", "audio.encoder.num_heads", "audio.encoder.head_dim"]),
         ("past_values", F32, ["P", "audio.encoder.num_layers", "audio.encoder.num_heads", "audio.encoder.head_dim"])],
        [("audio_hidden", F32, [1, "audio.encoder.frames_per_chunk", "audio.encoder.hidden_size"]),
         ("new_keys", F32, ["audio.encoder.frames_per_chunk", "audio.encoder.num_layers", "audio.encoder.num_heads",
                            "audio.encoder.head_dim"]),
         ("new_values", F32, ["audio.encoder.frames_per_chunk", "audio.encoder.num_layers", "audio.encoder.num_heads",
                              "audio.encoder.head_dim"])]),
    "audio_adapter": (
        [("audio_hidden", F32, [1, "F", "audio.encoder.hidden_size"])],
        [("audio_embeds", F32, [1, "F/5", "llm.hidden_size"])]),
    "siglip": (
        [("pixel_values", F32, ["N", 3, "image.patch_size", "14L"]),
         ("position_ids", I64, ["N", "L"]),
         ("patch_mask", I64, ["N", "L"])],
        [("vision_hidden", F32, ["N", "L", "image.vision_hidden_size"])]),
    "resampler": (
        [("vision_hidden", F32, ["N", "L", "image.vision_hidden_size"]),
         ("position_ids", I64, ["N", "L"]),
         ("patch_mask", I64, ["N", "L"])],
        [("image_embeds", F32, ["N", "image.num_queries", "llm.hidden_size"])]),
    "llm_step": (
        [("inputs_embeds", F32, [1, "S", "llm.hidden_size"]),
         ("position_ids", I64, [1, "S"]),
         ("past_keys", F32, ["P", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"]),
         ("past_values", F32, ["P", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"])],
        [("logits", F32, [1, "llm.vocab_size"]),
         ("hidden", F32, [1, "llm.hidden_size"]),
         ("top_values", F32, [1, 64]),
         ("top_ids", I64, [1, 64]),
         ("logsumexp", F32, [1, 1]),
         ("new_keys", F32, ["S", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"]),
         ("new_values", F32, ["S", "llm.num_layers", "llm.num_kv_heads", "llm.head_dim"])]),
    "tts_proj": (
        [("llm_hidden", F32, ["N", "llm.hidden_size"])],
        [("tts_condition", F32, ["N", "tts.hidden_size"])]),
    "tts_step": (
        [("inputs_embeds", F32, [1, "S", "tts.hidden_size"]),
         ("position_ids", I64, [1, "S"]),
         ("past_keys", F32, ["P", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"]),
         ("past_values", F32, ["P", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"])],
        [("logits", F32, [1, "tts.num_audio_tokens"]),
         ("new_keys", F32, ["S", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"]),
         ("new_values", F32, ["S", "tts.num_layers", "tts.num_kv_heads", "tts.head_dim"])]),
    "t2w_encoder": (
        [("codes", I64, [1, "N"]),
         ("cnn_cache", F32, [1, "token2wav.encoder.hidden_size", "token2wav.encoder.cnn_cache_frames"]),
         ("enc_past_keys", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "P1",
                                 "token2wav.encoder.head_dim"]),
         ("enc_past_values", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "P1",
                                   "token2wav.encoder.head_dim"]),
         ("up_past_keys", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "P2",
                                "token2wav.encoder.head_dim"]),
         ("up_past_values", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "P2",
                                  "token2wav.encoder.head_dim"])],
        [("mu", F32, [1, "audio.n_mels", "T"]),
         ("new_cnn_cache", F32, [1, "token2wav.encoder.hidden_size", "token2wav.encoder.cnn_cache_frames"]),
         ("enc_new_keys", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "N-3",
                                "token2wav.encoder.head_dim"]),
         ("enc_new_values", F32, ["token2wav.encoder.num_layers", 1, "token2wav.encoder.num_heads", "N-3",
                                  "token2wav.encoder.head_dim"]),
         ("up_new_keys", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "T",
                               "token2wav.encoder.head_dim"]),
         ("up_new_values", F32, ["token2wav.encoder.num_up_layers", 1, "token2wav.encoder.num_heads", "T",
                                 "token2wav.encoder.head_dim"])]),
    "dit_step": (
        [("x", F32, [1, "audio.n_mels", "T"]),
         ("mu", F32, [1, "audio.n_mels", "T"]),
         ("spk", F32, [1, "audio.n_mels"]),
         ("t", F32, [1]),
         ("cnn_cache", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.cnn_cache_channels",
                             "token2wav.dit.cnn_cache_frames"]),
         ("past_keys", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "P", "token2wav.dit.head_dim"]),
         ("past_values", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "P",
                               "token2wav.dit.head_dim"])],
        [("velocity", F32, [1, "audio.n_mels", "T"]),
         ("new_cnn_cache", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.cnn_cache_channels",
                                 "token2wav.dit.cnn_cache_frames"]),
         ("new_keys", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "T", "token2wav.dit.head_dim"]),
         ("new_values", F32, ["token2wav.dit.num_layers", 2, "token2wav.dit.num_heads", "T",
                              "token2wav.dit.head_dim"])]),
    "hift": (
        [("mel", F32, [1, "audio.n_mels", "T"]),
         ("mel_cache", F32, [1, "audio.n_mels", "token2wav.hift.mel_cache_frames"]),
         ("source_cache", F32, [1, 1, "token2wav.hift.source_cache_samples"]),
         ("speech_cache", F32, [1, "token2wav.hift.source_cache_samples"])],
        [("speech", F32, [1, "(T+8)*480"]),
         ("new_source_cache", F32, [1, 1, "token2wav.hift.source_cache_samples"])]),
}

ONNX_TYPES = {onnx.TensorProto.FLOAT: F32, onnx.TensorProto.INT64: I64, onnx.TensorProto.FLOAT16: "float16",
              onnx.TensorProto.INT32: "int32", onnx.TensorProto.BOOL: "bool"}


def manifest_value(manifest, path):
    node = manifest
    for key in path.split("."):
        node = node[key]
    return node


def resolve(dim, manifest):
    if isinstance(dim, int):
        return dim
    if "." in dim and all(p.replace("_", "").isalnum() for p in dim.split(".")):
        return int(manifest_value(manifest, dim))
    return None


ITEM_SIZE = {"float16": 2, "float32": 4}


def check_files(pkg, manifest):
    """Manifest version, listed files (size, sha256), table sizes, tokenizer ids."""
    import hashlib
    problems = []
    if manifest.get("format_version") != 1:
        problems.append(f"format_version is {manifest.get('format_version')!r}, this checker knows 1")
    for rel, want in manifest.get("files", {}).items():
        path = os.path.join(pkg, rel)
        if not os.path.isfile(path):
            problems.append(f"file {rel} is listed but missing")
            continue
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if os.path.getsize(path) != want["bytes"] or digest != want["sha256"]:
            problems.append(f"file {rel} differs from its size or sha256 in the manifest")
    llm, tts = manifest["llm"], manifest["tts"]
    tables = dict(manifest["embeddings"]["tables"])
    expected_shapes = {"llm_embed": [llm["vocab_size"], llm["hidden_size"]],
                       "tts_emb_text": [tts["num_text_tokens"], tts["hidden_size"]],
                       "tts_emb_code": [tts["num_audio_tokens"], tts["hidden_size"]]}
    for name, shape in expected_shapes.items():
        if name not in tables:
            problems.append(f"embeddings.tables.{name} missing")
        elif tables[name]["shape"] != shape:
            problems.append(f"embeddings.tables.{name} has shape {tables[name]['shape']}, expected {shape}")
    tables.update({"token2wav.noise": manifest["token2wav"]["noise"]})
    tables.update({f"token2wav.voice.{k}": v for k, v in manifest["token2wav"]["voice"].items()})
    for name, entry in tables.items():
        path = os.path.join(pkg, entry["file"])
        size = int(np.prod(entry["shape"])) * ITEM_SIZE.get(entry["dtype"], 0)
        if entry.get("byte_order", "little") != "little" or entry["dtype"] not in ITEM_SIZE:
            problems.append(f"{name}: dtype {entry['dtype']} / byte order {entry.get('byte_order')} not allowed")
        elif not os.path.isfile(path) or os.path.getsize(path) != size:
            problems.append(f"{name}: {entry['file']} should hold {size} bytes")
    with open(os.path.join(pkg, manifest["tokenizer"]["file"]), encoding="utf-8") as f:
        added = {t["id"]: t for t in json.load(f)["added_tokens"]}
    ids = dict(manifest["special_tokens"])
    ids.update(audio_bos=tts["audio_bos_token_id"], text_eos=tts["text_eos_token_id"])
    for name, tid in ids.items():
        if tid not in added or not added[tid]["special"]:
            problems.append(f"tokenizer: id {tid} ({name}) is not a special added token")
    return problems


def check_structure(pkg, manifest):
    """Returns a list of problems (empty when the package obeys the contract)."""
    problems = check_files(pkg, manifest)
    for name, (ins, outs) in CONTRACT.items():
        entry = manifest.get("graphs", {}).get(name)
        if entry is None:
            problems.append(f"{name}: not in manifest.graphs")
            continue
        path = os.path.join(pkg, entry["file"])
        try:
            model = onnx.load(path)
            onnx.checker.check_model(model)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            problems.append(f"{name}: {entry['file']} does not load: {e}")
            continue
        init_names = {i.name for i in model.graph.initializer}
        actual_in = [v for v in model.graph.input if v.name not in init_names]
        for kind, spec, actual in (("input", ins, actual_in), ("output", outs, list(model.graph.output))):
            if [s[0] for s in spec] != [a.name for a in actual]:
                problems.append(f"{name}: {kind}s are {[a.name for a in actual]}, contract says {[s[0] for s in spec]}")
                continue
            for (tname, dtype, dims), a in zip(spec, actual):
                t = a.type.tensor_type
                got_type = ONNX_TYPES.get(t.elem_type, str(t.elem_type))
                if got_type != dtype:
                    problems.append(f"{name}.{tname}: element type {got_type}, contract says {dtype}")
                got_dims = t.shape.dim
                if len(got_dims) != len(dims):
                    problems.append(f"{name}.{tname}: rank {len(got_dims)}, contract says {len(dims)}")
                    continue
                for k, (want, got) in enumerate(zip(dims, got_dims)):
                    fixed = resolve(want, manifest)
                    if fixed is not None and not got.HasField("dim_value"):
                        problems.append(f"{name}.{tname}: dim {k} is dynamic ({got.dim_param or '?'}), contract "
                                        f"says {fixed} ({want})")
                    if fixed is not None and got.HasField("dim_value") and got.dim_value != fixed:
                        problems.append(f"{name}.{tname}: dim {k} is {got.dim_value}, expected {fixed} ({want})")
                    if fixed is None and got.HasField("dim_value"):
                        problems.append(f"{name}.{tname}: dim {k} is fixed at {got.dim_value}, contract says "
                                        f"dynamic ({want})")
    return problems


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
    import tiny_modules as tm
    from host_dsp import resampler_position_ids, siglip_position_ids
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
    pad = tm.T2W_PAD_CODE
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
        ("window of 28 on the voice caches", (torch.randint(0, tm.T2W_CODES, (1, 28), generator=g), *t2w_caches)),
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

    import build_tiny as bt
    from minitok import MiniTokenizer
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


def write_vectors(out, vectors):
    os.makedirs(out, exist_ok=True)
    index = {}
    for key, (label, feeds, outs) in vectors.items():
        graph, idx = key.split("/")
        entry = {"graph": graph, "case": label, "inputs": {}, "outputs": {}}
        for kind, tensors in (("inputs", feeds), ("outputs", outs)):
            for tname, arr in tensors.items():
                fname = f"{graph}.{idx}.{kind[:-1]}.{tname}.bin"
                dtype = "<i8" if arr.dtype == np.int64 else "<f4"
                arr.astype(dtype).tofile(os.path.join(out, fname))
                entry[kind][tname] = {"file": fname, "dtype": "int64" if dtype == "<i8" else "float32",
                                      "shape": list(arr.shape)}
        index[key] = entry
    with open(os.path.join(out, "vectors.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
