"""Sparse-PGD (sPGD): a white-box l0 attack with a magnitude tensor and a continuous
mask.

Per image the attack keeps magnitudes ``p`` (C, H, W), restricted to ``[-eps, eps]``
intersected with the box ``[-x, 1 - x]``, and a continuous mask ``m_tilde`` (1, H, W).
The perturbation is ``delta = p * TopK_k(m_tilde)`` (the binary mask is shared by all
channels). One forward/backward pass at ``x + delta`` gives ``g = d CE / d delta`` and
both updates:

* mask: ``G_m = (sum_c g_c * p_c) * s (1 - s)``, ``s = sigmoid(m_tilde)``
(straight-through the
  top-k), step ``beta * sqrt(H W) * G_m / ||G_m||_2`` (skipped when the norm is below
  2e-10);
* magnitudes: ``G_p = g * m`` (variant ``"proj"``) or ``g * s`` (variant ``"unproj"``),
signed step
  ``alpha * eps``, then clipping into the box.

When an image's top-k support has stalled for ``patience`` updates its continuous mask
is redrawn from N(0, 1) (magnitudes kept). How stalls are counted is ``patience_rule``:

* ``"batch"`` (default; the released code, CityU-MLO/sPGD ``autoattack/spgd.py``): every
image
  whose support did not change adds one to its counter; the counters of *all* images are
  reset only in an update where no image of the batch stalled. An image whose support
  keeps changing therefore keeps its old count while others stall, so masks are redrawn
  more often. This is the rule the chapters use: it is the official implementation and
  the stronger attack.
* ``"strict"``: the rule of the paper's text, per image: a counter counts consecutive
stalled
  updates of that image and resets when its own support changes.

The two coincide without re-draws (``patience=None``) and for a batch of one image.
Points that become misclassified stop early (the first fooling iterate is returned); the
others return the iterate with the highest loss (starting from the clean image) or, with
``return_iterate="last"``, the final iterate.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from shared.repro.validate import positive_int

from .common import AttackResult
from .common import attack_result
from .common import eval_mode
from .common import make_generator
from .common import topk_mask
from .common import validate_attack_inputs

__all__ = ["spgd", "spgd_gradients", "box_bounds", "stall_counter", "PATIENCE_RULES"]

#: Stagnation rules of :func:`spgd` (see the module docstring); the first is the
# default.
PATIENCE_RULES = ("batch", "strict")


def box_bounds(x: torch.Tensor, eps: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-entry bounds (lo, hi) of a perturbation: ``[-eps, eps]`` intersected with
    ``[-x, 1-x]``."""
    return torch.clamp(-x, min=-eps), torch.clamp(1.0 - x, max=eps)


def spgd_gradients(
    g: torch.Tensor,
    p: torch.Tensor,
    mask: torch.Tensor,
    m_tilde: torch.Tensor,
    variant: str,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Update directions of sPGD from the input gradient.

    g, p: (N, C, H, W) gradient of the loss at ``x + p * mask`` and the magnitudes;
    mask: (N, 1, H, W) binary top-k mask; m_tilde: (N, 1, H, W) continuous mask.
    Returns ``(G_p, G_m)`` of shapes (N, C, H, W) and (N, 1, H, W).
    """
    if variant not in ("proj", "unproj"):
        raise ValueError(f"variant must be 'proj' or 'unproj'; got {variant!r}")
    s = torch.sigmoid(m_tilde)
    g_p = g * mask if variant == "proj" else g * s
    g_m = (g * p).sum(dim=1, keepdim=True) * s * (1.0 - s)
    return g_p, g_m


def stall_counter(counter: torch.Tensor, same: torch.Tensor, rule: str) -> torch.Tensor:
    """Stagnation counters after one update; ``same`` (N,) is True where the support did
    not change.

    ``"strict"``: per image, ``counter + 1`` where stalled, 0 where changed. ``"batch"``
    (released code): ``counter + same``; all counters reset to 0 when no image stalled.
    """
    if rule == "strict":
        return torch.where(same, counter + 1, torch.zeros_like(counter))
    if rule == "batch":
        return counter + same.long() if bool(same.any()) else torch.zeros_like(counter)
    raise ValueError(f"patience_rule must be one of {PATIENCE_RULES}; got {rule!r}")


def _spgd_chunk(
    model,
    x,
    y,
    gen,
    init,
    *,
    k,
    iters,
    variant,
    alpha,
    beta,
    eps,
    patience,
    patience_rule,
    record,
    early_stop,
    return_iterate,
    update_mask,
):
    """sPGD on one chunk x (N, C, H, W) with labels y (N,); the keyword arguments are
    those of :func:`spgd`. Returns ``(x_best, success, passes, survivors, p, m_tilde)``
    with ``survivors`` the (T + 1,) int64 count of unfooled points (None without
    ``record``)."""
    n, c, h, w = x.shape
    lo_all, hi_all = box_bounds(x, eps)
    with torch.no_grad():
        logits0 = model(x)
        loss0 = F.cross_entropy(logits0, y, reduction="none")
        success = logits0.argmax(1) != y
    if init is None:
        p = (
            torch.rand(x.shape, generator=gen, device=x.device, dtype=x.dtype) * 2 - 1
        ) * eps
        p = torch.maximum(torch.minimum(p, hi_all), lo_all)
        mt = torch.randn((n, 1, h, w), generator=gen, device=x.device, dtype=x.dtype)
    else:
        p, mt = init[0].clone(), init[1].clone()
        if p.shape != x.shape or mt.shape != (n, 1, h, w):
            raise ValueError(
                "init must be (p, m_tilde) with shapes (N, C, H, W) and (N, 1, H, W)"
            )
    p_final, mt_final = p.clone(), mt.clone()
    x_best = x.clone()
    best_loss = loss0.clone()
    curve = torch.zeros(iters + 1, dtype=torch.long) if record else None
    ia = torch.nonzero(~success).flatten()
    p, mt = p[ia], mt[ia]
    lo, hi, xa, ya, bl = lo_all[ia], hi_all[ia], x[ia], y[ia], best_loss[ia]
    counter = torch.zeros(len(ia), dtype=torch.long, device=x.device)
    passes = 0
    step_m = beta * math.sqrt(h * w)
    for t in range(iters + 1):
        if len(ia) == 0:
            if record:
                curve[t:] = int((~success).sum())
            break
        mask = topk_mask(mt, k)
        x_adv = torch.clamp(xa + p * mask, 0.0, 1.0).requires_grad_(True)
        logits = model(x_adv)
        loss = F.cross_entropy(logits, ya, reduction="none")
        (g,) = torch.autograd.grad(loss.sum(), x_adv)
        passes += len(ia)
        with torch.no_grad():
            x_adv = x_adv.detach()
            wrong = logits.argmax(1) != ya
            fresh = wrong & ~success[ia]
            better = (~wrong) & (~success[ia]) & (loss >= bl)
            upd = fresh | better
            if return_iterate == "last" and t == iters:
                upd = torch.ones_like(wrong)
                success[ia] = wrong
            x_best[ia[upd]] = x_adv[upd]
            bl = torch.where(better, loss, bl)
            success[ia[fresh]] = True
            if record:
                curve[t] = int((~success).sum())
            if t == iters:
                break
            g_p, g_m = spgd_gradients(g, p, mask, mt, variant)
            if early_stop and bool(wrong.any()):
                keep = ~wrong
                drop = ia[wrong]
                p_final[drop], mt_final[drop] = p[wrong], mt[wrong]
                ia, p, mt, lo, hi, xa, ya, bl = (
                    ia[keep],
                    p[keep],
                    mt[keep],
                    lo[keep],
                    hi[keep],
                    xa[keep],
                    ya[keep],
                    bl[keep],
                )
                counter, mask, g_p, g_m = (
                    counter[keep],
                    mask[keep],
                    g_p[keep],
                    g_m[keep],
                )
            p = torch.maximum(torch.minimum(p + alpha * eps * torch.sign(g_p), hi), lo)
            if update_mask and len(ia):
                nrm = g_m.flatten(1).norm(dim=1)
                ok = (nrm >= 2e-10).to(mt.dtype).view(-1, 1, 1, 1)
                mt = mt + ok * step_m * g_m / nrm.clamp_min(2e-10).view(-1, 1, 1, 1)
                same = (topk_mask(mt, k) == mask).flatten(1).all(dim=1)
                counter = stall_counter(counter, same, patience_rule)
                if patience is not None:
                    redo = counter >= patience
                    if bool(redo.any()):
                        nr = int(redo.sum())
                        mt[redo] = torch.randn(
                            (nr, 1, h, w), generator=gen, device=x.device, dtype=x.dtype
                        )
                        counter = torch.where(redo, torch.zeros_like(counter), counter)
    p_final[ia], mt_final[ia] = p, mt
    return x_best, success, passes, curve, p_final, mt_final


def spgd(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    k: int,
    *,
    iters: int = 100,
    variant: str = "unproj",
    alpha: float = 0.25,
    beta: float = 0.25,
    eps: float = 1.0,
    patience: int | None = 3,
    patience_rule: str = "batch",
    generator: torch.Generator | None = None,
    seed: int = 0,
    record: bool = False,
    early_stop: bool = True,
    return_iterate: str = "best",
    init=None,
    update_mask: bool = True,
    batch_size: int | None = None,
    check: bool = True,
) -> AttackResult:
    """Run Sparse-PGD on a batch.

    Args:
        model: classifier mapping (N, C, H, W) to logits (N, K); run in eval mode.
        x: (N, C, H, W) images in [0, 1]; y: (N,) labels; k: pixel budget, 1 <= k <=
        H*W.
        iters: number of updates T (T + 1 forward/backward passes per surviving point).
        variant: ``"proj"`` or ``"unproj"`` magnitude gradient.
        alpha, beta: magnitude and mask step sizes (> 0); eps: magnitude bound in (0,
        1].
        patience: re-draw the continuous mask after this many updates without a support
        change
            (None: never). patience_rule: ``"batch"`` (default, the released code's
            batch-wide count) or ``"strict"`` (per image, the paper's text); see the
            module docstring.
        generator / seed: randomness (initial p, m_tilde and re-draws); a new generator
        seeded
            with ``seed`` on x's device is used when ``generator`` is None.
        record: also return the robust-accuracy curve after each pass (length T + 1).
        early_stop: drop fooled points from the batch; return_iterate: ``"best"`` or
        ``"last"``.
        init: optional ``(p, m_tilde)`` start instead of the random one; update_mask:
        False keeps
            the mask fixed (magnitude-only refinement).
        batch_size: split x into chunks of this size (None: one chunk).
    Returns:
        AttackResult; ``extra`` holds the final ``p`` and ``m_tilde`` of every point.
    """
    validate_attack_inputs(x, y, k)
    positive_int("iters", iters, minimum=0)
    if variant not in ("proj", "unproj"):
        raise ValueError(f"variant must be 'proj' or 'unproj'; got {variant!r}")
    if not (alpha > 0 and beta > 0):
        raise ValueError(f"alpha and beta must be > 0; got alpha={alpha}, beta={beta}")
    if not 0 < eps <= 1:
        raise ValueError(f"eps must be in (0, 1]; got {eps}")
    if patience is not None:
        positive_int("patience", patience)
    if patience_rule not in PATIENCE_RULES:
        raise ValueError(
            f"patience_rule must be one of {PATIENCE_RULES}; got {patience_rule!r}"
        )
    if return_iterate not in ("best", "last"):
        raise ValueError(
            f"return_iterate must be 'best' or 'last'; got {return_iterate!r}"
        )
    gen = make_generator(generator, x.device, seed)
    bs = len(x) if batch_size is None else batch_size
    positive_int("batch_size", bs)
    settings = dict(
        k=k,
        iters=iters,
        alpha=alpha,
        beta=beta,
        eps=eps,
        patience=patience,
        patience_rule=patience_rule,
    )
    outs = []
    with eval_mode(model):
        for i in range(0, len(x), bs):
            sl = slice(i, i + bs)
            ini = None if init is None else (init[0][sl], init[1][sl])
            outs.append(
                _spgd_chunk(
                    model,
                    x[sl],
                    y[sl],
                    gen,
                    ini,
                    variant=variant,
                    record=record,
                    early_stop=early_stop,
                    return_iterate=return_iterate,
                    update_mask=update_mask,
                    **settings,
                )
            )
    return attack_result(
        x,
        torch.cat([o[0] for o in outs]),
        torch.cat([o[1] for o in outs]),
        sum(o[2] for o in outs),
        sum(o[3] for o in outs) if record else None,
        name=f"sPGD-{variant}",
        settings=settings,
        k=k,
        check=check,
        extra={
            "p": torch.cat([o[4] for o in outs]),
            "m_tilde": torch.cat([o[5] for o in outs]),
        },
    )
