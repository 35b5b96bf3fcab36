#!/usr/bin/python3
"""Reference streaming log-mel of MiniCPM-o 4.5's duplex front end, written from the formulas.

An independent NumPy implementation used by the Java golden test: it recomputes the log-mel of
the whole buffer for every unit, the way the reference streaming processor does, where the Java
front end computes frames incrementally.

usage: mel_reference.py INPUT.wav OUTPUT.bin
  INPUT: 16 kHz mono 16-bit PCM WAV. Units: 560 zeros + the audio, cut into 16480 samples for
  unit 0 and 16000 for each later unit; a final partial unit is not processed.
  OUTPUT: per unit, little-endian int32 frames, int64 first frame index, then frames*80 float64
  values, bin-major ([80, frames]).
"""
import struct
import sys
import wave

import numpy as np

SR = 16000
N_FFT = 400
HOP = 160
N_MELS = 80
PAD = 560
FIRST_UNIT = 16480
UNIT = 16000
CORE = 100
CONTEXT = 2
TRIGGER = 30 * SR
STRIDE = 10 * SR
KEEP = 1 * SR


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    lin = f / (200.0 / 3.0)
    log = 15.0 + np.log(np.maximum(f, 1e-12) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(f < 1000.0, lin, log)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    lin = m * (200.0 / 3.0)
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
    return np.where(m < 15.0, lin, log)


def slaney_filters():
    fft_freqs = np.arange(N_FFT // 2 + 1) * (SR / N_FFT)
    edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2.0), N_MELS + 2))
    fb = np.zeros((N_MELS, fft_freqs.size))
    for i in range(N_MELS):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        up = (fft_freqs - lo) / (mid - lo)
        down = (hi - fft_freqs) / (hi - mid)
        fb[i] = np.maximum(0.0, np.minimum(up, down)) * (2.0 / (hi - lo))
    return fb


FILTERS = slaney_filters()
WINDOW = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann


def raw_log_mel(buf):
    """log10 mel of every frame of a centred, reflect-padded STFT, last frame dropped: [80, T]."""
    padded = np.pad(buf, (N_FFT // 2, N_FFT // 2), mode="reflect")
    n_frames = 1 + len(buf) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    frames = padded[idx] * WINDOW[None, :]
    power = np.abs(np.fft.rfft(frames, n=N_FFT, axis=1)) ** 2
    mel = FILTERS @ power.T
    return np.log10(np.maximum(mel, 1e-10))[:, :-1]


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2 or w.getframerate() != SR:
            raise SystemExit("need 16 kHz mono 16-bit PCM: %s" % path)
        data = w.readframes(w.getnframes())
    return np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768.0


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    stream = np.concatenate([np.zeros(PAD), read_wav(sys.argv[1])])
    buf = np.zeros(0)
    base = 0
    last = 0
    pos = 0
    out = open(sys.argv[2], "wb")
    unit = 0
    while True:
        size = FIRST_UNIT if unit == 0 else UNIT
        if pos + size > len(stream):
            break
        buf = np.concatenate([buf, stream[pos:pos + size]])
        pos += size
        unit += 1
        if len(buf) >= TRIGGER:
            drop = min(STRIDE, len(buf) - min(KEEP, len(buf) - STRIDE)) // HOP * HOP
            if drop > 0:
                buf = buf[drop:]
                base += drop // HOP
        x = raw_log_mel(buf)
        if len(buf) < 5 * SR:
            x = np.maximum(x, -10.0)
        else:
            x = np.maximum(x, x.max() - 8.0)
        x = (x + 4.0) / 4.0
        stable = min(x.shape[1], (len(buf) - N_FFT // 2) // HOP + 1)
        if base + stable < last + CORE + CONTEXT:
            out.write(struct.pack("<iq", 0, last))
            continue
        start = max(0, last - CONTEXT)
        end = last + CORE + CONTEXT
        chunk = np.ascontiguousarray(x[:, start - base:end - base])
        out.write(struct.pack("<iq", chunk.shape[1], start))
        out.write(chunk.astype("<f8").tobytes())
        last += CORE
    out.close()


if __name__ == "__main__":
    main()
