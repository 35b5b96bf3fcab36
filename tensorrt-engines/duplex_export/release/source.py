"""The release model of a checkpoint folder, loaded and wrapped as the contract's graphs.

Two loaders give the same attribute tree: the release's own code (AutoModel with
trust_remote_code; needs transformers and the folder's modeling files) and layout.py (plain
torch modules named as the release names them, for machines without transformers)."""
import importlib.util
import os

import torch

from . import graphs, layout, token2wav_layout


def has_release_code(path):
    return (os.path.isfile(os.path.join(path, "modeling_minicpmo.py"))
            and importlib.util.find_spec("transformers") is not None)


def load_model(path, dtype, loader="auto"):
    """(model, loader used). loader: auto (the release's code where it can run, else layout), release, layout."""
    if loader == "release" or (loader == "auto" and has_release_code(path)):
        from transformers import AutoModel
        model = AutoModel.from_pretrained(path, trust_remote_code=True, torch_dtype=dtype,
                                          init_vision=True, init_audio=True, init_tts=True)
        return model.eval(), "release"
    return layout.load(path, dtype), "layout"


def load_token2wav(path, loader="auto"):
    """(Token2wav object, loader used) of the checkpoint's assets/token2wav: the release's stepaudio2 package
    where it can be imported, else token2wav_layout over flow.pt and hift.pt. Always float32."""
    folder = os.path.join(path, token2wav_layout.ASSETS)
    found = importlib.util.find_spec("stepaudio2") is not None
    if loader == "release" and not found:
        raise ValueError("--loader release: the stepaudio2 package (the release's Token2Wav) cannot be imported")
    if found and loader != "layout":
        try:
            from stepaudio2 import Token2wav
            return Token2wav(folder, float16=False), "release"
        except Exception as e:                          # e.g. the package's CUDA-only paths on a CPU machine
            if loader == "release":
                raise ValueError(f"the stepaudio2 package could not load {folder}: {e}") from e
            return token2wav_layout.load(path), f"layout (stepaudio2 failed: {type(e).__name__}: {e})"
    return token2wav_layout.load(path), "layout"


class Float32Boundary(torch.nn.Module):
    """Keeps a graph's inputs and outputs float32 (the contract) around a module computing in dtype."""

    def __init__(self, inner, dtype):
        super().__init__()
        self.inner = inner
        self.dtype = dtype

    def forward(self, *args):
        args = [a.to(self.dtype) if a.is_floating_point() else a for a in args]
        outs = self.inner(*args)
        outs = outs if isinstance(outs, tuple) else (outs,)
        outs = tuple(o.float() if o.is_floating_point() else o for o in outs)
        return outs if len(outs) > 1 else outs[0]


def checkpoint_modules(model, names, dtype):
    """name -> graph module over the loaded model, for the names it wraps (Token2Wav: token2wav.wrap)."""
    wrapped = {n: Float32Boundary(g, dtype) for n, g in graphs.wrap(model).items()}
    return {n: g.eval() for n, g in wrapped.items() if n in names}
