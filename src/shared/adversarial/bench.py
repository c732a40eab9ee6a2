"""Cost of one Sparse-PGD iteration relative to a plain forward+backward pass (claim C6).

Both are timed on the same model and batch; the plain pass is a forward and a backward to the
input (what any gradient attack needs per step). The sPGD per-iteration time is the difference
between runs of ``iters_long`` and ``iters_short`` iterations (no early stop, so the batch stays
full) divided by the difference in iterations, which removes the set-up cost (clean pass, random
start). Medians over ``reps`` repetitions.
"""
from __future__ import annotations

import statistics
import time

import torch
import torch.nn.functional as F

from .common import eval_mode
from .spgd import spgd

__all__ = ["spgd_cost_ratio", "attacked_images_per_second"]


def _sync(x):
    if x.is_cuda:
        torch.cuda.synchronize()


def spgd_cost_ratio(model, x, y, k: int, reps: int = 20, iters_short: int = 1,
                    iters_long: int = 11, variant: str = "unproj") -> dict:
    """Return ``{"ratio", "t_iter", "t_plain"}`` (seconds) for batch x (N, C, H, W), labels y."""
    if reps < 1 or iters_long <= iters_short:
        raise ValueError("reps must be >= 1 and iters_long > iters_short")

    def plain():
        xa = x.detach().clone().requires_grad_(True)
        loss = F.cross_entropy(model(xa), y, reduction="none")
        g, = torch.autograd.grad(loss.sum(), xa)
        return g

    def run(iters):
        return spgd(model, x, y, k, iters=iters, variant=variant, early_stop=False, check=False)

    with eval_mode(model):
        plain(); run(iters_short)  # warm-up
        tp, ti = [], []
        for _ in range(reps):
            _sync(x); t0 = time.perf_counter(); plain(); _sync(x); tp.append(time.perf_counter() - t0)
            t0 = time.perf_counter(); run(iters_short); _sync(x); t1 = time.perf_counter() - t0
            t0 = time.perf_counter(); run(iters_long); _sync(x); t2 = time.perf_counter() - t0
            ti.append((t2 - t1) / (iters_long - iters_short))
    t_plain, t_iter = statistics.median(tp), statistics.median(ti)
    return {"ratio": t_iter / t_plain, "t_iter": t_iter, "t_plain": t_plain}


def attacked_images_per_second(model, x, y, k: int, iters: int = 100,
                               variant: str = "unproj") -> float:
    """Images attacked per second by a full sPGD run (early stop on) of ``iters`` iterations."""
    _sync(x)
    t0 = time.perf_counter()
    spgd(model, x, y, k, iters=iters, variant=variant)
    _sync(x)
    return len(x) / (time.perf_counter() - t0)
