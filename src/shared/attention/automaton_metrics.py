"""Metrics of the attn-automaton chapter on trained matrices (numpy, float64).

:func:`fit_R` (the scale of the Graph-SVM part), :func:`attention_np` (one trial's
attention), :func:`scc_mass` (attention mass on one SCC) and the automaton itself,
:func:`automaton_attention`: retrieve the highest-priority SCC in a window (hard
retrieval), then weight its positions by ``exp(x_tᵀ W_fin x̄)`` (soft composition).
"""

from __future__ import annotations

import numpy as np

from shared.repro.validate import choice

from .automaton_graphs import _check_tokens
from .automaton_graphs import reachability


def fit_R(W: np.ndarray, W_fin: np.ndarray, W_svm: np.ndarray) -> np.ndarray:
    """Least-squares ``R = ⟨W - W_fin, W_svm⟩ / ‖W_svm‖²`` over the last two axes."""
    den = (W_svm * W_svm).sum(axis=(-2, -1))
    return ((W - W_fin) * W_svm).sum(axis=(-2, -1)) / np.where(den > 0, den, np.nan)


def attention_np(
    W: np.ndarray, E: np.ndarray, X: np.ndarray, mask: np.ndarray | None = None
) -> np.ndarray:
    """Attention [..., n, T] of one trial for ``W`` [..., d, d] (numpy, float64)."""
    Xe = E[X]  # n, T, d
    a = np.einsum("ntd,...de,ne->...nt", Xe, W, Xe[:, -1])
    if mask is not None:
        a = np.where(mask, a, -np.inf)
    m = a.max(axis=-1, keepdims=True)
    e = np.exp(a - np.where(np.isfinite(m), m, 0.0))
    z = e.sum(axis=-1, keepdims=True)
    return e / np.where(z > 0, z, 1.0)  # windows with an empty mask get all-zero rows


def scc_mass(
    s: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    scc: np.ndarray,
    which: str = "largest",
    complement: bool = False,
) -> np.ndarray:
    """Mean over windows of the attention mass on one SCC, [...]: ``"largest"`` (the SCC
    of ``G^(x̄)`` that receives most mass, as in the official code) or ``"label"`` (the
    label's SCC, the highest-priority one). ``s`` is attention [..., n, T].
    ``complement=True`` returns the mass on all *other* positions instead, summed
    directly so that it stays accurate (and non-zero) when the SCC mass rounds to 1."""
    choice("which", which, ("largest", "label"))
    X, y = _check_tokens(X, y, np.asarray(scc).shape[-1])
    s = np.asarray(s, dtype=np.float64)
    if s.shape[-2:] != X.shape:
        raise ValueError(
            f"attention s must be [..., n, T] = [..., {X.shape[0]}, {X.shape[1]}], "
            f"got {s.shape}"
        )
    k = X[:, -1]
    ids = scc[k[:, None], X]  # n, T
    if which == "label":
        inside = np.broadcast_to(ids == scc[k, y][:, None], s.shape)
    else:
        same = ids[:, :, None] == ids[:, None, :]  # n, T, T
        per = np.einsum("...nt,ntu->...nu", s, same)  # mass of the SCC of position u
        u = per.argmax(-1)  # [..., n]
        inside = ids[np.arange(ids.shape[0]), u][..., None] == ids  # [..., n, T]
    part = np.where(inside, 0.0, s) if complement else np.where(inside, s, 0.0)
    return part.sum(-1).mean(-1)


def automaton_attention(
    E: np.ndarray, X: np.ndarray, adj: np.ndarray, scc: np.ndarray, W_fin: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The automaton's attention [n, T]: hard retrieval of the highest-priority SCCs
    present in each window (those not reachable from another SCC present), then soft
    composition ``∝ exp(x_tᵀ W_fin x̄)`` over their positions. Also returns the
    retrieval mask [n, T]."""
    E = np.asarray(E, dtype=np.float64)
    X, _ = _check_tokens(X, None, E.shape[0])
    if np.shape(W_fin) != (E.shape[1], E.shape[1]):
        raise ValueError(
            f"W_fin must be [d, d] = ({E.shape[1]}, {E.shape[1]}), got "
            f"{np.shape(W_fin)}"
        )
    reach = reachability(adj)
    k = X[:, -1]
    ids = scc[k[:, None], X]
    n, T = X.shape
    top = np.zeros((n, T), dtype=bool)
    for i in range(n):
        for t in range(T):
            top[i, t] = not any(
                ids[i, u] != ids[i, t] and reach[k[i], X[i, u], X[i, t]]
                for u in range(T)
            )
    return attention_np(np.asarray(W_fin), E, X, top), top
