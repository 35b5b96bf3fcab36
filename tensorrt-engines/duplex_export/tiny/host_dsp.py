"""Host-side signal processing of the duplex loop: the streaming Whisper log-mel and the
1-s audio chunking, and image preprocessing for one-slice frames.

Follows OpenBMB/MiniCPM-o-Demo MiniCPMO45/ at commit 28b60cf:
processing_minicpmo.py (MiniCPMAAudioProcessor._torch_extract_fbank_features :668-703,
StreamingMelProcessorExact :710-926, MiniCPMVImageProcessor :125-411) and
modeling_minicpmo_unified.py (MiniCPMODuplex.streaming_prefill audio branch :4843-4910).
"""
import math

import numpy as np
import torch

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80
CHUNK_MS = 1000
FIRST_CHUNK_MS = 1035
CNN_REDUNDANCY_MS = 20


def _hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mel = f / f_sp
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, math.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mel)


def _mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    f = m * f_sp
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, math.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f)


def mel_filters():
    """Slaney-scale, Slaney-normalised triangular filters [201, 80] (Whisper's, as
    transformers' mel_filter_bank(201, 80, 0, 8000, 16000, norm='slaney', mel_scale='slaney'))."""
    n_bins = 1 + N_FFT // 2
    fft_freqs = np.linspace(0, SAMPLE_RATE // 2, n_bins)
    mel_pts = np.linspace(_hz_to_mel(0.0), _hz_to_mel(8000.0), N_MELS + 2)
    filter_freqs = _mel_to_hz(mel_pts)
    diff = np.diff(filter_freqs)
    slopes = filter_freqs[None, :] - fft_freqs[:, None]
    down = -slopes[:, :-2] / diff[:-1]
    up = slopes[:, 2:] / diff[1:]
    fb = np.maximum(0.0, np.minimum(down, up))
    enorm = 2.0 / (filter_freqs[2:N_MELS + 2] - filter_freqs[:N_MELS])
    return fb * enorm[None, :]


_FILTERS = torch.from_numpy(mel_filters()).to(torch.float32)


def log_mel(buffer):
    """Whole-buffer log-mel [80, T] with the release's floor rule: fixed -10 while the buffer
    is shorter than 5 s, else (max - 8) over the buffer; then (x + 4) / 4."""
    wave = torch.from_numpy(np.ascontiguousarray(buffer, dtype=np.float32))
    stft = torch.stft(wave, n_fft=N_FFT, hop_length=HOP, window=torch.hann_window(N_FFT), return_complex=True)
    power = stft[..., :-1].abs() ** 2
    spec = torch.clamp(_FILTERS.T @ power, min=1e-10).log10()
    if len(buffer) < 5 * SAMPLE_RATE:
        spec = torch.maximum(spec, torch.tensor(-10.0))
    else:
        spec = torch.maximum(spec, spec.max() - 8.0)
    return ((spec + 4.0) / 4.0).numpy()


class StreamingMel:
    """StreamingMelProcessorExact in 'exact' mode with the duplex settings: chunk 1000 ms,
    first chunk 1035 ms (aligned down to 1030 ms = 16480 samples), 2 redundancy frames,
    buffer sliding by 10 s once it reaches 30 s."""

    def __init__(self):
        self.chunk_samples = CHUNK_MS * SAMPLE_RATE // 1000
        self.chunk_frames = self.chunk_samples // HOP
        raw_first = round(FIRST_CHUNK_MS * SAMPLE_RATE / 1000)
        self.first_chunk_samples = max(HOP, (raw_first // HOP) * HOP)
        self.redundancy = (CNN_REDUNDANCY_MS * SAMPLE_RATE // 1000) // HOP
        self.buffer = np.zeros(0, dtype=np.float32)
        self.last_emitted = 0
        self.base_t = 0
        self.is_first = True

    def chunk_size(self):
        return self.first_chunk_samples if self.is_first else self.chunk_samples

    def _slide(self):
        length = len(self.buffer)
        if length < 30 * SAMPLE_RATE:
            return
        drop = 10 * SAMPLE_RATE
        guard = min(SAMPLE_RATE, length - drop)
        drop = min(drop, max(0, length - guard))
        drop = (drop // HOP) * HOP
        if drop > 0:
            self.buffer = self.buffer[drop:]
            self.base_t += drop // HOP

    def process(self, chunk):
        self.buffer = np.concatenate([self.buffer, chunk.astype(np.float32)])
        self._slide()
        mel = log_mel(self.buffer)
        t_full = mel.shape[1]
        half = N_FFT // 2
        stable = 0 if len(self.buffer) < half else (len(self.buffer) - half) // HOP + 1
        stable_global = self.base_t + min(t_full, stable)
        core_start = self.last_emitted
        core_end = core_start + self.chunk_frames
        self.is_first = False
        if stable_global < core_end + self.redundancy:
            return mel[:, 0:0]
        start = max(0, min(max(0, core_start - self.redundancy) - self.base_t, t_full))
        end = max(start, min(core_end + self.redundancy - self.base_t, t_full))
        self.last_emitted = core_end
        return mel[:, start:end]


class AudioChunker:
    """The duplex audio buffer (streaming_prefill): chunk 0 is left-padded to 1035 ms and
    consumes 1030 ms; later chunks consume 1000 ms. Returns the mel for this unit or None."""

    def __init__(self):
        self.mel = StreamingMel()
        self.buffer = np.zeros(0, dtype=np.float32)
        self.index = 0

    def push(self, samples):
        self.buffer = np.concatenate([self.buffer, samples.astype(np.float32)])
        if self.index == 0:
            required = int(FIRST_CHUNK_MS * SAMPLE_RATE / 1000)
            if len(self.buffer) < required:
                self.buffer = np.concatenate([np.zeros(required - len(self.buffer), np.float32), self.buffer])
        need = self.mel.chunk_size()
        if len(self.buffer) < need:
            return None
        mel = self.mel.process(self.buffer[:need])
        self.buffer = self.buffer[need:]
        self.index += 1
        return mel


# ---------------------------------------------------------------- images
PATCH = 14
SCALE_RESOLUTION = 448
GRID = 70


def _ensure_divide(length, patch):
    return max(round(length / patch) * patch, patch)


def best_resize(width, height):
    """find_best_resize(..., allow_upscale=True): one slice of about 448x448 area."""
    r = width / height
    h = int(SCALE_RESOLUTION / math.sqrt(r))
    w = int(h * r)
    return _ensure_divide(w, PATCH), _ensure_divide(h, PATCH)


def preprocess_image(pil_image):
    """-> pixel_values [1,3,14,14L] float32, tgt (h_patches, w_patches)."""
    from PIL import Image
    img = pil_image.convert("RGB")
    size = best_resize(*img.size)
    if img.size != size:
        img = img.resize(size, resample=Image.Resampling.BICUBIC)
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - 0.5) / 0.5
    x = torch.from_numpy(x.transpose(2, 0, 1).copy())               # [3,H,W]
    hp, wp = x.shape[1] // PATCH, x.shape[2] // PATCH
    # reshape_by_patch (processing_minicpmo.py:333-339): patch l occupies columns 14l..14l+13
    patches = torch.nn.functional.unfold(x.unsqueeze(0), (PATCH, PATCH), stride=(PATCH, PATCH))[0]
    patches = patches.reshape(3, PATCH, PATCH, -1).permute(0, 1, 3, 2).reshape(3, PATCH, -1)
    return patches.unsqueeze(0).contiguous(), (hp, wp)


def _release_buckets(n):
    """The release's float32 bucketing of fractional patch coordinates
    (modeling_navit_siglip.py:340-361). Equal to floor(70 * i / n) except in a few places
    (n in 25, 49, 50, 55, 58) where float rounding differs; see docs/model-contract.md."""
    boundaries = torch.arange(1 / GRID, 1.0, 1 / GRID)
    frac = torch.arange(0, 1 - 1e-6, 1 / torch.tensor(n, dtype=torch.int32))
    return torch.bucketize(frac, boundaries, right=True).tolist()


def siglip_position_ids(hp, wp):
    """Bucketed 70x70 position ids, row-major over the hp x wp patch grid."""
    rows, cols = _release_buckets(hp), _release_buckets(wp)
    return torch.tensor([[r * GRID + c for r in rows for c in cols]], dtype=torch.int64)


def resampler_position_ids(hp, wp):
    """Row-major indices into the 70x70 sin-cos table (modeling:3620-3622)."""
    return torch.tensor([[i * GRID + j for i in range(hp) for j in range(wp)]], dtype=torch.int64)
