#!/usr/bin/python3
"""Writes a complete model package (docs/model-contract.md) from a MiniCPM-o 4.5 checkpoint folder.

    python3 -m duplex_export.release.make_package /models/MiniCPM-o-4_5 --out /models/minicpmo-pkg

(run from tensorrt-engines/, or with it on PYTHONPATH). One command writes what
`duplex-node engines check` and `build_engines.py` read:

- the seven graphs of the release's modules (graphs.py: llm_step, tts_step, tts_proj, apm_stream,
  audio_adapter, siglip, resampler), fp32 ONNX at opset 17, external data above 2 GB;
- the host tables from the checkpoint's own embeddings (llm.model.embed_tokens -> llm_embed,
  tts.emb_text -> tts_emb_text, tts.emb_code[0] -> tts_emb_code), float16;
- tokenizer.json and tokenizer_config.json as the checkpoint ships them (every special id of the
  contract must be a special added token), bad_token_ids.json from tokenizer_config.json's
  bad_token_ids (the release's list when the folder has none);
- Token2Wav, when the checkpoint has assets/token2wav/flow.pt and hift.pt (the release ships them):
  the three graphs of the release's Token2Wav modules (token2wav.py: t2w_encoder, dit_step, hift),
  a seeded flow noise table and the voice caches computed from a reference WAV (--voice, default
  the checkpoint's assets/HT_ref_audio.wav) through the release's voice path (voice.py). Without
  those files the three graphs, noise and voice are copied from another package (--token2wav-from;
  default the tiny package). model.token2wav in the manifest says which, and how the voice was made;
- manifest.json with every file's size and sha256; export_report.json (sizes, times, --parity).

The package is then checked against the contract (structure, names, types, fixed sizes) and the
command fails, exit status 1, naming each problem. Exit status 2: the checkpoint cannot be read.
"""
import argparse
import json
import os
import shutil
import sys
import time

import torch

from ..contract import RELEASE_BAD_TOKEN_IDS, RELEASE_WIDTHS, T2W_PAD_CODE, graph_specs, manifest, sha256
from ..export_minicpmo import export_all, write_report
from ..onnx_export import parity_cases
from ..package_check import check_structure
from ..vectors import write_vectors
from . import graphs, source, token2wav, token2wav_layout, voice

TOKEN2WAV_GRAPHS = ("t2w_encoder", "dit_step", "hift")
DEFAULT_TOKEN2WAV = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                 "tiny-model")


def write_table(out, name, weight):
    """A [rows, width] float16 little-endian table from a module's weight."""
    path = os.path.join(out, f"{name}.f16.bin")
    weight.detach().to(torch.float16).contiguous().numpy().astype("<f2").tofile(path)
    return {"file": f"{name}.f16.bin", "dtype": "float16", "byte_order": "little", "shape": list(weight.shape)}


def write_f32(out, name, t):
    """A float32 little-endian table (flow noise, voice caches)."""
    path = os.path.join(out, f"{name}.f32.bin")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    t.detach().float().contiguous().numpy().astype("<f4").tofile(path)
    return {"file": f"{name}.f32.bin", "dtype": "float32", "byte_order": "little", "shape": list(t.shape)}


NOISE_SEED, VOICE_SEED = 116, 115
RELEASE_KEEP_RECENT = 100          # stepaudio2 Token2wav.stream: the prompt's rows + the last 100


def token2wav_tables(t2w, modules, c, prompt, out):
    """(noise entry, voice entries, how the voice was made) for the exported Token2Wav graphs."""
    sizes = manifest(c, {}, [], {}, {}, {}, "")["token2wav"]
    noise = torch.randn(1, 80, 2 * sizes["stride"], generator=torch.Generator().manual_seed(NOISE_SEED))
    codes, mel, spk, how = prompt
    tensors = voice.setup_caches(t2w, modules, codes, mel, spk, sizes, sizes["flow_steps"], VOICE_SEED)
    entries = {name: write_f32(out, f"voice/{name}", t) for name, t in tensors.items()}
    return write_f32(out, "t2w_noise", noise), entries, f"{how}, {codes.shape[1]} prompt codes", 2 * codes.shape[1]


def tables(model, out):
    return {
        "llm_embed": write_table(out, "llm_embed", model.llm.model.embed_tokens.weight),
        "tts_emb_text": write_table(out, "tts_emb_text", model.tts.emb_text.weight),
        "tts_emb_code": write_table(out, "tts_emb_code", model.tts.emb_code[0].weight),
    }


def reference_vectors(modules, c, folder):
    """Each graph's example inputs (and an empty cache for the cached ones) with the PyTorch module's
    outputs, for ONNX Runtime elsewhere (the node's engine) to compare the package's graphs with."""
    specs = graph_specs(c)
    vectors = {}
    for name, module in modules.items():
        _, in_names, out_names, _ = specs[name]
        for i, (label, args) in enumerate(parity_cases(name, specs[name])):
            outs = module(*args)
            outs = outs if isinstance(outs, tuple) else (outs,)
            vectors[f"{name}/{i}"] = (label, {n: a.numpy() for n, a in zip(in_names, args)},
                                      {n: o.numpy() for n, o in zip(out_names, outs)})
    write_vectors(folder, vectors)
    return len(vectors)


def copy_tokenizer(checkpoint, out):
    """Copies the tokenizer files; returns bad token ids (tokenizer_config.json's, else the release's)."""
    for name in ("tokenizer.json", "tokenizer_config.json"):
        src = os.path.join(checkpoint, name)
        if not os.path.isfile(src):
            raise FileNotFoundError(f"{checkpoint}: {name} missing (the package's tokenizer is the checkpoint's)")
        shutil.copyfile(src, os.path.join(out, name))
    with open(os.path.join(checkpoint, "tokenizer_config.json"), encoding="utf-8") as f:
        bad = json.load(f).get("bad_token_ids")
    if bad is None:
        with open(RELEASE_BAD_TOKEN_IDS) as f:
            bad = json.load(f)["ids"]
    with open(os.path.join(out, "bad_token_ids.json"), "w") as f:
        json.dump(bad, f, separators=(",", ":"))
        f.write("\n")
    return bad


def copy_token2wav(donor, out):
    """Copies Token2Wav's graphs, noise and voice caches; returns (graph entries, manifest section, donor name)."""
    with open(os.path.join(donor, "manifest.json")) as f:
        m = json.load(f)
    section = m["token2wav"]
    files = [m["graphs"][g]["file"] for g in TOKEN2WAV_GRAPHS] + [section["noise"]["file"]]
    files += [v["file"] for v in section["voice"].values()]
    for rel in files:
        os.makedirs(os.path.dirname(os.path.join(out, rel)) or out, exist_ok=True)
        shutil.copyfile(os.path.join(donor, rel), os.path.join(out, rel))
        if os.path.isfile(os.path.join(donor, rel + ".data")):
            shutil.copyfile(os.path.join(donor, rel + ".data"), os.path.join(out, rel + ".data"))
    return {g: dict(m["graphs"][g]) for g in TOKEN2WAV_GRAPHS}, section, m["model"]["name"]


def tts_ids(model):
    """The TTS section's ids and vocabulary sizes as the checkpoint's config has them."""
    cfg = model.tts.config
    return {k: getattr(cfg, k) for k in ("num_text_tokens", "num_audio_tokens", "audio_bos_token_id",
                                         "text_eos_token_id") if getattr(cfg, k, None) is not None}


def list_files(out):
    files = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
    return {f: {"bytes": os.path.getsize(os.path.join(out, f)), "sha256": sha256(os.path.join(out, f))}
            for f in files if f != "manifest.json"}


def missing_files(checkpoint):
    """What a checkpoint folder lacks before anything is loaded or written."""
    need = [f for f in ("config.json", "tokenizer.json", "tokenizer_config.json")
            if not os.path.isfile(os.path.join(checkpoint, f))]
    if not any(f.endswith(".safetensors") for f in os.listdir(checkpoint)):
        need.append("*.safetensors")
    return need


def voice_wav(checkpoint, wav):
    """The reference WAV of the voice: --voice, else the checkpoint's default voice."""
    path = wav or os.path.join(checkpoint, voice.DEFAULT_VOICE)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"voice WAV {path} not found" + ("" if wav else " (the checkpoint's default voice)"))
    return path


def make_package(checkpoint, out, dtype="float32", loader="auto", token2wav_from=DEFAULT_TOKEN2WAV, name=None,
                 random_weights=False, parity=False, tolerance=1e-3, vectors=None, voice_from=None):
    """Writes the package; returns (report, problems)."""
    t0 = time.time()
    torch_dtype = getattr(torch, dtype)
    model, used = source.load_model(checkpoint, torch_dtype, loader)   # a checkpoint that fails leaves out alone
    t2w, t2w_used = (source.load_token2wav(checkpoint, loader) if token2wav_layout.has_token2wav(checkpoint)
                     else (None, None))
    wav = voice_wav(checkpoint, voice_from) if t2w is not None else None
    prompt = (voice.prompt(wav, os.path.join(checkpoint, token2wav_layout.ASSETS), random_weights, VOICE_SEED)
              if t2w is not None else None)
    t_loaded = time.time()
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    c = dict(RELEASE_WIDTHS, **graphs.sizes(model))
    report = {"source": {"checkpoint": os.path.abspath(checkpoint), "dtype": dtype, "loader": used,
                         "token2wav_loader": t2w_used},
              "load_s": round(t_loaded - t0, 1), "torch": torch.__version__, "graphs": {}}
    modules = source.checkpoint_modules(model, list(graphs.wrap(model)), torch_dtype)
    t2w_modules = {}
    if t2w is not None:
        c.update(token2wav.sizes(t2w))
        t2w_modules = {n: m.eval() for n, m in token2wav.wrap(t2w, T2W_PAD_CODE).items()}   # float32: the contract's
        modules.update(t2w_modules)
    failed = export_all(modules, c, out, parity, tolerance, report)
    if vectors:
        report["vectors"] = {"folder": os.path.abspath(vectors), "cases": reference_vectors(modules, c, vectors)}
    del modules
    copy_tokenizer(checkpoint, out)
    table_entries = tables(model, out)
    if t2w is not None:
        noise_entry, voice_entries, how, prompt_frames = token2wav_tables(t2w, t2w_modules, c, prompt, out)
        t2w_note = (f"graphs from the checkpoint's assets/token2wav (loaded by {t2w_used}); voice caches computed "
                    f"through the release's voice path from {os.path.basename(wav)} ({how}); flow noise seeded")
    else:
        t2w_graphs, t2w_section, donor = copy_token2wav(token2wav_from, out)
        t2w_note = (f"graphs, noise and voice caches copied from the package {donor}: the checkpoint has no "
                    f"assets/token2wav/flow.pt and hift.pt")
    model_info = {
        "name": name or "minicpm-o-4.5",
        "family": "MiniCPM-o 4.5",
        "random_weights": bool(random_weights),
        "description": "Graphs and tables of the checkpoint " + os.path.basename(os.path.abspath(checkpoint))
                       + (" (random weights: for checks only)" if random_weights else ""),
        "token2wav": t2w_note,
    }
    if t2w is not None:
        man = manifest(c, model_info, [], table_entries, voice_entries, noise_entry, "bad_token_ids.json")
        # the voice tables hold the whole prompt: the runtime keeps its rows plus the last 100, as the release
        man["token2wav"].update(cache_policy="prompt_and_recent", prompt_frames=prompt_frames,
                                cache_keep_recent=RELEASE_KEEP_RECENT)
    else:
        man = manifest(c, model_info, [], table_entries, {}, {}, "bad_token_ids.json")
        man["token2wav"] = t2w_section
    man["graphs"] = {n: {"file": f"{n}.onnx", "backend": "onnxruntime",
                         "precision": "fp32" if n in t2w_modules else dtype.replace("float", "fp")}
                     for n in report["graphs"]}
    if t2w is None:
        man["graphs"].update(t2w_graphs)
    man["tts"].update(tts_ids(model))
    report["total_s"] = round(time.time() - t0, 1)
    report["failed_parity"] = failed
    write_report(out, report)
    man["files"] = list_files(out)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    problems = check_structure(out, man) + [f"{g}: parity above {tolerance}" for g in failed]
    return report, problems


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write a complete model package from a MiniCPM-o 4.5 checkpoint folder.")
    ap.add_argument("checkpoint", help="Hugging Face folder of MiniCPM-o 4.5 (config.json, *.safetensors, tokenizer)")
    ap.add_argument("--out", required=True, help="package folder to (re)write")
    ap.add_argument("--dtype", choices=["float32", "float16"], default="float32",
                    help="dtype the graphs compute in (inputs and outputs stay float32)")
    ap.add_argument("--loader", choices=["auto", "release", "layout"], default="auto",
                    help="the release's code (trust_remote_code), the documented layout, or auto")
    ap.add_argument("--token2wav-from", default=DEFAULT_TOKEN2WAV,
                    help="package whose Token2Wav graphs, noise and voice caches are copied (default the tiny package)")
    ap.add_argument("--voice", help="reference WAV for the voice caches (default: the checkpoint's "
                    "assets/HT_ref_audio.wav); needs the checkpoint's assets/token2wav")
    ap.add_argument("--name", help="model.name in the manifest (default minicpm-o-4.5)")
    ap.add_argument("--random-weights", action="store_true", help="mark the package as random weights")
    ap.add_argument("--parity", action="store_true", help="compare ONNX Runtime (CPU) with PyTorch per graph")
    ap.add_argument("--write-vectors", metavar="DIR",
                    help="write each graph's example inputs and PyTorch outputs (vectors.json) for another runtime")
    args = ap.parse_args(argv)
    for path, what in ((args.checkpoint, "checkpoint"), (args.token2wav_from, "--token2wav-from package")):
        if not os.path.isdir(path):
            print(f"make_package: {what} {path} is not a folder", file=sys.stderr)
            return 2
    missing = missing_files(args.checkpoint)
    if missing:
        print(f"make_package: checkpoint {args.checkpoint} has no {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.voice and not token2wav_layout.has_token2wav(args.checkpoint):
        print(f"make_package: --voice needs the release's Token2Wav ({args.checkpoint}/{token2wav_layout.ASSETS}/"
              f"flow.pt and hift.pt); without them the voice caches come from --token2wav-from", file=sys.stderr)
        return 2
    torch.set_grad_enabled(False)
    try:
        report, problems = make_package(args.checkpoint, os.path.abspath(args.out), args.dtype, args.loader,
                                        args.token2wav_from, args.name, args.random_weights, args.parity,
                                        vectors=args.write_vectors, voice_from=args.voice)
    except (FileNotFoundError, ValueError) as e:
        print(f"make_package: {e}", file=sys.stderr)
        return 2
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.out) for f in fs)
    print(f"package {os.path.abspath(args.out)}: {size / 1e6:.1f} MB, {report['total_s']} s "
          f"(checkpoint loaded by {report['source']['loader']} in {report['load_s']} s)")
    for p in problems:
        print("  problem: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
