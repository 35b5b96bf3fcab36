#!/usr/bin/python3
"""Independent Python reference of the MiniCPM-o 4.5 duplex loop over the tiny PyTorch modules.

    PYTHONPATH=tensorrt-engines /usr/bin/python3 -m duplex_export.tiny.reference_loop \\
        --package tensorrt-engines/tiny-model --wav input.wav [--frame UNIT:image.png ...] --out DIR

Writes DIR/golden.json (per unit: prefill, generated ids, is_listen, end_of_turn, TTS codes,
Token2Wav windows, graph calls), DIR/audio.f32.bin (the units' output audio, 24 kHz float32
little-endian, concatenated; offsets in golden.json) and DIR/mel.f32.bin (each unit's mel
[80, T], concatenated) for the Java runtime's tests.

It runs the PyTorch modules (never the ONNX files; onnxruntime is not packaged in Debian),
after checking that their weights equal the package's ONNX initializers, and reads the
package's host-side tables, voice caches and noise. Decoding is greedy where the release
samples (LLM: StreamDecoder.decode mode="greedy"; TTS: argmax instead of multinomial, after
the same temperature, repetition penalty and EOS mask).

Release sources (OpenBMB/MiniCPM-o-Demo, commit 28b60cf), cited below as
  U = MiniCPMO45/modeling_minicpmo_unified.py (MiniCPMODuplex, the demo's duplex class),
  T = MiniCPMO45/utils.py.
Where this loop groups work differently from the release (one llm_step call per unit prefill
instead of one per segment), the results are the same up to float rounding; the grouping
used is recorded in each unit's "calls".
"""
import argparse
import json
import os
import wave

import numpy as np
import torch

from . import build_tiny as bt
from . import check_graphs
from .host_dsp import AudioChunker, preprocess_image, resampler_position_ids, siglip_position_ids
from .minitok import MiniTokenizer

APM_MAX_POSITIONS = 1500


def read_wav_16k_mono(path):
    with wave.open(path) as w:
        if w.getframerate() != 16000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit(f"{path}: need 16 kHz mono 16-bit PCM, got {w.getframerate()} Hz, "
                             f"{w.getnchannels()} channel(s), {8 * w.getsampwidth()}-bit")
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


class Package:
    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, "manifest.json")) as f:
            self.m = json.load(f)
        self.tok = MiniTokenizer(os.path.join(root, self.m["tokenizer"]["file"]))
        with open(os.path.join(root, self.m["llm"]["bad_token_ids_file"])) as f:
            self.bad_token_ids = json.load(f)
        self.tables = {k: self._load(v) for k, v in self.m["embeddings"]["tables"].items()}
        t2w = self.m["token2wav"]
        self.voice = {k: self._load(v) for k, v in t2w["voice"].items()}
        self.noise = self._load(t2w["noise"])
        self.st = self.m["special_tokens"]

    def _load(self, entry):
        dtype = {"float16": "<f2", "float32": "<f4"}[entry["dtype"]]
        arr = np.fromfile(os.path.join(self.root, entry["file"]), dtype=dtype).reshape(entry["shape"])
        return torch.from_numpy(arr.astype(np.float32))


class Calls:
    """Records every graph call of a unit: name and input shapes."""

    def __init__(self, modules):
        self.modules = modules
        self.log = []

    def __call__(self, name, *args):
        self.log.append({"graph": name, "inputs": [list(a.shape) for a in args]})
        return self.modules[name](*args)


class DuplexReference:
    def __init__(self, pkg, modules, force_listen_count):
        self.pkg = pkg
        self.call = Calls(modules)
        self.m = pkg.m
        self.st = pkg.st
        self.force_listen_count = force_listen_count
        dec = self.m["decoding"]
        self.max_tokens = dec["max_new_speak_tokens_per_unit"]
        self.max_chars = dec["max_unit_text_chars"]
        self.rep_penalty = dec["repetition_penalty"]
        self.rep_window = dec["repetition_window"]
        self.length_penalty = dec["turn_eos_length_penalty"]
        # StreamDecoder's forbidden list: tts_pad + bad tokens (U:4322-4323) + chunk_eos (T:1221)
        self.forbidden = [self.st["tts_pad"]] + list(pkg.bad_token_ids) + [self.st["chunk_eos"]]
        self.terminators = {self.st["listen"], self.st["chunk_eos"], self.st["chunk_tts_eos"]}

    # ------------------------------------------------------------ helpers
    def embed(self, ids):
        return self.pkg.tables["llm_embed"][torch.tensor(ids, dtype=torch.int64)].unsqueeze(0)

    def llm(self, embeds):
        """One llm_step call; positions continue from the cache length (T:2061-2085)."""
        p = self.llm_k.shape[3]
        s = embeds.shape[1]
        pos = torch.arange(p, p + s, dtype=torch.int64).unsqueeze(0)
        logits, hidden, *_, nk, nv = self.call("llm_step", embeds, pos, self.llm_k, self.llm_v)
        self.llm_k = torch.cat([self.llm_k, nk], dim=3)
        self.llm_v = torch.cat([self.llm_v, nv], dim=3)
        return logits, hidden

    def reset_t2w(self):
        """_reset_token2wav_for_new_turn (U:4406-4410): caches back to the voice, 3 silence codes."""
        v = self.pkg.voice
        self.t2w = dict(cnn_cache=v["t2w_cnn_cache"], enc_k=v["enc_keys"], enc_v=v["enc_values"], up_k=v["up_keys"],
                        up_v=v["up_values"],
                        dit=[dict(cnn=v["dit_cnn_cache"][i], k=v["dit_keys"][i], v=v["dit_values"][i])
                             for i in range(v["dit_cnn_cache"].shape[0])],
                        spk=v["spk"], mel_cache=v["hift_mel_cache"], source_cache=v["hift_source_cache"],
                        speech_cache=v["hift_speech_cache"])
        self.t2w_buffer = list(self.m["token2wav"]["initial_buffer"])

    def reset_tts(self):
        tts = self.m["tts"]
        self.tts_k = torch.zeros(tts["num_layers"], 1, tts["num_kv_heads"], 0, tts["head_dim"])
        self.tts_v = self.tts_k.clone()
        self.tts_text_start_pos = 0

    # ------------------------------------------------------------ prepare
    def prepare(self, system_text):
        """MiniCPMODuplex.prepare (U:4452-4540) without a reference audio or voice prompt wav:
        the package's default voice stands in for the prompt caches."""
        llm, enc = self.m["llm"], self.m["audio"]["encoder"]
        self.llm_k = torch.zeros(llm["num_layers"], 1, llm["num_kv_heads"], 0, llm["head_dim"])
        self.llm_v = self.llm_k.clone()
        self.apm_k = torch.zeros(enc["num_layers"], 1, enc["num_heads"], 0, enc["head_dim"])
        self.apm_v = self.apm_k.clone()
        self.chunker = AudioChunker()
        self.reset_tts()
        self.reset_t2w()
        self.current_turn_ended = True
        self.generated_tokens = []       # StreamDecoder.generated_tokens (repetition penalty window)
        self.generate_count = 0
        self.pending_logits = None
        self.call.log = []
        prompt = self.m["prompt"]
        prefix = self.pkg.tok.encode(prompt["system_prefix"].replace("{text}", system_text))
        suffix = self.pkg.tok.encode(prompt["system_suffix"])
        self.llm(self.embed(prefix))     # U:4475-4479, one batch
        self.llm(self.embed(suffix))     # U:4524-4529, one batch
        return {"prefix_ids": prefix, "suffix_ids": suffix, "calls": self.call.log}

    # ------------------------------------------------------------ streaming_prefill
    def streaming_prefill(self, samples, frame=None):
        """U:4543-4950: <unit> (U:4641), optional <image> 64 embeds </image> (U:4738-4770),
        10 audio embeddings (U:4893).
        The release feeds these as separate forwards; here they are one llm_step call."""
        self.call.log = []
        mel = self.chunker.push(samples)
        if mel is None:
            return None
        mel_t = torch.from_numpy(mel).unsqueeze(0)
        # whisper cache reset when it would pass 1500 positions (U:1488-1497)
        if self.apm_k.shape[3] + (mel_t.shape[2] - 1) // 2 + 1 >= APM_MAX_POSITIONS:
            self.apm_k = self.apm_k[:, :, :, :0]
            self.apm_v = self.apm_v[:, :, :, :0]
        hidden, nk, nv = self.call("apm_stream", mel_t, self.apm_k, self.apm_v)
        self.apm_k = torch.cat([self.apm_k, nk], dim=3)
        self.apm_v = torch.cat([self.apm_v, nv], dim=3)
        audio = self.call("audio_adapter", hidden)
        parts, items = [self.embed([self.st["unit"]])], [{"token": self.st["unit"]}]
        if frame is not None:
            pixels, (hp, wp) = frame
            patch_mask = torch.ones(1, hp * wp, dtype=torch.int64)
            vis = self.call("siglip", pixels, siglip_position_ids(hp, wp), patch_mask)
            img = self.call("resampler", vis, resampler_position_ids(hp, wp), patch_mask)
            parts += [self.embed([self.st["image_start"]]), img, self.embed([self.st["image_end"]])]
            items += [{"token": self.st["image_start"]}, {"image_embeds": img.shape[1]}, {"token": self.st["image_end"]}]
        parts.append(audio)
        items.append({"audio_embeds": audio.shape[1]})
        start = self.llm_k.shape[3]
        self.pending_logits, _ = self.llm(torch.cat(parts, dim=1))
        return {"mel": mel, "prefill": items, "positions": [start, self.llm_k.shape[3]], "calls": self.call.log}

    # ------------------------------------------------------------ decoding
    def decode_greedy(self, logits):
        """StreamDecoder.decode, mode="greedy" (T:2087-2200)."""
        logits = logits.clone()
        if int(torch.argmax(logits[0])) == self.st["chunk_eos"]:       # T:2124-2135
            self.note_margin("llm", logits[0])
            return self.st["chunk_eos"]
        logits[:, self.forbidden] = float("-inf")                        # T:2139-2140
        if self.rep_penalty != 1.0 and self.generated_tokens:            # T:2143-2159
            for tid in set(self.generated_tokens[-self.rep_window:]):
                if self.rep_penalty > 1.0:
                    logits[0, tid] /= self.rep_penalty
                else:
                    logits[0, tid] *= 1.0 / self.rep_penalty
        turn_eos = self.st["turn_eos"]                                    # T:2162-2167
        if logits[0, turn_eos] > 0:
            logits[0, turn_eos] = logits[0, turn_eos] / self.length_penalty
        else:
            logits[0, turn_eos] = logits[0, turn_eos] * self.length_penalty
        token = int(torch.argmax(logits, dim=-1))
        self.note_margin("llm", logits[0])
        self.generated_tokens.append(token)                               # T:2195-2198
        return token

    def note_margin(self, kind, scores):
        """Gap between the best and second-best score of a greedy pick: a runtime whose float
        rounding differs by less than this picks the same id."""
        top = torch.topk(scores, 2).values
        gap = float(top[0] - top[1])
        self.margins[kind] = gap if self.margins.get(kind) is None else min(self.margins[kind], gap)

    # ------------------------------------------------------------ streaming_generate
    def streaming_generate(self):
        """U:4958-5263 (MiniCPMODuplex.streaming_generate, demo defaults, ls_mode explicit)."""
        self.call.log = []
        self.margins = {"llm": None, "tts": None}
        logits = self.pending_logits
        self.pending_logits = None
        force_listen = self.generate_count < self.force_listen_count    # U:4995
        self.generate_count += 1
        st = self.st
        generated, unit_ids, unit_hidden = [], [], []
        is_listen = end_of_turn = False
        terminator = None
        cut_by_chars = False
        for j in range(self.max_tokens):
            if j == self.max_tokens - 1:                                  # U:5031-5038
                terminator = st["chunk_eos"]
                generated.append(terminator)
                break
            if force_listen:
                token = st["listen"]
            else:
                token = self.decode_greedy(logits)
                if token == st["listen"] and not self.current_turn_ended:  # U:5060-5061
                    token = st["tts_bos"]
            generated.append(token)
            is_listen = token == st["listen"]
            if token in self.terminators:                                 # U:5070-5076, fed at finalize
                terminator = token
                break
            self.current_turn_ended = False
            if j != 0:                                                    # U:5083-5100, 28-character rule
                text = self.pkg.tok.decode(unit_ids + [token], skip_special_tokens=True)
                if len(text) >= self.max_chars:
                    generated.pop()
                    terminator = st["chunk_eos"]
                    generated.append(terminator)
                    cut_by_chars = True
                    break
            logits, hidden = self.llm(self.embed([token]))               # U:5108
            end_of_turn = token == st["turn_eos"]
            if end_of_turn:
                self.current_turn_ended = True
            if j != 0:
                unit_ids.append(token)
                unit_hidden.append(hidden)
        self.finalize_terminator = terminator
        text = self.pkg.tok.decode(unit_ids, skip_special_tokens=True) if unit_ids else ""
        result = {"forced_listen": force_listen, "generated": generated, "terminator": terminator,
                  "cut_by_chars": cut_by_chars, "is_listen": is_listen, "end_of_turn": end_of_turn,
                  "text_ids": unit_ids, "text": text, "tts": None, "t2w_windows": [], "audio": None,
                  "min_margin": self.margins}
        if is_listen:                                                     # U:5158-5163: 1 s of silence
            result["audio_samples"] = np.zeros(24000, dtype=np.float32)
            result["calls"] = self.call.log
            return result
        codes, tts_info = self.tts_generate(unit_ids, unit_hidden, end_of_turn)
        result["tts"] = tts_info
        result["audio_samples"], result["t2w_windows"] = self.token2wav(codes, end_of_turn)
        if end_of_turn:                                                   # U:5251-5252
            self.reset_t2w()
        result["calls"] = self.call.log
        return result

    def finalize_unit(self):
        """U:5266-5290: [terminator, </unit>] in one forward."""
        self.call.log = []
        ids = ([self.finalize_terminator] if self.finalize_terminator is not None else []) + [self.st["unit_end"]]
        self.llm(self.embed(ids))
        return {"ids": ids, "calls": self.call.log, "llm_cache_len": self.llm_k.shape[3]}

    # ------------------------------------------------------------ TTS
    def tts_generate(self, unit_ids, unit_hidden, end_of_turn):
        tts = self.m["tts"]
        text = self.pkg.tables["tts_emb_text"]
        # _convert_results_to_tts_input (U:5411-5447): emb_text(id) + L2norm(projector(hidden)), then audio_bos
        parts = []
        if unit_ids:
            cond = self.call("tts_proj", torch.cat(unit_hidden, dim=0))
            parts.append(text[torch.tensor(unit_ids)] + cond)
        parts.append(text[torch.tensor([tts["audio_bos_token_id"]])])
        condition = torch.cat(parts, dim=0).unsqueeze(0)
        max_new = tts["max_new_codes"]                                    # U:5191-5200
        min_new = tts["max_new_codes"]
        if end_of_turn:
            min_new = 0
        if self.tts_text_start_pos == 0:
            min_new = 0
        start_pos = self.tts_text_start_pos
        codes = self.tts_chunk(condition, max_new, min_new)
        if end_of_turn:                                                   # U:5221-5228
            self.reset_tts()
        else:
            self.tts_text_start_pos += condition.shape[1] + len(codes)
        return codes, {"condition_len": condition.shape[1], "text_start_pos": start_pos, "min_new_codes": min_new,
                       "codes": codes}

    def tts_chunk(self, condition, max_new, min_new):
        """MiniCPMTTS.generate_chunk (U:6692-6840) with argmax in place of multinomial."""
        tts = self.m["tts"]
        eos = tts["audio_eos_code"]
        code_table = self.pkg.tables["tts_emb_code"]
        cond_len = condition.shape[1]
        new = []
        t = 0
        for t in range(max_new):
            if t == 0:
                embeds = condition
                pos = torch.arange(self.tts_text_start_pos, self.tts_text_start_pos + cond_len).unsqueeze(0)
            else:
                embeds = code_table[torch.tensor([new[t - 1]])].unsqueeze(0)
                pos = torch.tensor([[self.tts_text_start_pos + cond_len + t - 1]])
            logits, nk, nv = self.call("tts_step", embeds, pos, self.tts_k, self.tts_v)
            self.tts_k = torch.cat([self.tts_k, nk], dim=3)
            self.tts_v = torch.cat([self.tts_v, nv], dim=3)
            logits = logits / tts["temperature"]
            if t > 0:                                                     # CustomRepetitionPenaltyLogitsProcessorRepeat
                window = torch.tensor(new[-tts["repetition_window"]:])
                freq = torch.bincount(window, minlength=logits.shape[1]).to(torch.float32)
                alpha = torch.pow(torch.tensor(tts["repetition_penalty"]), freq)
                logits = torch.where(logits < 0, logits * alpha, logits / alpha)
            if t < min_new:
                logits[:, eos] = float("-inf")
            code = int(torch.argmax(logits[0]))
            self.note_margin("tts", logits[0])
            new.append(code)
            if code == eos:
                break
        return new[:t]                      # the last sampled code is never returned (U:6838)

    # ------------------------------------------------------------ Token2Wav
    def token2wav(self, codes, end_of_turn):
        """_generate_waveform_from_tokens (U:5449-5520) with force_flush=True (U:5195)."""
        t2w = self.m["token2wav"]
        window, stride, look = t2w["window"], t2w["stride"], t2w["lookahead"]
        self.t2w_buffer += codes
        pcm, windows = [], []
        while len(self.t2w_buffer) >= look + 5:
            n = min(window, len(self.t2w_buffer))
            pcm.append(self.t2w_stream(self.t2w_buffer[:n], last=False))
            windows.append({"codes": self.t2w_buffer[:n], "last": False, "samples": len(pcm[-1])})
            self.t2w_buffer = self.t2w_buffer[min(stride, n - look):]
        if end_of_turn and self.t2w_buffer:
            pcm.append(self.t2w_stream(self.t2w_buffer, last=True))
            windows.append({"codes": self.t2w_buffer, "last": True, "samples": len(pcm[-1])})
            self.t2w_buffer = []
        if not pcm:
            return None, windows
        audio = np.concatenate(pcm)
        if not end_of_turn and len(audio) < 24000:                      # left pad to 1 s
            audio = np.concatenate([np.zeros(24000 - len(audio), dtype=np.float32), audio])
        return audio, windows

    def t2w_stream(self, codes, last):
        """One Token2Wav window: t2w_encoder, 5 Euler steps of dit_step, hift."""
        t2w = self.m["token2wav"]
        c = self.t2w
        if last:
            codes = codes + [t2w["pad_code"]] * t2w["lookahead"]
        mu, cnn, ek, ev, uk, uv = self.call("t2w_encoder", torch.tensor([codes]), c["cnn_cache"],
                                             c["enc_k"], c["enc_v"], c["up_k"], c["up_v"])
        keep_e, keep_u = t2w["encoder"]["att_cache_frames"], t2w["encoder"]["up_att_cache_frames"]
        c["cnn_cache"] = cnn
        c["enc_k"] = torch.cat([c["enc_k"], ek], dim=3)[:, :, :, -keep_e:]
        c["enc_v"] = torch.cat([c["enc_v"], ev], dim=3)[:, :, :, -keep_e:]
        c["up_k"] = torch.cat([c["up_k"], uk], dim=3)[:, :, :, -keep_u:]
        c["up_v"] = torch.cat([c["up_v"], uv], dim=3)[:, :, :, -keep_u:]
        frames = mu.shape[2]
        x = self.pkg.noise[:, :, :frames].clone()
        steps = t2w["flow_steps"]
        t_span = bt.cosine_t_span(steps)
        t, dt = t_span[0:1], t_span[1] - t_span[0]
        keep_d = t2w["dit"]["att_cache_frames"]
        for step in range(1, steps + 1):
            d = c["dit"][step - 1]
            v, cnn_s, k_s, v_s = self.call("dit_step", x, mu, c["spk"], t, d["cnn"], d["k"], d["v"])
            d["cnn"] = cnn_s
            d["k"] = torch.cat([d["k"], k_s], dim=3)[:, :, :, -keep_d:]
            d["v"] = torch.cat([d["v"], v_s], dim=3)[:, :, :, -keep_d:]
            x = x + dt * v
            t = t + dt
            if step < steps:
                dt = t_span[step + 1] - t
        speech, source = self.call("hift", x, c["mel_cache"], c["source_cache"], c["speech_cache"])
        hold = t2w["hift"]["source_cache_samples"]
        c["mel_cache"] = torch.cat([c["mel_cache"], x], dim=2)[:, :, -t2w["hift"]["mel_cache_frames"]:]
        c["source_cache"] = source
        c["speech_cache"] = speech[:, -hold:]
        out = speech[0] if last else speech[0, :-hold]
        return out.numpy().astype(np.float32)


def main():
    ap = argparse.ArgumentParser(description="Duplex-loop reference over the tiny PyTorch modules")
    ap.add_argument("--package", required=True)
    ap.add_argument("--wav", required=True, help="16 kHz mono 16-bit WAV")
    ap.add_argument("--frame", action="append", default=[], metavar="UNIT:IMAGE",
                    help="feed this image with the unit of that index (repeatable)")
    ap.add_argument("--system-text", help="system prompt text (default: the manifest's)")
    ap.add_argument("--force-listen-count", type=int, help="default: the manifest's decoding.force_listen_count")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_grad_enabled(False)

    pkg = Package(os.path.abspath(args.package))
    modules, tables = bt.build_all(pkg.tok, pkg.bad_token_ids)
    mismatched = check_graphs.verify_weights(pkg.root, pkg.m, modules)
    for name, t in tables.items():
        if not torch.equal(t.to(torch.float32), pkg.tables[name]):
            mismatched.append(name)
    if mismatched:
        raise SystemExit(f"the modules built here differ from the package: {mismatched}; re-export the package")

    frames = {}
    for spec in args.frame:
        unit, path = spec.split(":", 1)
        from PIL import Image
        frames[int(unit)] = (preprocess_image(Image.open(path)), os.path.basename(path))

    force = args.force_listen_count if args.force_listen_count is not None else pkg.m["decoding"]["force_listen_count"]
    ref = DuplexReference(pkg, modules, force)
    system_text = args.system_text or pkg.m["prompt"]["default_text"]
    samples = read_wav_16k_mono(args.wav)
    os.makedirs(args.out, exist_ok=True)
    audio_out, mel_out = [], []
    audio_off = mel_off = 0
    prep = ref.prepare(system_text)
    golden = {"package": os.path.relpath(pkg.root, args.out), "wav": os.path.basename(args.wav),
              "system_text": system_text, "force_listen_count": force, "decoding": "greedy",
              "prepare": prep, "audio_file": "audio.f32.bin", "mel_file": "mel.f32.bin", "units": []}
    chunk = 16000
    for index in range(len(samples) // chunk):
        frame = frames.get(index)
        pre = ref.streaming_prefill(samples[index * chunk:(index + 1) * chunk], frame[0] if frame else None)
        if pre is None:
            continue
        gen = ref.streaming_generate()
        fin = ref.finalize_unit()
        unit = {"index": index, "frame": frame[1] if frame else None, "prefill": pre["prefill"],
                "positions": pre["positions"], "mel": {"offset": mel_off, "frames": pre["mel"].shape[1]}}
        calls = {"prefill": pre["calls"], "generate": gen.pop("calls"), "finalize": fin.pop("calls")}
        mel_out.append(pre["mel"].astype("<f4"))
        mel_off += pre["mel"].size
        samples_out = gen.pop("audio_samples")
        if samples_out is not None:
            gen["audio"] = {"offset": audio_off, "samples": len(samples_out)}
            audio_out.append(samples_out.astype("<f4"))
            audio_off += len(samples_out)
        unit.update(gen)
        unit["finalize"] = fin
        unit["calls"] = calls
        golden["units"].append(unit)
        print(f"unit {index:3d}: {'listen' if gen['is_listen'] else 'speak '} "
              f"{'(forced) ' if gen['forced_listen'] else ''}{gen['text']!r}"
              f"{' [end of turn]' if gen['end_of_turn'] else ''}"
              f"{' codes=' + str(len(gen['tts']['codes'])) if gen['tts'] else ''}"
              f"{' audio=' + str(gen['audio']['samples']) if gen['audio'] else ''}")
    np.concatenate(audio_out or [np.zeros(0, "<f4")]).tofile(os.path.join(args.out, "audio.f32.bin"))
    np.concatenate([m.reshape(-1) for m in mel_out] or [np.zeros(0, "<f4")]).tofile(os.path.join(args.out, "mel.f32.bin"))
    with open(os.path.join(args.out, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(f"wrote {len(golden['units'])} units to {args.out}")


if __name__ == "__main__":
    main()
