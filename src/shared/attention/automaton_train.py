"""Model, losses and normalized gradient descent of the attn-automaton chapter.

One trained matrix ``W`` [d, d] (the merged key-query ``W = K Qᵀ``), value = identity:
scores ``a_{i,t} = x_{i,t}ᵀ W x̄_i`` (no scaling), attention ``s_i = softmax_t(a_i)``
and output ``f_i = Σ_t s_{i,t} x_{i,t}`` [d]. Heads: ``"log"`` (identity head ``C Eᵀ =
I``: the loss is ``-log`` of the label mass), ``"ce"`` (tied head ``C = E``,
cross-entropy) and ``"sq"`` (tied head, ``(1 - softmax(E f)_y)²``). Trials are stacked
on a leading axis (:class:`Batch`) and trained together with a closed-form gradient,
float64.

Convention: scores are written ``x_tᵀ W x̄`` (key on the left). The shared model
:class:`shared.attention.model.OneLayerAttention` writes ``x_queryᵀ W_model x_key``, so
``W_model = Wᵀ`` (see :func:`to_shared_model`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from shared.repro.validate import choice
from shared.repro.validate import positive_float
from shared.repro.validate import positive_int
from shared.repro.validate import resolve_device

from .automaton_graphs import NTPData
from .model import make_model

LOSSES = ("log", "ce", "sq")


def identity_head(E: np.ndarray) -> np.ndarray:
    """``C = (E Eᵀ)⁻¹ E`` [K, d], so that ``C Eᵀ = I_K`` and ``C f`` is the attention
    mass by token."""
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[0] > E.shape[1]:
        raise ValueError(f"E must be [K, d] with K <= d, got shape {E.shape}")
    return np.linalg.solve(E @ E.T, E)


@dataclass
class Batch:
    """Trials stacked on a leading axis: ``Xe`` [B, n, T, d] window embeddings, ``xbar``
    [B, n, d], ``E`` [B, K, d], ``tok`` [B, n, T] ids, ``y`` [B, n], ``label`` [B, n, T]
    bool (position holds the label), ``mask`` [B, n, T] bool (positions that take part
    in the softmax) and ``weight`` [B, n] (1 for windows that count, 0 otherwise)."""

    Xe: torch.Tensor
    xbar: torch.Tensor
    E: torch.Tensor
    tok: torch.Tensor
    y: torch.Tensor
    label: torch.Tensor
    mask: torch.Tensor
    weight: torch.Tensor


def make_batch(
    datasets: list[NTPData], masks: list[np.ndarray] | None = None, device="cpu"
) -> Batch:
    """Stack trials of equal ``(n, T, K, d)``; ``masks`` (e.g. :func:`reduced_mask`)
    restrict the softmax, and windows whose mask is empty get weight 0."""
    if not datasets:
        raise ValueError("datasets is empty; pass at least one NTPData")
    shapes = {(ds.X.shape, ds.E.shape) for ds in datasets}
    if len(shapes) != 1:
        raise ValueError(
            f"all trials must share (n, T) and (K, d); got {sorted(shapes)}"
        )
    if masks is not None and len(masks) != len(datasets):
        raise ValueError(f"got {len(masks)} masks for {len(datasets)} datasets")
    dev = resolve_device(device)
    E = torch.tensor(
        np.stack([ds.E for ds in datasets]), dtype=torch.float64, device=dev
    )
    tok = torch.tensor(
        np.stack([ds.X for ds in datasets]), dtype=torch.int64, device=dev
    )
    y = torch.tensor(np.stack([ds.y for ds in datasets]), dtype=torch.int64, device=dev)
    B, n, T = tok.shape
    bidx = torch.arange(B, device=dev)[:, None, None]
    Xe = E[bidx, tok]
    xbar = Xe[:, :, -1, :]
    label = tok == y[:, :, None]
    if masks is None:
        mask = torch.ones_like(label)
    else:
        mask = torch.tensor(np.stack(masks), dtype=torch.bool, device=dev)
        if mask.shape != label.shape:
            raise ValueError(f"masks must be [n, T] = ({n}, {T}) each")
        if bool((mask.any(-1) & ~(mask & label).any(-1)).any()):
            raise ValueError(
                "a non-empty mask must include the label position of its window"
            )
    weight = mask.any(-1).to(torch.float64)
    return Batch(
        Xe=Xe, xbar=xbar, E=E, tok=tok, y=y, label=label, mask=mask, weight=weight
    )


def _check_W(W: torch.Tensor, batch: Batch) -> None:
    B, _, _, d = batch.Xe.shape
    if not isinstance(W, torch.Tensor) or W.shape != (B, d, d):
        raise ValueError(
            f"W must be a tensor [B, d, d] = ({B}, {d}, {d}), got "
            f"{tuple(W.shape) if isinstance(W, torch.Tensor) else type(W).__name__}"
        )


def scores(W: torch.Tensor, batch: Batch) -> torch.Tensor:
    """``a[b, i, t] = x_{i,t}ᵀ W_b x̄_i`` [B, n, T]; masked positions are ``-inf``."""
    _check_W(W, batch)
    v = torch.einsum("bde,bne->bnd", W, batch.xbar)
    a = torch.einsum("bntd,bnd->bnt", batch.Xe, v)
    return a.masked_fill(~batch.mask, float("-inf"))


def attention(W: torch.Tensor, batch: Batch) -> torch.Tensor:
    """Attention of the last token ``s`` [B, n, T] (rows of unused windows are 0)."""
    a = scores(W, batch)
    s = torch.softmax(a, dim=-1)
    return torch.nan_to_num(s, nan=0.0)


def _wmean(ell: torch.Tensor, batch: Batch) -> torch.Tensor:
    return (ell * batch.weight).sum(-1) / batch.weight.sum(-1).clamp_min(1.0)


def loss_value(
    W: torch.Tensor, batch: Batch, loss: str = "log", stable: bool = True
) -> torch.Tensor:
    """Per-trial mean loss [B] (differentiable by autograd).

    ``"log"``: ``-log p`` (``stable``: ``softplus(LSE_off a - LSE_label a)``, exact also
    when ``p`` rounds to 1); ``"ce"``/``"sq"``: tied head ``C = E`` with cross-entropy /
    squared loss."""
    choice("loss", loss, LOSSES)
    a = scores(W, batch)
    on = batch.label & batch.mask
    off = ~batch.label & batch.mask
    if loss == "log":
        if stable:
            lse_on = torch.logsumexp(a.masked_fill(~on, float("-inf")), -1)
            lse_off = torch.logsumexp(a.masked_fill(~off, float("-inf")), -1)
            ell = torch.nn.functional.softplus(lse_off - lse_on)
        else:
            s = torch.nan_to_num(torch.softmax(a, -1), nan=0.0)
            p = (s * on).sum(-1)
            ell = -torch.log(torch.where(batch.weight > 0, p, torch.ones_like(p)))
        ell = torch.where(batch.weight > 0, ell, torch.zeros_like(ell))
        return _wmean(ell, batch)
    s = torch.nan_to_num(torch.softmax(a, -1), nan=0.0)
    f = torch.einsum("bnt,bntd->bnd", s, batch.Xe)
    z = torch.einsum("bnd,bkd->bnk", f, batch.E)
    logp = torch.log_softmax(z, -1).gather(-1, batch.y[..., None])[..., 0]
    ell = -logp if loss == "ce" else (1.0 - logp.exp()) ** 2
    return _wmean(ell, batch)


def loss_grad(
    W: torch.Tensor, batch: Batch, loss: str = "log", stable: bool = True
) -> torch.Tensor:
    """Closed-form gradient of :func:`loss_value` with respect to ``W``, [B, d, d].

    ``∇L = (1/n) Σ_{i,t} g_{i,t} x_{i,t} x̄_iᵀ`` with ``g = ∂ℓ/∂a``. For ``"log"``:
    ``g_t = s_t`` off the label and ``-q_t (1 - p)`` on it (``q`` = attention
    renormalized on the label; the stable form takes ``1 - p`` as the off-label mass);
    the naive form ``s_t - s_t 1[label]/p``. For the tied head: ``g_t = s_t (h_t - Σ_τ
    s_τ h_τ)``, ``h_t = x_tᵀ Eᵀ ∂ℓ/∂z``."""
    choice("loss", loss, LOSSES)
    s = attention(W, batch)
    on = (batch.label & batch.mask).to(s.dtype)
    if loss == "log":
        p = (s * on).sum(-1, keepdim=True)
        if stable:
            q = s * on / p.clamp_min(1e-300)
            g = s * (1.0 - on) - q * (s * (1.0 - on)).sum(-1, keepdim=True)
        else:
            g = s - s * on / torch.where(p > 0, p, torch.ones_like(p))
    else:
        f = torch.einsum("bnt,bntd->bnd", s, batch.Xe)
        z = torch.einsum("bnd,bkd->bnk", f, batch.E)
        pi = torch.softmax(z, -1)
        onehot = torch.nn.functional.one_hot(batch.y, z.shape[-1]).to(s.dtype)
        if loss == "ce":
            dz = pi - onehot
        else:
            py = (pi * onehot).sum(-1, keepdim=True)
            dz = -2.0 * (1.0 - py) * py * (onehot - pi)
        u = torch.einsum("bnk,bkd->bnd", dz, batch.E)
        h = torch.einsum("bntd,bnd->bnt", batch.Xe, u)
        g = s * (h - (s * h).sum(-1, keepdim=True))
    g = g * batch.weight[..., None]
    G = torch.einsum("bnt,bntd,bne->bde", g, batch.Xe, batch.xbar)
    return G / batch.weight.sum(-1).clamp_min(1.0)[:, None, None]


def default_init(B: int, d: int, seed: int, device="cpu") -> torch.Tensor:
    """``B`` matrices [B, d, d] with entries ``U(-1/√d, 1/√d)`` (torch's ``nn.Linear(d,
    d)`` rule), drawn on the CPU from ``seed`` so the draw does not depend on the
    device."""
    g = torch.Generator().manual_seed(int(seed))
    W = (2 * torch.rand(B, d, d, generator=g, dtype=torch.float64) - 1) / math.sqrt(d)
    return W.to(resolve_device(device))


def normalized_gd(
    W0: torch.Tensor,
    batch: Batch,
    loss: str = "log",
    lr: float = 0.01,
    iters: int = 100,
    record_every: int = 10,
    stable: bool = True,
) -> tuple[torch.Tensor, np.ndarray, np.ndarray]:
    """Full-batch normalized GD ``W <- W - lr ∇L/‖∇L‖_F`` on every trial at once
    (closed-form gradient; a zero gradient leaves ``W`` unchanged).

    Returns the final ``W`` [B, d, d], the recorded steps [R] (``0, r, 2r, ..., iters``)
    and the history [B, R, d, d] (numpy) of ``W`` after that many steps."""
    _check_W(W0, batch)
    iters, record_every = (
        positive_int("iters", iters),
        positive_int("record_every", record_every),
    )
    lr = positive_float("lr", lr)
    W = W0.clone()
    steps = list(range(0, iters + 1, record_every))
    if steps[-1] != iters:
        steps.append(iters)
    hist = np.empty((W.shape[0], len(steps), W.shape[1], W.shape[2]))
    j = 0
    for it in range(iters + 1):
        if it == steps[j]:
            hist[:, j] = W.detach().cpu().numpy()
            j += 1
        if it == iters:
            break
        G = loss_grad(W, batch, loss, stable)
        nrm = torch.linalg.matrix_norm(G)[:, None, None]
        W = W - lr * torch.where(
            nrm > 0, G / nrm.clamp_min(1e-300), torch.zeros_like(G)
        )
    return W, np.array(steps), hist


def to_shared_model(W: np.ndarray, E: np.ndarray, head: str = "identity", device="cpu"):
    """The trained matrix as :class:`shared.attention.model.OneLayerAttention` (float64,
    no score scaling, fixed embedding ``E``, value = identity). ``head="identity"`` uses
    ``C = (E Eᵀ)⁻¹ E`` (outputs = attention mass per token), ``"tied"`` uses ``C = E``
    (logits). The model writes scores as ``x_queryᵀ W_model x_key``, so ``W_model =
    Wᵀ``."""
    choice("head", head, ("identity", "tied"))
    Et = torch.tensor(E, dtype=torch.float64)
    h = (
        torch.tensor(identity_head(E), dtype=torch.float64)
        if head == "identity"
        else "tied"
    )
    model = make_model(
        vocab_size=E.shape[0],
        d_model=E.shape[1],
        embedding=Et,
        attention="softmax",
        score_scale=1.0,
        qk="merged",
        ov="identity",
        head=h,
        causal=True,
        dtype=torch.float64,
        device=device,
    )
    with torch.no_grad():
        model.W.copy_(torch.tensor(np.asarray(W).T, dtype=torch.float64))
    return model


def second_differences(
    datasets: list[NTPData],
    loss: str,
    n_pairs: int,
    rng: np.random.Generator,
    h: float = 0.1,
    scale: float = 3.0,
) -> np.ndarray:
    """Second differences ``L(W + hV) - 2 L(W) + L(W - hV)`` [n_pairs, B] of each
    trial's loss along random unit directions ``V`` at random points ``W`` (entries
    ``N(0, scale²/d)``); a convex loss gives values >= 0 up to rounding."""
    choice("loss", loss, LOSSES)
    if not (h > 0 and scale > 0):
        raise ValueError(f"h and scale must be positive, got {h}, {scale}")
    batch = make_batch(datasets)
    B, d = len(datasets), datasets[0].d
    out = np.empty((positive_int("n_pairs", n_pairs), B))
    for j in range(n_pairs):
        W = torch.tensor(rng.standard_normal((B, d, d)) * scale / math.sqrt(d))
        V = torch.tensor(rng.standard_normal((B, d, d)))
        V = V / torch.linalg.matrix_norm(V)[:, None, None]
        f = [loss_value(W + c * h * V, batch, loss) for c in (1.0, 0.0, -1.0)]
        out[j] = (f[0] - 2 * f[1] + f[2]).numpy()
    return out
