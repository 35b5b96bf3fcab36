"""Example inputs and expected outputs of graphs as raw little-endian files plus vectors.json, so
another runtime (the node's ONNX Runtime engine in Java) can run the same comparison as PyTorch."""
import json
import os

import numpy as np


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
