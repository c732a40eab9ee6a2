"""Truth summaries, map metrics and analytic reference values for the sonic maps."""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from scipy import stats

from ._checks import _block_mean
from ._checks import _check_grid
from ._checks import _check_velocity
from .cube import Cube
from .mapping import RULES
from .mapping import ray_matrix_rank_formula


def block_average(v: np.ndarray, grid: int = 3, mean: str = "harmonic") -> np.ndarray:
    """Block means of a (n, n, n) field over a grid^3 partition: (grid, grid, grid).

    ``mean="harmonic"`` averages slowness (velocities), ``"arithmetic"`` averages
    values.
    """
    v = np.asarray(v, dtype=np.float64)
    if v.ndim != 3 or len(set(v.shape)) != 1:
        raise ValueError(f"field must be a cubic (n, n, n) array, got shape {v.shape}")
    _check_grid(v.shape[0], grid)
    f = v.shape[0] // grid
    if mean == "arithmetic":
        return _block_mean(v, f)
    if mean == "harmonic":
        v = _check_velocity(v)
        return 1.0 / _block_mean(1.0 / v, f)
    raise ValueError(f"unknown mean {mean!r}; allowed ('harmonic', 'arithmetic')")


def upsample_blocks(b: np.ndarray, n: int) -> np.ndarray:
    """Repeat (g, g, g) block values to an (n, n, n) voxel array (n divisible by g)."""
    b = np.asarray(b)
    g = b.shape[0]
    _check_grid(n, g)
    f = n // g
    return np.repeat(np.repeat(np.repeat(b, f, 0), f, 1), f, 2)


def smooth_truth(v: np.ndarray, width: int, mean: str = "harmonic") -> np.ndarray:
    """Footprint-scale truth, (n, n, n) m/s.

    ``mean="harmonic"``: 1 / uniform_filter(1/v, size=width, mode="nearest")
    (travel-time average); ``"arithmetic"``: uniform_filter(v), used for fields with
    zero cells (S waves: an open crack has Vs = 0 and the harmonic mean of any window
    touching it would be 0).
    """
    if mean not in ("harmonic", "arithmetic"):
        raise ValueError(f"unknown mean {mean!r}; allowed ('harmonic', 'arithmetic')")
    v = _check_velocity(v, allow_zero=mean == "arithmetic")
    if not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(
            f"width must be a positive integer number of voxels, got {width!r}"
        )
    if mean == "arithmetic":
        return ndimage.uniform_filter(v, size=int(width), mode="nearest")
    return 1.0 / ndimage.uniform_filter(1.0 / v, size=int(width), mode="nearest")


def interior_mask(n: int, frac: float = 1.0 / 6.0) -> np.ndarray:
    """Boolean (n, n, n) mask of voxels whose centres lie in [frac L, (1 - frac)
    L]^3."""
    x = (np.arange(n) + 0.5) / n
    m1 = (x >= frac) & (x <= 1 - frac)
    return m1[:, None, None] & m1[None, :, None] & m1[None, None, :]


def map_metrics(
    est: np.ndarray,
    truth: np.ndarray,
    mask: np.ndarray | None = None,
    spearman: bool = True,
) -> dict:
    """Pearson r, Spearman rho and RMSE (units of the inputs) over the (optionally
    masked) voxels.

    A constant estimate has no defined correlation: r and rho are NaN then.
    ``spearman=False`` skips the (slower) rank correlation and returns NaN for it.
    """
    est = np.asarray(est, dtype=np.float64)
    truth = np.asarray(truth, dtype=np.float64)
    if est.shape != truth.shape:
        raise ValueError(f"shapes differ: estimate {est.shape} vs truth {truth.shape}")
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != est.shape:
            raise ValueError(f"mask shape {mask.shape} must equal {est.shape}")
        est, truth = est[mask], truth[mask]
    else:
        est, truth = est.ravel(), truth.ravel()
    if est.size < 3:
        raise ValueError("need at least 3 voxels for metrics")
    rmse = float(np.sqrt(np.mean((est - truth) ** 2)))
    if np.ptp(est) == 0 or np.ptp(truth) == 0:
        return {"pearson": float("nan"), "spearman": float("nan"), "rmse": rmse}
    rho = float(stats.spearmanr(est, truth)[0]) if spearman else float("nan")
    return {
        "pearson": float(np.corrcoef(est, truth)[0, 1]),
        "spearman": rho,
        "rmse": rmse,
    }


def reference_fields(cube: Cube, wave: str = "vp", width: int | None = None) -> dict:
    """Truths a 3D map is compared with, each (n, n, n).

    ``voxel``: the velocity field itself; ``footprint``: 1 / box-filtered slowness over
    ``width`` voxels (default n // 3, the footprint side), or the box-filtered velocity
    when the field has zero cells (Vs of open cracks); ``ct``: the CT proxy;
    ``ct_footprint``: the CT proxy box-filtered over the same width. ``wave`` is
    ``"vp"`` or ``"vs"``.
    """
    if wave not in ("vp", "vs"):
        raise ValueError(f"wave must be 'vp' or 'vs', got {wave!r}")
    v = getattr(cube, wave)
    w = cube.n // 3 if width is None else width
    mean = "arithmetic" if np.any(v == 0) else "harmonic"
    return {
        "voxel": v,
        "footprint": smooth_truth(v, w, mean),
        "ct": cube.ct,
        "ct_footprint": ndimage.uniform_filter(cube.ct, size=w, mode="nearest"),
    }


def score_map(v3d: np.ndarray, refs: dict, interior: np.ndarray | None = None) -> dict:
    """Pearson r of a 3D map against each reference of :func:`reference_fields`.

    Returns {"<ref>": r, "<ref>_interior": r on the ``interior`` mask (if given),
    "rmse_footprint": m/s}.
    """
    out = {}
    for name, ref in refs.items():
        out[name] = map_metrics(v3d, ref, spearman=False)["pearson"]
        if interior is not None:
            out[name + "_interior"] = map_metrics(v3d, ref, interior, spearman=False)[
                "pearson"
            ]
    if "footprint" in refs:
        out["rmse_footprint"] = map_metrics(v3d, refs["footprint"], spearman=False)[
            "rmse"
        ]
    return out


def layered_expectation(layers: tuple, rule: str = "arithmetic") -> dict:
    """Predictions for a cube of three z-layers (velocities ``layers``, m/s) aligned
    with the thirds.

    Returns {"X": (3, 3), "Y": (3, 3), "Z": (3, 3), "blocks": (3, 3, 3)} for straight
    rays with nearest maps: X and Y maps show each layer, the Z map is flat at the
    harmonic mean V_h, and the block (i, j, k) value is (2 v_k + V_h) / 3 (arithmetic)
    or 3 / (2 / v_k + 1 / V_h) (harmonic).
    """
    v = np.asarray(layers, dtype=np.float64)
    if v.shape != (3,) or np.any(v <= 0):
        raise ValueError("layers must be three positive velocities")
    vh = 3.0 / np.sum(1.0 / v)
    XY = np.tile(v, (3, 1))  # (r, c) with c the z-third
    Z = np.full((3, 3), vh)
    vk = v[None, None, :]
    blocks = (2 * vk + vh) / 3 if rule == "arithmetic" else 3.0 / (2.0 / vk + 1.0 / vh)
    return {
        "X": XY,
        "Y": XY.copy(),
        "Z": Z,
        "blocks": np.broadcast_to(blocks, (3, 3, 3)).copy(),
    }


def slow_block_expectation(
    v_b: float, v_s: float, block: tuple, rule: str = "arithmetic"
) -> dict:
    """Predictions for a background ``v_b`` with one slow block ``v_s`` at ``block``
    (i, j, k), g = 3.

    Each ray through the block crosses three blocks in series: V_ray = 3 / (2 / v_b + 1
    / v_s). Nearest-map 3D block values: V_ray at the block (all three rays), "cross"
    blocks sharing one ray get (2 v_b + V_ray) / 3 (arithmetic) or 3 / (2 / v_b + 1 /
    V_ray) (harmonic), the rest v_b. LSQ recovers the fraction 19/27 of the slowness
    contrast at the block (diagonal of the projector onto the row space, identical for
    every block). Returns dict with "v_ray", "blocks" (3, 3, 3), "lsq_block" and
    "slowness_fraction_avg" (= 1/3).
    """
    if v_b <= 0 or v_s <= 0:
        raise ValueError("velocities must be positive")
    i, j, k = block
    vr = 3.0 / (2.0 / v_b + 1.0 / v_s)
    if rule == "arithmetic":
        cross = (2 * v_b + vr) / 3
    elif rule == "harmonic":
        cross = 3.0 / (2.0 / v_b + 1.0 / vr)
    else:
        raise ValueError(f"unknown rule {rule!r}; allowed {RULES}")
    B = np.full((3, 3, 3), float(v_b))
    B[:, j, k] = cross
    B[i, :, k] = cross
    B[i, j, :] = cross
    B[i, j, k] = vr
    frac = ray_matrix_rank_formula(3) / 27.0
    s_lsq = 1.0 / v_b + frac * (1.0 / v_s - 1.0 / v_b)
    return {
        "v_ray": vr,
        "blocks": B,
        "lsq_block": 1.0 / s_lsq,
        "slowness_fraction_avg": 1.0 / 3.0,
        "slowness_fraction_lsq": frac,
    }
