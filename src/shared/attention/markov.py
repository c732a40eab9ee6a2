"""Self-attention as a context-conditioned Markov chain (CCMC), for the ``attn-markov``
chapter.

Model (the one-matrix family of the attention chapters): tokens ``0..K-1``, embeddings
``E`` of shape ``(K, d)``, one merged key-query matrix ``W`` of shape ``(d, d)``,
identity value and a head ``C`` with ``C E^T = I_K``. For a prompt ``k_1..k_L`` with
last token ``q = k_L`` the layer attends with ``s_t ∝ exp(e_{k_t}^T W e_q + b_t)`` and
outputs the next-token distribution ``p = C X^T s = sum_t s_t 1_{k_t}`` (no further
softmax).

With logits ``Theta[k, q] = e_k^T W e_q`` define the *base chain*
``P[q, k] = softmax_k Theta[k, q]``. Grouping the attention sum by token identity gives
the CCMC identity

    p_k = m_k P[q, k] / sum_j m_j P[q, j],    m_k = sum_{t: k_t = k} exp(b_t),

so the layer re-weights row ``q`` of the base chain by the (position-weighted) token
counts of the prompt. Everything that must hold exactly (the identity, the MLE) is
computed in float64.

Contents
--------
- chain and identity: :func:`orthonormal_embedding`, :func:`head_for`,
  :func:`base_chain`, :func:`chain_from_logits`, :func:`token_counts`,
  :func:`ccmc_probs`, :func:`attention_layer`, :func:`attention_probs`;
- data: :func:`sample_prompts`, :func:`sample_categorical`, :func:`sample_ccmc`;
- learning: :func:`ccmc_nll`, :func:`fit_ccmc_mle`, :func:`learn_from_prompts`,
  :func:`row_tv`, :func:`identifiable_rows`, :func:`identifiable_rows_from_counts`,
  :func:`fit_attention_layer`;
- generation: :func:`trajectory`, :func:`trajectory_reference`,
  :func:`trajectory_pairs`, :func:`token_frequencies`, :func:`active_tokens`,
  :func:`self_dominant`.

The chapter's settings and runs live in :mod:`shared.attention.markov_experiment`.

The positional-bias form (an additive, position-only term ``b_t``), the identifiability
graph and the self-dominance rule for single-token collapse are derived for the book,
not taken from the paper.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.optimize
import scipy.sparse
import scipy.sparse.csgraph
import torch
from scipy.special import softmax

from shared.repro.validate import positive_int
from shared.repro.validate import resolve_device

__all__ = [
    "MLEResult",
    "TrajectoryResult",
    "orthonormal_embedding",
    "head_for",
    "base_chain",
    "chain_from_logits",
    "check_stochastic",
    "token_counts",
    "ccmc_probs",
    "attention_layer",
    "attention_probs",
    "sample_prompts",
    "sample_categorical",
    "sample_ccmc",
    "ccmc_nll",
    "fit_ccmc_mle",
    "row_tv",
    "PromptFit",
    "learn_from_prompts",
    "identifiable_rows",
    "identifiable_rows_from_counts",
    "fit_attention_layer",
    "trajectory",
    "trajectory_reference",
    "trajectory_pairs",
    "token_frequencies",
    "active_tokens",
    "self_dominant",
]

_STOCH_TOL = 1e-10


# --------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------
def _as_int_tokens(tokens, K: int, name: str = "tokens") -> np.ndarray:
    """``tokens`` as an int64 array, after checking the values lie in ``[0, K)``."""
    arr = np.asarray(tokens)
    if arr.size == 0:
        raise ValueError(f"{name} is empty; need at least one token")
    if not np.issubdtype(arr.dtype, np.integer):
        if np.issubdtype(arr.dtype, np.floating) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise ValueError(
                f"{name} must hold integer token ids, got dtype {arr.dtype}"
            )
    arr = arr.astype(np.int64)
    if arr.min() < 0 or arr.max() >= K:
        raise ValueError(
            f"{name} must lie in [0, {K}), got values in [{arr.min()}, {arr.max()}]"
        )
    return arr


def _check_K(K) -> int:
    return positive_int("vocabulary size K", K)


def check_stochastic(P, tol: float = _STOCH_TOL) -> np.ndarray:
    """Validate a row-stochastic matrix and return it as float64.

    P: array (K, K) (or a batch (R, K, K)) with non-negative entries whose rows sum to 1
    within ``tol``. Raises ``ValueError`` naming the violation otherwise.
    """
    P = np.asarray(P, dtype=np.float64)
    if P.ndim not in (2, 3) or P.shape[-1] != P.shape[-2]:
        raise ValueError(
            "P must be a square (K, K) matrix or a (R, K, K) batch, got shape "
            f"{P.shape}"
        )
    if P.shape[-1] == 0:
        raise ValueError("P has an empty vocabulary (K = 0)")
    if not np.all(np.isfinite(P)):
        raise ValueError("P contains non-finite entries")
    if P.min() < 0:
        raise ValueError(f"P is not stochastic: it has a negative entry {P.min():.3g}")
    dev = np.abs(P.sum(-1) - 1.0).max()
    if dev > tol:
        raise ValueError(
            f"P is not stochastic: a row sums to 1 {'+-'} {dev:.3g} (allowed {tol:g})"
        )
    return P


# --------------------------------------------------------------------------------------
# the chain and the identity
# --------------------------------------------------------------------------------------
def orthonormal_embedding(K: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """Embeddings with orthonormal rows: the first ``K`` rows of a random orthogonal
    ``d x d``.

    Returns E, float64 array (K, d) with ``E @ E.T = I_K``. Requires ``1 <= K <= d``.
    """
    K = _check_K(K)
    if d < K:
        raise ValueError(f"orthonormal rows need d >= K, got d = {d} < K = {K}")
    Q, R = np.linalg.qr(rng.standard_normal((d, d)))
    Q = Q * np.sign(np.diag(R))  # Haar-distributed
    return np.ascontiguousarray(Q[:K])


def head_for(E) -> np.ndarray:
    """The head ``C = (E E^T)^{-1} E`` with ``C E^T = I_K`` (equals ``E`` for
    orthonormal rows).

    E: (K, d) with linearly independent rows. Returns C, float64 (K, d).
    """
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[0] == 0:
        raise ValueError(f"E must be a non-empty (K, d) matrix, got shape {E.shape}")
    G = E @ E.T
    if np.linalg.matrix_rank(G) < E.shape[0]:
        raise ValueError("E must have linearly independent rows (K <= d) for C E^T = I")
    return np.linalg.solve(G, E)


def chain_from_logits(theta) -> np.ndarray:
    """Base chain from logits: ``P[q, k] = softmax_k theta[k, q]``.

    theta: (K, K) or a batch (R, K, K), float. Returns P of the same shape, float64,
    rows sum to 1.
    """
    theta = np.asarray(theta, dtype=np.float64)
    if (
        theta.ndim not in (2, 3)
        or theta.shape[-1] != theta.shape[-2]
        or theta.shape[-1] == 0
    ):
        raise ValueError(
            "theta must be a non-empty square (K, K) or (R, K, K) array, got "
            f"{theta.shape}"
        )
    return softmax(np.swapaxes(theta, -1, -2), axis=-1)


def base_chain(W, E=None) -> np.ndarray:
    """Base Markov chain of the one-matrix attention layer.

    W: (d, d) merged key-query matrix (or a batch (R, d, d)); E: (K, d) embeddings,
    default the identity (then ``d = K``). Logits ``Theta = E W E^T``
    (``Theta[k, q] = e_k^T W e_q``); returns ``P[q, k] = softmax_k Theta[k, q]``,
    float64 (K, K) (or (R, K, K)).
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim not in (2, 3) or W.shape[-1] != W.shape[-2]:
        raise ValueError(
            f"W must be square (d, d) or a (R, d, d) batch, got shape {W.shape}"
        )
    if E is None:
        theta = W
    else:
        E = np.asarray(E, dtype=np.float64)
        if E.ndim != 2 or E.shape[1] != W.shape[-1]:
            raise ValueError(
                f"E must be (K, d) with d = {W.shape[-1]} matching W, got shape "
                f"{E.shape}"
            )
        theta = E @ W @ E.T
    return chain_from_logits(theta)


def token_counts(tokens, K: int, pos_bias=None) -> np.ndarray:
    """Position-weighted token counts ``m_k = sum_{t: k_t = k} exp(b_t)``.

    tokens: int (L,) or (n, L) with values in [0, K); pos_bias: None (plain counts) or
    float (L,) / (n, L). Returns float64 (K,) or (n, K).
    """
    K = _check_K(K)
    tok = _as_int_tokens(tokens, K)
    single = tok.ndim == 1
    tok2 = np.atleast_2d(tok)
    if tok2.ndim != 2:
        raise ValueError(f"tokens must be (L,) or (n, L), got shape {tok.shape}")
    n, L = tok2.shape
    if pos_bias is None:
        w = np.ones((n, L))
    else:
        b = np.asarray(pos_bias, dtype=np.float64)
        if b.shape not in ((L,), (n, L)):
            raise ValueError(
                f"pos_bias must have shape ({L},) or ({n}, {L}) to match tokens, got "
                f"{b.shape}"
            )
        w = np.broadcast_to(np.exp(b), (n, L))
    m = np.zeros((n, K))
    np.add.at(m, (np.repeat(np.arange(n), L), tok2.ravel()), w.ravel())
    return m[0] if single else m


def ccmc_probs(P, tokens, pos_bias=None) -> np.ndarray:
    """Next-token law of the CCMC: ``p_k = m_k P[q, k] / sum_j m_j P[q, j]``, ``q`` =
    last token.

    P: row-stochastic (K, K); tokens: int (L,) or (n, L); pos_bias: None or (L,) / (n,
    L) additive position bias (counts become ``exp(b_t)``-weighted). Returns float64
    (K,) or (n, K).
    """
    P = check_stochastic(P)
    if P.ndim != 2:
        raise ValueError("ccmc_probs takes a single (K, K) chain")
    K = P.shape[0]
    m = token_counts(tokens, K, pos_bias)
    tok = np.atleast_2d(_as_int_tokens(tokens, K))
    last = tok[:, -1]
    w = np.atleast_2d(m) * P[last]
    z = w.sum(-1, keepdims=True)
    if np.any(z <= 0):
        raise ValueError(
            "the chain gives zero probability to every token present in a prompt"
        )
    p = w / z
    return p[0] if np.ndim(tokens) == 1 else p


def attention_layer(E, W=None, C=None, pos_bias=None, device="cpu"):
    """The one-matrix attention layer of :mod:`shared.attention.model` in this chapter's
    setting.

    E: (K, d) fixed embeddings; W: (d, d) initial merged key-query matrix (default 0);
    C: fixed head (K, d), default :func:`head_for` ``(E)`` so that ``C E^T = I``;
    pos_bias: None or a float (L,) additive bias ``b_t`` on the keys of the last query
    (written into the model's positional-bias table, which must then be used with
    prompts of length L). Softmax scores ``x_t^T W x_q`` without 1/sqrt(d) scaling,
    value = embedding, output ``C X^T s`` (K,). Float64 on ``device``. Returns a
    ``OneLayerAttention``; its parameter ``model.W`` is the transpose of this module's W
    (the model scores ``x_q^T W x_t``, query on the left).
    """
    from .model import make_model

    E_np = np.asarray(E, dtype=np.float64)
    if E_np.ndim != 2 or E_np.shape[0] == 0:
        raise ValueError(f"E must be a non-empty (K, d) matrix, got shape {E_np.shape}")
    K, d = E_np.shape
    C_np = head_for(E_np) if C is None else np.asarray(C, dtype=np.float64)
    if C_np.shape != (K, d):
        raise ValueError(f"C must be ({K}, {d}) to match E, got {C_np.shape}")
    b = None
    if pos_bias is not None:
        b = np.asarray(pos_bias, dtype=np.float64)
        if b.ndim != 1 or b.size == 0:
            raise ValueError(
                f"pos_bias must be a non-empty 1-d (L,) array, got shape {b.shape}"
            )
    model = make_model(
        vocab_size=K,
        embedding=torch.as_tensor(E_np),
        attention="softmax",
        score_scale=1.0,
        qk="merged",
        ov="identity",
        head=torch.as_tensor(C_np),
        causal=True,
        position_bias=b is not None,
        max_len=max(1, 1 if b is None else b.size),
        init="zero",
        dtype=torch.float64,
        device=device,
    )
    with torch.no_grad():
        if W is not None:
            Wt = torch.as_tensor(np.asarray(W, dtype=np.float64))
            if Wt.shape != (d, d):
                raise ValueError(
                    f"W must be ({d}, {d}) to match E, got {tuple(Wt.shape)}"
                )
            model.W.copy_(Wt.T)  # the model scores x_q^T W x_t; ours is x_t^T W x_q
        if b is not None:
            model.P[b.size - 1].copy_(torch.as_tensor(b))
            model.P.requires_grad_(False)
    return model


def attention_probs(W, E, tokens, pos_bias=None, C=None, device="cpu") -> np.ndarray:
    """Next-token distribution of the attention layer (:func:`attention_layer`) for each
    prompt.

    W: (d, d); E: (K, d); tokens: int (n, L); pos_bias: None or (L,); C: head (K, d).
    Returns float64 numpy (n, K): ``p = C X^T s`` at the last position.
    """
    E_np = np.asarray(E, dtype=np.float64)
    if E_np.ndim != 2 or E_np.shape[0] == 0:
        raise ValueError(f"E must be a non-empty (K, d) matrix, got shape {E_np.shape}")
    tok = _as_int_tokens(tokens, E_np.shape[0])
    if tok.ndim != 2:
        raise ValueError(f"tokens must be (n, L), got shape {tok.shape}")
    if pos_bias is not None and np.shape(pos_bias) != (tok.shape[1],):
        raise ValueError(
            f"pos_bias must have shape ({tok.shape[1]},) to match the prompts, got "
            f"{np.shape(pos_bias)}"
        )
    model = attention_layer(E_np, W, C, pos_bias, device)
    with torch.no_grad():
        p = model(torch.as_tensor(tok, device=model.device), last_only=True)
    return p.cpu().numpy()


# --------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------
def sample_prompts(
    n: int, L: int, K: int, rng: np.random.Generator, blocks: int | None = None
) -> np.ndarray:
    """IID prompts with tokens uniform with replacement.

    n prompts of length L over [K]. ``blocks=B`` splits the vocabulary into B contiguous
    blocks (``np.array_split``) and draws each prompt entirely inside one block chosen
    uniformly (the coverage-broken generator; B = 2 gives the two halves). Returns int64
    (n, L).
    """
    K = _check_K(K)
    if n < 1 or L < 1:
        raise ValueError(f"need n >= 1 prompts of length L >= 1, got n = {n}, L = {L}")
    if blocks is None:
        return rng.integers(0, K, size=(n, L))
    if positive_int("blocks", blocks) > K:
        raise ValueError(
            f"blocks must be None or an integer in [1, K = {K}], got {blocks!r}"
        )
    parts = np.array_split(np.arange(K), blocks)
    starts = np.array([p[0] for p in parts])
    sizes = np.array([len(p) for p in parts])
    b = rng.integers(0, blocks, size=n)
    u = rng.random((n, L))
    return starts[b][:, None] + np.floor(u * sizes[b][:, None]).astype(np.int64)


def sample_categorical(probs, rng: np.random.Generator) -> np.ndarray:
    """One draw per row from ``probs`` (n, K) by Gumbel-max (vectorized). Returns int64
    (n,).
    """
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[1] == 0:
        raise ValueError(
            f"probs must be a non-empty (n, K) array, got shape {probs.shape}"
        )
    if probs.min() < 0 or np.abs(probs.sum(1) - 1).max() > 1e-8:
        raise ValueError("probs rows must be non-negative and sum to 1")
    with np.errstate(divide="ignore"):
        logits = np.log(probs)
    return np.argmax(logits + rng.gumbel(size=probs.shape), axis=1)


def sample_ccmc(P, tokens, rng: np.random.Generator, pos_bias=None) -> np.ndarray:
    """Next tokens drawn from the CCMC of each prompt. tokens (n, L) -> labels int64
    (n,).
    """
    return sample_categorical(np.atleast_2d(ccmc_probs(P, tokens, pos_bias)), rng)


# --------------------------------------------------------------------------------------
# learning: the convex MLE in logit space
# --------------------------------------------------------------------------------------
def _prompt_tokens(tokens, counts, K: int, name: str, absent: str) -> np.ndarray:
    """``tokens`` (n,) as int64 token ids in [0, K), one per row of ``counts`` (n, K),
    each present in its prompt (``counts[i, tokens[i]] > 0``); ``ValueError`` naming
    ``name``, or saying ``absent`` when a token is missing from its prompt."""
    n = counts.shape[0]
    tokens = _as_int_tokens(tokens, K, name)
    if tokens.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {tokens.shape}")
    if np.any(counts[np.arange(n), tokens] <= 0):
        raise ValueError(absent)
    return tokens


def _check_data(counts, last, y, K):
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[0] == 0 or counts.shape[1] == 0:
        raise ValueError(
            f"counts must be a non-empty (n, K) array, got shape {counts.shape}"
        )
    n, Kc = counts.shape
    K = Kc if K is None else _check_K(K)
    if Kc != K:
        raise ValueError(f"counts has {Kc} columns but K = {K}")
    if counts.min() < 0 or not np.all(np.isfinite(counts)):
        raise ValueError("counts must be finite and non-negative")
    last = _prompt_tokens(
        last,
        counts,
        K,
        "last",
        "every last token must be present in its prompt (counts[i, last[i]] > 0)",
    )
    y = np.asarray(y)
    if y.ndim == 1:
        y = _prompt_tokens(
            y,
            counts,
            K,
            "y",
            "a label is absent from its prompt: attention can only copy prompt tokens",
        )
        Y = np.zeros((n, K))
        Y[np.arange(n), y] = 1.0
    elif y.ndim == 2:
        Y = y.astype(np.float64)
        if Y.shape != (n, K):
            raise ValueError(
                f"soft targets y must have shape ({n}, {K}), got {Y.shape}"
            )
        if Y.min() < 0 or np.abs(Y.sum(1) - 1).max() > 1e-8:
            raise ValueError("soft targets must be non-negative rows summing to 1")
        if np.any((Y > 0) & (counts <= 0)):
            raise ValueError("soft targets put mass on tokens absent from the prompt")
    else:
        raise ValueError(
            f"y must be labels (n,) or soft targets (n, K), got shape {y.shape}"
        )
    return counts, last, Y, K


def ccmc_nll(theta, counts, last, y, ridge: float = 0.0):
    """Mean negative log-likelihood of the CCMC with logits theta, and its analytic
    gradient.

    theta: (K, K) logits, ``Theta[k, q]``; counts: (n, K) non-negative (weighted) token
    counts of each prompt; last: int (n,) last tokens; y: int labels (n,) or soft
    targets (n, K); ridge: coefficient of ``ridge/2 * ||theta||_F^2``. Per sample
    ``A_k = theta[k, q] + log m_k`` (``-inf`` for absent tokens), loss
    ``-<y, A> + logsumexp(A)``; the gradient ``softmax(A) - y`` is scattered into column
    ``q``. The loss is convex in theta. Returns ``(value, grad (K, K))``.
    """
    counts, last, Y, K = _check_data(counts, last, y, None)
    theta = np.asarray(theta, dtype=np.float64)
    if theta.shape != (K, K):
        raise ValueError(f"theta must be ({K}, {K}), got {theta.shape}")
    return _nll_core(
        theta, _log_counts(counts), counts > 0, last, Y, _last_matrix(last, K), ridge
    )


def _log_counts(counts):
    with np.errstate(divide="ignore"):
        return np.log(counts)


def _last_matrix(last, K):
    n = last.shape[0]
    return scipy.sparse.csr_matrix(
        (np.full(n, 1.0 / n), (last, np.arange(n))), shape=(K, n)
    )


def _nll_core(theta, logm, mask, last, Y, S, ridge):
    """Mean NLL and gradient; ``logm`` is ``log m`` with ``-inf`` already set on absent
    tokens.
    """
    A = theta.T[last] + logm  # (n, K), -inf where absent
    amax = A.max(axis=1, keepdims=True)
    E = np.exp(A - amax)
    z = E.sum(axis=1, keepdims=True)
    lse = np.log(z) + amax
    Af = np.where(mask, A, 0.0)
    val = float(np.mean(lse[:, 0] - np.einsum("nk,nk->n", Af, Y)))
    G = E / z - Y  # (n, K)
    grad = (S @ G).T  # grad[k, q] = (1/n) sum over samples with last q of G[:, k]
    val += 0.5 * ridge * float(np.sum(theta * theta))
    return val, grad + ridge * theta


@dataclass
class MLEResult:
    """Result of :func:`fit_ccmc_mle`: logits ``theta`` (K, K), chain ``P`` (K, K),
    final mean NLL (nats, ridge included), ``grad_norm`` (Euclidean norm of the gradient
    at the solution), ``n_iter`` and the optimizer's ``success`` flag.
    """

    theta: np.ndarray
    P: np.ndarray
    nll: float
    grad_norm: float
    n_iter: int
    success: bool


_MLE_METHODS = ("newton", "lbfgs")


def _column_problem(logm, mask, Y, n, ridge):
    """Objective, gradient and Hessian of one column q of the MLE (samples with last
    token q).

    logm, mask, Y: (n_q, K) for the samples ending in q; n: total sample count (the loss
    is a mean over all n samples). Returns ``f(theta_q) -> (value, grad)`` and
    ``hess(theta_q)``.
    """
    Yw = np.where(mask, Y, 0.0)

    def soft(th):
        A = th[None, :] + logm
        amax = A.max(axis=1, keepdims=True)
        E = np.exp(A - amax)
        z = E.sum(axis=1, keepdims=True)
        return A, E / z, np.log(z[:, 0]) + amax[:, 0]

    def fun(th):
        A, sm, lse = soft(th)
        val = (
            lse.sum() - np.sum(np.where(mask, A, 0.0) * Yw)
        ) / n + 0.5 * ridge * th @ th
        return val, (sm - Y).sum(0) / n + ridge * th

    def hess(th):
        _, sm, _ = soft(th)
        return (np.diag(sm.sum(0)) - sm.T @ sm) / n + ridge * np.eye(th.size)

    return fun, hess


def fit_ccmc_mle(
    counts,
    last,
    y,
    K: int | None = None,
    ridge: float = 1e-6,
    theta0=None,
    gtol: float = 1e-10,
    max_iter: int = 5000,
    method: str = "newton",
) -> MLEResult:
    """Convex maximum-likelihood fit of the CCMC logits.

    counts (n, K), last (n,), y (n,) or (n, K): see :func:`ccmc_nll`. ``ridge`` (> 0)
    pins the per-column shift of theta that the likelihood cannot see. The loss
    separates over the columns q of theta (column q only meets the samples whose last
    token is q); ``method="newton"`` solves each K-dimensional column problem with
    scipy's exact trust-region Newton method and the analytic Hessian (robust when the
    ridge is the only curvature in some direction, e.g. rows a trajectory rarely
    visits); ``method="lbfgs"`` runs L-BFGS-B on all of theta with the analytic
    gradient. ``gtol`` bounds the gradient (norm per column for Newton). Returns an
    :class:`MLEResult`; compare fits through ``P`` (never through theta).
    """
    if not ridge > 0:
        raise ValueError(
            f"ridge must be > 0 to pin the unidentifiable column shifts, got {ridge}"
        )
    if method not in _MLE_METHODS:
        raise ValueError(
            f"unknown method {method!r}; allowed: {', '.join(_MLE_METHODS)}"
        )
    counts, last, Y, K = _check_data(counts, last, y, K)
    logm = _log_counts(counts)
    mask = counts > 0
    n = counts.shape[0]
    x0 = np.zeros((K, K)) if theta0 is None else np.array(theta0, dtype=np.float64)
    if x0.shape != (K, K):
        raise ValueError(f"theta0 must be ({K}, {K}), got {x0.shape}")
    if method == "lbfgs":
        S = _last_matrix(last, K)

        def fun(x):
            v, g = _nll_core(x.reshape(K, K), logm, mask, last, Y, S, ridge)
            return v, g.ravel()

        res = scipy.optimize.minimize(
            fun,
            x0.ravel(),
            jac=True,
            method="L-BFGS-B",
            options={"gtol": gtol, "ftol": 1e-16, "maxiter": max_iter, "maxcor": 30},
        )
        theta, n_iter, success = res.x.reshape(K, K), int(res.nit), bool(res.success)
    else:
        theta, n_iter, success = np.zeros((K, K)), 0, True
        for q in range(K):
            sel = last == q
            if not sel.any():  # no data: the ridge alone puts the column at 0
                continue
            fun, hess = _column_problem(logm[sel], mask[sel], Y[sel], n, ridge)
            res = scipy.optimize.minimize(
                fun,
                x0[:, q],
                jac=True,
                hess=hess,
                method="trust-exact",
                options={"gtol": gtol, "maxiter": max_iter},
            )
            theta[:, q] = res.x
            n_iter += int(res.nit)
            success &= bool(res.success) or np.linalg.norm(res.jac) <= gtol * 10
    v, g = _nll_core(theta, logm, mask, last, Y, _last_matrix(last, K), ridge)
    return MLEResult(
        theta=theta,
        P=chain_from_logits(theta),
        nll=v,
        grad_norm=float(np.linalg.norm(g)),
        n_iter=n_iter,
        success=bool(success),
    )


@dataclass
class PromptFit:
    """One consistency experiment (:func:`learn_from_prompts`): the error ``tv`` (mean
    row-TV of the fitted chain against the teacher), the :class:`MLEResult` ``fit`` and
    the bool (K,) ``identified`` rows of the data.
    """

    tv: float
    fit: MLEResult
    identified: np.ndarray


def learn_from_prompts(
    P,
    n: int,
    L: int,
    rng: np.random.Generator,
    blocks: int | None = None,
    ridge: float = 1e-6,
) -> PromptFit:
    """Draw ``n`` IID prompts of length ``L`` (:func:`sample_prompts`, optional
    ``blocks``), label them with the teacher CCMC ``P`` (K, K), fit the convex MLE and
    measure its error.

    Returns a :class:`PromptFit`.
    """
    P = check_stochastic(P)
    if P.ndim != 2:
        raise ValueError("learn_from_prompts takes a single (K, K) teacher chain")
    K = P.shape[0]
    tok = sample_prompts(n, L, K, rng, blocks=blocks)
    y = sample_ccmc(P, tok, rng)
    counts = token_counts(tok, K)
    fit = fit_ccmc_mle(counts, tok[:, -1], y, K=K, ridge=ridge)
    return PromptFit(
        tv=row_tv(fit.P, P),
        fit=fit,
        identified=identifiable_rows_from_counts(counts, tok[:, -1]),
    )


def row_tv(P, Q, rows=None) -> float:
    """Mean over rows of the total-variation distance ``1/2 sum_k |P[q, k] - Q[q, k]|``.

    P, Q: (K, K) row-stochastic; rows: optional index or boolean mask of the rows to
    average.
    """
    P, Q = check_stochastic(P, 1e-8), check_stochastic(Q, 1e-8)
    if P.shape != Q.shape:
        raise ValueError(
            f"P and Q must have the same shape, got {P.shape} and {Q.shape}"
        )
    tv = 0.5 * np.abs(P - Q).sum(-1)
    if rows is not None:
        tv = tv[rows]
    if tv.size == 0:
        raise ValueError("no rows selected")
    return float(tv.mean())


def identifiable_rows_from_counts(counts, last) -> np.ndarray:
    """Which rows of P the data identify (derived for the book).

    For each last token q, the co-occurrence graph H_q on [K] joins a and b when some
    prompt with last token q contains both. Row q is identified iff q occurs as a last
    token and H_q is connected on all of [K]. Since q is in every prompt that ends in q,
    H_q is connected exactly on the tokens that co-occur with q, so the test amounts to
    "every token appears in some prompt ending in q" (length-2 prompts (a, q) suffice).
    counts: (n, K) (presence = counts > 0); last: (n,). Returns bool (K,).
    """
    counts = np.asarray(counts)
    if counts.ndim != 2 or counts.shape[1] == 0 or counts.shape[0] == 0:
        raise ValueError(
            f"counts must be a non-empty (n, K) array, got shape {counts.shape}"
        )
    n, K = counts.shape
    last = _as_int_tokens(last, K, "last")
    if last.shape != (n,):
        raise ValueError(f"last must have shape ({n},), got {last.shape}")
    present = counts > 0
    hub = np.argmax(
        present, axis=1
    )  # a star through the first present token = a clique's components
    out = np.zeros(K, dtype=bool)
    for q in range(K):
        sel = last == q
        if not sel.any():
            continue
        rows, cols = np.nonzero(present[sel])
        g = scipy.sparse.coo_matrix(
            (np.ones(rows.size), (hub[sel][rows], cols)), shape=(K, K)
        )
        ncomp, _ = scipy.sparse.csgraph.connected_components(g, directed=False)
        out[q] = ncomp == 1
    return out


def identifiable_rows(prompts, K: int) -> np.ndarray:
    """:func:`identifiable_rows_from_counts` for token prompts (n, L) over [K]. Returns
    bool (K,).
    """
    tok = _as_int_tokens(prompts, _check_K(K), "prompts")
    if tok.ndim != 2:
        raise ValueError(f"prompts must be (n, L), got shape {tok.shape}")
    return identifiable_rows_from_counts(token_counts(tok, K), tok[:, -1])


def fit_attention_layer(
    E, tokens, y, max_iter: int = 500, device="cpu", tol: float = 1e-12
):
    """Train the merged key-query matrix W of :func:`attention_layer` from 0 on its own
    NLL.

    E: (K, d) embeddings (head ``C = head_for(E)``); tokens: int (n, L); y: int (n,)
    labels. Full-batch ``torch.optim.LBFGS`` with strong-Wolfe line search in float64 on
    ``device``. Returns
    ``(W (d, d) numpy, P (K, K) the induced base chain, final mean NLL in nats)``.
    """
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[0] == 0:
        raise ValueError(f"E must be a non-empty (K, d) matrix, got shape {E.shape}")
    K, d = E.shape
    tok = _as_int_tokens(tokens, K)
    lab = _as_int_tokens(y, K, "y")
    if tok.ndim != 2 or lab.shape != (tok.shape[0],):
        raise ValueError(
            f"tokens must be (n, L) and y (n,), got {tok.shape} and {lab.shape}"
        )
    if np.any(token_counts(tok, K)[np.arange(len(lab)), lab] == 0):
        raise ValueError(
            "a label is absent from its prompt: the loss would be infinite"
        )
    max_iter = positive_int("max_iter", max_iter)
    model = attention_layer(E, device=device)
    tok_t = torch.as_tensor(tok, device=model.device)
    lab_t = torch.as_tensor(lab, device=model.device)
    idx = torch.arange(len(lab_t), device=model.device)
    opt = torch.optim.LBFGS(
        [model.W],
        lr=1.0,
        max_iter=int(max_iter),
        tolerance_grad=tol,
        tolerance_change=1e-15,
        history_size=50,
        line_search_fn="strong_wolfe",
    )

    def closure():
        opt.zero_grad()
        p = model(tok_t, last_only=True)
        loss = -torch.log(p[idx, lab_t]).mean()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        loss = float(-torch.log(model(tok_t, last_only=True)[idx, lab_t]).mean())
    W_np = model.W.detach().cpu().numpy().T  # back to this module's convention
    return W_np, base_chain(W_np, E), loss


# --------------------------------------------------------------------------------------
# generation: one long trajectory per run
# --------------------------------------------------------------------------------------
_MODES = ("ccmc", "markov")


@dataclass
class TrajectoryResult:
    """Generated tokens ``tokens`` (runs, steps) (uint8 or int16 numpy) and the final
    token counts ``counts`` (runs, K) float64 (start prompt included).
    """

    tokens: np.ndarray
    counts: np.ndarray


def _check_traj_args(P, start, steps, mode):
    P = check_stochastic(P)
    K = P.shape[-1]
    st = _as_int_tokens(start, K, "start")
    if st.ndim != 1:
        raise ValueError(f"start must be a 1-d token sequence, got shape {st.shape}")
    positive_int("steps", steps)
    if mode not in _MODES:
        raise ValueError(f"unknown mode {mode!r}; allowed: {', '.join(_MODES)}")
    return P, K, st


def trajectory(
    P,
    start,
    steps: int,
    runs: int = 1,
    mode: str = "ccmc",
    seed: int = 0,
    device="cpu",
    gumbel=None,
    chunk_elems: int = 1 << 22,
) -> TrajectoryResult:
    """Generate ``runs`` independent trajectories, each from the same start prompt.

    P: (K, K) chain shared by all runs, or (runs, K, K) one chain per run; start: int
    (L0,) start prompt; steps: tokens to generate; mode: ``"ccmc"`` (attention sampler:
    the context grows without truncation, ``p ∝ m ⊙ P[last]``) or ``"markov"`` (plain
    chain ``p = P[last]``). Vectorized over runs with Gumbel-max in torch (float64) on
    ``device``; O(K) work per run and step. ``gumbel`` (steps, runs, K) optionally
    supplies the noise (for tests); otherwise it is drawn from a torch generator seeded
    with ``seed``. Returns a :class:`TrajectoryResult`.
    """
    P, K, st = _check_traj_args(P, start, steps, mode)
    runs = positive_int("runs", runs)
    if P.ndim == 3 and P.shape[0] != runs:
        raise ValueError(
            f"a batch of chains must have one per run: got {P.shape[0]} for runs = "
            f"{runs}"
        )
    dev = resolve_device(device)
    with np.errstate(divide="ignore"):
        logP = torch.as_tensor(np.log(P), device=dev)
    if logP.ndim == 2:
        logP = logP.expand(runs, K, K)
    if gumbel is not None:
        gumbel = torch.as_tensor(np.asarray(gumbel, dtype=np.float64), device=dev)
        if gumbel.shape != (steps, runs, K):
            raise ValueError(
                f"gumbel must have shape ({steps}, {runs}, {K}), got "
                f"{tuple(gumbel.shape)}"
            )
    gen = torch.Generator(device=dev)
    gen.manual_seed(int(seed))
    m = torch.as_tensor(
        np.bincount(st, minlength=K).astype(np.float64), device=dev
    ).repeat(runs, 1)
    logm = torch.log(m)
    last = torch.full((runs,), int(st[-1]), dtype=torch.long, device=dev)
    ar = torch.arange(runs, device=dev)
    out_dtype = torch.uint8 if K <= 256 else torch.int16
    out = torch.empty((steps, runs), dtype=out_dtype, device=dev)
    chunk = max(1, min(steps, chunk_elems // (runs * K)))
    noise = None
    for t in range(steps):
        c = t % chunk
        if gumbel is not None:
            g = gumbel[t]
        else:
            if c == 0:
                size = (min(chunk, steps - t), runs, K)
                noise = -torch.log(
                    torch.empty(size, dtype=torch.float64, device=dev).exponential_(
                        generator=gen
                    )
                )
            g = noise[c]
        row = logP[ar, last]
        logits = row + logm + g if mode == "ccmc" else row + g
        x = torch.argmax(logits, dim=1)
        out[t] = x.to(out_dtype)
        m[ar, x] += 1.0
        logm[ar, x] = torch.log(m[ar, x])
        last = x
    return TrajectoryResult(
        tokens=out.T.contiguous().cpu().numpy(), counts=m.cpu().numpy()
    )


def trajectory_reference(P, start, gumbel, mode: str = "ccmc") -> np.ndarray:
    """Single-run reference sampler (plain Python loop, numpy) for cross-checking
    :func:`trajectory`.

    P: (K, K); start: (L0,); gumbel: (steps, K) noise. Returns int64 (steps,).
    """
    gumbel = np.asarray(gumbel, dtype=np.float64)
    if gumbel.ndim != 2:
        raise ValueError(f"gumbel must be (steps, K), got shape {gumbel.shape}")
    P, K, st = _check_traj_args(P, start, gumbel.shape[0], mode)
    if P.ndim != 2 or gumbel.shape[1] != K:
        raise ValueError(f"need P (K, K) and gumbel (steps, {K})")
    m = np.bincount(st, minlength=K).astype(np.float64)
    last = int(st[-1])
    out = np.empty(gumbel.shape[0], dtype=np.int64)
    with np.errstate(divide="ignore"):
        for t in range(gumbel.shape[0]):
            p = m * P[last] / np.dot(m, P[last]) if mode == "ccmc" else P[last]
            x = int(np.argmax(np.log(p) + gumbel[t]))
            out[t] = x
            m[x] += 1
            last = x
    return out


def trajectory_pairs(start, tokens, K: int):
    """(context, next-token) pairs seen along one trajectory, for the single-trajectory
    MLE.

    start: (L0,) start prompt; tokens: (steps,) generated tokens. Returns ``counts``
    float64 (steps, K) — the token counts of the context *before* each step —, ``last``
    int64 (steps,) and ``y`` int64 (steps,).
    """
    K = _check_K(K)
    st = _as_int_tokens(start, K, "start")
    tok = _as_int_tokens(tokens, K)
    if st.ndim != 1 or tok.ndim != 1:
        raise ValueError("start and tokens must be 1-d sequences")
    onehot = np.zeros((tok.size, K))
    onehot[np.arange(tok.size), tok] = 1.0
    counts = np.bincount(st, minlength=K)[None, :] + np.vstack(
        [np.zeros((1, K)), np.cumsum(onehot, 0)[:-1]]
    )
    last = np.concatenate([[st[-1]], tok[:-1]])
    return counts, last, tok.copy()


def token_frequencies(tokens, K: int, end: int, window: int) -> np.ndarray:
    """Token frequencies in the window ``tokens[:, end - window:end]``. tokens (runs, T)
    -> (runs, K).
    """
    K = _check_K(K)
    tok = np.atleast_2d(np.asarray(tokens))
    if tok.ndim != 2:
        raise ValueError(f"tokens must be (runs, T), got shape {tok.shape}")
    if not 1 <= window <= end <= tok.shape[1]:
        raise ValueError(
            f"need 1 <= window <= end <= T = {tok.shape[1]}, got window {window}, end "
            f"{end}"
        )
    seg = _as_int_tokens(tok[:, end - window : end], K)
    runs = seg.shape[0]
    idx = seg + K * np.arange(runs)[:, None]
    return np.bincount(idx.ravel(), minlength=runs * K).reshape(runs, K) / window


def active_tokens(
    tokens, K: int, end: int | None = None, window: int = 1000, thresh: float = 0.01
) -> np.ndarray:
    """Number of tokens whose frequency exceeds ``thresh`` in the window of ``window``
    tokens ending at ``end`` (default: the end). tokens (runs, T) -> int64 (runs,).
    """
    if not 0 <= thresh < 1:
        raise ValueError(f"thresh must lie in [0, 1), got {thresh}")
    tok = np.atleast_2d(np.asarray(tokens))
    end = tok.shape[1] if end is None else end
    return (token_frequencies(tok, K, end, window) > thresh).sum(1)


def self_dominant(P) -> np.ndarray:
    """Tokens k whose own transition is the largest in their row,
    ``P[k, k] = max_j P[k, j]``.

    P: (K, K) or (R, K, K) row-stochastic. Returns bool (K,) or (R, K). (Mean-field
    reading, derived for the book: the vertex "only k" is stable iff
    ``P[k, k] > P[k, j]`` for all ``j != k``.)
    """
    P = check_stochastic(P)
    return np.diagonal(P, axis1=-2, axis2=-1) >= P.max(-1)
