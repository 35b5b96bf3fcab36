"""Checks a model package's structure against docs/model-contract.md: format version, every
listed file's size and sha256, table sizes, tokenizer ids, and each graph's input and output
names, element types, ranks and fixed sizes. Any package, whatever built its graphs."""
import json
import os

import numpy as np
import onnx

from .contract import CONTRACT, F32, I64, resolve, sha256

ONNX_TYPES = {onnx.TensorProto.FLOAT: F32, onnx.TensorProto.INT64: I64, onnx.TensorProto.FLOAT16: "float16",
              onnx.TensorProto.INT32: "int32", onnx.TensorProto.BOOL: "bool"}



ITEM_SIZE = {"float16": 2, "float32": 4}


def check_files(pkg, manifest):
    """Manifest version, listed files (size, sha256), table sizes, tokenizer ids."""
    problems = []
    if manifest.get("format_version") != 1:
        problems.append(f"format_version is {manifest.get('format_version')!r}, this checker knows 1")
    for rel, want in manifest.get("files", {}).items():
        path = os.path.join(pkg, rel)
        if not os.path.isfile(path):
            problems.append(f"file {rel} is listed but missing")
            continue
        digest = sha256(path)
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
            # by path, without external data: a graph above 2 GB keeps its tensors in <graph>.onnx.data
            onnx.checker.check_model(path)
            model = onnx.load(path, load_external_data=False)
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

