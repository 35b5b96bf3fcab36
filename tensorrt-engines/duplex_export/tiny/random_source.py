"""The tiny test model's modules with random weights at any widths (tiny, or the release's), as a
stand-in source for export_minicpmo.py --random: it measures the export path at the release's
sizes without a checkpoint. Not the release's architecture; see release/ for that."""
from ..contract import P_MAJOR_GRAPHS
from ..random_weights import randomise
from . import tiny_modules as tm
from .export_tiny import p_major

MODULES = {
    "apm_stream": tm.ApmStream, "audio_adapter": tm.AudioAdapter, "siglip": tm.Siglip, "resampler": tm.Resampler,
    "llm_step": tm.LlmStep, "tts_proj": tm.TtsProj, "tts_step": tm.TtsStep, "t2w_encoder": tm.T2wEncoder,
    "dit_step": tm.DitStep, "hift": tm.Hift,
}
TINY = tm.TINY


def random_modules(c, names):
    """name -> module with random weights at widths c, taking and returning P-major caches."""
    seeds = {name: 1000 + i for i, name in enumerate(MODULES)}
    modules = {name: randomise(MODULES[name](c).eval(), seeds[name]) for name in names}
    for name, m in modules.items():
        if name in P_MAJOR_GRAPHS:
            p_major(m)
    return modules
