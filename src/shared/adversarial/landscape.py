"""Loss-landscape craggedness probes of the adversarial loss across norms (l_inf, l2,
l1, l0).

``L_adv(theta) = mean_i CE(f_theta(x_i + delta*_i(theta)), y_i)`` on a fixed batch,
where ``delta*(theta)`` is a deterministic attack (fixed seed, fixed iterations, final
iterate, no early stop or re-draws). Probes along a filter-normalised random direction
d:

* ``R(h) = ||grad L_adv(theta + h d) - grad L_adv(theta)|| / (h ||d||)`` (gradient
change rate);
* ``R_frozen(h)``: the same with delta held at ``delta*(theta)`` (the smooth part);
* ``J(h) = mean_i ||delta*_i(theta + h d) - delta*_i(theta)||_2`` and ``J_rel = J / mean
||delta*||``;
* a 1-D curve ``L_adv(theta + t d)`` and its roughness (mean |second difference| /
range).

Use float64 models (``model.double()``) and inputs for these probes.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector
from torch.nn.utils import vector_to_parameters

from .common import eval_mode
from .spgd import box_bounds
from .spgd import spgd

__all__ = [
    "NORMS",
    "filter_normalized_direction",
    "probe_attack",
    "adv_loss_grad",
    "calibrate",
    "probe",
    "curve_1d",
    "project_l1_ball",
    "perturbed_model",
]

NORMS = ("linf", "l2", "l1", "l0")


def filter_normalized_direction(
    model: torch.nn.Module, generator: torch.Generator
) -> torch.Tensor:
    """Flat direction (P,) over ``model.parameters()``: Gaussian per weight tensor, each
    output filter (slice along dim 0) rescaled to that filter's norm in the model; 1-D
    tensors (biases) 0."""
    parts = []
    for p in model.parameters():
        if p.dim() <= 1:
            parts.append(torch.zeros_like(p).flatten())
            continue
        d = torch.randn(p.shape, generator=generator, dtype=p.dtype, device=p.device)
        dn = d.flatten(1).norm(dim=1).clamp_min(1e-30)
        pn = p.detach().flatten(1).norm(dim=1)
        parts.append((d.flatten(1) * (pn / dn).unsqueeze(1)).flatten())
    return torch.cat(parts)


def project_l1_ball(v: torch.Tensor, radius: float) -> torch.Tensor:
    """Euclidean projection of each row of v (N, D) onto the l1 ball of ``radius``
    (sorting method)."""
    if radius <= 0:
        raise ValueError(f"radius must be > 0; got {radius}")
    a = v.abs()
    inside = a.sum(1) <= radius
    u = a.sort(dim=1, descending=True).values
    css = u.cumsum(1)
    j = torch.arange(1, v.shape[1] + 1, device=v.device, dtype=v.dtype)
    cond = u - (css - radius) / j > 0
    rho = cond.to(v.dtype).mul(j).argmax(1)  # last index where cond holds
    theta = (css.gather(1, rho.unsqueeze(1)).squeeze(1) - radius) / (rho + 1).to(
        v.dtype
    )
    out = torch.sign(v) * torch.clamp(a - theta.unsqueeze(1), min=0)
    return torch.where(inside.unsqueeze(1), v, out)


def _grad_x(model, x, y):
    x = x.detach().requires_grad_(True)
    loss = F.cross_entropy(model(x), y, reduction="sum")
    return torch.autograd.grad(loss, x)[0]


def probe_attack(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    norm: str,
    budget,
    iters: int = 30,
    seed: int = 0,
) -> torch.Tensor:
    """Deterministic attack delta* (N, C, H, W) of the given norm and budget (final
    iterate).

    linf: random start, sign steps budget/4, clip to the ball; l2: random start, steps
    budget/4 along g/||g||, project to the ball; l1: zero start, ascent on the top 10 %
    of |g| with an l1-normalised step budget/2, exact l1-ball projection; l0:
    sPGD-unproj with k = budget, no early stop or re-draws. Every step ends with
    clipping into the [0, 1] box.
    """
    if norm not in NORMS:
        raise ValueError(f"norm must be one of {NORMS}; got {norm!r}")
    gen = torch.Generator(device=x.device).manual_seed(seed)
    with eval_mode(model):
        if norm == "l0":
            r = spgd(
                model,
                x,
                y,
                int(budget),
                iters=iters,
                variant="unproj",
                patience=None,
                early_stop=False,
                return_iterate="last",
                generator=gen,
                check=True,
            )
            return (r.x_adv - x).detach()
        eps = float(budget)
        if eps <= 0:
            raise ValueError(f"budget must be > 0; got {budget}")
        lo, hi = box_bounds(x, 1.0)
        if norm == "linf":
            d = (
                torch.rand(x.shape, generator=gen, device=x.device, dtype=x.dtype) * 2
                - 1
            ) * eps
        elif norm == "l2":
            d = torch.randn(x.shape, generator=gen, device=x.device, dtype=x.dtype)
            d = d * (eps / 2) / d.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
        else:
            d = torch.zeros_like(x)
        d = torch.maximum(torch.minimum(d, hi), lo)
        for _ in range(iters):
            g = _grad_x(model, x + d, y)
            with torch.no_grad():
                if norm == "linf":
                    d = torch.clamp(d + eps / 4 * torch.sign(g), -eps, eps)
                elif norm == "l2":
                    gn = g.flatten(1).norm(dim=1).clamp_min(1e-30).view(-1, 1, 1, 1)
                    d = d + eps / 4 * g / gn
                    dn = d.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
                    d = d * torch.clamp(eps / dn.clamp_min(1e-30), max=1.0)
                else:
                    gf = g.flatten(1)
                    q = max(1, int(math.ceil(0.1 * gf.shape[1])))
                    thr = gf.abs().topk(q, dim=1).values[:, -1:]
                    s = torch.where(
                        gf.abs() >= thr, torch.sign(gf), torch.zeros_like(gf)
                    )
                    s = s / s.abs().sum(1, keepdim=True).clamp_min(1e-30)
                    d = project_l1_ball(d.flatten(1) + eps / 2 * s, eps).view_as(x)
                d = torch.maximum(torch.minimum(d, hi), lo)
        return d.detach()


def adv_loss_grad(
    model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, delta: torch.Tensor
):
    """(loss, flat gradient (P,)) of mean CE(f(x + delta), y) with respect to the
    parameters."""
    params = [p for p in model.parameters()]
    with eval_mode(model):
        loss = F.cross_entropy(model(torch.clamp(x + delta, 0, 1)), y)
        g = torch.autograd.grad(loss, params)
    return float(loss.detach()), torch.cat([t.flatten() for t in g]).detach()


def perturbed_model(
    model: torch.nn.Module, direction: torch.Tensor, t: float
) -> torch.nn.Module:
    """Deep copy of ``model`` with parameters theta + t * direction."""
    m = copy.deepcopy(model)
    vector_to_parameters(
        parameters_to_vector(model.parameters()).detach() + t * direction,
        m.parameters(),
    )
    return m


def calibrate(
    model, x, y, norm: str, grid, target: float = 0.3, iters: int = 30, seed: int = 0
):
    """Budget of ``grid`` whose probe attack leaves robust accuracy closest to
    ``target``.

    Returns ``(budget, {budget: robust accuracy})``.
    """
    accs = {}
    for b in grid:
        d = probe_attack(model, x, y, norm, b, iters, seed)
        with torch.no_grad(), eval_mode(model):
            accs[b] = float(
                (model(torch.clamp(x + d, 0, 1)).argmax(1) == y).double().mean()
            )
    best = min(grid, key=lambda b: (abs(accs[b] - target), grid.index(b)))
    return best, accs


def probe(
    model,
    x,
    y,
    norm: str,
    budget,
    hs=(1e-3, 3e-3, 1e-2),
    n_dirs: int = 2,
    iters: int = 30,
    seed: int = 0,
    dir_seed: int = 100,
) -> dict:
    """Gradient-change rates R, R_frozen and perturbation jumps J, J_rel for each h
    (means over ``n_dirs`` filter-normalised directions). Returns a dict of numpy arrays
    of length len(hs)."""
    if n_dirs < 1 or not hs or min(hs) <= 0:
        raise ValueError(
            "n_dirs must be >= 1 and hs a non-empty sequence of positive steps"
        )
    d0 = probe_attack(model, x, y, norm, budget, iters, seed)
    _, g0 = adv_loss_grad(model, x, y, d0)
    dnorm0 = float(d0.flatten(1).norm(dim=1).mean())
    gen = torch.Generator(device=x.device).manual_seed(dir_seed)
    R = np.zeros((n_dirs, len(hs)))
    RF, J = np.zeros_like(R), np.zeros_like(R)
    for i in range(n_dirs):
        d = filter_normalized_direction(model, gen)
        dn = float(d.norm())
        for j, h in enumerate(hs):
            m = perturbed_model(model, d, h)
            dh = probe_attack(m, x, y, norm, budget, iters, seed)
            _, gh = adv_loss_grad(m, x, y, dh)
            _, gf = adv_loss_grad(m, x, y, d0)
            R[i, j] = float((gh - g0).norm()) / (h * dn)
            RF[i, j] = float((gf - g0).norm()) / (h * dn)
            J[i, j] = float((dh - d0).flatten(1).norm(dim=1).mean())
    J = J.mean(0)
    return {
        "h": np.asarray(hs),
        "R": R.mean(0),
        "R_frozen": RF.mean(0),
        "J": J,
        "J_rel": J / max(dnorm0, 1e-30),
    }


def curve_1d(
    model,
    x,
    y,
    norm: str,
    budget,
    ts,
    iters: int = 30,
    seed: int = 0,
    dir_seed: int = 100,
):
    """``(t, L_adv(theta + t d), roughness)`` along one filter-normalised direction d.

    roughness = mean |second difference of the loss| / (max - min); ts must be evenly
    spaced.
    """
    ts = np.asarray(ts, dtype=float)
    if ts.ndim != 1 or len(ts) < 3:
        raise ValueError("ts must be a 1-D grid of at least 3 evenly spaced values")
    gen = torch.Generator(device=x.device).manual_seed(dir_seed)
    d = filter_normalized_direction(model, gen)
    losses = []
    for t in ts:
        m = perturbed_model(model, d, float(t))
        dl = probe_attack(m, x, y, norm, budget, iters, seed)
        with torch.no_grad():
            losses.append(float(F.cross_entropy(m(torch.clamp(x + dl, 0, 1)), y)))
    losses = np.asarray(losses)
    rng = losses.max() - losses.min()
    rough = float(np.abs(np.diff(losses, 2)).mean() / rng) if rng > 0 else 0.0
    return ts, losses, rough
