"""Named seed streams: independent random streams derived from a chapter's ``SEED``.

Seed arithmetic (``seed + 7919``, ``1000 + seed``, ``seed + i``) makes streams that
collide across chapters' loops and say nothing about their purpose. Here every stream
has a name::

    data_ss = stream(SEED, "data")            # a numpy.random.SeedSequence
    X = generator(data_ss).normal(size=(n, d))
    torch.manual_seed(int_seed(stream(SEED, "init")))
    for rep_ss in spawn(SEED, 3, "replicates"):  # per-replicate children
        ...

A name maps to a fixed spawn key (its CRC-32), so adding a stream never shifts another.
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["stream", "spawn", "int_seed", "generator", "torch_generator"]


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed={seed!r}: must be a non-negative integer")
    return int(seed)


def stream(seed: int, name: str) -> np.random.SeedSequence:
    """The stream called ``name`` under ``seed`` (the same pair always gives the same
    one)."""
    if not isinstance(name, str) or not name:
        raise ValueError(
            f"name={name!r}: a stream needs a non-empty name such as 'data'"
        )
    return np.random.SeedSequence(
        _check_seed(seed), spawn_key=(zlib.crc32(name.encode()),)
    )


def spawn(seed: int, n: int, name: str = "replicates") -> list[np.random.SeedSequence]:
    """``n`` independent children of stream ``name`` (one per replicate or seed of a
    claim)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n={n!r}: must be an integer >= 1")
    return stream(seed, name).spawn(int(n))


def int_seed(ss: np.random.SeedSequence) -> int:
    """A 63-bit integer seed drawn from ``ss``, for APIs that take ints
    (torch.manual_seed)."""
    return int(ss.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def generator(ss: np.random.SeedSequence) -> np.random.Generator:
    """A NumPy generator on ``ss``."""
    return np.random.default_rng(ss)


def torch_generator(ss: np.random.SeedSequence, device: str = "cpu"):
    """A :class:`torch.Generator` on ``device`` seeded from ``ss``."""
    import torch

    g = torch.Generator(device=device)
    g.manual_seed(int_seed(ss))
    return g
