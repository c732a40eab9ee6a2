"""Data and token-priority graphs of the attn-automaton chapter (arXiv:2403.08081).

One *trial*: a vocabulary ``[K]`` with fixed random unit embeddings ``E`` [K, d] (``K <=
d``), ``n`` windows ``X`` [n, T] of distinct token ids whose last token is the query,
and labels ``y`` [n] that occur in their window (:class:`NTPData`, :func:`ntp_dataset`).

Token-priority graphs (TPGs) ``adj`` [K, K, K] bool: ``adj[k, a, b]`` is an edge ``a ->
b`` in ``G^(k)``, one for each window with last token ``k``, label ``a`` and other token
``b``; ``scc`` [K, K] int: ``scc[k, v]`` is the strongly connected component of token
``v`` in ``G^(k)``. :func:`reduced_mask` gives the positions of the reduced data set on
which the finite component is trained."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.sparse.csgraph import shortest_path

from shared.repro.validate import choice
from shared.repro.validate import positive_int

KINDS = ("acyclic", "cyclic", "any")


def _check_tokens(
    X: np.ndarray, y: np.ndarray | None, K: int
) -> tuple[np.ndarray, np.ndarray | None]:
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(
            f"X must be a non-empty integer array [n, T], got shape {X.shape}"
        )
    if not np.issubdtype(X.dtype, np.integer):
        raise ValueError("X must hold integer token ids")
    if X.min() < 0 or X.max() >= K:
        raise ValueError(f"token ids must lie in 0..K-1 = 0..{K - 1}")
    if y is not None:
        y = np.asarray(y)
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape [n] = ({X.shape[0]},), got {y.shape}")
        if not np.all((X == y[:, None]).any(axis=1)):
            raise ValueError(
                "every label y_i must occur in its window X_i (realizable labels)"
            )
    return X, y


# ------------------------------------------------------------------------------------
# data


@dataclass
class NTPData:
    """One trial's data set: ``E`` [K, d] unit rows, ``X`` [n, T] int, ``y`` [n] int,
    the TPGs ``adj`` [K, K, K] bool and their SCC labels ``scc`` [K, K] int."""

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
    positive_int("K (vocabulary size)", K)
    positive_int("d", d)
    E = rng.standard_normal((K, d))
    return E / np.linalg.norm(E, axis=1, keepdims=True)


def ntp_dataset(
    n: int,
    T: int,
    K: int,
    d: int,
    kind: str,
    rng: np.random.Generator,
    max_tries: int = 10_000,
) -> NTPData:
    """Draw ``(E, X, y)`` until the TPGs are ``kind`` ("acyclic": every SCC a single
    token; "cyclic": some SCC with >= 2 tokens; "any").

    Windows hold ``T`` distinct tokens drawn uniformly from ``[K]``; ``y_i ~ U[K]`` is
    replaced by a uniform token of the window when absent. Raises ``RuntimeError`` after
    ``max_tries`` draws."""
    n, T, K, d = (
        positive_int(a, b)
        for a, b in (("n", n), ("T", T), ("K (vocabulary size)", K), ("d", d))
    )
    choice("kind", kind, KINDS)
    if T > K:
        raise ValueError(f"T={T} distinct tokens per window need T <= K={K}")
    if K > d:
        raise ValueError(
            f"K={K} > d={d}: the Graph-SVM needs K <= d (linearly independent "
            "embeddings)"
        )
    for _ in range(positive_int("max_tries", max_tries)):
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
    raise RuntimeError(
        f"no {kind} draw in {max_tries} tries for (n, T, K) = ({n}, {T}, {K})"
    )


# ------------------------------------------------------------------------------------
# token-priority graphs


def edges_from_data(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Unique TPG edges ``(src, dst, k)`` [m, 3]: label ``y_i -> j`` for every other
    token ``j`` of window ``i``, in the graph of its last token ``k = X[i, -1]``."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(
            f"X must be [n, T] and y [n]; got shapes {X.shape} and {y.shape}"
        )
    rows = [
        (int(y[i]), int(j), int(X[i, -1]))
        for i in range(X.shape[0])
        for j in X[i]
        if j != y[i]
    ]
    if not rows:
        return np.zeros((0, 3), dtype=np.int64)
    return np.unique(np.array(rows, dtype=np.int64), axis=0)


def token_priority_graphs(edges: np.ndarray, K: int) -> np.ndarray:
    """Adjacency ``adj`` [K, K, K] bool with ``adj[k, src, dst]`` for each edge row
    ``(src, dst, k)``."""
    K = positive_int("K (vocabulary size)", K)
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
        _, out[k] = connected_components(
            csr_matrix(adj[k]), directed=True, connection="strong"
        )
    return out


def is_cyclic(scc: np.ndarray) -> bool:
    """True when some SCC of some graph has two or more tokens."""
    scc = np.asarray(scc)
    return any(len(np.unique(row)) < row.size for row in scc)


def reachability(adj: np.ndarray) -> np.ndarray:
    """``reach[k, a, b]`` [K, K, K] bool: ``b`` is reachable from ``a`` in ``G^(k)``
    (``a ⇒ a``)."""
    adj = np.asarray(adj, dtype=bool)
    if adj.ndim != 3 or adj.shape[1] != adj.shape[2]:
        raise ValueError(f"adj must be [G, K, K], got shape {adj.shape}")
    return np.stack(
        [
            np.isfinite(shortest_path(csr_matrix(a.astype(float)), unweighted=True))
            for a in adj
        ]
    )


def reduced_mask(X: np.ndarray, y: np.ndarray, scc: np.ndarray) -> np.ndarray:
    """Positions of the reduced data set, [n, T] bool: the tokens in the label's SCC of
    ``G^(x̄)``, for the windows where that SCC holds another token of the window (else
    all False)."""
    scc = np.asarray(scc)
    X, y = _check_tokens(X, y, scc.shape[-1])
    k = X[:, -1]
    pos_scc = scc[k[:, None], X]
    lab_scc = scc[k, y]
    mask = pos_scc == lab_scc[:, None]
    keep = mask.sum(axis=1) >= 2
    return mask & keep[:, None]
