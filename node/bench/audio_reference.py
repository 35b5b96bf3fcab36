#!/usr/bin/python3
"""The audio front end with SciPy and NumPy, the counterpart of AudioFileBench.

The same work on the same WAV (48 kHz stereo S16LE): downmix, resample to 16 kHz with
scipy.signal.resample_poly and a filter of the node's specification (216 taps at 48 kHz, Kaiser,
70 dB, cut-off between the 7 kHz passband edge and the 8 kHz stopband), then the log-mel of the
whole signal in one vectorised batch (STFT 400/160, periodic Hann, 80 Slaney mel bins, log10,
as node/src/test/python/mel_reference.py). The batch form is NumPy's best case: the node
computes the same frames incrementally, unit by unit, with its sliding window.

usage: audio_reference.py INPUT.wav [PASSES]
prints: scipy-front-end seconds=<audio s> best_s=<best pass> cpu_s=<its CPU> versions=...
"""
import sys
import time
import wave

import numpy as np
import scipy
import scipy.signal

sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/src/test/python")
import mel_reference  # noqa: E402  (the repository's NumPy log-mel)

TAPS = 216
BETA = 0.1102 * (70 - 8.7)  # Kaiser beta for 70 dB


def main():
    path = sys.argv[1]
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with wave.open(path, "rb") as w:
        if w.getnchannels() != 2 or w.getsampwidth() != 2:
            raise SystemExit("need stereo 16-bit PCM: %s" % path)
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    if rate % 16000:
        raise SystemExit("rate %d is not a multiple of 16000" % rate)
    down = rate // 16000
    taps = scipy.signal.firwin(TAPS, 7500.0, window=("kaiser", BETA), fs=rate)
    seconds = len(pcm) / 2 / rate
    best = None
    for p in range(passes + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        stereo = pcm.reshape(-1, 2).astype(np.float32) / 32768.0
        mono = stereo.mean(axis=1)
        x16 = scipy.signal.resample_poly(mono, 1, down, window=taps)
        mel = mel_reference.raw_log_mel(x16.astype(np.float64))
        floor = mel.max() - 8.0
        mel = (np.maximum(mel, floor) + 4.0) / 4.0
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if p > 0 and (best is None or wall < best[0]):
            best = (wall, cpu)
    print("scipy-front-end seconds=%.1f best_s=%.4f cpu_s=%.4f frames=%d versions=numpy-%s,scipy-%s"
          % (seconds, best[0], best[1], mel.shape[1], np.__version__, scipy.__version__))


if __name__ == "__main__":
    main()
