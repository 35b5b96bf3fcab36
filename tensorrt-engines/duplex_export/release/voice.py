"""Voice caches (the package's token2wav.voice tables) from a reference WAV, through the release's voice path.

The release (the stepaudio2 package's Token2wav.set_stream_cache in the form MiniCPM-o 4.5 installs,
built on Step-Audio2's code) turns a prompt WAV into:
  1. prompt speech codes: speech_tokenizer_v2_25hz.onnx over a 128-bin Whisper log-mel of the 16 kHz audio;
  2. a speaker embedding: campplus.onnx over an 80-bin Kaldi fbank of the 16 kHz audio (mean removed);
  3. a prompt mel: 80 bins at 50 Hz of the 24 kHz audio (n_fft 1920, hop 480, Slaney mel 0-8000 Hz,
     natural log floored at 1e-5), padded by repetition to two frames per prompt code;
  4. flow.setup_cache: the encoder over the prompt codes plus three silence codes (4218) as
     lookahead, then the flow steps of the estimator with cond = the prompt mel, keeping every
     cache; HiFT starts with empty caches, and its first window is preceded by 3840 samples of
     silence instead of a cross-fade.
Step 4 runs here through the package's own graph modules (token2wav.py) and keeps the whole prompt
in the attention caches, as the release does (encoder: the prompt's codes at 25 Hz; up layers and
DiT: its 2 x codes mel frames); the package's manifest asks the runtime for the release's cache rule
(token2wav.cache_policy "prompt_and_recent", token2wav.prompt_frames, see docs/jetson.md). The contract's HiFT caches have a fixed size, so the first window's 8 cached
mel frames are the release's mel of silence (log 1e-5 in every bin), so that the host's first
3840 output samples are meant to be (near) silence, as the release's are. Steps 1 and 2 run the checkpoint's ONNX
models through onnxruntime; where it cannot be imported they are not computed, and only a
random-weight checkpoint may then stand in seeded random codes and a seeded random speaker
embedding (the manifest says which). The flow's start noise is seeded: the release draws it afresh.
"""
import importlib.util
import math
import os
import wave

import numpy as np
import torch
import torch.nn.functional as F

SPEECH_TOKENIZER = "speech_tokenizer_v2_25hz.onnx"
SILENCE_CODE = 4218
MEL_FLOOR = 1e-5
CAMPPLUS = "campplus.onnx"
DEFAULT_VOICE = os.path.join("assets", "HT_ref_audio.wav")
MAX_SECONDS = 30


# ---------------------------------------------------------------- audio
def read_wav(path):
    """(mono float32 in [-1, 1], sample rate) of a PCM WAV (8, 16, 24 or 32 bit)."""
    try:
        with wave.open(path, "rb") as w:
            rate, width, channels, n = w.getframerate(), w.getsampwidth(), w.getnchannels(), w.getnframes()
            raw = w.readframes(n)
    except (wave.Error, EOFError) as e:
        raise ValueError(f"{path}: not a PCM WAV file" + (f" ({e})" if str(e) else "")) from e
    if width == 1:
        x = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128) / 128
    elif width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3)
        x = ((b[:, 0].astype(np.int32) << 8 | b[:, 1].astype(np.int32) << 16 | b[:, 2].astype(np.int32) << 24) >> 8
             ).astype(np.float32) / 2 ** 23
    else:
        x = np.frombuffer(raw, {2: "<i2", 4: "<i4"}[width]).astype(np.float32) / 2 ** (8 * width - 1)
    x = x.reshape(-1, channels).mean(axis=1)
    if x.size == 0:
        raise ValueError(f"{path}: no samples")
    if x.size > MAX_SECONDS * rate:
        raise ValueError(f"{path}: {x.size / rate:.1f} s; a voice prompt is at most {MAX_SECONDS} s")
    return x, rate


def resample(x, rate, to):
    """Band-limited resampling by the FFT (the release uses torchaudio's sinc resampler)."""
    if rate == to:
        return x.astype(np.float32)
    n = int(round(x.size * to / rate))
    spec = np.fft.rfft(x)
    keep = min(spec.size, n // 2 + 1)
    out = np.zeros(n // 2 + 1, dtype=complex)
    out[:keep] = spec[:keep]
    return (np.fft.irfft(out, n) * (n / x.size)).astype(np.float32)


def slaney_mel(sr, n_fft, n_mels, fmin, fmax):
    """librosa.filters.mel's default (Slaney scale and area normalisation): [n_mels, n_fft/2 + 1]."""
    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        return np.where(f >= 1000, 15 + np.log(np.maximum(f, 1e-10) / 1000) / (np.log(6.4) / 27), f * 3 / 200)

    def mel_to_hz(m):
        return np.where(m >= 15, 1000 * np.exp((np.log(6.4) / 27) * (m - 15)), m * 200 / 3)

    fft_f = np.linspace(0, sr / 2, n_fft // 2 + 1)
    hz = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    ramps = hz[:, None] - fft_f[None, :]
    lower = -ramps[:-2] / np.diff(hz)[:-1, None]
    upper = ramps[2:] / np.diff(hz)[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper)) * (2.0 / (hz[2:] - hz[:-2]))[:, None]
    return weights.astype(np.float32)


def prompt_mel(audio24k):
    """The release's 24 kHz mel: [frames, 80] at 50 Hz."""
    n_fft, hop = 1920, 480
    y = torch.from_numpy(audio24k).view(1, 1, -1)
    y = F.pad(y, ((n_fft - hop) // 2, (n_fft - hop) // 2), mode="reflect").view(-1)
    frames = y.unfold(0, n_fft, hop)
    win = torch.hann_window(n_fft)
    spec = torch.fft.rfft(frames * win, dim=-1)
    mag = torch.sqrt(spec.real ** 2 + spec.imag ** 2 + 1e-9)
    mel = mag @ torch.from_numpy(slaney_mel(24000, n_fft, 80, 0, 8000)).T
    return torch.log(torch.clamp(mel, min=MEL_FLOOR))


# ---------------------------------------------------------------- speech codes and speaker embedding
def kaldi_fbank(audio16k):
    """torchaudio.compliance.kaldi.fbank(num_mel_bins=80, dither=0) of 16 kHz audio in [-1, 1]: [frames, 80]."""
    x = torch.from_numpy(audio16k).double()
    length, shift, n_fft = 400, 160, 512
    frames = x.unfold(0, length, shift)
    frames = frames - frames.mean(dim=1, keepdim=True)
    frames = torch.cat([frames[:, :1] - 0.97 * frames[:, :1], frames[:, 1:] - 0.97 * frames[:, :-1]], dim=1)
    frames = frames * torch.hann_window(length, periodic=False, dtype=torch.float64).pow(0.85)
    power = torch.fft.rfft(F.pad(frames, (0, n_fft - length)), dim=-1).abs().pow(2)

    def mel(f):
        return 1127.0 * np.log(1.0 + f / 700.0)

    edges = np.linspace(mel(20.0), mel(8000.0), 82)
    fft_mel = mel(np.arange(n_fft // 2) * 16000.0 / n_fft)
    banks = np.zeros((80, n_fft // 2 + 1))
    for i in range(80):
        left, center, right = edges[i], edges[i + 1], edges[i + 2]
        up = (fft_mel - left) / (center - left)
        down = (right - fft_mel) / (right - center)
        banks[i, : n_fft // 2] = np.maximum(0, np.minimum(up, down))
    energies = power @ torch.from_numpy(banks).T
    return torch.log(torch.clamp(energies, min=np.finfo(np.float32).eps)).float()


def whisper_log_mel(audio16k):
    """s3tokenizer.log_mel_spectrogram(n_mels=128): [128, frames]."""
    x = torch.from_numpy(audio16k)
    spec = torch.stft(x, 400, 160, window=torch.hann_window(400), return_complex=True)
    power = spec[..., :-1].abs() ** 2
    mel = torch.from_numpy(slaney_mel(16000, 400, 128, 0, 8000)) @ power
    log = torch.clamp(mel, min=1e-10).log10()
    log = torch.maximum(log, log.max() - 8.0)
    return (log + 4.0) / 4.0


def onnxruntime_available():
    return importlib.util.find_spec("onnxruntime") is not None


def run_onnx(path, feeds):
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    return sess.run(None, dict(zip(names, feeds)))[0]


def codes_and_speaker(audio16k, assets):
    """(prompt codes [1, N] int64, speaker embedding [1, 192]) from the checkpoint's two ONNX models."""
    missing = [f for f in (SPEECH_TOKENIZER, CAMPPLUS) if not os.path.isfile(os.path.join(assets, f))]
    if missing:
        raise ValueError(f"{assets}: no {', '.join(missing)} (the voice path needs them)")
    feats = whisper_log_mel(audio16k).unsqueeze(0).numpy()
    codes = run_onnx(os.path.join(assets, SPEECH_TOKENIZER), [feats, np.array([feats.shape[2]], dtype=np.int32)])
    fbank = kaldi_fbank(audio16k)
    fbank = (fbank - fbank.mean(dim=0, keepdim=True)).unsqueeze(0).numpy()
    spk = run_onnx(os.path.join(assets, CAMPPLUS), [fbank])
    return torch.from_numpy(np.asarray(codes).reshape(1, -1).astype(np.int64)), torch.from_numpy(
        np.asarray(spk, dtype=np.float32).reshape(1, -1))


# ---------------------------------------------------------------- flow set-up
def cosine_t_span(steps):
    return 1 - torch.cos(torch.linspace(0, 1, steps + 1, dtype=torch.float32) * 0.5 * math.pi)


@torch.no_grad()
def setup_caches(t2w, graphs, codes, mel, spk192, sizes, steps, seed):
    """flow.setup_cache through the graph modules: the voice tables (name -> tensor), the whole prompt's rows."""
    flow = t2w.flow
    spk = flow.spk_embed_affine_layer(F.normalize(spk192, dim=1))
    enc = sizes["encoder"]
    dit = sizes["dit"]
    tokens = torch.cat([codes, torch.full((1, 3), SILENCE_CODE, dtype=codes.dtype)], dim=1)
    n_frames = 2 * codes.shape[1]
    mel = mel[:n_frames]
    if mel.shape[0] < n_frames:
        mel = torch.cat([mel, mel[-1:].expand(n_frames - mel.shape[0], mel.shape[1])])
    cond = mel.T.unsqueeze(0)
    zeros = torch.zeros
    mu, cnn, ek, ev, uk, uv = graphs["t2w_encoder"](
        tokens, zeros(1, enc["hidden_size"], enc["cnn_cache_frames"]),
        *(zeros(n, 1, enc["num_heads"], 0, enc["head_dim"]) for n in (enc["num_layers"], enc["num_layers"],
                                                                       enc["num_up_layers"], enc["num_up_layers"])))
    x = torch.randn(mu.shape, generator=torch.Generator().manual_seed(seed))
    t_span = cosine_t_span(steps)
    t, dt = t_span[0:1], t_span[1] - t_span[0]
    dit_cnn, dit_k, dit_v = [], [], []
    empty_kv = zeros(dit["num_layers"], 2, dit["num_heads"], 0, dit["head_dim"])
    for step in range(1, steps + 1):
        v, c_s, k_s, v_s = graphs["dit_step"](x, mu, spk, t, zeros(dit["num_layers"], 2, dit["cnn_cache_channels"],
                                                                   dit["cnn_cache_frames"]), empty_kv, empty_kv, cond)
        x = x + dt * v
        t = t + dt
        if step < steps:
            dt = t_span[step + 1] - t
        dit_cnn.append(c_s)
        dit_k.append(k_s)
        dit_v.append(v_s)
    hift = sizes["hift"]
    return dict(
        spk=spk, t2w_cnn_cache=cnn,
        enc_keys=ek, enc_values=ev, up_keys=uk, up_values=uv,
        dit_cnn_cache=torch.stack(dit_cnn), dit_keys=torch.stack(dit_k), dit_values=torch.stack(dit_v),
        hift_mel_cache=torch.full((1, 80, hift["mel_cache_frames"]), math.log(MEL_FLOOR)),
        hift_source_cache=zeros(1, 1, hift["source_cache_samples"]),
        hift_speech_cache=zeros(1, hift["source_cache_samples"]))


def prompt(wav, assets, random_weights, seed):
    """(codes, mel [frames, 80], speaker [1, 192], how) for a reference WAV."""
    audio, rate = read_wav(wav)
    a16, a24 = resample(audio, rate, 16000), resample(audio, rate, 24000)
    mel = prompt_mel(a24)
    if onnxruntime_available() and all(os.path.isfile(os.path.join(assets, f)) for f in (SPEECH_TOKENIZER, CAMPPLUS)):
        codes, spk = codes_and_speaker(a16, assets)
        return codes, mel, spk, f"codes, speaker embedding and mel from {os.path.basename(wav)}"
    if not random_weights:
        raise ValueError(f"the voice caches need {SPEECH_TOKENIZER} and {CAMPPLUS} in {assets}, run by onnxruntime "
                         f"(importable by this Python: {'yes' if onnxruntime_available() else 'no'})")
    g = torch.Generator().manual_seed(seed)
    n = max(4, mel.shape[0] // 2)
    codes = torch.randint(0, 6561, (1, n), generator=g)
    spk = torch.randn(1, 192, generator=g)
    return codes, mel, spk, (f"mel from {os.path.basename(wav)}; codes and speaker embedding seeded random "
                             f"(random weights, the tokenizer and speaker models not run)")
