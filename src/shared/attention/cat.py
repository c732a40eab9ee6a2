"""Convolution-augmented attention (CAT) on synthetic recall tasks: tasks, models, training.

Chapter ``cat`` (arXiv:2407.05591). Shapes: ``B`` batch, ``L`` sequence length, ``V`` vocabulary,
``d`` model width, ``W`` convolution window (number of taps, offsets ``0..W-1``).

Tasks (NumPy generators, int64 arrays; labels are ``-100`` wherever nothing is asked):

* :func:`mqar` — multi-query associative recall with the Zoology benchmark's semantics (keys from
  ``1..V/2-1``, values from ``V/2..V-1``, queries at even offsets with power-law gaps);
* :func:`associative_recall` — ``n`` pairs then one query key at the last position;
* :func:`ngram_recall` — N-gram recall: the last ``N`` tokens occur exactly once earlier and the
  answer is the token that followed them;
* :func:`selective_copy` — data tokens scattered among noise, copied in order after a separator.

Models (pure PyTorch, CPU or CUDA):

* :func:`make_recall_model` — one attention layer. CAT (per-stream causal depthwise convolution, no
  positional encoding) and NoPE attention are :class:`shared.attention.model.OneLayerAttention`;
  RoPE and learned absolute positions (APE) use :class:`PositionalAttention`, a thin subclass
  that adds the position code (``model.py`` has neither). All share learned embedding [V, d],
  separate W_Q, W_K [d, d], factorized output-value W_O W_V and no LayerNorm/residual/MLP.
* :class:`SSMModel` — one Mamba-style selective state-space block with a chunked scan.
* :func:`hand_built_cat` — the exact construction (one-hot, K filter = shift by one) with the
  closed-form correctness rule :func:`hand_built_correct`.

Training: :func:`train`, :func:`evaluate`, :func:`run_job` (one experiment as a plain dict in and
out) and :func:`run_jobs` (several in worker processes).
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .model import CONV_STREAMS, OneLayerAttention, make_config, resolve_device

IGNORE = -100

PROFILES = {
    "quick": {
        # MQAR (zero filler), quick recipe of the brief
        # 300 steps: CAT leaves its plateau near step 65, so this is still ~4.5x that; the
        # baselines get as many steps (and 4x more in the full profile).
        "vocab": 128, "d_model": 64, "train_len": 64, "train_pairs": 8, "steps": 300, "lr": 1e-2,
        "weight_decay": 0.1, "warmup": 0.1, "batch": 64, "window": 3,
        "test_grid": ((64, 8), (128, 8), (256, 16), (512, 16), (1024, 32)),
        "n_test": 256, "n_test_long": 64, "long_from": 512,
        "cat_seeds": (0, 1, 2), "baseline_runs": (("rope", (0, 1)), ("nope", (0,))), "baseline_steps": 300,
        "stream_runs": ("q", "k", "v"),
        # N-gram recall
        "nar_vocab": 16, "nar_len": 32, "nar_orders": (2,), "nar_windows": (1, 2, 3), "nar_steps": 500,
        "nar_test_mult": (1, 2, 4), "nar_n_test": 512, "oracle_n": 2000,
        # hand-built construction
        "hb_betas": (1.5, 2.0, 2.5, 3.0), "hb_lengths": (64, 128, 256, 512, 1024, 2048), "hb_pairs": 8,
        "hb_tokens": 8192,
        # full-profile switches (off in quick)
        "ssm": False, "ssm_seeds": (0,), "ssm_steps": 800, "workers": 2,
        "sc": False, "sc_len": 64, "sc_tokens": 8, "sc_vocab": 16, "sc_steps": 2000, "sc_test_lens": (64, 128, 256),
    },
    "full": {
        "vocab": 128, "d_model": 64, "train_len": 64, "train_pairs": 8, "steps": 400, "lr": 1e-2,
        "weight_decay": 0.1, "warmup": 0.1, "batch": 64, "window": 3,
        "test_grid": ((64, 8), (128, 8), (256, 16), (512, 16), (1024, 32), (2048, 64), (4096, 128)),
        "n_test": 256, "n_test_long": 128, "long_from": 512,
        "cat_seeds": (0, 1, 2, 3, 4), "baseline_runs": (("rope", (0, 1, 2)), ("nope", (0, 1, 2)), ("ape", (0, 1, 2))),
        "baseline_steps": 1600,
        "stream_runs": ("q", "k", "v"),
        "nar_vocab": 16, "nar_len": 32, "nar_orders": (1, 2, 3, 4), "nar_windows": (1, 2, 3, 4, 5),
        "nar_steps": 500, "nar_test_mult": (1, 2, 4), "nar_n_test": 512, "oracle_n": 4000,
        "hb_betas": (1.5, 2.0, 2.5, 3.0), "hb_lengths": (64, 128, 256, 512, 1024, 2048), "hb_pairs": 8,
        "hb_tokens": 32768,
        "ssm": True, "ssm_seeds": (0, 1, 2), "ssm_steps": 800, "workers": 2,
        "sc": True, "sc_len": 64, "sc_tokens": 8, "sc_vocab": 16, "sc_steps": 2000, "sc_test_lens": (64, 128, 256),
    },
}


# ----------------------------------------------------------------------------------------------
# argument checks
# ----------------------------------------------------------------------------------------------
def _int(name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or int(value) < minimum:
        raise ValueError(f"{name}={value!r}: must be an integer >= {minimum}")
    return int(value)


def _rng(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng


# ----------------------------------------------------------------------------------------------
# tasks
# ----------------------------------------------------------------------------------------------
FILLERS = ("zero", "random")


def _draw_pairs(rng: np.random.Generator, batch: int, num_kv: int, vocab: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys [B, n] distinct in 1..V/2-1 and values [B, n] distinct in V/2..V-1 (per row)."""
    half = vocab // 2
    keys = np.argsort(rng.random((batch, half - 1)), axis=1)[:, :num_kv] + 1
    values = np.argsort(rng.random((batch, vocab - half)), axis=1)[:, :num_kv] + half
    return keys.astype(np.int64), values.astype(np.int64)


def _check_pairs(num_kv: int, vocab: int) -> None:
    if vocab // 2 - 1 < num_kv:
        raise ValueError(
            f"vocab={vocab} is too small for num_kv={num_kv} distinct keys: keys come from 1..vocab/2-1, "
            f"so vocab must be >= {2 * (num_kv + 1)}"
        )


def mqar(rng: np.random.Generator, batch: int, seq_len: int, num_kv: int, vocab: int,
         power_a: float = 0.01, filler: str = "zero") -> tuple[np.ndarray, np.ndarray]:
    """Multi-query associative recall (Zoology semantics).

    Positions ``0..2n-1`` hold ``k1 v1 .. kn vn``; the query region (length ``L - 2n``) holds each
    key once at an even offset ``2g``, the gaps ``g`` drawn without replacement with probability
    proportional to ``g**(power_a - 1)`` (g = 1, 2, ...), so queries cluster near the pairs. The label
    at a query position is the value bound to its key. Requires ``4n <= L`` and ``2(n+1) <= V``.
    ``filler``: ``"zero"`` (token 0) or ``"random"`` (uniform over the vocabulary).

    Returns ``inputs`` [B, L] and ``labels`` [B, L] (int64; ``-100`` except at queries).
    """
    rng = _rng(rng)
    batch, seq_len, num_kv, vocab = (_int(n, v) for n, v in
                                     (("batch", batch), ("seq_len", seq_len), ("num_kv", num_kv), ("vocab", vocab)))
    if filler not in FILLERS:
        raise ValueError(f"filler={filler!r}: allowed {list(FILLERS)}")
    if not (isinstance(power_a, (int, float)) and 0 < power_a <= 1):
        raise ValueError(f"power_a={power_a!r}: must be a number in (0, 1]")
    _check_pairs(num_kv, vocab)
    if 4 * num_kv > seq_len:
        raise ValueError(f"seq_len={seq_len} is too short for num_kv={num_kv}: need 4*num_kv <= seq_len")
    keys, values = _draw_pairs(rng, batch, num_kv, vocab)
    ctx = 2 * num_kv
    if filler == "zero":
        inputs = np.zeros((batch, seq_len), dtype=np.int64)
    else:
        inputs = rng.integers(0, vocab, size=(batch, seq_len), dtype=np.int64)
    inputs[:, 0:ctx:2] = keys
    inputs[:, 1:ctx:2] = values
    labels = np.full((batch, seq_len), IGNORE, dtype=np.int64)
    space = (seq_len - ctx) // 2
    # sampling without replacement proportional to p (Gumbel top-k == sequential draws)
    logp = (power_a - 1.0) * np.log(np.arange(1, space + 1))
    gumbel = -np.log(-np.log(rng.random((batch, space))))
    gaps = np.argsort(-(logp[None, :] + gumbel), axis=1)[:, :num_kv]
    pos = ctx + 2 * gaps
    rows = np.arange(batch)[:, None]
    inputs[rows, pos] = keys
    labels[rows, pos] = values
    return inputs, labels


def associative_recall(rng: np.random.Generator, batch: int, num_kv: int, vocab: int) -> tuple[np.ndarray, np.ndarray]:
    """Single-query AR: ``k1 v1 .. kn vn q`` with ``q`` one of the keys (length ``2n + 1``).

    Returns ``inputs`` and ``labels`` [B, 2n+1]; the only label is at the last position.
    """
    rng = _rng(rng)
    batch, num_kv, vocab = _int("batch", batch), _int("num_kv", num_kv), _int("vocab", vocab)
    _check_pairs(num_kv, vocab)
    keys, values = _draw_pairs(rng, batch, num_kv, vocab)
    inputs = np.zeros((batch, 2 * num_kv + 1), dtype=np.int64)
    inputs[:, 0:-1:2] = keys
    inputs[:, 1:-1:2] = values
    pick = rng.integers(0, num_kv, size=batch)
    rows = np.arange(batch)
    inputs[:, -1] = keys[rows, pick]
    labels = np.full_like(inputs, IGNORE)
    labels[:, -1] = values[rows, pick]
    return inputs, labels


def _occurrences(x: np.ndarray, gram: np.ndarray, last_end: int) -> list[int]:
    """End positions e <= last_end with x[e-N+1 .. e] == gram."""
    N = len(gram)
    if last_end < N - 1:
        return []
    win = np.lib.stride_tricks.sliding_window_view(x[: last_end + 1], N)
    return list(np.nonzero((win == gram[None, :]).all(axis=1))[0] + N - 1)


def ngram_recall(rng: np.random.Generator, batch: int, seq_len: int, order: int, vocab: int,
                 max_tries: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """N-gram associative recall over tokens ``1..V``.

    A random sequence; an anchor N-gram ending at ``p`` (with ``p + 1 < L - N``) is copied into the
    last ``N`` positions (the query); other occurrences of that N-gram ending before ``L - 1`` are
    destroyed by resampling their unprotected tokens. The label at position ``L - 1`` is
    ``x[p + 1]``; every other label is ``-100``. Needs ``L >= 2N + 2``.

    Returns ``inputs`` [B, L] (values in 1..V; the model's vocabulary is ``V + 1``), ``labels`` [B, L].
    """
    rng = _rng(rng)
    batch, seq_len, order, vocab = (_int("batch", batch), _int("seq_len", seq_len),
                                    _int("order", order), _int("vocab", vocab, 2))
    if seq_len < 2 * order + 2:
        raise ValueError(f"seq_len={seq_len} is too short for order={order}: need seq_len >= 2*order+2")
    L, N = seq_len, order
    inputs = np.zeros((batch, L), dtype=np.int64)
    labels = np.full((batch, L), IGNORE, dtype=np.int64)
    for b in range(batch):
        for _ in range(max_tries):
            x = rng.integers(1, vocab + 1, size=L)
            p = int(rng.integers(N - 1, L - N - 1))  # anchor end; p + 1 <= L - N - 1
            x[L - N:] = x[p - N + 1: p + 1]
            protected = np.zeros(L, dtype=bool)
            protected[p - N + 1: p + 2] = True
            protected[L - N:] = True
            gram = x[L - N:].copy()
            ok = False
            for _ in range(4 * L):
                ends = [e for e in _occurrences(x, gram, L - 2) if e != p]
                if not ends:
                    ok = True
                    break
                span = np.arange(ends[0] - N + 1, ends[0] + 1)
                free = span[~protected[span]]
                if free.size == 0:
                    break
                x[free] = rng.integers(1, vocab + 1, size=free.size)
            if ok:
                inputs[b] = x
                labels[b, -1] = x[p + 1]
                break
        else:
            raise RuntimeError("ngram_recall could not build a sequence; increase seq_len or vocab")
    return inputs, labels


def suffix_oracle(inputs: np.ndarray, labels: np.ndarray, window: int) -> np.ndarray:
    """Expected accuracy [B] of the idealised window-``W`` layer on :func:`ngram_recall` data.

    It attends uniformly to every position ``j < L - 1`` whose preceding ``W - 1`` tokens equal the
    last ``W - 1`` tokens of the sequence and outputs ``x[j]``; its accuracy is the share of those
    positions whose token is the label (0 when there is none).
    """
    window = _int("window", window)
    x = np.asarray(inputs)
    B, L = x.shape
    y = np.asarray(labels)[:, -1]
    out = np.zeros(B)
    m = window - 1
    for b in range(B):
        cand = np.arange(m, L - 1)
        if m > 0:
            suffix = x[b, L - m:]
            match = np.array([np.array_equal(x[b, j - m: j], suffix) for j in cand], dtype=bool)
            cand = cand[match]
        if cand.size:
            out[b] = float(np.mean(x[b, cand] == y[b]))
    return out


def selective_copy(rng: np.random.Generator, batch: int, seq_len: int, num_tokens: int, vocab: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Selective copying: ``S`` data tokens (from ``3..V-1``) at random positions among noise
    tokens (1) in the first ``L - S`` positions, a separator (2) at ``L - S``, then teacher forcing.

    The label at position ``L - S + i`` is data token ``i`` (i = 0..S-1); the input at
    ``L - S + i + 1`` is data token ``i``. Needs ``vocab >= 4`` and ``2S <= L - S``.
    Returns ``inputs``, ``labels`` [B, L].
    """
    rng = _rng(rng)
    batch, seq_len, S, vocab = (_int("batch", batch), _int("seq_len", seq_len),
                                _int("num_tokens", num_tokens), _int("vocab", vocab, 4))
    ctx = seq_len - S
    if 2 * S > ctx:
        raise ValueError(f"seq_len={seq_len} is too short for num_tokens={S}: need 3*num_tokens <= seq_len")
    data = rng.integers(3, vocab, size=(batch, S))
    pos = np.sort(np.argsort(rng.random((batch, ctx)), axis=1)[:, :S], axis=1)
    inputs = np.ones((batch, seq_len), dtype=np.int64)
    rows = np.arange(batch)[:, None]
    inputs[rows, pos] = data
    inputs[:, ctx] = 2
    inputs[:, ctx + 1:] = data[:, :-1]
    labels = np.full((batch, seq_len), IGNORE, dtype=np.int64)
    labels[:, ctx:] = data
    return inputs, labels


# ----------------------------------------------------------------------------------------------
# convolution taps (offset convention) on top of model.py's Conv1d
# ----------------------------------------------------------------------------------------------
def get_taps(model: OneLayerAttention, stream: str) -> torch.Tensor:
    """Taps [W, d] of ``stream``'s causal filter, row ``i`` multiplying ``x[t - i]``."""
    if stream not in model.convs:
        raise ValueError(f"stream {stream!r} has no convolution; convolved streams: {list(model.convs)}")
    w = model.convs[stream].weight[:, 0, :]  # [d, W]; Conv1d index m multiplies x[t - (W-1-m)]
    return w.flip(-1).T


def set_taps(model: OneLayerAttention, stream: str, taps: torch.Tensor) -> None:
    """Set ``stream``'s filter from taps [W, d] (row ``i`` multiplies ``x[t - i]``)."""
    conv = model.convs[stream] if stream in model.convs else None
    if conv is None:
        raise ValueError(f"stream {stream!r} has no convolution; convolved streams: {list(model.convs)}")
    W = conv.kernel_size[0]
    taps = torch.as_tensor(taps, dtype=conv.weight.dtype, device=conv.weight.device)
    if taps.shape != (W, conv.weight.shape[0]):
        raise ValueError(f"taps must have shape [W={W}, d={conv.weight.shape[0]}], got {tuple(taps.shape)}")
    with torch.no_grad():
        conv.weight.copy_(taps.T.flip(-1)[:, None, :])


def causal_filter(x: torch.Tensor, taps: torch.Tensor) -> torch.Tensor:
    """Reference causal filter: ``y[:, t] = sum_i taps[i] * x[:, t - i]`` (zero before 0).

    ``x`` [B, L, d]; ``taps`` [W, d] (depthwise) or [W] / [W, 1] (one scalar filter shared by all
    channels). Returns [B, L, d].
    """
    if taps.ndim == 1:
        taps = taps[:, None]
    W = taps.shape[0]
    if W < 1:
        raise ValueError("taps must have at least one row (window >= 1)")
    xp = F.pad(x, (0, 0, W - 1, 0))
    L = x.shape[1]
    return sum(taps[i] * xp[:, W - 1 - i: W - 1 - i + L] for i in range(W))


# ----------------------------------------------------------------------------------------------
# models
# ----------------------------------------------------------------------------------------------
PES = ("none", "rope", "ape")
STREAM_SETS = ("", "q", "k", "v", "qk", "qv", "kv", "qkv")


def rope(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Rotary position code on the last dimension of ``x`` [B, L, D] (D even), positions 0..L-1."""
    B, L, D = x.shape
    if D % 2:
        raise ValueError(f"RoPE needs an even width, got {D}")
    half = D // 2
    inv = base ** (-torch.arange(half, device=x.device, dtype=x.dtype) / half)
    ang = torch.arange(L, device=x.device, dtype=x.dtype)[:, None] * inv[None, :]
    cos, sin = ang.cos(), ang.sin()
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)


class PositionalAttention(OneLayerAttention):
    """:class:`OneLayerAttention` (separate Q/K, factorized OV, softmax, causal) plus a position code.

    ``pe="rope"`` rotates queries and keys; ``pe="ape"`` adds a learned table [max_len, d] to the
    embeddings (sequences longer than ``max_len`` raise ``ValueError``); ``pe="none"`` reproduces
    the parent exactly. Forward: tokens [B, L] -> logits [B, L, V] (and weights [B, L, L]).
    """

    def __init__(self, pe: str, **options: Any):
        if pe not in PES:
            raise ValueError(f"pe={pe!r}: allowed {list(PES)}")
        cfg = make_config(**options)
        if cfg.qk != "separate" or cfg.ov != "factorized" or cfg.attention != "softmax" or not cfg.causal:
            raise ValueError("PositionalAttention needs qk='separate', ov='factorized', softmax, causal")
        super().__init__(cfg)
        self.pe = pe
        if pe == "ape":
            self.ape = nn.Parameter(0.02 * torch.randn(cfg.max_len, self.d, device=self.device, dtype=cfg.dtype))

    def forward(self, tokens: torch.Tensor, last_only: bool = False, return_weights: bool = False):
        if last_only:
            raise ValueError("PositionalAttention does not support last_only")
        if not isinstance(tokens, torch.Tensor) or tokens.ndim != 2:
            raise ValueError("tokens must be an integer tensor of shape [B, T]")
        T = tokens.shape[1]
        tokens = tokens.to(self.device)
        X = self.E[tokens]
        if self.pe == "ape":
            if T > self.cfg.max_len:
                raise ValueError(f"sequence length {T} exceeds the APE table ({self.cfg.max_len} positions)")
            X = X + self.ape[:T]
        Xq, Xk, Xv = (self._conv(s, X) for s in CONV_STREAMS)
        Q, K = Xq @ self.W_Q.T, Xk @ self.W_K.T
        if self.pe == "rope":
            Q, K = rope(Q), rope(K)
        S = (Q @ K.transpose(1, 2)) * self.score_scale
        future = torch.ones(T, T, dtype=torch.bool, device=self.device).triu(1)
        A = torch.softmax(S.masked_fill(future, float("-inf")), dim=-1)
        out = ((A @ Xv) @ self.W_V.T) @ self.W_O.T
        return (out, A) if return_weights else out


def make_recall_model(vocab: int, d_model: int, conv: str = "qkv", window: int = 3, pe: str = "none",
                      max_len: int = 64, seed: int = 0, device: Any = "auto", tap_noise: float = 0.02):
    """One attention layer for recall tasks.

    ``conv``: streams with a causal depthwise filter of ``window`` taps (``"qkv"``, ``"k"``, ``""``
    for none ...), initialised near identity (tap 0 = 1, every tap + N(0, tap_noise²)). ``pe``:
    ``"none"`` (CAT / NoPE: a :class:`OneLayerAttention` from ``model.py``), ``"rope"`` or ``"ape"``
    (:class:`PositionalAttention`). Returns the module on ``device`` ("auto": CUDA when present).
    """
    vocab, d_model, window = _int("vocab", vocab), _int("d_model", d_model), _int("window", window)
    if conv not in STREAM_SETS:
        raise ValueError(f"conv={conv!r}: allowed {list(STREAM_SETS)}")
    if pe not in PES:
        raise ValueError(f"pe={pe!r}: allowed {list(PES)}")
    opts = dict(vocab_size=vocab, d_model=d_model, embedding="learned", qk="separate", ov="factorized",
                n_out=vocab, conv_window={s: window for s in conv} or None, max_len=max_len, seed=seed,
                device=device)
    model = OneLayerAttention(make_config(**opts)) if pe == "none" else PositionalAttention(pe, **opts)
    gen = torch.Generator().manual_seed(seed + 7919)
    for s in conv:
        taps = tap_noise * torch.randn(window, model.d, generator=gen)
        taps[0] += 1.0
        set_taps(model, s, taps)
    return model


def _ssm_chunk_scan(log_a: torch.Tensor, b: torch.Tensor, chunk: int) -> torch.Tensor:
    """h_t = exp(log_a_t) h_{t-1} + b_t, h_{-1} = 0, over dim 1 of [B, L, E, N], chunk by chunk.

    Inside a chunk h_t = exp(S_t) (h_0 + sum_{s<=t} exp(-S_s) b_s), S = cumsum(log_a); log_a must be
    clamped (>= -10 per step) so exp(-S) stays finite in float32 for chunks of <= 8.
    """
    B, L, E, N = b.shape
    h0 = torch.zeros(B, E, N, dtype=b.dtype, device=b.device)
    outs = []
    for s in range(0, L, chunk):
        la, bb = log_a[:, s: s + chunk], b[:, s: s + chunk]
        S = la.cumsum(1)
        h = S.exp() * (h0[:, None] + ((-S).exp() * bb).cumsum(1))
        outs.append(h)
        h0 = h[:, -1]
    return torch.cat(outs, dim=1)


def ssm_naive_scan(log_a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Reference sequential scan for :func:`_ssm_chunk_scan` (same shapes)."""
    h = torch.zeros_like(b[:, 0])
    outs = []
    for t in range(b.shape[1]):
        h = log_a[:, t].exp() * h + b[:, t]
        outs.append(h)
    return torch.stack(outs, dim=1)


class SSMModel(nn.Module):
    """Embedding -> x + SelectiveSSM(LN(x)) -> LN -> linear head; tokens [B, L] -> logits [B, L, V].

    The block: in-projection to two halves u, z [B, L, E] (E = expand·d); u -> causal depthwise
    filter (width 4) -> SiLU; Δ = softplus(Linear(u)) [B, L, E], B_t, C_t = Linear(u) [B, L, N];
    A = -exp(A_log) [E, N]; h_t = exp(Δ_t A) h_{t-1} + Δ_t B_t u_t; y_t = C_t·h_t + D u_t;
    y·SiLU(z) -> out-projection. The scan runs in chunks of ``chunk`` (<= 8) steps.
    """

    def __init__(self, vocab: int, d_model: int = 64, state: int = 8, expand: int = 1, conv_width: int = 4,
                 chunk: int = 8, seed: int = 0, device: Any = "auto"):
        super().__init__()
        vocab, d, N = _int("vocab", vocab), _int("d_model", d_model), _int("state", state)
        E = _int("expand", expand) * d
        self.chunk = _int("chunk", chunk)
        if self.chunk > 8:
            raise ValueError(f"chunk={chunk}: must be <= 8 (float32 range of the in-chunk scan)")
        g = torch.Generator().manual_seed(seed)
        torch_state = torch.random.get_rng_state()
        torch.manual_seed(seed)
        self.emb = nn.Embedding(vocab, d)
        self.norm, self.norm_f = nn.LayerNorm(d), nn.LayerNorm(d)
        self.in_proj = nn.Linear(d, 2 * E, bias=False)
        self.conv_taps = nn.Parameter(0.1 * torch.randn(_int("conv_width", conv_width), E, generator=g))
        with torch.no_grad():
            self.conv_taps[0] += 1.0
        self.dt_proj = nn.Linear(E, E)
        with torch.no_grad():  # Δ initially in [1e-3, 1e-1]
            dt = torch.exp(torch.rand(E, generator=g) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
            self.dt_proj.bias.copy_(dt + torch.log(-torch.expm1(-dt)))
        self.B_proj, self.C_proj = nn.Linear(E, N, bias=False), nn.Linear(E, N, bias=False)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, N + 1, dtype=torch.float32)).repeat(E, 1))
        self.D = nn.Parameter(torch.ones(E))
        self.out_proj = nn.Linear(E, d, bias=False)
        self.head = nn.Linear(d, vocab, bias=False)
        torch.random.set_rng_state(torch_state)
        self.to(resolve_device(device))

    @property
    def device(self) -> torch.device:
        return self.D.device

    def forward(self, tokens: torch.Tensor, naive: bool = False) -> torch.Tensor:
        x = self.emb(tokens.to(self.device))
        u, z = self.in_proj(self.norm(x)).chunk(2, dim=-1)
        u = F.silu(causal_filter(u, self.conv_taps))
        dt = F.softplus(self.dt_proj(u))  # [B, L, E]
        A = -self.A_log.exp()  # [E, N]
        log_a = (dt[..., None] * A).clamp(min=-10.0)
        b = (dt * u)[..., None] * self.B_proj(u)[:, :, None, :]
        h = ssm_naive_scan(log_a, b) if naive else _ssm_chunk_scan(log_a, b, self.chunk)
        y = (h * self.C_proj(u)[:, :, None, :]).sum(-1) + self.D * u
        y = self.out_proj(y * F.silu(z))
        return self.head(self.norm_f(x + y))


def make_model(kind: str, vocab: int, d_model: int, window: int = 3, max_len: int = 64, seed: int = 0,
               device: Any = "auto") -> nn.Module:
    """Model by name: ``"cat"`` (conv on QKV), ``"cat-q"``/``"cat-k"``/``"cat-v"`` (one stream),
    ``"nope"``, ``"rope"``, ``"ape"`` (attention without convolution) or ``"ssm"``."""
    if kind == "ssm":
        return SSMModel(vocab, d_model, seed=seed, device=device)
    table = {"cat": ("qkv", "none"), "cat-q": ("q", "none"), "cat-k": ("k", "none"), "cat-v": ("v", "none"),
             "nope": ("", "none"), "rope": ("", "rope"), "ape": ("", "ape")}
    if kind not in table:
        raise ValueError(f"kind={kind!r}: allowed {list(table) + ['ssm']}")
    conv, pe = table[kind]
    return make_recall_model(vocab, d_model, conv=conv, window=window, pe=pe, max_len=max_len, seed=seed,
                             device=device)


# ----------------------------------------------------------------------------------------------
# hand-built construction
# ----------------------------------------------------------------------------------------------
def hand_built_cat(beta: float, vocab: int, device: Any = "cpu") -> OneLayerAttention:
    """The exact CAT construction (no training): one-hot embedding (d = V), window-2 filters with
    Q and V = identity (tap 0) and K = shift by one (tap 1), W_Q = W_K = beta·I, score scale 1, value
    = embedding, identity head. Output [B, L, V] = attention mass on each token; float64.
    """
    if not (isinstance(beta, (int, float)) and beta > 0):
        raise ValueError(f"beta={beta!r}: must be a positive number")
    vocab = _int("vocab", vocab, 2)
    m = OneLayerAttention(make_config(vocab_size=vocab, embedding="onehot", qk="separate", ov="identity",
                                      score_scale=1.0, conv_window={"q": 2, "k": 2, "v": 2},
                                      dtype=torch.float64, device=device))
    eye = torch.eye(vocab, dtype=torch.float64)
    with torch.no_grad():
        m.W_Q.copy_(beta * eye)
        m.W_K.copy_(beta * eye)
    one, zero = torch.ones(vocab), torch.zeros(vocab)
    set_taps(m, "q", torch.stack([one, zero]))
    set_taps(m, "k", torch.stack([zero, one]))
    set_taps(m, "v", torch.stack([one, zero]))
    return m


def hand_built_correct(inputs: np.ndarray, labels: np.ndarray, beta: float) -> np.ndarray:
    """Closed-form correctness of :func:`hand_built_cat` at every labelled position (flat bool).

    At a query the correct value has attention mass ∝ e^{β²}, every other token u ∝ its count c_u
    among positions <= t, so the argmax is right iff ``max_{u != label} c_u < e^{β²}``. With zero
    filler the largest count is the number of filler tokens F_t, giving the rule F_t < e^{β²}.
    Positions are taken row by row in order (the order of ``labels != -100``).
    """
    x, y = np.asarray(inputs), np.asarray(labels)
    thr = math.exp(beta ** 2)
    out = []
    for b, t in zip(*np.nonzero(y != IGNORE)):
        counts = np.bincount(x[b, : t + 1])
        if y[b, t] < len(counts):
            counts[y[b, t]] = 0
        out.append(counts.max() < thr)
    return np.array(out, dtype=bool)


def hand_built_sweep(betas: Sequence[float], lengths: Sequence[int], num_kv: int = 8, vocab: int = 128,
                     tokens: int = 8192, seed: int = 0, device: Any = "cpu") -> dict:
    """Accuracy of :func:`hand_built_cat` on zero-filler MQAR vs length, measured and predicted.

    For each length ``L`` about ``tokens / L`` sequences (at least 4) are drawn once and shared by all
    ``betas``. Returns ``{"measured": [n_beta, n_L], "predicted": [n_beta, n_L], "agree": [n_beta, n_L]
    (bool: per-query measured correctness equals the closed form everywhere), "n_queries": [n_L]}``.
    """
    meas = np.zeros((len(betas), len(lengths)))
    pred, agree = np.zeros_like(meas), np.zeros(meas.shape, dtype=bool)
    nq = []
    models = [hand_built_cat(b, vocab, device) for b in betas]
    for j, L in enumerate(lengths):
        x, y = mqar(np.random.default_rng(seed + j), max(4, tokens // _int("length", L)), L, num_kv, vocab)
        mask = y != IGNORE
        nq.append(int(mask.sum()))
        for i, (beta, m) in enumerate(zip(betas, models)):
            with torch.no_grad():
                out = m(torch.from_numpy(x))
            got = out[torch.from_numpy(mask).to(out.device)].argmax(-1).cpu().numpy() == y[mask]
            rule = hand_built_correct(x, y, beta)
            meas[i, j], pred[i, j], agree[i, j] = got.mean(), rule.mean(), bool((got == rule).all())
    return {"measured": meas, "predicted": pred, "agree": agree, "n_queries": nq}


# ----------------------------------------------------------------------------------------------
# training and evaluation
# ----------------------------------------------------------------------------------------------
def train(model: nn.Module, sampler: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]],
          steps: int, lr: float, batch: int, seed: int, weight_decay: float = 0.1, warmup: float = 0.1
          ) -> dict:
    """AdamW + OneCycle (``warmup`` share of steps rising), fresh batches from ``sampler(rng, batch)``.

    Cross-entropy over labelled positions only. Returns ``{"loss": [steps] floats, "acc": [steps]
    batch accuracy on labelled positions, "seconds": wall time}``.
    """
    steps, batch, seed = _int("steps", steps), _int("batch", batch), _int("seed", seed, 0)
    if not lr > 0:
        raise ValueError(f"lr={lr!r}: must be positive")
    rng = np.random.default_rng(seed)
    dev = next(model.parameters()).device
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=warmup)
    losses, accs = [], []
    t0 = time.perf_counter()
    model.train()
    for _ in range(steps):
        x, y = sampler(rng, batch)
        x, y = torch.from_numpy(x).to(dev), torch.from_numpy(y).to(dev)
        mask = y != IGNORE
        logits = model(x)[mask]
        target = y[mask]
        loss = F.cross_entropy(logits, target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        losses.append(float(loss.detach()))
        accs.append(float((logits.argmax(-1) == target).float().mean()))
    return {"loss": losses, "acc": accs, "seconds": time.perf_counter() - t0}


@torch.no_grad()
def evaluate(model: nn.Module, sampler: Callable, n_seqs: int, seed: int, batch: int = 32,
             value_mass: bool = False) -> dict:
    """Argmax accuracy over all labelled positions of ``n_seqs`` sequences from ``sampler``.

    Returns ``{"acc": float, "correct": bool array per labelled position}``; with ``value_mass``
    (MQAR only) also ``"value_mass"``: mean attention weight a query puts on the position right
    after its key's first occurrence (the value). An APE model on a too-long sequence gives NaN.
    """
    n_seqs, batch = _int("n_seqs", n_seqs), _int("batch", batch)
    rng = np.random.default_rng(seed)
    dev = next(model.parameters()).device
    model.eval()
    correct, masses = [], []
    for s in range(0, n_seqs, batch):
        x, y = sampler(rng, min(batch, n_seqs - s))
        xt, yt = torch.from_numpy(x).to(dev), torch.from_numpy(y).to(dev)
        try:
            if value_mass:
                out, A = model(xt, return_weights=True)
            else:
                out = model(xt)
        except ValueError:
            if isinstance(model, PositionalAttention) and model.pe == "ape":
                return {"acc": float("nan"), "correct": np.zeros(0, dtype=bool)}
            raise
        mask = yt != IGNORE
        correct.append((out[mask].argmax(-1) == yt[mask]).cpu().numpy())
        if value_mass:
            b_idx, t_idx = np.nonzero(y != IGNORE)
            key = x[b_idx, t_idx]
            first = np.argmax(x[b_idx] == key[:, None], axis=1)  # first occurrence of the query key
            masses.append(A[torch.from_numpy(b_idx), torch.from_numpy(t_idx), torch.from_numpy(first + 1)].cpu().numpy())
    correct = np.concatenate(correct)
    res = {"acc": float(correct.mean()), "correct": correct}
    if value_mass:
        res["value_mass"] = float(np.concatenate(masses).mean())
    return res


def run_job(spec: dict) -> dict:
    """Train and test one model; ``spec`` and the result are plain dicts (picklable, JSON-able).

    ``spec`` keys: ``task`` ("mqar", "nar" or "sc"), ``kind`` (see :func:`make_model`), ``seed``, ``steps``,
    ``lr``, ``batch``, ``weight_decay``, ``warmup``, ``d_model``, ``window``, ``device``; ``task="sc"``
    (selective copying) takes ``vocab``, ``train_len``, ``num_tokens``, ``test_lens``, ``n_test``; for MQAR
    ``vocab``, ``train_len``, ``train_pairs``, ``test_grid`` [(L, n), ...], ``n_test``,
    ``n_test_long``, ``long_from``; for NAR ``vocab``, ``train_len``, ``order``, ``test_lens``,
    ``n_test``. Result: ``loss`` [steps], ``test`` [accuracy per test point], ``taps`` {stream: [W]
    mean |tap| per offset}, ``value_mass`` (MQAR, at the training length), ``seconds`` (training wall time),
    ``cpu_seconds`` (CPU time of the whole job) and, with ``return_state``, the trained ``state`` dict.
    """
    cpu0 = time.process_time()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(spec["seed"])
    task = spec["task"]
    dev = spec.get("device", "cpu")
    if task == "mqar":
        V = spec["vocab"]
        sampler = lambda r, b, L=spec["train_len"], n=spec["train_pairs"]: mqar(r, b, L, n, V)
        model_vocab = V
    elif task == "nar":
        V = spec["vocab"]
        sampler = lambda r, b, L=spec["train_len"], N=spec["order"]: ngram_recall(r, b, L, N, V)
        model_vocab = V + 1
    elif task == "sc":
        V = spec["vocab"]
        sampler = lambda r, b, L=spec["train_len"], S=spec["num_tokens"]: selective_copy(r, b, L, S, V)
        model_vocab = V
    else:
        raise ValueError(f"task={task!r}: allowed 'mqar', 'nar', 'sc'")
    model = make_model(spec["kind"], model_vocab, spec["d_model"], window=spec.get("window", 3),
                       max_len=spec["train_len"], seed=spec["seed"], device=dev)
    hist = train(model, sampler, spec["steps"], spec["lr"], spec["batch"], seed=1000 + spec["seed"],
                 weight_decay=spec.get("weight_decay", 0.1), warmup=spec.get("warmup", 0.1))
    out = {"spec": spec, "loss": hist["loss"], "train_acc": hist["acc"], "seconds": hist["seconds"]}
    test_seed = 10**6 + spec["seed"]
    tests = []
    if task == "mqar":
        attn = spec["kind"] != "ssm"
        for i, (L, n) in enumerate(spec["test_grid"]):
            ns = spec["n_test_long"] if L >= spec["long_from"] else spec["n_test"]
            r = evaluate(model, lambda rr, b, L=L, n=n: mqar(rr, b, L, n, V), ns, test_seed + i,
                         batch=16 if L >= 512 else 64, value_mass=attn and i == 0)
            tests.append(r["acc"])
            if i == 0 and attn:
                out["value_mass"] = r["value_mass"]
    elif task == "nar":
        for i, L in enumerate(spec["test_lens"]):
            r = evaluate(model, lambda rr, b, L=L: ngram_recall(rr, b, L, spec["order"], V), spec["n_test"],
                         test_seed + i, batch=128)
            tests.append(r["acc"])
    else:
        for i, L in enumerate(spec["test_lens"]):
            r = evaluate(model, lambda rr, b, L=L: selective_copy(rr, b, L, spec["num_tokens"], V), spec["n_test"],
                         test_seed + i, batch=32)
            tests.append(r["acc"])
    out["test"] = tests
    if isinstance(model, OneLayerAttention):
        out["taps"] = {s: get_taps(model, s).abs().mean(1).tolist() for s in model.convs}
    out["cpu_seconds"] = time.process_time() - cpu0
    if spec.get("return_state"):
        out["state"] = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    return out


def run_jobs(specs: Sequence[dict], workers: int = 2) -> list[dict]:
    """Run :func:`run_job` over ``specs`` (in order) in ``workers`` spawned processes of one thread
    each (``workers=1``: in this process). Results do not depend on the number of workers."""
    workers = _int("workers", workers)
    if workers == 1 or len(specs) <= 1:
        return [run_job(s) for s in specs]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as ex:
        return list(ex.map(run_job, specs))


def jump_step(batch_acc: Sequence[float], level: float = 0.9, window: int = 10) -> int | None:
    """First step at which the ``window``-step running mean of training batch accuracy reaches
    ``level`` (the end of the loss plateau), or ``None`` if it never does."""
    a = np.asarray(batch_acc, dtype=float)
    window = _int("window", window)
    if a.size < window:
        return None
    run = np.convolve(a, np.ones(window) / window, mode="valid")
    hit = np.nonzero(run >= level)[0]
    return int(hit[0] + window - 1) if hit.size else None


def converged(result: dict, threshold: float = 0.95) -> bool:
    """Whether a run left its plateau: test accuracy at the training length >= ``threshold``."""
    return bool(result["test"][0] >= threshold)


def plateau_hint(result: dict) -> str:
    """One line naming lr and steps for a run that ended on its loss plateau."""
    s = result["spec"]
    return (f"{s['kind']} seed {s['seed']} ended at loss {result['loss'][-1]:.2f} (lr={s['lr']}, steps={s['steps']}): "
            f"still on the plateau; raise steps or lr before reading this run as evidence")
