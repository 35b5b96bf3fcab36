"""The voice path's front end against the libraries the release uses, where this Python has them.

voice.py re-implements the Whisper log-mel (s3tokenizer's), the Slaney filterbank (librosa's), the
Kaldi fbank (torchaudio's) and resampling (torchaudio's sinc resampler), because Debian's Python has
none of those libraries. This compares each on a 3 s test signal with transformers' and
torchaudio's own, and runs the onnxruntime path (prompt codes, speaker embedding) through stand-in
models with the release's inputs and outputs. Prints JSON, also written to $OUT/voice_front_end.json.

    cd tensorrt-engines && python3 -m duplex_export.release.voice_check
"""
import importlib.util
import json
import os

import numpy as np
import torch

from duplex_export.release import voice
out = {"versions": {"torch": torch.__version__}}
rs = np.random.RandomState(0)
sr = 16000
t = np.arange(sr * 3) / sr
audio = (0.3 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
         + 0.05 * rs.randn(t.size)).astype(np.float32)
# 1. Whisper log-mel (128) against transformers' WhisperFeatureExtractor
try:
    import transformers
    from transformers import WhisperFeatureExtractor
    out["versions"]["transformers"] = transformers.__version__
    ours = voice.whisper_log_mel(audio).numpy()
    ref = WhisperFeatureExtractor(feature_size=128).__call__(audio, sampling_rate=sr, return_tensors="np").input_features[0]
    n = ours.shape[1] - 2
    out["whisper_log_mel"] = {"ours_shape": list(ours.shape), "ref_shape": list(ref.shape),
                              "max_abs_diff_first_frames": float(np.abs(ours[:, :n] - ref[:, :n]).max())}
except Exception as e:
    out["whisper_log_mel"] = {"error": repr(e)}
# 2. Slaney filterbank against transformers' mel_filter_bank(norm=slaney, mel_scale=slaney)
try:
    from transformers.audio_utils import mel_filter_bank
    ours = voice.slaney_mel(24000, 1920, 80, 0, 8000)
    ref = mel_filter_bank(num_frequency_bins=961, num_mel_filters=80, min_frequency=0.0, max_frequency=8000.0,
                          sampling_rate=24000, norm="slaney", mel_scale="slaney").T
    out["slaney_mel"] = {"max_abs_diff": float(np.abs(ours - ref).max()), "max": float(ref.max())}
except Exception as e:
    out["slaney_mel"] = {"error": repr(e)}
# 3. Kaldi fbank and resampling against torchaudio
if importlib.util.find_spec("torchaudio"):
    import torchaudio
    out["versions"]["torchaudio"] = torchaudio.__version__
    try:
        ours = voice.kaldi_fbank(audio).numpy()
        ref = torchaudio.compliance.kaldi.fbank(torch.from_numpy(audio).unsqueeze(0), num_mel_bins=80, dither=0,
                                                sample_frequency=16000).numpy()
        out["kaldi_fbank"] = {"ours_shape": list(ours.shape), "ref_shape": list(ref.shape),
                              "max_abs_diff": float(np.abs(ours - ref[:ours.shape[0]]).max())}
    except Exception as e:
        out["kaldi_fbank"] = {"error": repr(e)}
    try:
        x22 = voice.resample(audio, 16000, 22050)
        ours = voice.resample(x22, 22050, 24000)
        ref = torchaudio.functional.resample(torch.from_numpy(x22), 22050, 24000).numpy()
        m = min(ours.size, ref.size)
        mid = slice(m // 10, m - m // 10)
        out["resample_22050_to_24000"] = {"rms_diff_over_rms": float(np.sqrt(np.mean((ours[mid] - ref[mid]) ** 2))
                                                                    / np.sqrt(np.mean(ref[mid] ** 2)))}
    except Exception as e:
        out["resample"] = {"error": repr(e)}
else:
    out["torchaudio"] = "not installed"
# 4. The onnxruntime path through stand-in models with the release's inputs and outputs
try:
    import onnxruntime
    out["versions"]["onnxruntime"] = onnxruntime.__version__
    d = os.path.join(os.environ.get("OUT", "/tmp"), "assets")
    os.makedirs(d, exist_ok=True)

    class Tok(torch.nn.Module):
        def forward(self, feats, lengths):
            pooled = torch.nn.functional.avg_pool1d(feats, 4, 4)  # 100 Hz -> 25 Hz
            return (pooled.abs().sum(1) * 1000).long() % 6561

    class Spk(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(80, 192)

        def forward(self, fbank):
            return self.lin(fbank.mean(1))

    legacy = {"dynamo": False} if int(torch.__version__.split(".")[0]) >= 2 else {}
    torch.onnx.export(Tok(), (torch.zeros(1, 128, 300), torch.tensor([300], dtype=torch.int32)),
                      os.path.join(d, voice.SPEECH_TOKENIZER), input_names=["feats", "feats_length"],
                      dynamic_axes={"feats": {2: "T"}}, opset_version=17, **legacy)
    torch.onnx.export(Spk(), (torch.zeros(1, 300, 80),), os.path.join(d, voice.CAMPPLUS), input_names=["input"],
                      dynamic_axes={"input": {1: "T"}}, opset_version=17, **legacy)
    codes, spk = voice.codes_and_speaker(audio, d)
    out["onnx_path"] = {"codes_shape": list(codes.shape), "codes_dtype": str(codes.dtype),
                        "codes_per_second": codes.shape[1] / 3.0, "speaker_shape": list(spk.shape)}
except Exception as e:
    out["onnx_path"] = {"error": repr(e)}
print(json.dumps(out, indent=1))
with open(os.path.join(os.environ.get("OUT", "/tmp"), "voice_front_end.json"), "w") as f:
    json.dump(out, f, indent=1)
