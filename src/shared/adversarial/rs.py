"""Black-box sparse attacks: Sparse-RS (random search over pixel sets) and random
pixels.

Both use forward passes only. A perturbed pixel takes a vertex colour of the colour cube
(each channel 0 or 1). Shapes as in :mod:`shared.adversarial.common`.

Single-pixel proposals change the image (the rule of the official Sparse-RS, Croce et
al.): once the schedule swaps only one pixel per query, the colour drawn for the
incoming pixel is redrawn until it differs from that pixel's current colour (the clean
value, or with k = H*W the colour it already carries), so no query is spent on a
candidate equal to the current image. On grey digits, where most pixels are 0 and the
one channel has only two vertex colours, about half of the unforced single-pixel
proposals would change nothing.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from shared.repro.validate import positive_int

from .common import AttackResult
from .common import attack_result
from .common import eval_mode
from .common import make_generator
from .common import validate_attack_inputs

__all__ = ["sparse_rs", "random_pixels", "rs_fraction", "paint_pixels"]

_SCHEDULE = (
    (50, 2),
    (200, 4),
    (500, 5),
    (1000, 6),
    (2000, 8),
    (4000, 10),
    (6000, 12),
    (8000, 15),
)


def rs_fraction(i: int, queries: int, p_init: float = 0.8) -> float:
    """Fraction rho(i) of the k pixels swapped at query ``i`` of ``queries`` (piecewise
    schedule).

    The schedule is indexed by ``i * 10000 / queries``: ``p_init`` at 0, then ``p_init``
    divided by 2, 4, 5, 6, 8, 10, 12, 15 up to 50, 200, 500, 1000, 2000, 4000, 6000,
    8000, and by 20 beyond.
    """
    it = int(i * 10000 / queries)
    if it == 0:
        return p_init
    for bound, div in _SCHEDULE:
        if it <= bound:
            return p_init / div
    return p_init / 20


def paint_pixels(
    x: torch.Tensor, idx: torch.Tensor, colours: torch.Tensor
) -> torch.Tensor:
    """Copy of x (N, C, H, W) with pixels ``idx`` (N, k) (flat H*W indices) set to
    ``colours`` (N, C, k)."""
    n, c, h, w = x.shape
    out = x.reshape(n, c, h * w).clone()
    out.scatter_(2, idx.unsqueeze(1).expand(n, c, idx.shape[1]), colours)
    return out.view(n, c, h, w)


def _force_change(
    new: torch.Tensor, cur: torch.Tensor, gen: torch.Generator
) -> torch.Tensor:
    """Redraw vertex colours ``new`` (N, C, 1) where they equal ``cur`` (N, C, 1) in
    every channel."""
    same = (new == cur).all(dim=1).view(-1)
    while bool(same.any()):
        m = int(same.sum())
        new[same] = torch.randint(
            0, 2, (m, new.shape[1], 1), generator=gen, device=new.device
        ).to(new.dtype)
        same = (new == cur).all(dim=1).view(-1)
    return new


def _loss_and_wrong(model, x, y):
    with torch.no_grad():
        z = model(x)
        return F.cross_entropy(z, y, reduction="none"), z.argmax(1) != y


def _clean_start(model, x, y):
    """Clean flags ``success`` (N,) bool (True where x is already misclassified), the
    best images so far (a copy of x) and the indices (M,) of the points to attack."""
    _, success = _loss_and_wrong(model, x, y)
    return success, x.clone(), torch.nonzero(~success).flatten()


def _random_vertex_pixels(m, c, hw, k, gen, x):
    """Draw ``k`` distinct pixels (M, k) of ``hw`` and their vertex colours (M, C, k)
    (dtype of x) for ``m`` points: the random-pixel query and Sparse-RS's start."""
    idx = torch.rand((m, hw), generator=gen, device=x.device).argsort(1)[:, :k]
    col = torch.randint(0, 2, (m, c, k), generator=gen, device=x.device).to(x.dtype)
    return idx, col


# Deliberate repeat: the signature every attack shares (model, x, y, k, then keyword
# budgets, step sizes and generator/seed/record/check), one parameter a line.
def sparse_rs(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    k: int,
    *,
    queries: int = 1000,
    p_init: float = 0.8,
    generator: torch.Generator | None = None,
    seed: int = 0,
    record: bool = False,
    check: bool = True,
) -> AttackResult:
    """Sparse-RS (untargeted, cross-entropy loss) with ``queries`` model queries per
    point.

    Starts from k random pixels with random vertex colours; query i swaps
    ``max(1, floor(rho(i) * k))`` of them for as many pixels outside the set (fresh
    colours; a single swapped pixel gets a colour different from its current one, see
    the module docstring) and keeps the candidate when the loss rises; a misclassified
    candidate ends the search for that point. With k = H*W only colours change. With
    ``record``: ``curve`` (length ``queries``) and ``extra["best_loss_trace"]``
    (queries, N) best loss so far per point (-inf before the first query, frozen once
    fooled).
    """
    validate_attack_inputs(x, y, k)
    positive_int("queries", queries)
    if not 0 < p_init <= 1:
        raise ValueError(f"p_init must be in (0, 1]; got {p_init}")
    gen = make_generator(generator, x.device, seed)
    n, c, h, w = x.shape
    hw = h * w
    curve = torch.zeros(queries, dtype=torch.long) if record else None
    passes = 0
    with eval_mode(model):
        success, x_best, ia = _clean_start(model, x, y)
        idx, col = _random_vertex_pixels(len(ia), c, hw, k, gen, x)
        best = torch.full((len(ia),), -float("inf"), device=x.device, dtype=x.dtype)
        best_all = torch.full((n,), -float("inf"), device=x.device, dtype=x.dtype)
        trace = []
        for i in range(queries):
            if len(ia) == 0:
                if record:
                    curve[i:] = int((~success).sum())
                break
            xa = x[ia]
            if i == 0:
                cidx, ccol = idx, col
            else:
                nsw = max(1, int(rs_fraction(i, queries, p_init) * k))
                nsw = min(nsw, k) if k == hw else min(nsw, k, hw - k)
                pos = torch.rand((len(ia), k), generator=gen, device=x.device).argsort(
                    1
                )[:, :nsw]
                new_col = torch.randint(
                    0, 2, (len(ia), c, nsw), generator=gen, device=x.device
                ).to(x.dtype)
                cidx = idx.clone()
                if k < hw:
                    sc = torch.rand((len(ia), hw), generator=gen, device=x.device)
                    sc.scatter_(1, idx, -1.0)
                    cidx.scatter_(1, pos, sc.topk(nsw, dim=1).indices)
                if (
                    nsw == 1
                ):  # official rule: a one-pixel proposal must change that pixel
                    if k < hw:  # incoming pixel: its current colour is the clean one
                        cur = xa.reshape(len(ia), c, hw).gather(
                            2, cidx.gather(1, pos).unsqueeze(1).expand(len(ia), c, 1)
                        )
                    else:  # k = H*W: the pixel keeps its place and must change colour
                        cur = col.gather(2, pos.unsqueeze(1).expand(len(ia), c, 1))
                    new_col = _force_change(new_col, cur, gen)
                ccol = col.clone()
                ccol.scatter_(2, pos.unsqueeze(1).expand(len(ia), c, nsw), new_col)
            cand = paint_pixels(xa, cidx, ccol)
            loss, wrong = _loss_and_wrong(model, cand, y[ia])
            passes += len(ia)
            acc = wrong | (loss > best)
            idx = torch.where(acc.view(-1, 1), cidx, idx)
            col = torch.where(acc.view(-1, 1, 1), ccol, col)
            best = torch.where(acc & ~wrong, loss, best)
            best = torch.where(
                wrong, torch.maximum(loss, best), best
            )  # the trace never falls
            x_best[ia[acc]] = cand[acc]
            success[ia[wrong]] = True
            if record:
                curve[i] = int((~success).sum())
                best_all[ia] = best
                trace.append(best_all.clone())
            keep = ~wrong
            ia, idx, col, best = ia[keep], idx[keep], col[keep], best[keep]
    return attack_result(
        x,
        x_best,
        success,
        passes,
        curve,
        name="Sparse-RS",
        settings=dict(k=k, queries=queries, p_init=p_init),
        k=k,
        check=check,
        extra={
            "pixels": idx,
            "colours": col,
            "best_loss_trace": torch.stack(trace) if trace else None,
        },
    )


# Deliberate repeat: the signature every attack shares (model, x, y, k, then keyword
# budgets, step sizes and generator/seed/record/check), one parameter a line.
def random_pixels(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    k: int,
    *,
    queries: int = 100,
    generator: torch.Generator | None = None,
    seed: int = 0,
    record: bool = False,
    check: bool = True,
) -> AttackResult:
    """Random-pixel baseline: each query paints k random pixels with random vertex
    colours.

    A point is fooled if any query fools it; survivors return their highest-loss query.
    """
    validate_attack_inputs(x, y, k)
    positive_int("queries", queries)
    gen = make_generator(generator, x.device, seed)
    n, c, h, w = x.shape
    curve = torch.zeros(queries, dtype=torch.long) if record else None
    passes = 0
    with eval_mode(model):
        success, x_best, ia = _clean_start(model, x, y)
        best = torch.full((len(ia),), -float("inf"), device=x.device, dtype=x.dtype)
        for i in range(queries):
            if len(ia) == 0:
                if record:
                    curve[i:] = int((~success).sum())
                break
            idx, col = _random_vertex_pixels(len(ia), c, h * w, k, gen, x)
            cand = paint_pixels(x[ia], idx, col)
            loss, wrong = _loss_and_wrong(model, cand, y[ia])
            passes += len(ia)
            upd = wrong | (loss > best)
            x_best[ia[upd]] = cand[upd]
            best = torch.where(upd, loss, best)
            success[ia[wrong]] = True
            if record:
                curve[i] = int((~success).sum())
            ia, best = ia[~wrong], best[~wrong]
    return attack_result(
        x,
        x_best,
        success,
        passes,
        curve,
        name="random pixels",
        settings=dict(k=k, queries=queries),
        k=k,
        check=check,
    )
