"""Synthetic recall tasks of the ``cat`` chapter (NumPy generators, int64 arrays).

Shapes: ``B`` batch, ``L`` sequence length, ``V`` vocabulary. Labels are ``-100``
(:data:`IGNORE`) wherever nothing is asked.

* :func:`mqar` -- multi-query associative recall with the Zoology benchmark's semantics
  (keys from ``1..V/2-1``, values from ``V/2..V-1``, queries at even offsets with
  power-law gaps);
* :func:`associative_recall` -- ``n`` pairs then one query key at the last position;
* :func:`ngram_recall` -- N-gram recall: the last ``N`` tokens occur exactly once
  earlier and the answer is the token that followed them; :func:`suffix_oracle` is the
  best a layer that sees only a ``W - 1``-token suffix can do on it;
* :func:`selective_copy` -- data tokens scattered among noise, copied in order after a
  separator.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared.repro.validate import positive_int as _int

IGNORE = -100


def _rng(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}"
        )
    return rng


FILLERS = ("zero", "random", "disjoint")


def _draw_pairs(
    rng: np.random.Generator, batch: int, num_kv: int, vocab: int
) -> tuple[np.ndarray, np.ndarray]:
    """Keys [B, n] distinct in 1..V/2-1 and values [B, n] distinct in V/2..V-1 (per
    row)."""
    half = vocab // 2
    keys = np.argsort(rng.random((batch, half - 1)), axis=1)[:, :num_kv] + 1
    values = np.argsort(rng.random((batch, vocab - half)), axis=1)[:, :num_kv] + half
    return keys.astype(np.int64), values.astype(np.int64)


def _check_pairs(num_kv: int, vocab: int) -> None:
    if vocab // 2 - 1 < num_kv:
        raise ValueError(
            f"vocab={vocab} is too small for num_kv={num_kv} distinct keys: keys come "
            "from 1..vocab/2-1, "
            f"so vocab must be >= {2 * (num_kv + 1)}"
        )


def mqar(
    rng: np.random.Generator,
    batch: int,
    seq_len: int,
    num_kv: int,
    vocab: int,
    power_a: float = 0.01,
    filler: str = "zero",
) -> tuple[np.ndarray, np.ndarray]:
    """Multi-query associative recall (Zoology semantics).

    Positions ``0..2n-1`` hold ``k1 v1 .. kn vn``; the query region (length ``L - 2n``)
    holds each key once at an even offset ``2g``, the gaps ``g`` drawn without
    replacement with probability proportional to ``g**(power_a - 1)`` (g = 1, 2, ...),
    so queries cluster near the pairs. The label at a query position is the value bound
    to its key. Requires ``4n <= L`` and ``2(n+1) <= V``. ``filler``: ``"zero"`` (token
    0) or ``"random"`` (uniform over the vocabulary).

    Returns ``inputs`` [B, L] and ``labels`` [B, L] (int64; ``-100`` except at queries).
    """
    # Deliberate repeat: argument checks laid out as in every generator of this module
    # (different arguments).
    rng = _rng(rng)
    batch, seq_len, num_kv, vocab = (
        _int(n, v)
        for n, v in (
            ("batch", batch),
            ("seq_len", seq_len),
            ("num_kv", num_kv),
            ("vocab", vocab),
        )
    )
    if filler not in FILLERS:
        raise ValueError(f"filler={filler!r}: allowed {list(FILLERS)}")
    if not (isinstance(power_a, (int, float)) and 0 < power_a <= 1):
        raise ValueError(f"power_a={power_a!r}: must be a number in (0, 1]")
    _check_pairs(num_kv, vocab)
    if 4 * num_kv > seq_len:
        raise ValueError(
            f"seq_len={seq_len} is too short for num_kv={num_kv}: need 4*num_kv <= "
            "seq_len"
        )
    keys, values = _draw_pairs(rng, batch, num_kv, vocab)
    ctx = 2 * num_kv
    if filler == "zero":
        inputs = np.zeros((batch, seq_len), dtype=np.int64)
    elif filler == "disjoint":
        used = np.zeros((batch, vocab), dtype=bool)
        rows = np.arange(batch)[:, None]
        used[rows, keys] = used[rows, values] = True
        # the free tokens of each row first, in random order
        free = np.argsort(rng.random((batch, vocab)) + used, axis=1)
        pick = rng.integers(0, vocab - 2 * num_kv, size=(batch, seq_len))
        inputs = np.take_along_axis(free, pick, axis=1).astype(np.int64)
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


def associative_recall(
    rng: np.random.Generator, batch: int, num_kv: int, vocab: int
) -> tuple[np.ndarray, np.ndarray]:
    """Single-query AR: ``k1 v1 .. kn vn q`` with ``q`` one of the keys (length ``2n +
    1``).

    Returns ``inputs`` and ``labels`` [B, 2n+1]; the only label is at the last position.
    """
    rng = _rng(rng)
    batch, num_kv, vocab = (
        _int("batch", batch),
        _int("num_kv", num_kv),
        _int("vocab", vocab),
    )
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


def ngram_recall(
    rng: np.random.Generator,
    batch: int,
    seq_len: int,
    order: int,
    vocab: int,
    max_tries: int = 200,
) -> tuple[np.ndarray, np.ndarray]:
    """N-gram associative recall over tokens ``1..V``.

    A random sequence; an anchor N-gram ending at ``p`` (with ``p + 1 < L - N``) is
    copied into the last ``N`` positions (the query); other occurrences of that N-gram
    ending before ``L - 1`` are destroyed by resampling their unprotected tokens. The
    label at position ``L - 1`` is ``x[p + 1]``; every other label is ``-100``. Needs
    ``L >= 2N + 2``.

    Returns ``inputs`` [B, L] (values in 1..V; the model's vocabulary is ``V + 1``),
    ``labels`` [B, L].
    """
    # Deliberate repeat: argument checks laid out as in every generator of this module
    # (different arguments).
    rng = _rng(rng)
    batch, seq_len, order, vocab = (
        _int("batch", batch),
        _int("seq_len", seq_len),
        _int("order", order),
        _int("vocab", vocab, 2),
    )
    if seq_len < 2 * order + 2:
        raise ValueError(
            f"seq_len={seq_len} is too short for order={order}: need seq_len >= "
            "2*order+2"
        )
    L, N = seq_len, order
    inputs = np.zeros((batch, L), dtype=np.int64)
    labels = np.full((batch, L), IGNORE, dtype=np.int64)
    for b in range(batch):
        for _ in range(max_tries):
            x = rng.integers(1, vocab + 1, size=L)
            p = int(rng.integers(N - 1, L - N - 1))  # anchor end; p + 1 <= L - N - 1
            x[L - N :] = x[p - N + 1 : p + 1]
            protected = np.zeros(L, dtype=bool)
            protected[p - N + 1 : p + 2] = True
            protected[L - N :] = True
            gram = x[L - N :].copy()
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
            raise RuntimeError(
                "ngram_recall could not build a sequence; increase seq_len or vocab"
            )
    return inputs, labels


def suffix_oracle(inputs: np.ndarray, labels: np.ndarray, window: int) -> np.ndarray:
    """Expected accuracy [B] of the idealised window-``W`` layer on :func:`ngram_recall`
    data.

    It attends uniformly to every position ``j < L - 1`` whose preceding ``W - 1``
    tokens equal the last ``W - 1`` tokens of the sequence and outputs ``x[j]``; its
    accuracy is the share of those positions whose token is the label (0 when there is
    none).
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
            suffix = x[b, L - m :]
            match = np.array(
                [np.array_equal(x[b, j - m : j], suffix) for j in cand], dtype=bool
            )
            cand = cand[match]
        if cand.size:
            out[b] = float(np.mean(x[b, cand] == y[b]))
    return out


def selective_copy(
    rng: np.random.Generator, batch: int, seq_len: int, num_tokens: int, vocab: int
) -> tuple[np.ndarray, np.ndarray]:
    """Selective copying: ``S`` data tokens (from ``3..V-1``) at random positions among
    noise tokens (1) in the first ``L - S`` positions, a separator (2) at ``L - S``,
    then teacher forcing.

    The label at position ``L - S + i`` is data token ``i`` (i = 0..S-1); the input at
    ``L - S + i + 1`` is data token ``i``. Needs ``vocab >= 4`` and ``2S <= L - S``.
    Returns ``inputs``, ``labels`` [B, L].
    """
    # Deliberate repeat: argument checks laid out as in every generator of this module
    # (different arguments).
    rng = _rng(rng)
    batch, seq_len, S, vocab = (
        _int("batch", batch),
        _int("seq_len", seq_len),
        _int("num_tokens", num_tokens),
        _int("vocab", vocab, 4),
    )
    ctx = seq_len - S
    if 2 * S > ctx:
        raise ValueError(
            f"seq_len={seq_len} is too short for num_tokens={S}: need 3*num_tokens <= "
            "seq_len"
        )
    data = rng.integers(3, vocab, size=(batch, S))
    pos = np.sort(np.argsort(rng.random((batch, ctx)), axis=1)[:, :S], axis=1)
    inputs = np.ones((batch, seq_len), dtype=np.int64)
    rows = np.arange(batch)[:, None]
    inputs[rows, pos] = data
    inputs[:, ctx] = 2
    inputs[:, ctx + 1 :] = data[:, :-1]
    labels = np.full((batch, seq_len), IGNORE, dtype=np.int64)
    labels[:, ctx:] = data
    return inputs, labels
