"""Forward models: the 27 region velocities of a cube per wave type.

Two travel-time models: straight rays (1 / mean slowness over the footprint column) and
first arrivals (shortest travel time on a 26-neighbour voxel graph). Picking noise,
missing picks and their fill rule live here too. Conventions: see
:mod:`shared.geomech.sonic`.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from ._checks import _block_mean
from ._checks import _check_grid
from ._checks import _check_L
from ._checks import _check_velocity
from ._checks import _slowness

AXES = ("X", "Y", "Z")
MODELS = ("straight", "first_arrival")


def _to_axis_first(a: np.ndarray, axis: str) -> np.ndarray:
    """Move the propagation axis first; remaining axes keep increasing order: (n_a,
    n_u, n_v)."""
    k = AXES.index(axis)
    return np.moveaxis(a, k, 0)


def footprint_weights(
    n: int, L: float, grid: int = 3, footprint_mm: float | None = None
) -> np.ndarray:
    """Footprint masks on a face: (grid, grid, n, n) float array, each slice summing to
    1.

    ``footprint_mm=None`` uses the whole (L/grid)^2 region; otherwise a disc of that
    diameter centred on the region centre (must fit inside the region).
    """
    L = _check_L(L)
    _check_grid(n, grid)
    x = (np.arange(n) + 0.5) * L / n
    W = np.zeros((grid, grid, n, n))
    b = n // grid
    for r in range(grid):
        for c in range(grid):
            if footprint_mm is None:
                W[r, c, r * b : (r + 1) * b, c * b : (c + 1) * b] = 1.0
            else:
                if not 0 < footprint_mm <= L / grid:
                    raise ValueError(
                        f"footprint_mm must be in (0, L/grid = {L / grid}], got "
                        f"{footprint_mm}"
                    )
                xc = (r + 0.5) * L / grid
                yc = (c + 0.5) * L / grid
                d2 = (x[:, None] - xc) ** 2 + (x[None, :] - yc) ** 2
                W[r, c] = d2 <= (footprint_mm / 2) ** 2
            s = W[r, c].sum()
            if s == 0:
                raise ValueError(
                    "footprint contains no voxel centre; use a larger footprint_mm or "
                    "finer n"
                )
            W[r, c] /= s
    return W


def straight_ray_velocities(
    v: np.ndarray, L: float, grid: int = 3, footprint_mm: float | None = None
) -> dict:
    """Straight-ray apparent velocities: 1 / (mean slowness over the footprint column).

    ``v`` (n, n, n) m/s. Returns {"X", "Y", "Z": (grid, grid) m/s}: the harmonic mean of
    velocity (arithmetic mean of slowness) over each footprint column of length L.

    Cells with ``v = 0`` carry no wave (open cracks for S): a straight line of voxels
    through such a cell transmits nothing, so the footprint average runs over the lines
    that miss every such cell; if every line of a footprint is cut, the pick is missing
    (NaN).
    """
    v = _check_velocity(v, allow_zero=True)
    n = v.shape[0]
    W = footprint_weights(n, L, grid, footprint_mm)
    blocked = v == 0
    s = _slowness(v)
    out = {}
    for ax in AXES:
        if not blocked.any():
            face = _to_axis_first(s, ax).mean(
                axis=0
            )  # (n, n) mean slowness along the ray
            out[ax] = 1.0 / np.einsum("rcuv,uv->rc", W, face)
            continue
        open_line = ~_to_axis_first(blocked, ax).any(
            axis=0
        )  # (n, n) lines that carry the wave
        face = np.where(
            open_line, _to_axis_first(np.where(blocked, 0.0, s), ax).mean(axis=0), 0.0
        )
        den = np.einsum("rcuv,uv->rc", W, open_line.astype(float))
        num = np.einsum("rcuv,uv->rc", W, face)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[ax] = np.where(den > 0, den / np.where(num > 0, num, 1.0), np.nan)
    return out


_OFFSETS = np.array(
    [
        (i, j, k)
        for i in (-1, 0, 1)
        for j in (-1, 0, 1)
        for k in (-1, 0, 1)
        if (i, j, k) > (0, 0, 0)
    ]
)  # 13 half-neighbourhood offsets


def _graph_edges(m: int, blocked: np.ndarray | None = None) -> tuple:
    """Undirected 26-neighbour edges of an m^3 grid: (i, j, length in voxel units).

    With a boolean ``blocked`` (m, m, m) array, an edge is kept only if no cell of the
    box it spans is blocked (both ends and, for a diagonal step, the cells whose corner
    it cuts), so a blocked surface that separates the grid face-wise cannot be crossed
    diagonally.
    """
    idx = np.arange(m**3).reshape(m, m, m)
    e_from, e_to, e_len = [], [], []
    for off in _OFFSETS:
        sl_a = tuple(slice(max(0, -o), m - max(0, o)) for o in off)
        sl_b = tuple(slice(max(0, o), m - max(0, -o)) for o in off)
        ia, ib = idx[sl_a].ravel(), idx[sl_b].ravel()
        if blocked is not None:
            ok = np.ones(ia.size, dtype=bool)
            for e in np.ndindex(*(abs(int(o)) + 1 for o in off)):
                step = np.array(e) * np.sign(off)
                sl_e = tuple(
                    slice(sl_a[k].start + step[k], sl_a[k].stop + step[k])
                    for k in range(3)
                )
                ok &= ~blocked[sl_e].ravel()
            ia, ib = ia[ok], ib[ok]
        e_from.append(ia)
        e_to.append(ib)
        e_len.append(np.full(ia.size, np.sqrt(float(np.dot(off, off)))))
    return np.concatenate(e_from), np.concatenate(e_to), np.concatenate(e_len)


def first_arrival_velocities(
    v: np.ndarray, L: float, grid: int = 3, coarsen: int = 1, axes: tuple = AXES
) -> dict:
    """First-arrival (Fermat) apparent velocities from shortest paths on a voxel graph.

    The slowness field is block-averaged by ``coarsen`` (graph node = coarse voxel of
    size ``h = coarsen * L / n``). Edges join 26 neighbours with weight ``(s_i + s_j)/2
    * |dx|``. For each region a virtual source node feeds every first-layer footprint
    voxel with weight ``s_i h / 2`` (the half voxel from the transducer face to the
    voxel centre) and every last-layer footprint voxel drains to a virtual sink with the
    same half-voxel weight, so an axis-parallel path has length exactly L.
    ``scipy.sparse.csgraph.dijkstra`` gives the travel time t (ms) and V = L / t.

    Cells with ``v = 0`` carry no wave (open cracks for S): a graph node whose coarse
    voxel holds one is removed, and no edge cuts its corner, so the wave takes the first
    detour round the crack. A region with no path from source to sink has a missing pick
    (NaN).

    ``v`` (n, n, n) m/s; ``n / grid`` must be divisible by ``coarsen``. Returns {axis:
    (grid, grid) m/s} for the requested ``axes``.
    """
    v = _check_velocity(v, allow_zero=True)
    L = _check_L(L)
    n = v.shape[0]
    _check_grid(n, grid)
    if (
        not isinstance(coarsen, (int, np.integer))
        or coarsen < 1
        or (n // grid) % coarsen
    ):
        raise ValueError(
            f"coarsen must be a positive integer dividing n/grid = {n // grid}, got "
            f"{coarsen!r}"
        )
    bad = [a for a in axes if a not in AXES]
    if bad:
        raise ValueError(f"unknown axes {bad}; allowed {AXES}")
    s = _block_mean(_slowness(v), coarsen)
    m = s.shape[0]
    h = L / m
    b = m // grid
    blocked = ~np.isfinite(s)
    e_from, e_to, e_len = _graph_edges(m, blocked if blocked.any() else None)
    sf = s.ravel()
    w = 0.5 * (sf[e_from] + sf[e_to]) * e_len * h
    N = m**3
    idx = np.arange(N).reshape(m, m, m)
    rows, cols, data = [e_from, e_to], [e_to, e_from], [w, w]
    n_src = len(axes) * grid * grid
    src_nodes, sink_nodes = [], []
    node = N
    for ax in axes:
        ia = _to_axis_first(idx, ax)
        for r in range(grid):
            for c in range(grid):
                first = ia[0, r * b : (r + 1) * b, c * b : (c + 1) * b].ravel()
                last = ia[-1, r * b : (r + 1) * b, c * b : (c + 1) * b].ravel()
                first, last = first[np.isfinite(sf[first])], last[np.isfinite(sf[last])]
                src, snk = node, node + 1
                node += 2
                rows += [np.full(first.size, src), last]
                cols += [first, np.full(last.size, snk)]
                data += [0.5 * h * sf[first], 0.5 * h * sf[last]]
                src_nodes.append(src)
                sink_nodes.append(snk)
    G = sparse.csr_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
        shape=(node, node),
    )
    dist = dijkstra(G, directed=True, indices=np.array(src_nodes))
    t = dist[np.arange(n_src), np.array(sink_nodes)]
    t = np.where(np.isfinite(t), t, np.nan)  # no path: missing pick
    out = {}
    for q, ax in enumerate(axes):
        out[ax] = L / t[q * grid * grid : (q + 1) * grid * grid].reshape(grid, grid)
    return out


def region_velocities(
    v: np.ndarray,
    L: float,
    grid: int = 3,
    model: str = "straight",
    coarsen: int = 1,
    footprint_mm: float | None = None,
) -> dict:
    """The 3 x grid^2 apparent velocities of one wave type: {"X","Y","Z": (grid, grid)
    m/s}.

    ``model`` is ``"straight"`` (:func:`straight_ray_velocities`) or ``"first_arrival"``
    (:func:`first_arrival_velocities`, square footprint only).
    """
    if model == "straight":
        return straight_ray_velocities(v, L, grid, footprint_mm)
    if model == "first_arrival":
        if footprint_mm is not None:
            raise ValueError(
                "first_arrival supports only the square footprint (footprint_mm=None)"
            )
        return first_arrival_velocities(v, L, grid, coarsen)
    raise ValueError(f"unknown model {model!r}; allowed {MODELS}")


def add_pick_noise(
    maps: dict, L: float, sigma_t_us: float, rng: np.random.Generator
) -> dict:
    """Gaussian travel-time picking noise: t = 1000 L / V (us) + N(0, sigma_t_us); V' =
    1000 L / t'.

    Returns a new dict of (grid, grid) arrays (m/s); ``sigma_t_us = 0`` returns exact
    copies.
    """
    L = _check_L(L)
    if not np.isfinite(sigma_t_us) or sigma_t_us < 0:
        raise ValueError(f"sigma_t_us must be >= 0 (microseconds), got {sigma_t_us}")
    out = {}
    for ax in AXES:
        V = np.asarray(maps[ax], dtype=np.float64)
        if sigma_t_us == 0:
            out[ax] = V.copy()
            continue
        t = 1000.0 * L / V + sigma_t_us * rng.standard_normal(V.shape)
        if np.any(t <= 0):  # NaN (missing picks) compares False and stays NaN
            raise ValueError(
                "picking noise produced a non-positive travel time; sigma_t_us is too "
                "large"
            )
        out[ax] = 1000.0 * L / t
    return out


def count_missing(maps: dict) -> int:
    """Number of missing picks (NaN) in {"X","Y","Z": (g, g)} region velocities."""
    return int(
        sum(
            np.count_nonzero(np.isnan(np.asarray(maps[ax], dtype=np.float64)))
            for ax in AXES
        )
    )


def fill_missing(maps: dict, how: str = "slowest") -> dict:
    """Replace missing picks (NaN) before mapping; returns a new dict.

    ``how="slowest"`` (default): each missing pick takes the slowest valid pick of the
    same direction (no arrival means at least as cracked as the worst measured region: a
    censored low value). ``how="mean"`` takes the mean of the valid picks instead (shown
    only for comparison: it makes the most cracked regions look typical). A direction
    with no valid pick stays all NaN, and the 3D map built from it cannot be formed
    (:func:`interpolate_map` raises; callers score it NaN).
    """
    if how not in ("slowest", "mean"):
        raise ValueError(f"how must be 'slowest' or 'mean', got {how!r}")
    out = {}
    for ax in AXES:
        m = np.asarray(maps[ax], dtype=np.float64).copy()
        bad = np.isnan(m)
        if bad.any() and not bad.all():
            m[bad] = np.nanmin(m) if how == "slowest" else np.nanmean(m)
        out[ax] = m
    return out
