"""Reads and writes the safetensors format (a little-endian u64 header length, a JSON header of
name -> dtype, shape, byte range, then the raw tensors) with numpy alone: Debian's torch set has no
safetensors package. Tensors are memory-mapped on reading, so a checkpoint is never read twice."""
import json
import os
import struct
import warnings

import numpy as np
import torch

# safetensors dtype -> (numpy dtype of the stored bits, torch dtype they are viewed as)
DTYPES = {
    "F32": (np.float32, torch.float32), "F16": (np.float16, torch.float16), "BF16": (np.int16, torch.bfloat16),
    "I64": (np.int64, torch.int64), "I32": (np.int32, torch.int32),
}
NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64", torch.int32: "I32"}


def read_header(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    header.pop("__metadata__", None)
    return header, 8 + n


def load(path):
    """name -> torch tensor (memory-mapped, read-only bits) of one .safetensors file."""
    header, base = read_header(path)
    data = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, e in header.items():
        if e["dtype"] not in DTYPES:
            raise ValueError(f"{path}: {name} has dtype {e['dtype']}, not one of {sorted(DTYPES)}")
        np_dtype, torch_dtype = DTYPES[e["dtype"]]
        begin, end = e["data_offsets"]
        raw = data[base + begin:base + end].view(np_dtype).reshape(e["shape"])
        with warnings.catch_warnings():                # read-only mapping: only ever read, converted by copy
            warnings.simplefilter("ignore", UserWarning)
            t = torch.from_numpy(raw)
        out[name] = t.view(torch_dtype) if torch_dtype == torch.bfloat16 else t
    return out


def load_folder(folder):
    """All tensors of a checkpoint folder: model.safetensors, or the shards its index names."""
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.isfile(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = sorted(f for f in os.listdir(folder) if f.endswith(".safetensors"))
    if not files:
        raise FileNotFoundError(f"{folder}: no .safetensors file")
    tensors = {}
    for name in files:
        tensors.update(load(os.path.join(folder, name)))
    return tensors


def save(tensors, path, metadata=None):
    """Writes name -> torch tensor as one .safetensors file (tensors in name order, 8-byte aligned header)."""
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)
