"""Location-vs-magnitude ablation of the one-step sPGD attack.

From one random start, (p1, m1) is the state after one sPGD update and (p*, m*) after
``steps`` updates (final iterates, no early stop, no mask re-draws). Robust accuracy of
four perturbations: A = p1 * m1 (the one-step output); B = (p1 refined by ``steps``
magnitude-only updates with the mask frozen) * m1; C = p1 * m*; D = p* * m*. Location
gap = RA(B) - RA(D) (what better magnitudes cannot fix), magnitude gap = RA(C) - RA(D).
"""

from __future__ import annotations

import torch

from .common import eval_mode
from .common import topk_mask
from .common import validate_attack_inputs
from .spgd import box_bounds
from .spgd import spgd

__all__ = ["location_vs_magnitude"]


def location_vs_magnitude(
    model, x, y, k: int, steps: int = 100, variant: str = "unproj", seed: int = 0
) -> dict:
    """Return robust accuracies ``A, B, C, D``, the gaps and the perturbations
    ``delta_A..D``."""
    validate_attack_inputs(x, y, k)
    gen = torch.Generator(device=x.device).manual_seed(seed)
    lo, hi = box_bounds(x)
    p0 = torch.maximum(
        torch.minimum(
            torch.rand(x.shape, generator=gen, device=x.device, dtype=x.dtype) * 2 - 1,
            hi,
        ),
        lo,
    )
    mt0 = torch.randn(
        (len(x), 1) + tuple(x.shape[2:]), generator=gen, device=x.device, dtype=x.dtype
    )
    kw = dict(variant=variant, patience=None, early_stop=False, return_iterate="last")
    r1 = spgd(model, x, y, k, iters=1, init=(p0, mt0), **kw)
    rs = spgd(model, x, y, k, iters=steps, init=(p0, mt0), **kw)
    p1, m1 = r1.extra["p"], topk_mask(r1.extra["m_tilde"], k)
    ps, ms = rs.extra["p"], topk_mask(rs.extra["m_tilde"], k)
    rb = spgd(
        model,
        x,
        y,
        k,
        iters=steps,
        init=(p1, r1.extra["m_tilde"]),
        update_mask=False,
        **dict(kw, variant="proj"),
    )
    pb = rb.extra["p"]
    deltas = {"A": p1 * m1, "B": pb * m1, "C": p1 * ms, "D": ps * ms}
    out = {}
    with torch.no_grad(), eval_mode(model):
        for key, d in deltas.items():
            out[key] = float(
                (model(torch.clamp(x + d, 0, 1)).argmax(1) == y).double().mean()
            )
    out["location_gap"] = out["B"] - out["D"]
    out["magnitude_gap"] = out["C"] - out["D"]
    out["deltas"] = deltas
    out["masks"] = {"m1": m1, "m_star": ms}
    return out
