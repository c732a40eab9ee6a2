"""PGD0 baseline (Croce & Hein, 2019): l1-normalised gradient steps with an exact
projection onto {at most k perturbed pixels} intersected with the box.

Shapes as in :mod:`shared.adversarial.common`.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from shared.repro.validate import positive_int

from .common import AttackResult
from .common import attack_result
from .common import eval_mode
from .common import make_generator
from .common import topk_mask
from .common import validate_attack_inputs
from .spgd import box_bounds

__all__ = ["pgd0", "project_l0_box"]


def project_l0_box(
    delta: torch.Tensor, x: torch.Tensor, k: int, eps: float = 1.0
) -> torch.Tensor:
    """Euclidean projection of ``delta`` (N, C, H, W) onto {pixel-l0 <= k} and x + delta
    in [0, 1].

    Each pixel is clipped into its box; keeping pixel i saves ``||d_i||^2 - ||d_i -
    clip(d_i)||^2`` of squared distance compared with zeroing it, so the k pixels with
    the largest saving are kept.
    """
    if delta.shape != x.shape:
        raise ValueError(
            f"delta and x must have the same shape; got {tuple(delta.shape)} and "
            f"{tuple(x.shape)}"
        )
    lo, hi = box_bounds(x, eps)
    clipped = torch.maximum(torch.minimum(delta, hi), lo)
    saving = (delta**2).sum(1, keepdim=True) - ((delta - clipped) ** 2).sum(
        1, keepdim=True
    )
    return clipped * topk_mask(saving, k)


# Deliberate repeat: the signature every attack shares (model, x, y, k, then keyword
# budgets, step sizes and generator/seed/record/check), one parameter a line.
def pgd0(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    k: int,
    *,
    steps: int = 100,
    restarts: int = 1,
    eta: float = 0.15,
    eps: float = 1.0,
    generator: torch.Generator | None = None,
    seed: int = 0,
    record: bool = False,
    check: bool = True,
) -> AttackResult:
    """PGD0 with ``restarts`` random starts of ``steps`` passes each (cost restarts *
    steps).

    ``eta`` is the step per coordinate: a step is ``eta * d * g / ||g||_1`` with d =
    C*H*W. Survivors return the highest-loss iterate; ``curve`` has length restarts *
    steps.
    """
    validate_attack_inputs(x, y, k)
    positive_int("steps", steps)
    positive_int("restarts", restarts)
    if eta <= 0:
        raise ValueError(f"eta must be > 0; got {eta}")
    gen = make_generator(generator, x.device, seed)
    n = len(x)
    d = x[0].numel()
    curve = torch.zeros(restarts * steps, dtype=torch.long) if record else None
    passes, t = 0, 0
    with eval_mode(model):
        with torch.no_grad():
            success = model(x).argmax(1) != y
        x_best = x.clone()
        best = torch.full((n,), -float("inf"), device=x.device, dtype=x.dtype)
        for r in range(restarts):
            ia = torch.nonzero(~success).flatten()
            delta = project_l0_box(
                (
                    torch.rand(
                        x[ia].shape, generator=gen, device=x.device, dtype=x.dtype
                    )
                    * 2
                    - 1
                )
                * eps,
                x[ia],
                k,
                eps,
            )
            for s in range(steps):
                if len(ia) == 0:
                    if record:
                        curve[t : (r + 1) * steps] = int((~success).sum())
                    t = (r + 1) * steps
                    break
                xa = torch.clamp(x[ia] + delta, 0.0, 1.0).requires_grad_(True)
                z = model(xa)
                loss = F.cross_entropy(z, y[ia], reduction="none")
                (g,) = torch.autograd.grad(loss.sum(), xa)
                passes += len(ia)
                with torch.no_grad():
                    wrong = z.argmax(1) != y[ia]
                    upd = wrong | (loss > best[ia])
                    x_best[ia[upd]] = xa.detach()[upd]
                    best[ia] = torch.where(upd, loss, best[ia])
                    success[ia[wrong]] = True
                    if record:
                        curve[t] = int((~success).sum())
                    t += 1
                    keep = ~wrong
                    ia, delta, g = ia[keep], delta[keep], g[keep]
                    g1 = g.flatten(1).abs().sum(1).clamp_min(1e-12).view(-1, 1, 1, 1)
                    delta = project_l0_box(delta + eta * d * g / g1, x[ia], k, eps)
    return attack_result(
        x,
        x_best,
        success,
        passes,
        curve,
        name="PGD0",
        settings=dict(k=k, steps=steps, restarts=restarts, eta=eta),
        k=k,
        check=check,
    )
