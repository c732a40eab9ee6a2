"""Argument checks and small array helpers shared by the sonic-mapping modules."""

from __future__ import annotations

import numpy as np

from shared.repro.validate import positive_float
from shared.repro.validate import positive_int


def _check_velocity(
    v: np.ndarray, name: str = "v", allow_zero: bool = False
) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    if v.ndim != 3 or len(set(v.shape)) != 1:
        raise ValueError(f"{name} must be a cubic (n, n, n) array, got shape {v.shape}")
    if allow_zero:
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            raise ValueError(
                f"{name} must be finite and non-negative (m/s; 0 = cell carries no "
                "wave)"
            )
    elif not np.all(np.isfinite(v)) or np.any(v <= 0):
        raise ValueError(f"{name} must be finite and strictly positive (m/s)")
    return v


def _slowness(v: np.ndarray) -> np.ndarray:
    """1 / v with +inf where v = 0 (a cell that carries no wave)."""
    with np.errstate(divide="ignore"):
        return 1.0 / v


def _check_grid(n: int, grid: int) -> None:
    positive_int("grid", grid)
    if n % grid:
        raise ValueError(
            f"n = {n} voxels is not divisible by grid = {grid}; "
            "choose n a multiple of grid"
        )


def _check_L(L: float) -> float:
    """The cube side in mm, a finite positive number."""
    return positive_float("L", L)


def _block_mean(a: np.ndarray, f: int) -> np.ndarray:
    n = a.shape[0]
    m = n // f
    return a.reshape(m, f, m, f, m, f).mean(axis=(1, 3, 5))
