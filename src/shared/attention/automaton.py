"""Next-token prediction with one self-attention layer as an automaton (arXiv:2403.08081).

Setting (one *trial*; shapes in brackets, all maths in float64):

* vocabulary ``[K]`` with fixed embeddings ``E`` [K, d] (random unit rows, ``K <= d``);
* ``n`` training windows ``X`` [n, T] of distinct token ids; the last token ``x̄_i = X[i, -1]``
  is the query and is part of its own window; labels ``y`` [n] always occur in their window;
* one trained matrix ``W`` [d, d] (the merged key-query ``W = K Qᵀ``), value = identity:
  scores ``a_{i,t} = x_{i,t}ᵀ W x̄_i`` (no scaling), attention ``s_i = softmax_t(a_i)`` and output
  ``f_i = Σ_t s_{i,t} x_{i,t}`` [d];
* heads: ``"log"`` (identity head ``C Eᵀ = I``, so the label's output is the label mass
  ``p_i = Σ_{t: x_t = y_i} s_t`` and the loss is ``-log p_i``), ``"ce"`` (tied head ``C = E``,
  logits ``E f`` [K], cross-entropy) and ``"sq"`` (tied head, ``(1 - softmax(E f)_y)²``).

Convention: this module writes scores as ``x_tᵀ W x̄`` (key on the left). The shared model
:class:`shared.attention.model.OneLayerAttention` writes ``x_queryᵀ W_model x_key``, so
``W_model = Wᵀ`` (see :func:`to_shared_model`).

Analysis objects:

* token-priority graphs (TPGs) ``adj`` [K, K, K] bool: ``adj[k, a, b]`` is an edge ``a -> b`` in
  ``G^(k)``, one for each window with last token ``k``, label ``a`` and other token ``b``;
  ``scc`` [K, K] int: ``scc[k, v]`` is the strongly connected component of token ``v`` in ``G^(k)``;
* the Graph-SVM ``W_svm = argmin ‖W‖_F`` s.t. ``(x_a - x_b)ᵀ W x_k = 0`` when ``a, b`` share an
  SCC of ``G^(k)`` and ``>= 1`` otherwise, over the observed edges (:func:`graph_svm`);
* the cyclic subspace ``S_fin`` spanned by ``(x_a - x_b) x_kᵀ`` over same-SCC edges, and the
  finite component ``W_fin`` trained on the reduced data set (:func:`cyclic_subspace`,
  :func:`reduced_mask`, :func:`run_global`);
* the automaton: retrieve the highest-priority SCC in a window (hard retrieval), then weight its
  positions by ``exp(x_tᵀ W_fin x̄)`` (soft composition) (:func:`automaton_attention`).

Parts of the theory are reconstructed from the paper's official code and abstract (the paper
body could not be read); the chapter labels them as such.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg
import scipy.optimize
import torch
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

from .model import make_model, resolve_device
from .linalg import cosine  # noqa: F401 - part of this module's API

KINDS = ("acyclic", "cyclic", "any")
LOSSES = ("log", "ce", "sq")
SVM_METHODS = ("dual", "slsqp", "cvxpy")

#: Run settings. Settings tuples are ``(n, T, K, d)``.
PROFILES = {
    "quick": {
        "acyclic": (4, 6, 8, 8),
        "cyclic": (6, 4, 6, 8),
        "big_cyclic": (10, 6, 8, 8),
        "acyclic_lr": (6, 4, 6, 8),
        "local": (4, 6, 8, 8),
        "n_trials": 10,
        "iters": 4000,
        "lr": 0.01,
        "record_every": 20,
        "big_trials": 10,
        "lr_big": 0.1,
        "iters_big_lr": 2000,
        "local_trials": 8,
        "local_iters": 2000,
        "local_lr": 0.1,
        "local_losses": ("ce",),
        "filter_threshold": 0.95,
        "reg_radii": (1.0, 4.0, 16.0, 64.0),
        "reg_trials": 3,
        "reg_iters": 400,
        "convexity_pairs": 200,
        "n_seeds": 3,
    },
    "full": {
        "acyclic": (4, 6, 8, 8),
        "cyclic": (6, 4, 6, 8),
        "big_cyclic": (10, 6, 8, 8),
        "acyclic_lr": (6, 4, 6, 8),
        "local": (4, 6, 8, 8),
        "n_trials": 100,
        "iters": 20000,
        "lr": 0.01,
        "record_every": 50,
        "big_trials": 50,
        "lr_big": 0.1,
        "iters_big_lr": 2000,
        "local_trials": 50,
        "local_iters": 2000,
        "local_lr": 0.1,
        "local_losses": ("ce", "sq"),
        "filter_threshold": 0.95,
        "reg_radii": (1.0, 4.0, 16.0, 64.0),
        "reg_trials": 10,
        "reg_iters": 2000,
        "convexity_pairs": 1000,
        "n_seeds": 3,
    },
}


# --------------------------------------------------------------------------------------------
# validation helpers


def _choice(name: str, value, allowed: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name}={value!r} is not allowed; choose one of {list(allowed)}")


def _pos_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}={value!r}: must be a positive integer")
    return int(value)


def _check_tokens(X: np.ndarray, y: np.ndarray | None, K: int) -> tuple[np.ndarray, np.ndarray | None]:
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must be a non-empty integer array [n, T], got shape {X.shape}")
    if not np.issubdtype(X.dtype, np.integer):
        raise ValueError("X must hold integer token ids")
    if X.min() < 0 or X.max() >= K:
        raise ValueError(f"token ids must lie in 0..K-1 = 0..{K - 1}")
    if y is not None:
        y = np.asarray(y)
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape [n] = ({X.shape[0]},), got {y.shape}")
        if not np.all((X == y[:, None]).any(axis=1)):
            raise ValueError("every label y_i must occur in its window X_i (realizable labels)")
    return X, y


# --------------------------------------------------------------------------------------------
# data


@dataclass
class NTPData:
    """One trial's data set: ``E`` [K, d] unit rows, ``X`` [n, T] int, ``y`` [n] int, the TPGs
    ``adj`` [K, K, K] bool and their SCC labels ``scc`` [K, K] int."""

    E: np.ndarray
    X: np.ndarray
    y: np.ndarray
    adj: np.ndarray
    scc: np.ndarray

    @property
    def K(self) -> int:
        return self.E.shape[0]

    @property
    def d(self) -> int:
        return self.E.shape[1]


def random_embeddings(K: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """``K`` iid ``N(0, I_d)`` rows scaled to unit norm, [K, d]."""
    _pos_int("K (vocabulary size)", K)
    _pos_int("d", d)
    E = rng.standard_normal((K, d))
    return E / np.linalg.norm(E, axis=1, keepdims=True)


def ntp_dataset(n: int, T: int, K: int, d: int, kind: str, rng: np.random.Generator,
                max_tries: int = 10_000) -> NTPData:
    """Draw ``(E, X, y)`` until the TPGs are ``kind`` ("acyclic": every SCC a single token;
    "cyclic": some SCC with >= 2 tokens; "any").

    Windows hold ``T`` distinct tokens drawn uniformly from ``[K]``; ``y_i ~ U[K]`` is replaced by
    a uniform token of the window when absent. Raises ``RuntimeError`` after ``max_tries`` draws.
    """
    n, T, K, d = (_pos_int(a, b) for a, b in (("n", n), ("T", T), ("K (vocabulary size)", K), ("d", d)))
    _choice("kind", kind, KINDS)
    if T > K:
        raise ValueError(f"T={T} distinct tokens per window need T <= K={K}")
    if K > d:
        raise ValueError(f"K={K} > d={d}: the Graph-SVM needs K <= d (linearly independent embeddings)")
    for _ in range(_pos_int("max_tries", max_tries)):
        E = random_embeddings(K, d, rng)
        X = np.stack([rng.permutation(K)[:T] for _ in range(n)])
        y = rng.integers(0, K, size=n)
        for i in range(n):
            if y[i] not in X[i]:
                y[i] = X[i, rng.integers(0, T)]
        adj = token_priority_graphs(edges_from_data(X, y), K)
        scc = scc_labels(adj)
        cyc = is_cyclic(scc)
        if kind == "any" or (kind == "cyclic") == cyc:
            return NTPData(E=E, X=X, y=y, adj=adj, scc=scc)
    raise RuntimeError(f"no {kind} draw in {max_tries} tries for (n, T, K) = ({n}, {T}, {K})")


# --------------------------------------------------------------------------------------------
# token-priority graphs


def edges_from_data(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Unique TPG edges ``(src, dst, k)`` [m, 3]: label ``y_i -> j`` for every other token ``j``
    of window ``i``, in the graph of its last token ``k = X[i, -1]``."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be [n, T] and y [n]; got shapes {X.shape} and {y.shape}")
    rows = [(int(y[i]), int(j), int(X[i, -1])) for i in range(X.shape[0]) for j in X[i] if j != y[i]]
    if not rows:
        return np.zeros((0, 3), dtype=np.int64)
    return np.unique(np.array(rows, dtype=np.int64), axis=0)


def token_priority_graphs(edges: np.ndarray, K: int) -> np.ndarray:
    """Adjacency ``adj`` [K, K, K] bool with ``adj[k, src, dst]`` for each edge row ``(src, dst, k)``."""
    K = _pos_int("K (vocabulary size)", K)
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 3)
    if edges.size and (edges.min() < 0 or edges.max() >= K):
        raise ValueError(f"edge entries must lie in 0..K-1 = 0..{K - 1}")
    adj = np.zeros((K, K, K), dtype=bool)
    adj[edges[:, 2], edges[:, 0], edges[:, 1]] = True
    return adj


def scc_labels(adj: np.ndarray) -> np.ndarray:
    """SCC label of every token in every graph, [K, K] int (``scc[k, v]``), by
    ``scipy.sparse.csgraph.connected_components(connection="strong")``."""
    adj = np.asarray(adj, dtype=bool)
    if adj.ndim != 3 or adj.shape[1] != adj.shape[2] or adj.shape[0] < 1:
        raise ValueError(f"adj must be [G, K, K] with K >= 1, got shape {adj.shape}")
    out = np.empty(adj.shape[:2], dtype=np.int64)
    for k in range(adj.shape[0]):
        _, out[k] = connected_components(csr_matrix(adj[k]), directed=True, connection="strong")
    return out


def is_cyclic(scc: np.ndarray) -> bool:
    """True when some SCC of some graph has two or more tokens."""
    scc = np.asarray(scc)
    return any(len(np.unique(row)) < row.size for row in scc)


def reachability(adj: np.ndarray) -> np.ndarray:
    """``reach[k, a, b]`` [K, K, K] bool: ``b`` is reachable from ``a`` in ``G^(k)`` (``a ⇒ a``)."""
    adj = np.asarray(adj, dtype=bool)
    if adj.ndim != 3 or adj.shape[1] != adj.shape[2]:
        raise ValueError(f"adj must be [G, K, K], got shape {adj.shape}")
    return np.stack([np.isfinite(shortest_path(csr_matrix(a.astype(float)), unweighted=True)) for a in adj])


# --------------------------------------------------------------------------------------------
# Graph-SVM


def svm_constraints(E: np.ndarray, edges: np.ndarray, scc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Constraint rows ``vec((x_src - x_dst) x_kᵀ)`` [., d²] (row-major ``vec``): equalities
    ``A_eq`` for same-SCC edges, inequalities ``G`` (``G w >= 1``) for the others."""
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[0] < 1:
        raise ValueError(f"E must be [K, d] with K >= 1, got shape {E.shape}")
    K, d = E.shape
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 3)
    scc = np.asarray(scc)
    if scc.shape != (K, K):
        raise ValueError(f"scc has shape {scc.shape}; expected [K, K] = ({K}, {K}) to match E")
    if edges.size and (edges.min() < 0 or edges.max() >= K):
        raise ValueError(f"edge entries must lie in 0..K-1 = 0..{K - 1}")
    src, dst, k = edges.T
    rows = np.einsum("md,me->mde", E[src] - E[dst], E[k]).reshape(-1, d * d)
    same = scc[k, src] == scc[k, dst]
    return rows[same], rows[~same]


@dataclass
class SVMResult:
    """Graph-SVM solution ``W`` [d, d] with its KKT report.

    ``margins`` [m] = ``G w``; ``lam`` [m] the inequality multipliers (``None`` for SLSQP /
    cvxpy); ``eq_residual`` = max |A_eq w|; ``complementarity`` = max |λ_i (margin_i - 1)|;
    ``stationarity`` = ‖z - Mᵀλ‖ in the null-space coordinates; ``n_active`` = #margins within
    1e-6 of 1."""

    W: np.ndarray
    method: str
    margins: np.ndarray
    lam: np.ndarray | None
    eq_residual: float
    complementarity: float
    stationarity: float
    n_eq: int
    n_ineq: int

    @property
    def min_margin(self) -> float:
        return float(self.margins.min()) if self.margins.size else math.inf

    @property
    def n_active(self) -> int:
        return int(np.sum(np.abs(self.margins - 1.0) <= 1e-6))


def _null_basis(A: np.ndarray, dim: int) -> np.ndarray:
    if A.shape[0] == 0:
        return np.eye(dim)
    return scipy.linalg.null_space(A, rcond=1e-10)


def graph_svm(E: np.ndarray, edges: np.ndarray, scc: np.ndarray, method: str = "dual") -> SVMResult:
    """Solve the Graph-SVM for the given TPG edges (see the module docstring).

    ``method="dual"``: ``w = N z`` with ``N`` an orthonormal basis of ``null(A_eq)``; the dual
    ``min_{λ>=0} ½‖Mᵀλ‖² - 1ᵀλ`` (``M = G N``) by L-BFGS-B, then an active-set polish (minimum-norm
    ``z`` with ``M_A z = 1`` on the active rows and non-negative multipliers by NNLS).
    ``"slsqp"``: the primal by SLSQP. ``"cvxpy"``: the primal by cvxpy/CLARABEL (optional
    dependency). Raises ``RuntimeError`` when the result violates a constraint by > 1e-6.
    """
    _choice("method", method, SVM_METHODS)
    A, G = svm_constraints(E, edges, scc)
    d = E.shape[1]
    D = d * d
    lam = None
    if G.shape[0] == 0:
        w = np.zeros(D)
    elif method == "dual":
        N = _null_basis(A, D)
        M = G @ N
        Q = M @ M.T
        m = M.shape[0]

        def f(l):
            return 0.5 * l @ Q @ l - l.sum(), Q @ l - 1.0

        res = scipy.optimize.minimize(f, np.zeros(m), jac=True, method="L-BFGS-B", bounds=[(0, None)] * m,
                                      options={"ftol": 1e-16, "gtol": 1e-13, "maxiter": 20_000, "maxcor": 50})
        lam = res.x
        z = M.T @ lam
        # active-set polish: minimum-norm z with M_A z = 1 exactly, multipliers by NNLS
        act = (lam > 1e-9 * max(1.0, lam.max())) | (M @ z <= 1.0 + 1e-7)
        if act.any():
            z2 = np.linalg.lstsq(M[act], np.ones(act.sum()), rcond=None)[0]
            if np.all(M @ z2 >= 1.0 - 1e-10) and np.allclose(M[act] @ z2, 1.0, atol=1e-10):
                la, _ = scipy.optimize.nnls(M[act].T, z2)
                if np.linalg.norm(M[act].T @ la - z2) <= 1e-8 * max(1.0, np.linalg.norm(z2)):
                    z, lam = z2, np.zeros(m)
                    lam[act] = la
        w = N @ z
    elif method == "slsqp":
        # primal in null(A_eq) coordinates w = N z (SLSQP struggles with rank-deficient equalities)
        N = _null_basis(A, D)
        M = G @ N
        cons = [{"type": "ineq", "fun": lambda z: M @ z - 1.0, "jac": lambda z: M}]
        z0 = np.linalg.lstsq(M, np.full(M.shape[0], 2.0), rcond=None)[0]
        res = scipy.optimize.minimize(lambda z: (0.5 * z @ z, z), z0, jac=True, method="SLSQP", constraints=cons,
                                      options={"ftol": 1e-15, "maxiter": 1000})
        w = N @ res.x
    else:
        try:
            import cvxpy as cp
        except ImportError as exc:  # pragma: no cover - optional
            raise ImportError("method='cvxpy' needs the optional package cvxpy") from exc
        wv = cp.Variable(D)
        cons = [G @ wv >= 1]
        if A.shape[0]:
            cons.append(A @ wv == 0)
        prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(wv)), cons)
        try:
            prob.solve(solver="CLARABEL")
        except Exception:  # pragma: no cover - solver availability
            prob.solve()
        w = np.asarray(wv.value, dtype=np.float64)
    margins = G @ w
    eq_res = float(np.abs(A @ w).max()) if A.shape[0] else 0.0
    if margins.size and margins.min() < 1.0 - 1e-6 or eq_res > 1e-6:
        raise RuntimeError(f"Graph-SVM ({method}) infeasible or inaccurate: min margin {margins.min():.3g}, "
                           f"max |A_eq w| {eq_res:.3g}")
    if lam is not None and G.shape[0]:
        N = _null_basis(A, D)
        M = G @ N
        z = N.T @ w
        compl = float(np.abs(lam * (M @ z - 1.0)).max())
        stat = float(np.linalg.norm(z - M.T @ lam))
    else:
        compl = stat = float("nan") if G.shape[0] else 0.0
        if not G.shape[0]:
            lam = np.zeros(0)
    return SVMResult(W=w.reshape(d, d), method=method, margins=margins, lam=lam, eq_residual=eq_res,
                     complementarity=compl, stationarity=stat, n_eq=A.shape[0], n_ineq=G.shape[0])


def cyclic_subspace(E: np.ndarray, edges: np.ndarray, scc: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Orthonormal basis [p, d²] (rows, row-major ``vec``) of ``S_fin`` = span of the same-SCC
    constraint matrices; ``p = 0`` for acyclic graphs."""
    A, _ = svm_constraints(E, edges, scc)
    D = E.shape[1] ** 2
    if A.shape[0] == 0:
        return np.zeros((0, D))
    _, s, Vt = np.linalg.svd(A, full_matrices=False)
    return Vt[s > tol * max(1.0, s[0])]


def project(W: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Orthogonal projection of ``W`` [..., d, d] onto the span of ``basis`` [p, d²]."""
    W = np.asarray(W, dtype=np.float64)
    d = W.shape[-1]
    if W.shape[-2] != d or basis.ndim != 2 or basis.shape[1] != d * d:
        raise ValueError(f"W must be [..., d, d] and basis [p, d²]; got {W.shape} and {basis.shape}")
    v = W.reshape(*W.shape[:-2], d * d)
    return ((v @ basis.T) @ basis).reshape(W.shape)


def reduced_mask(X: np.ndarray, y: np.ndarray, scc: np.ndarray) -> np.ndarray:
    """Positions of the reduced data set, [n, T] bool: the tokens in the label's SCC of
    ``G^(x̄)``, for the windows where that SCC holds another token of the window (else all False)."""
    scc = np.asarray(scc)
    X, y = _check_tokens(X, y, scc.shape[-1])
    k = X[:, -1]
    pos_scc = scc[k[:, None], X]
    lab_scc = scc[k, y]
    mask = pos_scc == lab_scc[:, None]
    keep = mask.sum(axis=1) >= 2
    return mask & keep[:, None]


def identity_head(E: np.ndarray) -> np.ndarray:
    """``C = (E Eᵀ)⁻¹ E`` [K, d], so that ``C Eᵀ = I_K`` and ``C f`` is the attention mass by token."""
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[0] > E.shape[1]:
        raise ValueError(f"E must be [K, d] with K <= d, got shape {E.shape}")
    return np.linalg.solve(E @ E.T, E)


# --------------------------------------------------------------------------------------------
# batched losses and gradients (trials on a leading axis)


@dataclass
class Batch:
    """Trials stacked on a leading axis: ``Xe`` [B, n, T, d] window embeddings, ``xbar`` [B, n, d],
    ``E`` [B, K, d], ``tok`` [B, n, T] ids, ``y`` [B, n], ``label`` [B, n, T] bool (position holds
    the label), ``mask`` [B, n, T] bool (positions that take part in the softmax) and ``weight``
    [B, n] (1 for windows that count, 0 otherwise)."""

    Xe: torch.Tensor
    xbar: torch.Tensor
    E: torch.Tensor
    tok: torch.Tensor
    y: torch.Tensor
    label: torch.Tensor
    mask: torch.Tensor
    weight: torch.Tensor


def make_batch(datasets: list[NTPData], masks: list[np.ndarray] | None = None, device="cpu") -> Batch:
    """Stack trials of equal ``(n, T, K, d)``; ``masks`` (e.g. :func:`reduced_mask`) restrict the
    softmax, and windows whose mask is empty get weight 0."""
    if not datasets:
        raise ValueError("datasets is empty; pass at least one NTPData")
    shapes = {(ds.X.shape, ds.E.shape) for ds in datasets}
    if len(shapes) != 1:
        raise ValueError(f"all trials must share (n, T) and (K, d); got {sorted(shapes)}")
    if masks is not None and len(masks) != len(datasets):
        raise ValueError(f"got {len(masks)} masks for {len(datasets)} datasets")
    dev = resolve_device(device)
    E = torch.tensor(np.stack([ds.E for ds in datasets]), dtype=torch.float64, device=dev)
    tok = torch.tensor(np.stack([ds.X for ds in datasets]), dtype=torch.int64, device=dev)
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
            raise ValueError("a non-empty mask must include the label position of its window")
    weight = mask.any(-1).to(torch.float64)
    return Batch(Xe=Xe, xbar=xbar, E=E, tok=tok, y=y, label=label, mask=mask, weight=weight)


def _check_W(W: torch.Tensor, batch: Batch) -> None:
    B, _, _, d = batch.Xe.shape
    if not isinstance(W, torch.Tensor) or W.shape != (B, d, d):
        raise ValueError(f"W must be a tensor [B, d, d] = ({B}, {d}, {d}), got "
                         f"{tuple(W.shape) if isinstance(W, torch.Tensor) else type(W).__name__}")


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


def _wmean(l: torch.Tensor, batch: Batch) -> torch.Tensor:
    return (l * batch.weight).sum(-1) / batch.weight.sum(-1).clamp_min(1.0)


def loss_value(W: torch.Tensor, batch: Batch, loss: str = "log", stable: bool = True) -> torch.Tensor:
    """Per-trial mean loss [B] (differentiable by autograd).

    ``"log"``: ``-log p`` (``stable``: ``softplus(LSE_off a - LSE_label a)``, exact also when ``p``
    rounds to 1); ``"ce"``/``"sq"``: tied head ``C = E`` with cross-entropy / squared loss."""
    _choice("loss", loss, LOSSES)
    a = scores(W, batch)
    on = batch.label & batch.mask
    off = ~batch.label & batch.mask
    if loss == "log":
        if stable:
            lse_on = torch.logsumexp(a.masked_fill(~on, float("-inf")), -1)
            lse_off = torch.logsumexp(a.masked_fill(~off, float("-inf")), -1)
            l = torch.nn.functional.softplus(lse_off - lse_on)
        else:
            s = torch.nan_to_num(torch.softmax(a, -1), nan=0.0)
            p = (s * on).sum(-1)
            l = -torch.log(torch.where(batch.weight > 0, p, torch.ones_like(p)))
        l = torch.where(batch.weight > 0, l, torch.zeros_like(l))
        return _wmean(l, batch)
    s = torch.nan_to_num(torch.softmax(a, -1), nan=0.0)
    f = torch.einsum("bnt,bntd->bnd", s, batch.Xe)
    z = torch.einsum("bnd,bkd->bnk", f, batch.E)
    logp = torch.log_softmax(z, -1).gather(-1, batch.y[..., None])[..., 0]
    l = -logp if loss == "ce" else (1.0 - logp.exp()) ** 2
    return _wmean(l, batch)


def loss_grad(W: torch.Tensor, batch: Batch, loss: str = "log", stable: bool = True) -> torch.Tensor:
    """Closed-form gradient of :func:`loss_value` with respect to ``W``, [B, d, d].

    ``∇L = (1/n) Σ_{i,t} g_{i,t} x_{i,t} x̄_iᵀ`` with ``g = ∂ℓ/∂a``. For ``"log"``: ``g_t = s_t``
    off the label and ``-q_t (1 - p)`` on it (``q`` = attention renormalized on the label; the
    stable form takes ``1 - p`` as the off-label mass); the naive form ``s_t - s_t 1[label]/p``.
    For the tied head: ``g_t = s_t (h_t - Σ_τ s_τ h_τ)``, ``h_t = x_tᵀ Eᵀ ∂ℓ/∂z``."""
    _choice("loss", loss, LOSSES)
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
    """``B`` matrices [B, d, d] with entries ``U(-1/√d, 1/√d)`` (torch's ``nn.Linear(d, d)`` rule),
    drawn on the CPU from ``seed`` so the draw does not depend on the device."""
    g = torch.Generator().manual_seed(int(seed))
    W = (2 * torch.rand(B, d, d, generator=g, dtype=torch.float64) - 1) / math.sqrt(d)
    return W.to(resolve_device(device))


def normalized_gd(W0: torch.Tensor, batch: Batch, loss: str = "log", lr: float = 0.01, iters: int = 100,
                  record_every: int = 10, stable: bool = True) -> tuple[torch.Tensor, np.ndarray, np.ndarray]:
    """Full-batch normalized GD ``W <- W - lr ∇L/‖∇L‖_F`` on every trial at once (closed-form
    gradient; a zero gradient leaves ``W`` unchanged).

    Returns the final ``W`` [B, d, d], the recorded steps [R] (``0, r, 2r, ..., iters``) and the
    history [B, R, d, d] (numpy) of ``W`` after that many steps."""
    _check_W(W0, batch)
    iters, record_every = _pos_int("iters", iters), _pos_int("record_every", record_every)
    if not (isinstance(lr, (int, float)) and lr > 0):
        raise ValueError(f"lr={lr!r}: must be a positive number")
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
        W = W - lr * torch.where(nrm > 0, G / nrm.clamp_min(1e-300), torch.zeros_like(G))
    return W, np.array(steps), hist


# --------------------------------------------------------------------------------------------
# metrics


def fit_R(W: np.ndarray, W_fin: np.ndarray, W_svm: np.ndarray) -> np.ndarray:
    """Least-squares ``R = ⟨W - W_fin, W_svm⟩ / ‖W_svm‖²`` over the last two axes."""
    den = (W_svm * W_svm).sum(axis=(-2, -1))
    return ((W - W_fin) * W_svm).sum(axis=(-2, -1)) / np.where(den > 0, den, np.nan)


def attention_np(W: np.ndarray, E: np.ndarray, X: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Attention [..., n, T] of one trial for ``W`` [..., d, d] (numpy, float64)."""
    Xe = E[X]  # n, T, d
    a = np.einsum("ntd,...de,ne->...nt", Xe, W, Xe[:, -1])
    if mask is not None:
        a = np.where(mask, a, -np.inf)
    m = a.max(axis=-1, keepdims=True)
    e = np.exp(a - np.where(np.isfinite(m), m, 0.0))
    z = e.sum(axis=-1, keepdims=True)
    return e / np.where(z > 0, z, 1.0)  # windows with an empty mask get all-zero rows


def scc_mass(s: np.ndarray, X: np.ndarray, y: np.ndarray, scc: np.ndarray, which: str = "largest",
             complement: bool = False) -> np.ndarray:
    """Mean over windows of the attention mass on one SCC, [...]: ``"largest"`` (the SCC of
    ``G^(x̄)`` that receives most mass, as in the official code) or ``"label"`` (the label's SCC,
    the highest-priority one). ``s`` is attention [..., n, T]. ``complement=True`` returns the
    mass on all *other* positions instead, summed directly so that it stays accurate (and
    non-zero) when the SCC mass rounds to 1."""
    _choice("which", which, ("largest", "label"))
    X, y = _check_tokens(X, y, np.asarray(scc).shape[-1])
    s = np.asarray(s, dtype=np.float64)
    if s.shape[-2:] != X.shape:
        raise ValueError(f"attention s must be [..., n, T] = [..., {X.shape[0]}, {X.shape[1]}], got {s.shape}")
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


def automaton_attention(E: np.ndarray, X: np.ndarray, adj: np.ndarray, scc: np.ndarray,
                        W_fin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The automaton's attention [n, T]: hard retrieval of the highest-priority SCCs present in
    each window (those not reachable from another SCC present), then soft composition
    ``∝ exp(x_tᵀ W_fin x̄)`` over their positions. Also returns the retrieval mask [n, T]."""
    E = np.asarray(E, dtype=np.float64)
    X, _ = _check_tokens(X, None, E.shape[0])
    if np.shape(W_fin) != (E.shape[1], E.shape[1]):
        raise ValueError(f"W_fin must be [d, d] = ({E.shape[1]}, {E.shape[1]}), got {np.shape(W_fin)}")
    reach = reachability(adj)
    k = X[:, -1]
    ids = scc[k[:, None], X]
    n, T = X.shape
    top = np.zeros((n, T), dtype=bool)
    for i in range(n):
        for t in range(T):
            top[i, t] = not any(ids[i, u] != ids[i, t] and reach[k[i], X[i, u], X[i, t]] for u in range(T))
    return attention_np(np.asarray(W_fin), E, X, top), top


def to_shared_model(W: np.ndarray, E: np.ndarray, head: str = "identity", device="cpu"):
    """The trained matrix as :class:`shared.attention.model.OneLayerAttention` (float64, no score
    scaling, fixed embedding ``E``, value = identity). ``head="identity"`` uses ``C = (E Eᵀ)⁻¹ E``
    (outputs = attention mass per token), ``"tied"`` uses ``C = E`` (logits). The model writes
    scores as ``x_queryᵀ W_model x_key``, so ``W_model = Wᵀ``."""
    _choice("head", head, ("identity", "tied"))
    Et = torch.tensor(E, dtype=torch.float64)
    h = torch.tensor(identity_head(E), dtype=torch.float64) if head == "identity" else "tied"
    model = make_model(vocab_size=E.shape[0], d_model=E.shape[1], embedding=Et, attention="softmax",
                       score_scale=1.0, qk="merged", ov="identity", head=h, causal=True,
                       dtype=torch.float64, device=device)
    with torch.no_grad():
        model.W.copy_(torch.tensor(np.asarray(W).T, dtype=torch.float64))
    return model


# --------------------------------------------------------------------------------------------
# experiments


@dataclass
class GlobalRun:
    """Curves of one global experiment, trials x recorded steps ([B, R] unless noted).

    ``corr`` = cos(W, W_svm); ``corr_fin`` = cos(W, R W_svm + W_fin) with ``R`` the fitted
    scale (:func:`fit_R`, also stored); ``proj_corr`` =
    cos(W - Π_S W, W_svm); ``norm_diff`` = ‖Π_S W - W_fin‖_F; ``mass`` (largest-SCC mass),
    ``mass_label`` (label-SCC mass), ``rest`` / ``rest_label`` (the mass outside those SCCs, summed
    directly: ``1 - mass`` without cancellation); ``norm_W`` = ‖W‖_F; ``soft_diff`` [B] = max |renormalized
    trained attention - softmax(W_fin)| over label-SCC positions at the end (NaN without cycles);
    ``argmax_ok`` [B] (argmax attention is a label-SCC token in every window);
    ``label_argmax`` [B, R] = fraction of windows whose argmax attention is a label-SCC token;
    ``norm_PW`` [B, R] = ‖Π_S W‖_F (the part of ``W`` in the cyclic subspace; 0 without cycles);
    ``automaton_tv`` [B] = max over windows of the total-variation distance between the trained
    attention and the automaton's. Nulls (the same metrics with ``W_fin`` replaced by 0, i.e. a
    uniform split inside the retrieved SCC): ``soft_diff_uniform`` [B] and ``automaton_tv_uniform``
    [B]."""

    steps: np.ndarray
    corr: np.ndarray
    corr_fin: np.ndarray
    R: np.ndarray
    proj_corr: np.ndarray
    norm_diff: np.ndarray
    mass: np.ndarray
    mass_label: np.ndarray
    rest: np.ndarray
    rest_label: np.ndarray
    norm_W: np.ndarray
    soft_diff: np.ndarray
    argmax_ok: np.ndarray
    automaton_tv: np.ndarray
    label_argmax: np.ndarray
    norm_PW: np.ndarray
    soft_diff_uniform: np.ndarray
    automaton_tv_uniform: np.ndarray
    datasets: list = field(repr=False)
    svms: list = field(repr=False)
    W: np.ndarray = field(repr=False)
    W_fin: np.ndarray = field(repr=False)
    loss_final: np.ndarray = field(repr=False)


def draw_trials(setting: tuple[int, int, int, int], kind: str, n_trials: int,
                rng: np.random.Generator) -> list[NTPData]:
    """``n_trials`` independent data sets for ``setting = (n, T, K, d)``."""
    if len(setting) != 4:
        raise ValueError(f"setting must be (n, T, K, d), got {setting!r}")
    return [ntp_dataset(*setting, kind=kind, rng=rng) for _ in range(_pos_int("n_trials", n_trials))]


def run_global(datasets: list[NTPData], lr: float, iters: int, record_every: int, seed: int = 0,
               loss: str = "log", stable: bool = True, device="cpu", svm_method: str = "dual") -> GlobalRun:
    """Train ``W`` (from the default init) and, in lock-step, ``W_fin`` (from 0, on the reduced
    data set) by normalized GD on every trial; solve each trial's Graph-SVM and cyclic subspace;
    return the curves of :class:`GlobalRun`."""
    svms, bases, masks = [], [], []
    for ds in datasets:
        edges = edges_from_data(ds.X, ds.y)
        svms.append(graph_svm(ds.E, edges, ds.scc, method=svm_method))
        bases.append(cyclic_subspace(ds.E, edges, ds.scc))
        masks.append(reduced_mask(ds.X, ds.y, ds.scc))
    batch = make_batch(datasets, device=device)
    rbatch = make_batch(datasets, masks, device=device)
    B, d = len(datasets), datasets[0].d
    W0 = default_init(B, d, seed, device)
    Wt, steps, hist = normalized_gd(W0, batch, loss, lr, iters, record_every, stable)
    if any(m.any() for m in masks):
        _, _, hist_fin = normalized_gd(torch.zeros_like(W0), rbatch, loss, lr, iters, record_every, stable)
    else:  # acyclic: the reduced data set is empty and W_fin stays 0
        hist_fin = np.zeros_like(hist)
    loss_final = loss_value(Wt, batch, loss, stable).detach().cpu().numpy()
    return _global_metrics(datasets, svms, bases, masks, steps, hist, hist_fin, loss_final)


def _global_metrics(datasets, svms, bases, masks, steps, hist, hist_fin, loss_final) -> GlobalRun:
    B, R = hist.shape[:2]
    out = {k: np.full((B, R), np.nan) for k in ("corr", "corr_fin", "R", "proj_corr", "norm_diff", "mass", "mass_label", "rest",
                                              "rest_label", "norm_W", "label_argmax", "norm_PW")}
    soft_diff, argmax_ok, tv = np.full(B, np.nan), np.zeros(B, dtype=bool), np.full(B, np.nan)
    soft_u, tv_u = np.full(B, np.nan), np.full(B, np.nan)
    for b, (ds, svm, basis, mask) in enumerate(zip(datasets, svms, bases, masks)):
        W, Wf, Ws = hist[b], hist_fin[b], svm.W
        out["corr"][b] = cosine(W, Ws)
        R_ = out["R"][b] = fit_R(W, Wf, Ws)
        out["corr_fin"][b] = cosine(W, R_[:, None, None] * Ws + Wf)
        PW = project(W, basis)
        out["proj_corr"][b] = cosine(W - PW, Ws)
        out["norm_diff"][b] = np.linalg.norm(PW - Wf, axis=(-2, -1))
        out["norm_PW"][b] = np.linalg.norm(PW, axis=(-2, -1))
        s = attention_np(W, ds.E, ds.X)
        out["mass"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "largest")
        out["mass_label"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "label")
        out["rest"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "largest", complement=True)
        out["rest_label"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "label", complement=True)
        out["norm_W"][b] = np.linalg.norm(W, axis=(-2, -1))
        s_end = s[-1]
        k = ds.X[:, -1]
        in_lab = ds.scc[k[:, None], ds.X] == ds.scc[k, ds.y][:, None]
        out["label_argmax"][b] = in_lab[np.arange(len(k)), s.argmax(-1)].mean(-1)
        argmax_ok[b] = bool(np.all(in_lab[np.arange(len(k)), s_end.argmax(-1)]))
        if mask.any():
            rows = mask.any(-1)
            renorm = np.where(mask, s_end, 0.0)
            renorm = renorm / renorm.sum(-1, keepdims=True).clip(1e-300)
            soft = attention_np(Wf[-1], ds.E, ds.X, mask)
            soft_diff[b] = float(np.abs(renorm - np.nan_to_num(soft))[rows].max())
            uniform = attention_np(np.zeros_like(Wf[-1]), ds.E, ds.X, mask)
            soft_u[b] = float(np.abs(renorm - np.nan_to_num(uniform))[rows].max())
        auto, _ = automaton_attention(ds.E, ds.X, ds.adj, ds.scc, Wf[-1])
        tv[b] = float(0.5 * np.abs(auto - s_end).sum(-1).max())
        auto0, _ = automaton_attention(ds.E, ds.X, ds.adj, ds.scc, np.zeros_like(Wf[-1]))
        tv_u[b] = float(0.5 * np.abs(auto0 - s_end).sum(-1).max())
    return GlobalRun(steps=steps, soft_diff=soft_diff, argmax_ok=argmax_ok, automaton_tv=tv,
                     soft_diff_uniform=soft_u, automaton_tv_uniform=tv_u, datasets=datasets,
                     svms=svms, W=hist[:, -1], W_fin=hist_fin[:, -1], loss_final=loss_final, **out)


@dataclass
class LocalRun:
    """Curves of the local-convergence experiment (tied head), [B, R]: ``corr_global`` /
    ``corr_local`` = cos(W, W_svm) with the global / local Graph-SVM; ``norm_diff_global`` /
    ``norm_diff_local`` = ‖Π_S W - W_fin‖ with the global / local cyclic subspace and finite
    component. ``n_ambiguous`` [B] counts dropped ambiguous (window, token) pairs."""

    steps: np.ndarray
    corr_global: np.ndarray
    corr_local: np.ndarray
    norm_diff_global: np.ndarray
    norm_diff_local: np.ndarray
    n_ambiguous: np.ndarray
    n_selected: np.ndarray
    W: np.ndarray = field(repr=False)


def local_selection(s: np.ndarray, X: np.ndarray, select: float = 1e-2,
                    ambiguous_low: float = 9e-3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From final attention ``s`` [n, T] (distinct tokens, so mass by token = mass by position):
    selected positions (mass > ``select``), ambiguous ones (``ambiguous_low`` < mass <=
    ``select``), and the local TPG edges [m, 3]: each selected token -> every other
    non-ambiguous token of its window, in the graph of the window's last token."""
    if not 0 <= ambiguous_low <= select:
        raise ValueError(f"need 0 <= ambiguous_low <= select, got {ambiguous_low}, {select}")
    sel = s > select
    amb = (s > ambiguous_low) & ~sel
    rows = []
    for i in range(X.shape[0]):
        for t in np.flatnonzero(sel[i]):
            rows += [(int(X[i, t]), int(X[i, u]), int(X[i, -1])) for u in range(X.shape[1]) if u != t and not amb[i, u]]
    edges = np.unique(np.array(rows, dtype=np.int64), axis=0) if rows else np.zeros((0, 3), dtype=np.int64)
    return sel, amb, edges


def run_local(datasets: list[NTPData], loss: str, lr: float, iters: int, record_every: int, seed: int = 0,
              device="cpu") -> LocalRun:
    """Train ``W`` with the tied head (``loss`` "ce" or "sq"), then compare its direction with the
    global Graph-SVM (from the data's TPGs) and the local one (from the tokens GD ended up
    selecting); ``W_fin`` (global and local) is trained with the same loss and steps on the
    respective reduced data sets, from 0."""
    _choice("loss", loss, ("ce", "sq"))
    batch = make_batch(datasets, device=device)
    B, d = len(datasets), datasets[0].d
    W0 = default_init(B, d, seed, device)
    _, steps, hist = normalized_gd(W0, batch, loss, lr, iters, record_every)
    g_masks, l_masks, g_svm, l_svm, g_basis, l_basis = [], [], [], [], [], []
    n_amb, n_sel = np.zeros(B, dtype=int), np.zeros(B, dtype=int)
    for b, ds in enumerate(datasets):
        edges = edges_from_data(ds.X, ds.y)
        g_svm.append(graph_svm(ds.E, edges, ds.scc).W)
        g_basis.append(cyclic_subspace(ds.E, edges, ds.scc))
        g_masks.append(reduced_mask(ds.X, ds.y, ds.scc))
        s = attention_np(hist[b, -1], ds.E, ds.X)
        sel, amb, ledges = local_selection(s, ds.X)
        n_amb[b], n_sel[b] = amb.sum(), sel.sum()
        lscc = scc_labels(token_priority_graphs(ledges, ds.K))
        l_svm.append(graph_svm(ds.E, ledges, lscc).W)
        l_basis.append(cyclic_subspace(ds.E, ledges, lscc))
        k = ds.X[:, -1]
        ids = lscc[k[:, None], ds.X]
        m = np.zeros_like(sel)
        for i in range(ds.X.shape[0]):
            top = set(ids[i, sel[i]])
            m[i] = np.isin(ids[i], list(top)) & ~amb[i]
            if m[i].sum() < 2 or not m[i][ds.X[i] == ds.y[i]].any():
                m[i] = False
        l_masks.append(m)
    curves = {}
    for tag, masks, svms, bases in (("global", g_masks, g_svm, g_basis), ("local", l_masks, l_svm, l_basis)):
        if any(m.any() for m in masks):
            rb = make_batch(datasets, masks, device=device)
            _, _, hf = normalized_gd(torch.zeros_like(W0), rb, loss, lr, iters, record_every)
        else:  # no cyclic structure: W_fin stays 0
            hf = np.zeros_like(hist)
        curves["corr_" + tag] = np.stack([cosine(hist[b], svms[b]) for b in range(B)])
        curves["norm_diff_" + tag] = np.stack(
            [np.linalg.norm(project(hist[b], bases[b]) - hf[b], axis=(-2, -1)) for b in range(B)])
    return LocalRun(steps=steps, n_ambiguous=n_amb, n_selected=n_sel, W=hist[:, -1], **curves)


def repo_trial_filter(final_local_corr: np.ndarray, threshold: float = 0.95) -> np.ndarray:
    """The official local notebook's filter: keep a trial only when its final correlation with
    the local Graph-SVM is at least ``threshold`` (NaN counts as failed). Returns a bool mask [B]."""
    c = np.asarray(final_local_corr, dtype=np.float64)
    if c.ndim != 1:
        raise ValueError(f"final_local_corr must be 1-D [B], got shape {c.shape}")
    return np.nan_to_num(c, nan=-np.inf) >= threshold


def second_differences(datasets: list[NTPData], loss: str, n_pairs: int, rng: np.random.Generator,
                        h: float = 0.1, scale: float = 3.0) -> np.ndarray:
    """Second differences ``L(W + hV) - 2 L(W) + L(W - hV)`` [n_pairs, B] of each trial's loss
    along random unit directions ``V`` at random points ``W`` (entries ``N(0, scale²/d)``); a convex
    loss gives values >= 0 up to rounding."""
    _choice("loss", loss, LOSSES)
    if not (h > 0 and scale > 0):
        raise ValueError(f"h and scale must be positive, got {h}, {scale}")
    batch = make_batch(datasets)
    B, d = len(datasets), datasets[0].d
    out = np.empty((_pos_int("n_pairs", n_pairs), B))
    for j in range(n_pairs):
        W = torch.tensor(rng.standard_normal((B, d, d)) * scale / math.sqrt(d))
        V = torch.tensor(rng.standard_normal((B, d, d)))
        V = V / torch.linalg.matrix_norm(V)[:, None, None]
        f = [loss_value(W + c * h * V, batch, loss) for c in (1.0, 0.0, -1.0)]
        out[j] = (f[0] - 2 * f[1] + f[2]).numpy()
    return out


def regularization_path(ds: NTPData, radii: tuple[float, ...], iters: int = 2000, lr: float = 0.05,
                        device="cpu") -> np.ndarray:
    """``cos(W_ρ, W_svm)`` [len(radii)] where ``W_ρ ≈ argmin_{‖W‖_F <= ρ} L`` (log loss), by
    projected normalized GD from 0 with a step decaying as ``lr·ρ/√(1+τ)``."""
    edges = edges_from_data(ds.X, ds.y)
    Ws = graph_svm(ds.E, edges, ds.scc).W
    batch = make_batch([ds], device=device)
    out = []
    for rho in radii:
        if not rho > 0:
            raise ValueError(f"radii must be positive, got {rho}")
        W = torch.zeros(1, ds.d, ds.d, dtype=torch.float64, device=batch.E.device)
        for it in range(_pos_int("iters", iters)):
            G = loss_grad(W, batch, "log")
            W = W - lr * rho / math.sqrt(1 + it) * G / torch.linalg.matrix_norm(G).clamp_min(1e-300)[:, None, None]
            nrm = torch.linalg.matrix_norm(W)[:, None, None]
            W = torch.where(nrm > rho, W * rho / nrm, W)
        out.append(float(cosine(W[0].cpu().numpy(), Ws)))
    return np.array(out)
