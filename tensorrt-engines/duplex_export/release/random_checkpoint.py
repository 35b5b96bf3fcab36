#!/usr/bin/python3
"""Writes a random-weight checkpoint folder in the release's format, for checking make_package
and the node without the real weights.

    python3 -m duplex_export.release.random_checkpoint --out /tmp/ckpt --widths release --layers 1

config.json (MiniCPMOConfig's keys: the LLM's at the top, vision_config, audio_config, tts_config),
model.safetensors (bfloat16, the release's tensor names, the TTS code head weight-normed as the
release's torch parametrization stores it), the tokenizer files, Token2Wav's assets/token2wav/flow.pt
and hift.pt (token2wav_layout's names; the release's speech tokenizer and speaker models are not
written) and a generated default voice assets/HT_ref_audio.wav. Widths are the release's
(--widths release) or small ones for CI (--widths tiny); --layers sets every stack's depth (the
vision stack gets one more, which the release drops). The tensor names come from layout.py, the
documented attribute tree of the release's model code; the release's code itself is not used.
"""
import argparse
import json
import math
import os
import shutil
import sys
import wave

import numpy as np
import torch

from ..contract import RELEASE_BAD_TOKEN_IDS, TTS_CODES, TTS_TEXT_VOCAB, LLM_VOCAB
from ..random_weights import randomise
from . import layout, safetensors_io, token2wav_layout, voice

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# tokenizer files with MiniCPM-o 4.5's added tokens (Qwen3's tokenizer plus the release's additions)
TOKENIZER_FROM = os.path.join(ROOT, "tiny-model")

WIDTHS = {
    # the release (config.json of MiniCPM-o 4.5: Qwen3-8B, SigLIP2 so400m, Whisper-medium, Llama TTS)
    "release": dict(llm_hidden=4096, llm_heads=32, llm_kv_heads=8, llm_head_dim=128, llm_mlp=12288,
                    vis_width=1152, vis_heads=16, vis_ffn=4304, apm_width=1024, apm_heads=16, apm_ffn=4096,
                    tts_width=768, tts_heads=12, tts_kv_heads=12, tts_mlp=3072),
    # small, distinct widths (the resampler has hidden/128 heads, so the LLM stays a multiple of 128)
    "tiny": dict(llm_hidden=128, llm_heads=4, llm_kv_heads=2, llm_head_dim=32, llm_mlp=192,
                 vis_width=48, vis_heads=2, vis_ffn=96, apm_width=32, apm_heads=2, apm_ffn=128,
                 tts_width=40, tts_heads=2, tts_kv_heads=2, tts_mlp=80),
}


def config(w, layers):
    return {
        "architectures": ["MiniCPMO"], "model_type": "minicpmo",
        "hidden_size": w["llm_hidden"], "intermediate_size": w["llm_mlp"], "num_hidden_layers": layers,
        "num_attention_heads": w["llm_heads"], "num_key_value_heads": w["llm_kv_heads"], "head_dim": w["llm_head_dim"],
        "vocab_size": LLM_VOCAB, "rope_theta": 1000000.0, "rms_norm_eps": 1e-6, "max_position_embeddings": 40960,
        "torch_dtype": "bfloat16", "query_num": 64, "audio_pool_step": 5, "drop_vision_last_layer": True,
        "vision_config": {"model_type": "siglip_vision_model", "hidden_size": w["vis_width"],
                          "intermediate_size": w["vis_ffn"], "num_hidden_layers": layers + 1,
                          "num_attention_heads": w["vis_heads"], "patch_size": 14, "image_size": 980},
        "audio_config": {"model_type": "whisper", "d_model": w["apm_width"], "encoder_layers": layers,
                         "encoder_attention_heads": w["apm_heads"], "encoder_ffn_dim": w["apm_ffn"],
                         "num_mel_bins": 80, "max_source_positions": 1500},
        "tts_config": {"model_type": "minicpmtts", "llm_dim": w["llm_hidden"], "hidden_size": w["tts_width"],
                       "intermediate_size": w["tts_mlp"], "num_attention_heads": w["tts_heads"],
                       "num_hidden_layers": layers, "num_key_value_heads": w["tts_kv_heads"],
                       "max_position_embeddings": 4096, "num_audio_tokens": TTS_CODES,
                       "num_text_tokens": TTS_TEXT_VOCAB, "num_vq": 1, "audio_bos_token_id": 151687,
                       "text_eos_token_id": 151692, "projector_type": "mlp", "backbone_model": "llama"},
    }


def release_name(name):
    """The checkpoint's name of a layout tensor (the release stores weight norm as a parametrization)."""
    for release, here in layout.WEIGHT_NORM_NAMES.items():
        if name.endswith(here):
            return name[:-len(here)] + release
    return name


def write_voice_wav(path, seconds=3.0, rate=16000):
    """A voiced-sounding prompt: harmonics of a gliding pitch with a syllable-rate envelope, int16 PCM."""
    t = np.arange(int(seconds * rate)) / rate
    f0 = 140 + 25 * np.sin(2 * math.pi * 0.7 * t)
    phase = 2 * math.pi * np.cumsum(f0) / rate
    x = sum(np.sin(k * phase) / k for k in range(1, 8)) * (0.55 + 0.45 * np.sin(2 * math.pi * 3.0 * t))
    pcm = (0.3 * x / np.max(np.abs(x)) * 32767).astype("<i2")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def token2wav_widths(widths, layers):
    """Token2Wav's widths for --widths, every stack --layers deep."""
    return dict(token2wav_layout.WIDTHS[widths], enc_blocks=layers, enc_up_blocks=layers, dit_depth=layers)


def write(out, widths, layers, seed=0):
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    cfg = config(WIDTHS[widths], layers)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    torch.set_grad_enabled(False)
    model = randomise(layout.MiniCPMO(layout.read_config(out)), seed)
    tensors = {release_name(k): v.to(torch.bfloat16) for k, v in model.state_dict().items()}
    del model
    safetensors_io.save(tensors, os.path.join(out, "model.safetensors"), {"format": "pt"})
    shutil.copyfile(os.path.join(TOKENIZER_FROM, "tokenizer.json"), os.path.join(out, "tokenizer.json"))
    with open(os.path.join(TOKENIZER_FROM, "tokenizer_config.json"), encoding="utf-8") as f:
        tok_cfg = json.load(f)
    with open(RELEASE_BAD_TOKEN_IDS) as f:
        tok_cfg["bad_token_ids"] = json.load(f)["ids"]
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tok_cfg, f, ensure_ascii=False, indent=2)
        f.write("\n")
    n_t2w = token2wav_layout.write_random(out, token2wav_widths(widths, layers), seed)
    write_voice_wav(os.path.join(out, voice.DEFAULT_VOICE))
    return sum(t.numel() for t in tensors.values()) + n_t2w


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write a random-weight checkpoint folder in the release's format.")
    ap.add_argument("--out", required=True)
    ap.add_argument("--widths", choices=sorted(WIDTHS), default="tiny")
    ap.add_argument("--layers", type=int, default=1, help="depth of every stack (the release: LLM 36, TTS 20, ...)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    n = write(os.path.abspath(args.out), args.widths, args.layers, args.seed)
    print(f"checkpoint {os.path.abspath(args.out)}: {n / 1e6:.1f} M parameters ({args.widths} widths, "
          f"{args.layers} layer(s) per stack)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
