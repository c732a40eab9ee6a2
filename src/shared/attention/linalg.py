"""Small matrix helpers shared by the attention chapters."""

from __future__ import annotations

import numpy as np

__all__ = ["cosine"]


def cosine(A, B):
    """Uncentred Frobenius cosine ``⟨A, B⟩_F / (‖A‖_F ‖B‖_F)`` over the last two axes.

    ``A`` and ``B``: arrays of shapes ``(..., m, n)`` with the same matrix shape and
    broadcastable stacks (a stack against one matrix works). Returns a float for a pair
    of matrices and an array of the broadcast stack shape otherwise; NaN where either
    matrix is zero. Raises ``ValueError`` when the shapes do not fit.
    """
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    try:
        ok = A.ndim >= 2 and B.ndim >= 2 and A.shape[-2:] == B.shape[-2:]
        ok = ok and bool(np.broadcast_shapes(A.shape, B.shape))
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(
            f"cosine: needs matrices of equal shapes (..., m, n); got shapes "
            f"{A.shape} and {B.shape}"
        )
    num = (A * B).sum(axis=(-2, -1))
    den = np.linalg.norm(A, axis=(-2, -1)) * np.linalg.norm(B, axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return float(out) if out.ndim == 0 else out
