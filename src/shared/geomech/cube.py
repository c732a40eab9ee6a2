"""Seeded synthetic "CT" coal cubes with a known interior (velocities, density, labels).

:class:`CubeSpec` holds the material and geometry assumptions (all ours, none from the
paper); :func:`make_cube` draws one cube from a spec and a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from shared.repro.validate import positive_float
from shared.repro.validate import positive_int

LABELS = {"matrix": 0, "fracture": 1, "mineral": 2, "void": 3}


@dataclass
class Cube:
    """A synthetic coal cube with known interior.

    Attributes: ``vp``, ``vs`` (n, n, n) velocities in m/s; ``rho`` (n, n, n) density in
    g/cm^3; ``labels`` (n, n, n) int8 (0 matrix, 1 fracture, 2 mineral, 3 void); ``ct``
    (n, n, n) CT proxy (density with blur and noise, g/cm^3); ``L`` side in mm.
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


def _jittered_normal(
    base: np.ndarray, jitter: float, rng: np.random.Generator
) -> np.ndarray:
    return _unit(base + jitter * rng.standard_normal(3))


def _disc_mask(
    shape: int, centre: np.ndarray, normal: np.ndarray, radius: float, half: float
) -> tuple:
    """Voxel (index units) disc |d| < half and in-plane distance <= radius; returns
    (slices, mask)."""
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


# Deliberate repeat: one setting a line with its default, like every spec
# dataclass in the book; the settings are the cube's own.
@dataclass(frozen=True)
class CubeSpec:
    """Geometry and material assumptions of a synthetic cube (none of them from the
    paper).

    Sizes: ``n`` voxels per side, ``L`` side in mm. Counts: ``n_fractures`` discs,
    ``n_inclusions`` mineral ellipsoids, ``n_voids`` air-filled spheres. Matrix: Vp
    uniform in ``vp_matrix`` (m/s), Vs = Vp / ratio with the ratio uniform in
    ``vp_vs_ratio``, a smooth multiplicative texture of relative SD ``texture`` and
    correlation length ``texture_mm``. Fractures: radius uniform in
    ``fracture_radius_mm``, thickness ``max(fracture_aperture_mm, h)``; a fraction
    ``set_fraction`` belongs to two near-orthogonal cleat sets (normals near x and y,
    jitter ``set_jitter`` rad), the rest are random; effective velocities
    ``vp_fracture`` and ``vs_fracture`` (m/s; 0: an open crack carries no shear).
    Minerals: semi-axes uniform in ``inclusion_axes_mm``, velocities ``vp_mineral`` and
    ``vs_mineral``. Voids: radius uniform in ``void_radius_mm``, the same velocities as
    fractures. Densities in g/cm^3: ``rho_matrix``, ``rho_mineral``, ``rho_open``. CT
    proxy: density blurred by ``ct_blur_vox`` voxels plus Gaussian noise of SD
    ``ct_noise`` g/cm^3.

    Invalid values raise ``ValueError`` when the spec is made.
    """

    n: int = 60
    L: float = 60.0
    n_fractures: int = 6
    n_inclusions: int = 3
    n_voids: int = 1
    vp_matrix: tuple = (2200.0, 2500.0)
    vp_vs_ratio: tuple = (1.9, 2.0)
    texture: float = 0.015
    texture_mm: float = 4.0
    fracture_radius_mm: tuple = (12.0, 30.0)
    fracture_aperture_mm: float = 1.0
    set_fraction: float = 0.7
    set_jitter: float = 0.15
    vp_fracture: float = 600.0
    vs_fracture: float = 0.0
    inclusion_axes_mm: tuple = (4.0, 10.0)
    vp_mineral: float = 4500.0
    vs_mineral: float = 2600.0
    void_radius_mm: tuple = (1.5, 3.0)
    rho_matrix: float = 1.3
    rho_mineral: float = 2.7
    rho_open: float = 0.0
    ct_blur_vox: float = 0.7
    ct_noise: float = 0.03

    def __post_init__(self):
        positive_int("n", self.n, minimum=3)
        positive_float("L", self.L)
        for name in ("n_fractures", "n_inclusions", "n_voids"):
            positive_int(name, getattr(self, name), minimum=0)
        for name in (
            "vp_fracture",
            "vp_mineral",
            "vs_mineral",
            "rho_matrix",
            "texture_mm",
        ):
            positive_float(name, getattr(self, name))
        for name in ("vs_fracture", "texture", "rho_open", "ct_blur_vox", "ct_noise"):
            positive_float(name, getattr(self, name), allow_zero=True)
        for name in (
            "vp_matrix",
            "vp_vs_ratio",
            "fracture_radius_mm",
            "inclusion_axes_mm",
            "void_radius_mm",
        ):
            lo, hi = getattr(self, name)
            positive_float(f"{name}[0]", lo)
            if hi < lo:
                raise ValueError(f"{name}={getattr(self, name)!r}: needs low <= high")
        if not 0.0 <= self.set_fraction <= 1.0:
            raise ValueError(f"set_fraction={self.set_fraction!r}: must lie in [0, 1]")

    @property
    def h(self) -> float:
        """Voxel size in mm."""
        return self.L / self.n


def make_cube(spec: CubeSpec = CubeSpec(), seed: int = 0) -> Cube:
    """Seeded synthetic coal cube ("CT" ground truth) drawn from ``spec``.

    Matrix Vp is drawn uniformly in ``spec.vp_matrix`` with a smooth multiplicative
    texture (Gaussian-filtered white noise); fractures are discs, mineral inclusions
    ellipsoids with random orientation, voids air-filled spheres (see
    :class:`CubeSpec`). Open cracks and voids carry no shear by default (``vs_fracture =
    0``; see :mod:`shared.geomech.sonic` for how the forward models treat it).

    Returns a :class:`Cube` with arrays of shape (n, n, n).
    """
    if not isinstance(spec, CubeSpec):
        raise ValueError(f"spec must be a CubeSpec, got {type(spec).__name__}")
    s = spec
    n, L = s.n, float(s.L)
    rng = np.random.default_rng(seed)
    h = L / n
    vp0 = rng.uniform(*s.vp_matrix)
    ratio = rng.uniform(*s.vp_vs_ratio)
    noise = ndimage.gaussian_filter(
        rng.standard_normal((n, n, n)), s.texture_mm / h, mode="wrap"
    )
    noise /= noise.std() + 1e-300
    tex = 1.0 + s.texture * noise
    vp = vp0 * tex
    vs = vp / ratio
    rho = s.rho_matrix * (1.0 + 0.5 * s.texture * noise)
    labels = np.zeros((n, n, n), dtype=np.int8)

    # mineral inclusions (ellipsoids with random orientation)
    for _ in range(s.n_inclusions):
        c = rng.uniform(0.15, 0.85, 3) * n
        axes = rng.uniform(*s.inclusion_axes_mm, 3) / h
        R, _ = np.linalg.qr(rng.standard_normal((3, 3)))
        lo = np.maximum(np.floor(c - axes.max() - 1).astype(int), 0)
        hi = np.minimum(np.ceil(c + axes.max() + 1).astype(int), n)
        g = np.meshgrid(
            *[np.arange(lo[k], hi[k]) + 0.5 - c[k] for k in range(3)], indexing="ij"
        )
        P = np.stack(g, -1) @ R
        m = np.sum((P / axes) ** 2, -1) <= 1.0
        sl = tuple(slice(lo[k], hi[k]) for k in range(3))
        labels[sl][m] = LABELS["mineral"]

    # fractures (cleats): discs
    half = max(s.fracture_aperture_mm, h) / (2 * h)
    bases = (np.array([1.0, 0, 0]), np.array([0, 1.0, 0]))
    for k in range(s.n_fractures):
        if rng.uniform() < s.set_fraction:
            normal = _jittered_normal(bases[int(rng.integers(2))], s.set_jitter, rng)
        else:
            normal = _unit(rng.standard_normal(3))
        c = rng.uniform(0.1, 0.9, 3) * n
        radius = rng.uniform(*s.fracture_radius_mm) / h
        sl, m = _disc_mask(n, c, normal, radius, half)
        if sl is not None:
            labels[sl][m] = LABELS["fracture"]

    # voids (air-filled pores)
    for _ in range(s.n_voids):
        c = rng.uniform(0.2, 0.8, 3) * n
        r = rng.uniform(*s.void_radius_mm) / h
        g = np.meshgrid(
            *[np.arange(n) + 0.5 - c[k] for k in range(3)], indexing="ij", sparse=True
        )
        labels[(g[0] ** 2 + g[1] ** 2 + g[2] ** 2) <= r * r] = LABELS["void"]

    open_ = (labels == LABELS["fracture"]) | (labels == LABELS["void"])
    mineral = labels == LABELS["mineral"]
    vp[open_], vs[open_], rho[open_] = s.vp_fracture, s.vs_fracture, s.rho_open
    vp[mineral], vs[mineral], rho[mineral] = s.vp_mineral, s.vs_mineral, s.rho_mineral
    ct = (
        ndimage.gaussian_filter(rho, s.ct_blur_vox) if s.ct_blur_vox > 0 else rho.copy()
    )
    ct = ct + s.ct_noise * rng.standard_normal(ct.shape)
    return Cube(vp=vp, vs=vs, rho=rho, labels=labels, ct=ct, L=L)
