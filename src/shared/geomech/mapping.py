"""2D maps, their interpolation, the averaged 3D map and the least-squares baseline."""

from __future__ import annotations

import numpy as np
from scipy.interpolate import RBFInterpolator
from scipy.interpolate import RectBivariateSpline
from scipy.interpolate import RegularGridInterpolator

from ._checks import _check_grid
from ._checks import _check_L
from .forward import AXES
from .forward import _to_axis_first

#: Interpolation schemes accepted by :func:`interpolate_map`.
SCHEMES = (
    "nearest",
    "linear",
    "spline2",
    "rbf_thin_plate_spline",
    "rbf_linear",
    "rbf_cubic",
    "rbf_quintic",
    "rbf_gaussian",
    "rbf_multiquadric",
    "rbf_inverse_multiquadric",
)
_SCALE_KERNELS = ("gaussian", "multiquadric", "inverse_multiquadric")
RULES = ("arithmetic", "harmonic")


def region_centres(L: float, grid: int) -> np.ndarray:
    """Region-centre coordinates along one face axis, (grid,) mm: (i + 1/2) L / grid."""
    return (np.arange(grid) + 0.5) * _check_L(L) / grid


def interpolate_map(
    m: np.ndarray,
    L: float,
    n: int,
    scheme: str = "rbf_thin_plate_spline",
    epsilon: float | None = None,
    spline_bbox: str = "nodes",
    xy: np.ndarray | None = None,
) -> np.ndarray:
    """Interpolate a (g, g) region map to the (n, n) face grid of voxel centres (mm
    coordinates).

    Schemes (see :data:`SCHEMES`): ``nearest`` (region blocks), ``linear``
    (RegularGridInterpolator with linear extrapolation), ``spline2``
    (RectBivariateSpline, kx = ky = 2; ``spline_bbox="nodes"`` clamps outside the node
    range, ``"cube"`` extrapolates quadratically), ``rbf_<kernel>`` (RBFInterpolator,
    smoothing 0). For the scale-dependent kernels (gaussian, multiquadric,
    inverse_multiquadric) ``epsilon`` defaults to g / L (1/mm) and a constant term is
    added (degree 0) so that constants are reproduced.

    ``xy`` (k, 2) optional evaluation points (mm) instead of the grid; returns (k,)
    then.
    """
    m = np.asarray(m, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] < 2:
        raise ValueError(
            f"map must be a square (g, g) array with g >= 2, got shape {m.shape}"
        )
    if not np.all(np.isfinite(m)):
        raise ValueError(
            "map values must be finite; replace missing picks first (fill_missing)"
        )
    g = m.shape[0]
    L = _check_L(L)
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; allowed {SCHEMES}")
    if xy is None:
        _check_grid(n, g)
        x = (np.arange(n) + 0.5) * L / n
        P = np.stack(np.meshgrid(x, x, indexing="ij"), -1).reshape(-1, 2)
    else:
        P = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    xc = region_centres(L, g)
    if scheme == "nearest":
        k = np.clip(np.floor(P / (L / g)).astype(int), 0, g - 1)
        out = m[k[:, 0], k[:, 1]]
    elif scheme == "linear":
        f = RegularGridInterpolator(
            (xc, xc), m, method="linear", bounds_error=False, fill_value=None
        )
        out = f(P)
    elif scheme == "spline2":
        if spline_bbox not in ("nodes", "cube"):
            raise ValueError(
                f"spline_bbox must be 'nodes' or 'cube', got {spline_bbox!r}"
            )
        bbox = [None] * 4 if spline_bbox == "nodes" else [0.0, L, 0.0, L]
        f = RectBivariateSpline(
            xc, xc, m, kx=min(2, g - 1), ky=min(2, g - 1), bbox=bbox
        )
        out = f(P[:, 0], P[:, 1], grid=False)
    else:
        kernel = scheme[4:]
        kw = {}
        if kernel in _SCALE_KERNELS:
            eps = g / L if epsilon is None else float(epsilon)
            if not eps > 0:
                raise ValueError(f"epsilon must be > 0 (1/mm), got {epsilon}")
            kw = {"epsilon": eps, "degree": 0}
        nodes = np.stack(np.meshgrid(xc, xc, indexing="ij"), -1).reshape(-1, 2)
        out = RBFInterpolator(nodes, m.ravel(), kernel=kernel, smoothing=0.0, **kw)(P)
    return out if xy is not None else out.reshape(n, n)


def combine_3d(
    mx: np.ndarray, my: np.ndarray, mz: np.ndarray, rule: str = "arithmetic"
) -> np.ndarray:
    """Extrude the three (n, n) face maps along their own axes and average: (n, n, n)
    m/s.

    ``mx`` is indexed (y, z), ``my`` (x, z), ``mz`` (x, y). ``rule`` is ``"arithmetic"``
    (mean of velocities) or ``"harmonic"`` (velocity from the mean slowness).
    """
    mx, my, mz = (np.asarray(a, dtype=np.float64) for a in (mx, my, mz))
    n = mx.shape[0]
    for name, a in (("mx", mx), ("my", my), ("mz", mz)):
        if a.shape != (n, n):
            raise ValueError(
                f"{name} must have shape ({n}, {n}) like mx, got {a.shape}"
            )
    VX, VY, VZ = mx[None, :, :], my[:, None, :], mz[:, :, None]
    if rule == "arithmetic":
        return (VX + VY + VZ) / 3.0
    if rule == "harmonic":
        if min(mx.min(), my.min(), mz.min()) <= 0:
            raise ValueError("harmonic rule needs strictly positive map velocities")
        return 3.0 / (1.0 / VX + 1.0 / VY + 1.0 / VZ)
    raise ValueError(f"unknown rule {rule!r}; allowed {RULES}")


def sonic_map_3d(
    maps: dict,
    L: float,
    n: int,
    scheme: str = "rbf_thin_plate_spline",
    rule: str = "arithmetic",
    **kw,
) -> np.ndarray:
    """Full pipeline from {"X","Y","Z": (g, g)} to the (n, n, n) 3D map (m/s)."""
    faces = [interpolate_map(maps[ax], L, n, scheme, **kw) for ax in AXES]
    return combine_3d(*faces, rule=rule)


def ray_matrix(grid: int = 3) -> np.ndarray:
    """Line-average operator for block slownesses: (3 g^2, g^3) with entries 1/g.

    Rows: axis X regions (r, c) (blocks [:, r, c]), then Y (blocks [r, :, c]), then Z
    (blocks [r, c, :]), each in C order; columns: blocks (i, j, k) in C order.
    """
    _check_grid(grid, grid)
    g = grid
    A = np.zeros((3 * g * g, g**3))
    cols = np.arange(g**3).reshape(g, g, g)
    row = 0
    for ax in AXES:
        ca = _to_axis_first(cols, ax)
        for r in range(g):
            for c in range(g):
                A[row, ca[:, r, c]] = 1.0 / g
                row += 1
    return A


def ray_matrix_rank_formula(grid: int) -> int:
    """Rank of :func:`ray_matrix` by counting: g^3 - (g - 1)^3 = 3 g^2 - 3 g + 1.

    Of the 3 g^2 line sums, the g sums of each slab (fixed coordinate on one axis) are
    shared by two families, giving 3 g dependencies of which one is itself redundant
    (the grand total).

    The null space consists of arrays whose sums vanish along every axis-parallel line;
    it is the tensor product of three (g - 1)-dimensional zero-sum spaces, hence
    dimension (g - 1)^3.
    """
    return grid**3 - (grid - 1) ** 3


def _maps_to_data(maps: dict) -> np.ndarray:
    return np.concatenate(
        [1.0 / np.asarray(maps[ax], dtype=np.float64).ravel() for ax in AXES]
    )


def lsq_blocks(maps: dict, tikhonov: float = 0.0) -> np.ndarray:
    """Minimum-norm least-squares block velocities from the 3 g^2 region velocities:
    (g, g, g) m/s.

    Slowness model s = s_mean + ds with ds minimising ||A ds - (d - s_mean)||^2 +
    tikhonov ||D ds||^2 (D: differences between face-adjacent blocks); ``tikhonov = 0``
    gives the pseudo-inverse solution. Blocks whose slowness comes out non-positive are
    returned as NaN.
    """
    g = np.asarray(maps["X"]).shape[0]
    if not np.isfinite(tikhonov) or tikhonov < 0:
        raise ValueError(f"tikhonov must be >= 0, got {tikhonov}")
    A = ray_matrix(g)
    d = _maps_to_data(maps)
    sbar = d.mean()
    if tikhonov == 0:
        ds = np.linalg.lstsq(A, d - sbar, rcond=None)[0]
    else:
        idx = np.arange(g**3).reshape(g, g, g)
        rows = []
        for k in range(3):
            a = np.moveaxis(idx, k, 0)
            for p, q in zip(a[:-1].ravel(), a[1:].ravel()):
                r = np.zeros(g**3)
                r[p], r[q] = 1.0, -1.0
                rows.append(r)
        Dm = np.array(rows) * np.sqrt(tikhonov)
        ds = np.linalg.lstsq(
            np.vstack([A, Dm]),
            np.concatenate([d - sbar, np.zeros(len(rows))]),
            rcond=None,
        )[0]
    s = sbar + ds
    with np.errstate(divide="ignore"):
        v = np.where(s > 0, 1.0 / np.where(s > 0, s, 1.0), np.nan)
    return v.reshape(g, g, g)
