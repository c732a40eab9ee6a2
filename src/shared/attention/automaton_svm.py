"""The Graph-SVM of the attn-automaton chapter (arXiv:2403.08081) and its cyclic
subspace.

``W_svm = argmin ‖W‖_F`` s.t. ``(x_a - x_b)ᵀ W x_k = 0`` when ``a, b`` share an SCC of
``G^(k)`` and ``>= 1`` otherwise, over the observed TPG edges (:func:`graph_svm`, with a
KKT report in :class:`SVMResult`). The cyclic subspace ``S_fin`` is spanned by ``(x_a -
x_b) x_kᵀ`` over the same-SCC edges (:func:`cyclic_subspace`, :func:`project`). Matrices
are vectorized row-major (``vec``), all maths in float64.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.linalg
import scipy.optimize

from shared.repro.validate import choice

SVM_METHODS = ("dual", "slsqp", "cvxpy")


def svm_constraints(
    E: np.ndarray, edges: np.ndarray, scc: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Constraint rows ``vec((x_src - x_dst) x_kᵀ)`` [., d²] (row-major ``vec``):
    equalities ``A_eq`` for same-SCC edges, inequalities ``G`` (``G w >= 1``) for the
    others."""
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[0] < 1:
        raise ValueError(f"E must be [K, d] with K >= 1, got shape {E.shape}")
    K, d = E.shape
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 3)
    scc = np.asarray(scc)
    if scc.shape != (K, K):
        raise ValueError(
            f"scc has shape {scc.shape}; expected [K, K] = ({K}, {K}) to match E"
        )
    if edges.size and (edges.min() < 0 or edges.max() >= K):
        raise ValueError(f"edge entries must lie in 0..K-1 = 0..{K - 1}")
    src, dst, k = edges.T
    rows = np.einsum("md,me->mde", E[src] - E[dst], E[k]).reshape(-1, d * d)
    same = scc[k, src] == scc[k, dst]
    return rows[same], rows[~same]


@dataclass
class SVMResult:
    """Graph-SVM solution ``W`` [d, d] with its KKT report.

    ``margins`` [m] = ``G w``; ``lam`` [m] the inequality multipliers (``None`` for
    SLSQP / cvxpy); ``eq_residual`` = max |A_eq w|; ``complementarity`` = max |λ_i
    (margin_i - 1)|; ``stationarity`` = ‖z - Mᵀλ‖ in the null-space coordinates;
    ``n_active`` = #margins within 1e-6 of 1."""

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


def graph_svm(
    E: np.ndarray, edges: np.ndarray, scc: np.ndarray, method: str = "dual"
) -> SVMResult:
    """Solve the Graph-SVM for the given TPG edges (see the module docstring).

    ``method="dual"``: ``w = N z`` with ``N`` an orthonormal basis of ``null(A_eq)``;
    the dual ``min_{λ>=0} ½‖Mᵀλ‖² - 1ᵀλ`` (``M = G N``) by L-BFGS-B, then an active-set
    polish (minimum-norm ``z`` with ``M_A z = 1`` on the active rows and non-negative
    multipliers by NNLS). ``"slsqp"``: the primal by SLSQP. ``"cvxpy"``: the primal by
    cvxpy/CLARABEL (optional dependency). Raises ``RuntimeError`` when the result
    violates a constraint by > 1e-6."""
    choice("method", method, SVM_METHODS)
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

        def f(v):
            return 0.5 * v @ Q @ v - v.sum(), Q @ v - 1.0

        res = scipy.optimize.minimize(
            f,
            np.zeros(m),
            jac=True,
            method="L-BFGS-B",
            bounds=[(0, None)] * m,
            options={"ftol": 1e-16, "gtol": 1e-13, "maxiter": 20_000, "maxcor": 50},
        )
        lam = res.x
        z = M.T @ lam
        # active-set polish: minimum-norm z with M_A z = 1 exactly, multipliers by NNLS
        act = (lam > 1e-9 * max(1.0, lam.max())) | (M @ z <= 1.0 + 1e-7)
        if act.any():
            z2 = np.linalg.lstsq(M[act], np.ones(act.sum()), rcond=None)[0]
            if np.all(M @ z2 >= 1.0 - 1e-10) and np.allclose(
                M[act] @ z2, 1.0, atol=1e-10
            ):
                la, _ = scipy.optimize.nnls(M[act].T, z2)
                if np.linalg.norm(M[act].T @ la - z2) <= 1e-8 * max(
                    1.0, np.linalg.norm(z2)
                ):
                    z, lam = z2, np.zeros(m)
                    lam[act] = la
        w = N @ z
    elif method == "slsqp":
        # primal in null(A_eq) coordinates w = N z (SLSQP struggles with rank-deficient
        # equalities)
        N = _null_basis(A, D)
        M = G @ N
        cons = [{"type": "ineq", "fun": lambda z: M @ z - 1.0, "jac": lambda z: M}]
        z0 = np.linalg.lstsq(M, np.full(M.shape[0], 2.0), rcond=None)[0]
        res = scipy.optimize.minimize(
            lambda z: (0.5 * z @ z, z),
            z0,
            jac=True,
            method="SLSQP",
            constraints=cons,
            options={"ftol": 1e-15, "maxiter": 1000},
        )
        w = N @ res.x
    else:
        try:
            import cvxpy as cp
        except ImportError as exc:  # pragma: no cover - optional
            raise ImportError(
                "method='cvxpy' needs the optional package cvxpy"
            ) from exc
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
        raise RuntimeError(
            f"Graph-SVM ({method}) infeasible or inaccurate: min margin "
            f"{margins.min():.3g}, "
            f"max |A_eq w| {eq_res:.3g}"
        )
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
    return SVMResult(
        W=w.reshape(d, d),
        method=method,
        margins=margins,
        lam=lam,
        eq_residual=eq_res,
        complementarity=compl,
        stationarity=stat,
        n_eq=A.shape[0],
        n_ineq=G.shape[0],
    )


def cyclic_subspace(
    E: np.ndarray, edges: np.ndarray, scc: np.ndarray, tol: float = 1e-10
) -> np.ndarray:
    """Orthonormal basis [p, d²] (rows, row-major ``vec``) of ``S_fin`` = span of the
    same-SCC constraint matrices; ``p = 0`` for acyclic graphs."""
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
        raise ValueError(
            f"W must be [..., d, d] and basis [p, d²]; got {W.shape} and {basis.shape}"
        )
    v = W.reshape(*W.shape[:-2], d * d)
    return ((v @ basis.T) @ basis).reshape(W.shape)
