"""Random weights for checks without a checkpoint."""
import torch


@torch.no_grad()
def randomise(module, seed):
    """Random weights that make every output depend on every tensor: matrices and zero-initialised
    vectors get N(0, 0.02); vectors of ones (norm weights) stay ones."""
    g = torch.Generator().manual_seed(seed)
    for _, p in module.named_parameters():
        if p.dim() == 1 and bool(torch.all(p == 1)):
            continue
        p.copy_((torch.randn(p.shape, generator=g) * 0.02).to(p.dtype))
    return module
