"""Sonic mapping of coal cubes: synthetic CT truth, 27 + 27 measurements, 2D and 3D maps.

Conventions (fixed here, used everywhere):

* A cube of side ``L`` mm is an ``(n, n, n)`` voxel array indexed ``[x, y, z]`` (voxel size
  ``h = L / n`` mm, voxel centres at ``(i + 1/2) h``).
* Velocities in m/s, slowness in s/m, lengths in mm, so a travel time ``length * slowness`` is in ms
  and ``V = L / t`` (mm/ms) is in m/s directly. Picking noise is given in microseconds.
* For propagation axis ``X`` the face is the ``(y, z)`` plane, for ``Y`` it is ``(x, z)`` and for
  ``Z`` it is ``(x, y)`` (remaining axes in increasing order). Each face is split into a
  ``grid x grid`` set of regions; region ``(r, c)`` covers the ``r``-th third of the first face axis
  and the ``c``-th third of the second. A 2D map is therefore a ``(grid, grid)`` array indexed like
  the face, and an interpolated map is ``(n, n)`` on the face's voxel centres.
* The transducer footprint is the whole ``(L/grid)^2`` square of its region, or optionally a centred
  disc of diameter ``footprint_mm``.
* A velocity of exactly 0 marks a cell that does not carry the wave: an air-filled (open) crack or
  void carries no shear, so the synthetic cubes have ``vs = 0`` there. The straight-ray model then
  averages only over the footprint lines that miss every such cell, the first-arrival model routes
  the S wave round them (no path may cut the corner of a blocked cell), and where no line or path
  gets through the pick is **missing** (NaN). A missing pick is never silently dropped: it is
  counted (:func:`count_missing`) and, before a map is interpolated, replaced by the slowest valid
  pick of the same direction (:func:`fill_missing`): "no arrival" means the region is at least as
  cracked as the worst one measured, a censored low value, never a typical one. A 3D map that cannot
  be formed because a whole direction is missing scores NaN, which every criterion grades as a
  failure.

The paper's region numbering, transducer size, averaging rule and interpolation are unknown; all of
the above are reconstructions, and every cube made here is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage, sparse, stats
from scipy.interpolate import RBFInterpolator, RectBivariateSpline, RegularGridInterpolator
from scipy.sparse.csgraph import dijkstra

AXES = ("X", "Y", "Z")
LABELS = {"matrix": 0, "fracture": 1, "mineral": 2, "void": 3}

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
MODELS = ("straight", "first_arrival")

#: Chapter profiles (plain values only). ``quick`` runs in about a minute on 2 CPU cores.
PROFILES = {
    "quick": {
        "n": 60,                # voxels per side of the statistics cubes (1 mm)
        "n_figure": 60,         # voxels per side of the figure cube
        "n_cubes": 10,          # cubes for the scheme statistics (F5, C3, C4, C6)
        "n_cubes_sweep": 5,     # cubes for the sensitivity sweeps (F8)
        "fig_schemes": ("nearest", "linear", "spline2", "rbf_thin_plate_spline"),
        "fa_coarsen": 2,        # first-arrival graph voxel = fa_coarsen voxels
        "fa_cubes": 3,          # cubes measured with both forward models (C7)
        "fig_cubes": 1,         # cubes shown in F4
    },
    "full": {
        "n": 60,
        "n_figure": 120,
        "n_cubes": 50,
        "n_cubes_sweep": 30,
        "fig_schemes": SCHEMES,
        "fa_coarsen": 1,
        "fa_cubes": 10,
        "fig_cubes": 3,
    },
}


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _check_velocity(v: np.ndarray, name: str = "v", allow_zero: bool = False) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    if v.ndim != 3 or len(set(v.shape)) != 1:
        raise ValueError(f"{name} must be a cubic (n, n, n) array, got shape {v.shape}")
    if allow_zero:
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            raise ValueError(f"{name} must be finite and non-negative (m/s; 0 = cell carries no wave)")
    elif not np.all(np.isfinite(v)) or np.any(v <= 0):
        raise ValueError(f"{name} must be finite and strictly positive (m/s)")
    return v


def _slowness(v: np.ndarray) -> np.ndarray:
    """1 / v with +inf where v = 0 (a cell that carries no wave)."""
    with np.errstate(divide="ignore"):
        return 1.0 / v


def _check_grid(n: int, grid: int) -> None:
    if not isinstance(grid, (int, np.integer)) or grid < 1:
        raise ValueError(f"grid must be a positive integer, got {grid!r}")
    if n % grid:
        raise ValueError(f"n = {n} voxels is not divisible by grid = {grid}; choose n a multiple of grid")


def _check_L(L: float) -> float:
    L = float(L)
    if not np.isfinite(L) or L <= 0:
        raise ValueError(f"L must be a positive length in mm, got {L}")
    return L


# --------------------------------------------------------------------------------------------
# synthetic CT cube
# --------------------------------------------------------------------------------------------
@dataclass
class Cube:
    """A synthetic coal cube with known interior.

    Attributes: ``vp``, ``vs`` (n, n, n) velocities in m/s; ``rho`` (n, n, n) density in g/cm^3;
    ``labels`` (n, n, n) int8 (0 matrix, 1 fracture, 2 mineral, 3 void); ``ct`` (n, n, n) CT proxy
    (density with blur and noise, g/cm^3); ``L`` side in mm.
    """

    vp: np.ndarray
    vs: np.ndarray
    rho: np.ndarray
    labels: np.ndarray
    ct: np.ndarray
    L: float

    @property
    def n(self) -> int:
        """Voxels per side."""
        return self.vp.shape[0]

    @property
    def h(self) -> float:
        """Voxel size in mm."""
        return self.L / self.n


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _jittered_normal(base: np.ndarray, jitter: float, rng: np.random.Generator) -> np.ndarray:
    return _unit(base + jitter * rng.standard_normal(3))


def _disc_mask(shape: int, centre: np.ndarray, normal: np.ndarray, radius: float, half: float) -> tuple:
    """Voxel (index units) disc |d| < half and in-plane distance <= radius; returns (slices, mask)."""
    lo = np.maximum(np.floor(centre - radius - half - 1).astype(int), 0)
    hi = np.minimum(np.ceil(centre + radius + half + 1).astype(int), shape)
    if np.any(hi <= lo):
        return None, None
    ax = [np.arange(lo[k], hi[k]) + 0.5 for k in range(3)]
    X, Y, Z = np.meshgrid(*ax, indexing="ij")
    dx, dy, dz = X - centre[0], Y - centre[1], Z - centre[2]
    d = dx * normal[0] + dy * normal[1] + dz * normal[2]
    r2 = dx * dx + dy * dy + dz * dz - d * d
    m = (np.abs(d) < half) & (r2 <= radius * radius)
    return tuple(slice(lo[k], hi[k]) for k in range(3)), m


def make_cube(
    n: int = 60,
    L: float = 60.0,
    seed: int = 0,
    n_fractures: int = 6,
    n_inclusions: int = 3,
    n_voids: int = 1,
    vp_matrix: tuple = (2200.0, 2500.0),
    vp_vs_ratio: tuple = (1.9, 2.0),
    texture: float = 0.015,
    texture_mm: float = 4.0,
    fracture_radius_mm: tuple = (12.0, 30.0),
    fracture_aperture_mm: float = 1.0,
    set_fraction: float = 0.7,
    set_jitter: float = 0.15,
    vp_fracture: float = 600.0,
    vs_fracture: float = 0.0,
    inclusion_axes_mm: tuple = (4.0, 10.0),
    vp_mineral: float = 4500.0,
    vs_mineral: float = 2600.0,
    void_radius_mm: tuple = (1.5, 3.0),
    rho_matrix: float = 1.3,
    rho_mineral: float = 2.7,
    rho_open: float = 0.0,
    ct_blur_vox: float = 0.7,
    ct_noise: float = 0.03,
) -> Cube:
    """Seeded synthetic coal cube ("CT" ground truth). All material values are assumptions.

    Matrix Vp is drawn uniformly in ``vp_matrix`` with a smooth multiplicative texture of relative
    SD ``texture`` (Gaussian-filtered white noise, correlation ``texture_mm``); Vs = Vp / ratio.
    Fractures are discs (radius uniform in ``fracture_radius_mm``, thickness
    ``max(fracture_aperture_mm, h)``); a fraction ``set_fraction`` belongs to two near-orthogonal
    cleat sets (normals near x and y, jitter ``set_jitter`` rad), the rest are random. Mineral
    inclusions are ellipsoids with semi-axes uniform in ``inclusion_axes_mm``; voids are air-filled
    spheres (same effective velocities as fractures). Open cracks and voids carry no shear:
    ``vs_fracture = 0`` by default (see the module docstring for how the forward models treat it);
    ``vp_fracture`` is an effective P velocity of the thin air-filled crack.

    Returns a :class:`Cube` with arrays of shape (n, n, n).
    """
    if not isinstance(n, (int, np.integer)) or n < 3:
        raise ValueError(f"n must be an integer >= 3, got {n!r}")
    L = _check_L(L)
    for name, val in (("n_fractures", n_fractures), ("n_inclusions", n_inclusions), ("n_voids", n_voids)):
        if not isinstance(val, (int, np.integer)) or val < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {val!r}")
    for name, val in (("vp_fracture", vp_fracture), ("vp_mineral", vp_mineral), ("vs_mineral", vs_mineral),
                      ("vp_matrix", min(vp_matrix))):
        if not val > 0:
            raise ValueError(f"{name} must be a positive velocity (m/s), got {val}")
    if not vs_fracture >= 0:
        raise ValueError(f"vs_fracture must be >= 0 m/s (0: an open crack carries no shear), got {vs_fracture}")
    rng = np.random.default_rng(seed)
    h = L / n
    vp0 = rng.uniform(*vp_matrix)
    ratio = rng.uniform(*vp_vs_ratio)
    noise = ndimage.gaussian_filter(rng.standard_normal((n, n, n)), texture_mm / h, mode="wrap")
    noise /= noise.std() + 1e-300
    tex = 1.0 + texture * noise
    vp = vp0 * tex
    vs = vp / ratio
    rho = rho_matrix * (1.0 + 0.5 * texture * noise)
    labels = np.zeros((n, n, n), dtype=np.int8)

    # mineral inclusions (ellipsoids with random orientation)
    for _ in range(n_inclusions):
        c = rng.uniform(0.15, 0.85, 3) * n
        axes = rng.uniform(*inclusion_axes_mm, 3) / h
        R, _ = np.linalg.qr(rng.standard_normal((3, 3)))
        lo = np.maximum(np.floor(c - axes.max() - 1).astype(int), 0)
        hi = np.minimum(np.ceil(c + axes.max() + 1).astype(int), n)
        g = np.meshgrid(*[np.arange(lo[k], hi[k]) + 0.5 - c[k] for k in range(3)], indexing="ij")
        P = np.stack(g, -1) @ R
        m = np.sum((P / axes) ** 2, -1) <= 1.0
        sl = tuple(slice(lo[k], hi[k]) for k in range(3))
        labels[sl][m] = LABELS["mineral"]

    # fractures (cleats): discs
    half = max(fracture_aperture_mm, h) / (2 * h)
    bases = (np.array([1.0, 0, 0]), np.array([0, 1.0, 0]))
    for k in range(n_fractures):
        if rng.uniform() < set_fraction:
            normal = _jittered_normal(bases[int(rng.integers(2))], set_jitter, rng)
        else:
            normal = _unit(rng.standard_normal(3))
        c = rng.uniform(0.1, 0.9, 3) * n
        radius = rng.uniform(*fracture_radius_mm) / h
        sl, m = _disc_mask(n, c, normal, radius, half)
        if sl is not None:
            labels[sl][m] = LABELS["fracture"]

    # voids (air-filled pores)
    for _ in range(n_voids):
        c = rng.uniform(0.2, 0.8, 3) * n
        r = rng.uniform(*void_radius_mm) / h
        g = np.meshgrid(*[np.arange(n) + 0.5 - c[k] for k in range(3)], indexing="ij", sparse=True)
        labels[(g[0] ** 2 + g[1] ** 2 + g[2] ** 2) <= r * r] = LABELS["void"]

    open_ = (labels == LABELS["fracture"]) | (labels == LABELS["void"])
    mineral = labels == LABELS["mineral"]
    vp[open_], vs[open_], rho[open_] = vp_fracture, vs_fracture, rho_open
    vp[mineral], vs[mineral], rho[mineral] = vp_mineral, vs_mineral, rho_mineral
    ct = ndimage.gaussian_filter(rho, ct_blur_vox) if ct_blur_vox > 0 else rho.copy()
    ct = ct + ct_noise * rng.standard_normal(ct.shape)
    return Cube(vp=vp, vs=vs, rho=rho, labels=labels, ct=ct, L=L)


# --------------------------------------------------------------------------------------------
# forward models
# --------------------------------------------------------------------------------------------
def _to_axis_first(a: np.ndarray, axis: str) -> np.ndarray:
    """Move the propagation axis first; remaining axes keep increasing order: (n_a, n_u, n_v)."""
    k = AXES.index(axis)
    return np.moveaxis(a, k, 0)


def footprint_weights(n: int, L: float, grid: int = 3, footprint_mm: float | None = None) -> np.ndarray:
    """Footprint masks on a face: (grid, grid, n, n) float array, each slice summing to 1.

    ``footprint_mm=None`` uses the whole (L/grid)^2 region; otherwise a disc of that diameter
    centred on the region centre (must fit inside the region).
    """
    L = _check_L(L)
    _check_grid(n, grid)
    x = (np.arange(n) + 0.5) * L / n
    W = np.zeros((grid, grid, n, n))
    b = n // grid
    for r in range(grid):
        for c in range(grid):
            if footprint_mm is None:
                W[r, c, r * b:(r + 1) * b, c * b:(c + 1) * b] = 1.0
            else:
                if not 0 < footprint_mm <= L / grid:
                    raise ValueError(f"footprint_mm must be in (0, L/grid = {L / grid}], got {footprint_mm}")
                xc = (r + 0.5) * L / grid
                yc = (c + 0.5) * L / grid
                d2 = (x[:, None] - xc) ** 2 + (x[None, :] - yc) ** 2
                W[r, c] = d2 <= (footprint_mm / 2) ** 2
            s = W[r, c].sum()
            if s == 0:
                raise ValueError("footprint contains no voxel centre; use a larger footprint_mm or finer n")
            W[r, c] /= s
    return W


def straight_ray_velocities(v: np.ndarray, L: float, grid: int = 3, footprint_mm: float | None = None) -> dict:
    """Straight-ray apparent velocities: 1 / (mean slowness over the footprint column).

    ``v`` (n, n, n) m/s. Returns {"X", "Y", "Z": (grid, grid) m/s}: the harmonic mean of velocity
    (arithmetic mean of slowness) over each footprint column of length L.

    Cells with ``v = 0`` carry no wave (open cracks for S): a straight line of voxels through such a
    cell transmits nothing, so the footprint average runs over the lines that miss every such cell;
    if every line of a footprint is cut, the pick is missing (NaN).
    """
    v = _check_velocity(v, allow_zero=True)
    n = v.shape[0]
    W = footprint_weights(n, L, grid, footprint_mm)
    blocked = v == 0
    s = _slowness(v)
    out = {}
    for ax in AXES:
        if not blocked.any():
            face = _to_axis_first(s, ax).mean(axis=0)  # (n, n) mean slowness along the ray
            out[ax] = 1.0 / np.einsum("rcuv,uv->rc", W, face)
            continue
        open_line = ~_to_axis_first(blocked, ax).any(axis=0)  # (n, n) lines that carry the wave
        face = np.where(open_line, _to_axis_first(np.where(blocked, 0.0, s), ax).mean(axis=0), 0.0)
        den = np.einsum("rcuv,uv->rc", W, open_line.astype(float))
        num = np.einsum("rcuv,uv->rc", W, face)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[ax] = np.where(den > 0, den / np.where(num > 0, num, 1.0), np.nan)
    return out


def _block_mean(a: np.ndarray, f: int) -> np.ndarray:
    n = a.shape[0]
    m = n // f
    return a.reshape(m, f, m, f, m, f).mean(axis=(1, 3, 5))


_OFFSETS = np.array([(i, j, k) for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1)
                     if (i, j, k) > (0, 0, 0)])  # 13 half-neighbourhood offsets


def _graph_edges(m: int, blocked: np.ndarray | None = None) -> tuple:
    """Undirected 26-neighbour edges of an m^3 grid: (i, j, length in voxel units).

    With a boolean ``blocked`` (m, m, m) array, an edge is kept only if no cell of the box it spans
    is blocked (both ends and, for a diagonal step, the cells whose corner it cuts), so a blocked
    surface that separates the grid face-wise cannot be crossed diagonally.
    """
    idx = np.arange(m ** 3).reshape(m, m, m)
    I, J, D = [], [], []
    for off in _OFFSETS:
        sl_a = tuple(slice(max(0, -o), m - max(0, o)) for o in off)
        sl_b = tuple(slice(max(0, o), m - max(0, -o)) for o in off)
        ia, ib = idx[sl_a].ravel(), idx[sl_b].ravel()
        if blocked is not None:
            ok = np.ones(ia.size, dtype=bool)
            for e in np.ndindex(*(abs(int(o)) + 1 for o in off)):
                step = np.array(e) * np.sign(off)
                sl_e = tuple(slice(sl_a[k].start + step[k], sl_a[k].stop + step[k]) for k in range(3))
                ok &= ~blocked[sl_e].ravel()
            ia, ib = ia[ok], ib[ok]
        I.append(ia)
        J.append(ib)
        D.append(np.full(ia.size, np.sqrt(float(np.dot(off, off)))))
    return np.concatenate(I), np.concatenate(J), np.concatenate(D)


def first_arrival_velocities(v: np.ndarray, L: float, grid: int = 3, coarsen: int = 1,
                             axes: tuple = AXES) -> dict:
    """First-arrival (Fermat) apparent velocities from shortest paths on a voxel graph.

    The slowness field is block-averaged by ``coarsen`` (graph node = coarse voxel of size
    ``h = coarsen * L / n``). Edges join 26 neighbours with weight ``(s_i + s_j)/2 * |dx|``. For each
    region a virtual source node feeds every first-layer footprint voxel with weight ``s_i h / 2``
    (the half voxel from the transducer face to the voxel centre) and every last-layer footprint
    voxel drains to a virtual sink with the same half-voxel weight, so an axis-parallel path has
    length exactly L. ``scipy.sparse.csgraph.dijkstra`` gives the travel time t (ms) and V = L / t.

    Cells with ``v = 0`` carry no wave (open cracks for S): a graph node whose coarse voxel holds
    one is removed, and no edge cuts its corner, so the wave takes the first detour round the
    crack. A region with no path from source to sink has a missing pick (NaN).

    ``v`` (n, n, n) m/s; ``n / grid`` must be divisible by ``coarsen``. Returns
    {axis: (grid, grid) m/s} for the requested ``axes``.
    """
    v = _check_velocity(v, allow_zero=True)
    L = _check_L(L)
    n = v.shape[0]
    _check_grid(n, grid)
    if not isinstance(coarsen, (int, np.integer)) or coarsen < 1 or (n // grid) % coarsen:
        raise ValueError(f"coarsen must be a positive integer dividing n/grid = {n // grid}, got {coarsen!r}")
    bad = [a for a in axes if a not in AXES]
    if bad:
        raise ValueError(f"unknown axes {bad}; allowed {AXES}")
    s = _block_mean(_slowness(v), coarsen)
    m = s.shape[0]
    h = L / m
    b = m // grid
    blocked = ~np.isfinite(s)
    I, J, D = _graph_edges(m, blocked if blocked.any() else None)
    sf = s.ravel()
    w = 0.5 * (sf[I] + sf[J]) * D * h
    N = m ** 3
    idx = np.arange(N).reshape(m, m, m)
    rows, cols, data = [I, J], [J, I], [w, w]
    n_src = len(axes) * grid * grid
    src_nodes, sink_nodes = [], []
    node = N
    for ax in axes:
        ia = _to_axis_first(idx, ax)
        for r in range(grid):
            for c in range(grid):
                first = ia[0, r * b:(r + 1) * b, c * b:(c + 1) * b].ravel()
                last = ia[-1, r * b:(r + 1) * b, c * b:(c + 1) * b].ravel()
                first, last = first[np.isfinite(sf[first])], last[np.isfinite(sf[last])]
                src, snk = node, node + 1
                node += 2
                rows += [np.full(first.size, src), last]
                cols += [first, np.full(last.size, snk)]
                data += [0.5 * h * sf[first], 0.5 * h * sf[last]]
                src_nodes.append(src)
                sink_nodes.append(snk)
    G = sparse.csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(node, node))
    dist = dijkstra(G, directed=True, indices=np.array(src_nodes))
    t = dist[np.arange(n_src), np.array(sink_nodes)]
    t = np.where(np.isfinite(t), t, np.nan)  # no path: missing pick
    out = {}
    for q, ax in enumerate(axes):
        out[ax] = L / t[q * grid * grid:(q + 1) * grid * grid].reshape(grid, grid)
    return out


def region_velocities(v: np.ndarray, L: float, grid: int = 3, model: str = "straight",
                      coarsen: int = 1, footprint_mm: float | None = None) -> dict:
    """The 3 x grid^2 apparent velocities of one wave type: {"X","Y","Z": (grid, grid) m/s}.

    ``model`` is ``"straight"`` (:func:`straight_ray_velocities`) or ``"first_arrival"``
    (:func:`first_arrival_velocities`, square footprint only).
    """
    if model == "straight":
        return straight_ray_velocities(v, L, grid, footprint_mm)
    if model == "first_arrival":
        if footprint_mm is not None:
            raise ValueError("first_arrival supports only the square footprint (footprint_mm=None)")
        return first_arrival_velocities(v, L, grid, coarsen)
    raise ValueError(f"unknown model {model!r}; allowed {MODELS}")


def add_pick_noise(maps: dict, L: float, sigma_t_us: float, rng: np.random.Generator) -> dict:
    """Gaussian travel-time picking noise: t = 1000 L / V (us) + N(0, sigma_t_us); V' = 1000 L / t'.

    Returns a new dict of (grid, grid) arrays (m/s); ``sigma_t_us = 0`` returns exact copies.
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
            raise ValueError("picking noise produced a non-positive travel time; sigma_t_us is too large")
        out[ax] = 1000.0 * L / t
    return out


def count_missing(maps: dict) -> int:
    """Number of missing picks (NaN) in {"X","Y","Z": (g, g)} region velocities."""
    return int(sum(np.count_nonzero(np.isnan(np.asarray(maps[ax], dtype=np.float64))) for ax in AXES))


def fill_missing(maps: dict, how: str = "slowest") -> dict:
    """Replace missing picks (NaN) before mapping; returns a new dict.

    ``how="slowest"`` (default): each missing pick takes the slowest valid pick of the same direction
    (no arrival means at least as cracked as the worst measured region: a censored low value).
    ``how="mean"`` takes the mean of the valid picks instead (shown only for comparison: it makes
    the most cracked regions look typical). A direction with no valid pick stays all NaN, and the
    3D map built from it cannot be formed (:func:`interpolate_map` raises; callers score it NaN).
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


# --------------------------------------------------------------------------------------------
# 2D maps and 3D map
# --------------------------------------------------------------------------------------------
def region_centres(L: float, grid: int) -> np.ndarray:
    """Region-centre coordinates along one face axis, (grid,) mm: (i + 1/2) L / grid."""
    return (np.arange(grid) + 0.5) * _check_L(L) / grid


def interpolate_map(m: np.ndarray, L: float, n: int, scheme: str = "rbf_thin_plate_spline",
                    epsilon: float | None = None, spline_bbox: str = "nodes",
                    xy: np.ndarray | None = None) -> np.ndarray:
    """Interpolate a (g, g) region map to the (n, n) face grid of voxel centres (mm coordinates).

    Schemes (see :data:`SCHEMES`): ``nearest`` (region blocks), ``linear``
    (RegularGridInterpolator with linear extrapolation), ``spline2`` (RectBivariateSpline,
    kx = ky = 2; ``spline_bbox="nodes"`` clamps outside the node range, ``"cube"`` extrapolates
    quadratically), ``rbf_<kernel>`` (RBFInterpolator, smoothing 0). For the scale-dependent
    kernels (gaussian, multiquadric, inverse_multiquadric) ``epsilon`` defaults to g / L (1/mm) and
    a constant term is added (degree 0) so that constants are reproduced.

    ``xy`` (k, 2) optional evaluation points (mm) instead of the grid; returns (k,) then.
    """
    m = np.asarray(m, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] < 2:
        raise ValueError(f"map must be a square (g, g) array with g >= 2, got shape {m.shape}")
    if not np.all(np.isfinite(m)):
        raise ValueError("map values must be finite; replace missing picks first (fill_missing)")
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
        f = RegularGridInterpolator((xc, xc), m, method="linear", bounds_error=False, fill_value=None)
        out = f(P)
    elif scheme == "spline2":
        if spline_bbox not in ("nodes", "cube"):
            raise ValueError(f"spline_bbox must be 'nodes' or 'cube', got {spline_bbox!r}")
        bbox = [None] * 4 if spline_bbox == "nodes" else [0.0, L, 0.0, L]
        f = RectBivariateSpline(xc, xc, m, kx=min(2, g - 1), ky=min(2, g - 1), bbox=bbox)
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


def combine_3d(mx: np.ndarray, my: np.ndarray, mz: np.ndarray, rule: str = "arithmetic") -> np.ndarray:
    """Extrude the three (n, n) face maps along their own axes and average: (n, n, n) m/s.

    ``mx`` is indexed (y, z), ``my`` (x, z), ``mz`` (x, y). ``rule`` is ``"arithmetic"``
    (mean of velocities) or ``"harmonic"`` (velocity from the mean slowness).
    """
    mx, my, mz = (np.asarray(a, dtype=np.float64) for a in (mx, my, mz))
    n = mx.shape[0]
    for name, a in (("mx", mx), ("my", my), ("mz", mz)):
        if a.shape != (n, n):
            raise ValueError(f"{name} must have shape ({n}, {n}) like mx, got {a.shape}")
    VX, VY, VZ = mx[None, :, :], my[:, None, :], mz[:, :, None]
    if rule == "arithmetic":
        return (VX + VY + VZ) / 3.0
    if rule == "harmonic":
        if min(mx.min(), my.min(), mz.min()) <= 0:
            raise ValueError("harmonic rule needs strictly positive map velocities")
        return 3.0 / (1.0 / VX + 1.0 / VY + 1.0 / VZ)
    raise ValueError(f"unknown rule {rule!r}; allowed {RULES}")


def sonic_map_3d(maps: dict, L: float, n: int, scheme: str = "rbf_thin_plate_spline",
                 rule: str = "arithmetic", **kw) -> np.ndarray:
    """Full pipeline from {"X","Y","Z": (g, g)} to the (n, n, n) 3D map (m/s)."""
    faces = [interpolate_map(maps[ax], L, n, scheme, **kw) for ax in AXES]
    return combine_3d(*faces, rule=rule)


# --------------------------------------------------------------------------------------------
# least-squares baseline
# --------------------------------------------------------------------------------------------
def ray_matrix(grid: int = 3) -> np.ndarray:
    """Line-average operator for block slownesses: (3 g^2, g^3) with entries 1/g.

    Rows: axis X regions (r, c) (blocks [:, r, c]), then Y (blocks [r, :, c]), then Z
    (blocks [r, c, :]), each in C order; columns: blocks (i, j, k) in C order.
    """
    _check_grid(grid, grid)
    g = grid
    A = np.zeros((3 * g * g, g ** 3))
    cols = np.arange(g ** 3).reshape(g, g, g)
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

    Of the 3 g^2 line sums, the g sums of each slab (fixed coordinate on one axis) are shared by two
    families, giving 3 g dependencies of which one is itself redundant (the grand total).

    The null space consists of arrays whose sums vanish along every axis-parallel line; it is the
    tensor product of three (g - 1)-dimensional zero-sum spaces, hence dimension (g - 1)^3.
    """
    return grid ** 3 - (grid - 1) ** 3


def _maps_to_data(maps: dict) -> np.ndarray:
    return np.concatenate([1.0 / np.asarray(maps[ax], dtype=np.float64).ravel() for ax in AXES])


def lsq_blocks(maps: dict, tikhonov: float = 0.0) -> np.ndarray:
    """Minimum-norm least-squares block velocities from the 3 g^2 region velocities: (g, g, g) m/s.

    Slowness model s = s_mean + ds with ds minimising ||A ds - (d - s_mean)||^2 + tikhonov ||D ds||^2
    (D: differences between face-adjacent blocks); ``tikhonov = 0`` gives the pseudo-inverse
    solution. Blocks whose slowness comes out non-positive are returned as NaN.
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
        idx = np.arange(g ** 3).reshape(g, g, g)
        rows = []
        for k in range(3):
            a = np.moveaxis(idx, k, 0)
            for p, q in zip(a[:-1].ravel(), a[1:].ravel()):
                r = np.zeros(g ** 3)
                r[p], r[q] = 1.0, -1.0
                rows.append(r)
        Dm = np.array(rows) * np.sqrt(tikhonov)
        ds = np.linalg.lstsq(np.vstack([A, Dm]), np.concatenate([d - sbar, np.zeros(len(rows))]), rcond=None)[0]
    s = sbar + ds
    with np.errstate(divide="ignore"):
        v = np.where(s > 0, 1.0 / np.where(s > 0, s, 1.0), np.nan)
    return v.reshape(g, g, g)


# --------------------------------------------------------------------------------------------
# truth summaries and metrics
# --------------------------------------------------------------------------------------------
def block_average(v: np.ndarray, grid: int = 3, mean: str = "harmonic") -> np.ndarray:
    """Block means of a (n, n, n) field over a grid^3 partition: (grid, grid, grid).

    ``mean="harmonic"`` averages slowness (velocities), ``"arithmetic"`` averages values.
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

    ``mean="harmonic"``: 1 / uniform_filter(1/v, size=width, mode="nearest") (travel-time average);
    ``"arithmetic"``: uniform_filter(v), used for fields with zero cells (S waves: an open crack has
    Vs = 0 and the harmonic mean of any window touching it would be 0).
    """
    if mean not in ("harmonic", "arithmetic"):
        raise ValueError(f"unknown mean {mean!r}; allowed ('harmonic', 'arithmetic')")
    v = _check_velocity(v, allow_zero=mean == "arithmetic")
    if not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width must be a positive integer number of voxels, got {width!r}")
    if mean == "arithmetic":
        return ndimage.uniform_filter(v, size=int(width), mode="nearest")
    return 1.0 / ndimage.uniform_filter(1.0 / v, size=int(width), mode="nearest")


def interior_mask(n: int, frac: float = 1.0 / 6.0) -> np.ndarray:
    """Boolean (n, n, n) mask of voxels whose centres lie in [frac L, (1 - frac) L]^3."""
    x = (np.arange(n) + 0.5) / n
    m1 = (x >= frac) & (x <= 1 - frac)
    return m1[:, None, None] & m1[None, :, None] & m1[None, None, :]


def map_metrics(est: np.ndarray, truth: np.ndarray, mask: np.ndarray | None = None,
                spearman: bool = True) -> dict:
    """Pearson r, Spearman rho and RMSE (units of the inputs) over the (optionally masked) voxels.

    A constant estimate has no defined correlation: r and rho are NaN then. ``spearman=False``
    skips the (slower) rank correlation and returns NaN for it.
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
    return {"pearson": float(np.corrcoef(est, truth)[0, 1]), "spearman": rho, "rmse": rmse}


def reference_fields(cube: Cube, wave: str = "vp", width: int | None = None) -> dict:
    """Truths a 3D map is compared with, each (n, n, n).

    ``voxel``: the velocity field itself; ``footprint``: 1 / box-filtered slowness over ``width``
    voxels (default n // 3, the footprint side), or the box-filtered velocity when the field has
    zero cells (Vs of open cracks); ``ct``: the CT proxy; ``ct_footprint``: the CT
    proxy box-filtered over the same width. ``wave`` is ``"vp"`` or ``"vs"``.
    """
    if wave not in ("vp", "vs"):
        raise ValueError(f"wave must be 'vp' or 'vs', got {wave!r}")
    v = getattr(cube, wave)
    w = cube.n // 3 if width is None else width
    mean = "arithmetic" if np.any(v == 0) else "harmonic"
    return {"voxel": v, "footprint": smooth_truth(v, w, mean), "ct": cube.ct,
            "ct_footprint": ndimage.uniform_filter(cube.ct, size=w, mode="nearest")}


def score_map(v3d: np.ndarray, refs: dict, interior: np.ndarray | None = None) -> dict:
    """Pearson r of a 3D map against each reference of :func:`reference_fields`.

    Returns {"<ref>": r, "<ref>_interior": r on the ``interior`` mask (if given),
    "rmse_footprint": m/s}.
    """
    out = {}
    for name, ref in refs.items():
        out[name] = map_metrics(v3d, ref, spearman=False)["pearson"]
        if interior is not None:
            out[name + "_interior"] = map_metrics(v3d, ref, interior, spearman=False)["pearson"]
    if "footprint" in refs:
        out["rmse_footprint"] = map_metrics(v3d, refs["footprint"], spearman=False)["rmse"]
    return out


# --------------------------------------------------------------------------------------------
# analytic reference values (used by tests and the chapter)
# --------------------------------------------------------------------------------------------
def layered_expectation(layers: tuple, rule: str = "arithmetic") -> dict:
    """Predictions for a cube of three z-layers (velocities ``layers``, m/s) aligned with the thirds.

    Returns {"X": (3, 3), "Y": (3, 3), "Z": (3, 3), "blocks": (3, 3, 3)} for straight rays with
    nearest maps: X and Y maps show each layer, the Z map is flat at the harmonic mean V_h, and the
    block (i, j, k) value is (2 v_k + V_h) / 3 (arithmetic) or 3 / (2 / v_k + 1 / V_h) (harmonic).
    """
    v = np.asarray(layers, dtype=np.float64)
    if v.shape != (3,) or np.any(v <= 0):
        raise ValueError("layers must be three positive velocities")
    vh = 3.0 / np.sum(1.0 / v)
    XY = np.tile(v, (3, 1))  # (r, c) with c the z-third
    Z = np.full((3, 3), vh)
    vk = v[None, None, :]
    blocks = (2 * vk + vh) / 3 if rule == "arithmetic" else 3.0 / (2.0 / vk + 1.0 / vh)
    return {"X": XY, "Y": XY.copy(), "Z": Z, "blocks": np.broadcast_to(blocks, (3, 3, 3)).copy()}


def slow_block_expectation(v_b: float, v_s: float, block: tuple, rule: str = "arithmetic") -> dict:
    """Predictions for a background ``v_b`` with one slow block ``v_s`` at ``block`` (i, j, k), g = 3.

    Each ray through the block crosses three blocks in series: V_ray = 3 / (2 / v_b + 1 / v_s).
    Nearest-map 3D block values: V_ray at the block (all three rays), "cross" blocks sharing one ray
    get (2 v_b + V_ray) / 3 (arithmetic) or 3 / (2 / v_b + 1 / V_ray) (harmonic), the rest v_b.
    LSQ recovers the fraction 19/27 of the slowness contrast at the block (diagonal of the
    projector onto the row space, identical for every block). Returns dict with "v_ray",
    "blocks" (3, 3, 3), "lsq_block" and "slowness_fraction_avg" (= 1/3).
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
    return {"v_ray": vr, "blocks": B, "lsq_block": 1.0 / s_lsq, "slowness_fraction_avg": 1.0 / 3.0,
            "slowness_fraction_lsq": frac}


# --------------------------------------------------------------------------------------------
# one replicate of the chapter's claim statistics
# --------------------------------------------------------------------------------------------
def cube_seeds(seed_sequence: np.random.SeedSequence, count: int) -> list:
    """``count`` integer cube seeds drawn from one :class:`numpy.random.SeedSequence`."""
    if not isinstance(seed_sequence, np.random.SeedSequence):
        raise ValueError("seed_sequence must be a numpy.random.SeedSequence (use SeedSequence(SEED).spawn(k))")
    return [int(x) for x in seed_sequence.generate_state(int(count))]


def replicate_metrics(seed_sequence: np.random.SeedSequence, n_cubes: int, fa_cubes: int, n: int = 60,
                      L: float = 60.0, fa_coarsen: int = 2, sigma_t_us: float = 0.1,
                      scheme: str = "rbf_thin_plate_spline") -> dict:
    """The claim statistics of one replicate (one set of seeded cubes), means over its cubes.

    Cubes come from :func:`cube_seeds`; straight-ray Vp picks with Gaussian picking noise
    ``sigma_t_us`` (seeded by the same sequence), arithmetic rule. Returns floats:

    * ``r_fp/<scheme>``: Pearson r of the 3D map against the footprint truth, every scheme of
      :data:`SCHEMES` (``n_cubes`` cubes);
    * ``r_ct_sr``: r of the ``scheme`` map against the footprint-smoothed CT proxy of the same cube;
      ``null_ct_sr``: the same map against the CT proxy of *another* cube (cube k+1);
      ``r_ct_ceiling``: r of the footprint truth itself against the CT proxy (what a perfect
      velocity map reaches);
    * ``rho_sr``: Spearman rho between a block's open (fracture + void) fraction and its mean map
      velocity (27 blocks); ``null_rho_sr``: against the open fractions of another cube;
    * ``r_ct_fa``, ``null_ct_fa``, ``rho_fa``, ``null_rho_fa``: the same with first-arrival picks
      (first ``fa_cubes`` cubes, ``fa_coarsen`` graph);
    * ``vs_missing_sr``, ``vs_missing_fa``: mean number of missing S picks per cube (of 27).
    """
    if n_cubes < 2 or fa_cubes < 2 or fa_cubes > n_cubes:
        raise ValueError("need 2 <= fa_cubes <= n_cubes (the nulls pair each cube with another)")
    seeds = cube_seeds(seed_sequence, n_cubes)
    rng = np.random.default_rng(seed_sequence.spawn(1)[0])
    fp = n // 3
    cubes = [make_cube(n=n, L=L, seed=s) for s in seeds]
    open_b = [block_average(np.isin(c.labels, (1, 3)).astype(float), 3, "arithmetic").ravel() for c in cubes]
    ct_fp = [ndimage.uniform_filter(c.ct, size=fp, mode="nearest") for c in cubes]
    acc = {f"r_fp/{sc}": [] for sc in SCHEMES}
    for k in ("r_ct_sr", "null_ct_sr", "r_ct_ceiling", "rho_sr", "null_rho_sr", "r_ct_fa", "null_ct_fa",
              "rho_fa", "null_rho_fa", "vs_missing_sr", "vs_missing_fa"):
        acc[k] = []

    def pearson(a, b):
        return map_metrics(a, b, spearman=False)["pearson"]

    for i, c in enumerate(cubes):
        j = (i + 1) % n_cubes
        truth = smooth_truth(c.vp, fp)
        mp = add_pick_noise(region_velocities(c.vp, L), L, sigma_t_us, rng)
        for sc in SCHEMES:
            v3 = sonic_map_3d(mp, L, n, sc)
            acc[f"r_fp/{sc}"].append(pearson(v3, truth))
            if sc == scheme:
                vb = block_average(v3, 3, "arithmetic").ravel()
                acc["r_ct_sr"].append(pearson(v3, ct_fp[i]))
                acc["null_ct_sr"].append(pearson(v3, ct_fp[j]))
                acc["rho_sr"].append(float(stats.spearmanr(open_b[i], vb)[0]))
                acc["null_rho_sr"].append(float(stats.spearmanr(open_b[j], vb)[0]))
        acc["r_ct_ceiling"].append(pearson(truth, ct_fp[i]))
        acc["vs_missing_sr"].append(count_missing(region_velocities(c.vs, L)))
    for i, c in enumerate(cubes[:fa_cubes]):
        j = (i + 1) % fa_cubes
        fa = add_pick_noise(region_velocities(c.vp, L, model="first_arrival", coarsen=fa_coarsen), L, sigma_t_us, rng)
        v3 = sonic_map_3d(fa, L, n, scheme)
        vb = block_average(v3, 3, "arithmetic").ravel()
        acc["r_ct_fa"].append(pearson(v3, ct_fp[i]))
        acc["null_ct_fa"].append(pearson(v3, ct_fp[j]))
        acc["rho_fa"].append(float(stats.spearmanr(open_b[i], vb)[0]))
        acc["null_rho_fa"].append(float(stats.spearmanr(open_b[j], vb)[0]))
        acc["vs_missing_fa"].append(count_missing(region_velocities(c.vs, L, model="first_arrival",
                                                                    coarsen=fa_coarsen)))
    return {k: float(np.mean(v)) for k, v in acc.items()}
