"""Rock physics of dry and wet coal: dynamic moduli, Gassmann, percentages, fracture
networks.

Units: SI unless stated (density kg/m^3, velocity m/s, moduli Pa). Fracture networks
live on an ``(n, n, n)`` voxel grid in voxel units; P32 is returned per voxel length
(multiply by 1 / voxel_size to get mm^-1 or m^-1).

All inputs used by the chapter ``coal-dewatering`` are assumptions (the paper's data
were not available); this module only implements the standard formulas and estimators.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

import numpy as np
from scipy import stats

from shared.repro.validate import positive_float
from shared.repro.validate import positive_int

# The chapter's profiles live in shared.geomech.dewatering_experiment.

PCT_BASES = ("b", "a", "paired", "median")


# ------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------
def _positive(name: str, x) -> np.ndarray:
    # Array check (element-wise, vectorised): Gassmann and the moduli take porosity and
    # velocity grids. Scalar-only arguments use shared.repro.validate.positive_float.
    a = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite, got {x!r}")
    if np.any(a <= 0):
        raise ValueError(f"{name} must be strictly positive, got {x!r}")
    return a


def _fraction(name: str, x, closed_low: bool = False) -> np.ndarray:
    a = np.asarray(x, dtype=np.float64)
    ok = np.isfinite(a) & (a < 1) & ((a >= 0) if closed_low else (a > 0))
    if not np.all(ok):
        rng = "[0, 1)" if closed_low else "(0, 1)"
        raise ValueError(f"{name} must lie in {rng}, got {x!r}")
    return a


# ------------------------------------------------------------------------------------
# dynamic moduli
# --------------------------------------------------------------------------------------
def _paired_1d(x_name: str, x, y_name: str, y, min_size: int) -> tuple:
    """Two finite 1D float arrays of equal length >= ``min_size``, or ValueError."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1 or x.size < min_size:
        raise ValueError(
            f"{x_name} and {y_name} must be 1D arrays of equal length >= {min_size}"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError(f"{x_name} and {y_name} must be finite")
    return x, y


def dynamic_moduli(rho, vp, vs, require_nonnegative_nu: bool = True) -> dict:
    """Isotropic dynamic moduli from density (kg/m^3) and Vp, Vs (m/s); arrays
    broadcast.

    Returns dict with ``G = rho Vs^2``, ``K = rho (Vp^2 - 4/3 Vs^2)``, ``E = rho Vs^2 (3
    Vp^2 - 4 Vs^2) / (Vp^2 - Vs^2)`` (Pa) and ``nu = (Vp^2 - 2 Vs^2) / (2 (Vp^2 -
    Vs^2))``.

    Requires Vp > sqrt(2) Vs (nu > 0) unless ``require_nonnegative_nu=False``, in which
    case only K > 0 (Vp > 2 Vs / sqrt(3)) is required.
    """
    rho = _positive("rho", rho)
    vp = _positive("vp", vp)
    vs = _positive("vs", vs)
    if require_nonnegative_nu:
        if np.any(vp <= np.sqrt(2.0) * vs):
            raise ValueError(
                "need Vp > sqrt(2) Vs (Poisson ratio > 0); check picks and units, "
                "or pass require_nonnegative_nu=False"
            )
    elif np.any(vp * vp <= 4.0 / 3.0 * vs * vs):
        raise ValueError("need Vp > 2 Vs / sqrt(3) (positive bulk modulus)")
    vp2, vs2 = vp * vp, vs * vs
    G = rho * vs2
    K = rho * (vp2 - 4.0 / 3.0 * vs2)
    E = rho * vs2 * (3 * vp2 - 4 * vs2) / (vp2 - vs2)
    nu = (vp2 - 2 * vs2) / (2 * (vp2 - vs2))
    return {"E": E, "G": G, "K": K, "nu": nu}


def wet_density(rho_dry, phi, sw: float = 1.0, rho_fluid: float = 1000.0):
    """Bulk density after filling a fraction ``sw`` of connected porosity ``phi``: rho
    + phi sw rho_f."""
    rho_dry = _positive("rho_dry", rho_dry)
    phi = _fraction("phi", phi, closed_low=True)
    if not (0 <= sw <= 1):
        raise ValueError(f"sw must lie in [0, 1], got {sw}")
    rho_fluid = _positive("rho_fluid", rho_fluid)
    return rho_dry + phi * sw * rho_fluid


def gassmann_ksat(k_dry, k_min, k_fluid, phi):
    """Gassmann saturated bulk modulus (Pa), low-frequency limit.

    K_sat = K_dry + (1 - K_dry/K_min)^2 / (phi/K_fl + (1 - phi)/K_min - K_dry/K_min^2).
    Requires 0 <= K_dry <= K_min, K_fl >= 0 (0 means an empty pore: returns K_dry), 0 <
    phi < 1.
    """
    k_dry = np.asarray(k_dry, dtype=np.float64)
    k_min = _positive("k_min", k_min)
    k_fluid = np.asarray(k_fluid, dtype=np.float64)
    phi = _fraction("phi", phi)
    if not np.all(np.isfinite(k_dry)) or np.any(k_dry < 0) or np.any(k_dry > k_min):
        raise ValueError("k_dry must satisfy 0 <= k_dry <= k_min")
    if not np.all(np.isfinite(k_fluid)) or np.any(k_fluid < 0):
        raise ValueError("k_fluid must be finite and >= 0")
    with np.errstate(divide="ignore"):
        inv_fl = np.where(
            k_fluid > 0, phi / np.where(k_fluid > 0, k_fluid, 1.0), np.inf
        )
    denom = inv_fl + (1 - phi) / k_min - k_dry / k_min**2
    return k_dry + np.where(np.isinf(denom), 0.0, (1 - k_dry / k_min) ** 2 / denom)


def fluid_substitute(
    rho_dry, vp, vs, phi, k_min, k_fluid: float = 2.25e9, rho_fluid: float = 1000.0
) -> dict:
    """Dry -> fully saturated velocities by Gassmann (shear modulus unchanged).

    Returns dict with ``vp``, ``vs`` (m/s), ``rho`` (kg/m^3), ``k_dry``, ``k_sat``,
    ``mu`` (Pa), and the dynamic moduli of both states under ``dry`` and ``wet`` (each a
    :func:`dynamic_moduli` dict, the wet one with the wet bulk density).
    """
    dry = dynamic_moduli(rho_dry, vp, vs, require_nonnegative_nu=False)
    k_dry, mu = dry["K"], dry["G"]
    k_min = _positive("k_min", k_min)
    if np.any(k_dry > k_min):
        raise ValueError(
            "dry-frame bulk modulus exceeds k_min: the inputs are inconsistent"
        )
    k_sat = gassmann_ksat(k_dry, k_min, k_fluid, phi)
    rho = wet_density(rho_dry, phi, 1.0, rho_fluid)
    vp_w = np.sqrt((k_sat + 4.0 / 3.0 * mu) / rho)
    vs_w = np.sqrt(mu / rho)
    wet = dynamic_moduli(rho, vp_w, vs_w, require_nonnegative_nu=False)
    return {
        "vp": vp_w,
        "vs": vs_w,
        "rho": rho,
        "k_dry": k_dry,
        "k_sat": k_sat,
        "mu": mu,
        "dry": dry,
        "wet": wet,
    }


def vp_rise_share(
    rho_dry,
    vp,
    vs,
    phi_range,
    k_min_range,
    k_fluid: float = 2.25e9,
    rho_fluid: float = 1000.0,
    n_phi: int = 60,
    n_k: int = 60,
) -> float:
    """Share of a uniform (phi, K_min) grid on which Gassmann wet Vp exceeds dry Vp.

    ``phi_range`` = (lo, hi) porosity and ``k_min_range`` = (lo, hi) mineral bulk
    modulus (Pa); the grid has ``n_phi`` x ``n_k`` points including both ends. The share
    depends on the bounds; report it for several (see the ``coal-dewatering`` chapter),
    never for one set alone.
    """
    (p0, p1), (k0, k1) = phi_range, k_min_range
    if not (0 < p0 < p1 < 1) or not (0 < k0 < k1):
        raise ValueError(
            "phi_range must satisfy 0 < lo < hi < 1 and k_min_range 0 < lo < hi (Pa)"
        )
    if n_phi < 2 or n_k < 2:
        raise ValueError("n_phi and n_k must be >= 2")
    phis = np.linspace(p0, p1, int(n_phi))
    up = [
        fluid_substitute(rho_dry, vp, vs, phis, km, k_fluid, rho_fluid)["vp"] > vp
        for km in np.linspace(k0, k1, int(n_k))
    ]
    return float(np.mean(up))


# ------------------------------------------------------------------------------------
# percentages
# --------------------------------------------------------------------------------------
def pct_higher(a, b, base: str = "b") -> float:
    """How much higher group ``a`` is than group ``b``, in percent, with the base
    stated.

    ``base="b"``: 100 (mean a / mean b - 1); ``"a"``: 100 (1 - mean b / mean a) (i.e. b
    is this much lower, on a's base); ``"paired"``: 100 (mean(a_i / b_i) - 1) (same
    specimens, equal lengths); ``"median"``: 100 (median a / median b - 1).
    """
    a = _positive("a", np.atleast_1d(a))
    b = _positive("b", np.atleast_1d(b))
    if base == "b":
        return float(100 * (a.mean() / b.mean() - 1))
    if base == "a":
        return float(100 * (1 - b.mean() / a.mean()))
    if base == "paired":
        if a.shape != b.shape:
            raise ValueError(
                f"paired mode needs equal-length groups, got {a.shape} and {b.shape}"
            )
        return float(100 * (np.mean(a / b) - 1))
    if base == "median":
        return float(100 * (np.median(a) / np.median(b) - 1))
    raise ValueError(f"unknown base {base!r}; allowed {PCT_BASES}")


def convert_pct_base(p, to: str = "a"):
    """Convert "a is p % higher than b" (base b) to "b is q % lower than a" (base a): q
    = p / (1 + p/100).

    ``to="b"`` inverts: p = q / (1 - q/100).
    """
    p = np.asarray(p, dtype=np.float64)
    if to == "a":
        if np.any(p <= -100):
            raise ValueError("a base-b percentage must exceed -100")
        return p / (1 + p / 100)
    if to == "b":
        if np.any(p >= 100):
            raise ValueError("a base-a percentage must be below 100")
        return p / (1 - p / 100)
    raise ValueError(f"unknown target base {to!r}; allowed ('a', 'b')")


def bootstrap_ratio_ci(
    a, b, n_boot: int = 4000, seed: int = 0, level: float = 0.95, paired: bool = False
) -> tuple:
    """Percentile bootstrap CI of mean(a) / mean(b) (or mean of paired ratios): (lo,
    hi)."""
    a = _positive("a", np.atleast_1d(a))
    b = _positive("b", np.atleast_1d(b))
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level}")
    positive_int("n_boot", n_boot, minimum=10)
    rng = np.random.default_rng(seed)
    if paired:
        if a.shape != b.shape:
            raise ValueError("paired bootstrap needs equal-length groups")
        r = a / b
        idx = rng.integers(0, r.size, (n_boot, r.size))
        bs = r[idx].mean(1)
    else:
        ia = rng.integers(0, a.size, (n_boot, a.size))
        ib = rng.integers(0, b.size, (n_boot, b.size))
        bs = a[ia].mean(1) / b[ib].mean(1)
    q = (1 - level) / 2
    return float(np.quantile(bs, q)), float(np.quantile(bs, 1 - q))


# ------------------------------------------------------------------------------------
# voxel fracture networks
# --------------------------------------------------------------------------------------
@dataclass
class Disc:
    """One fracture disc (voxel units): centre (3,), unit normal (3,), radius,
    aperture, set id."""

    centre: np.ndarray
    normal: np.ndarray
    radius: float
    aperture: float
    set_id: int


@dataclass
class FractureNetwork:
    """Voxelised network: ``mask`` (n, n, n) bool, ``set_map`` (n, n, n) int8 (0 none, 1
    + set id), ``discs`` list, ``p32_exact`` mid-plane area per volume (1/voxel)."""

    mask: np.ndarray
    set_map: np.ndarray
    discs: list = field(default_factory=list)
    p32_exact: float = 0.0


def _sunflower(k: int) -> np.ndarray:
    """k deterministic, area-uniform points on the unit disc (Vogel spiral): (k, 2)."""
    i = np.arange(k) + 0.5
    r = np.sqrt(i / k)
    th = i * np.pi * (3 - np.sqrt(5))
    return np.stack([r * np.cos(th), r * np.sin(th)], -1)


def disc_area_inside(disc: Disc, n: int, n_points: int = 4000) -> float:
    """Area (voxel^2) of the part of a disc inside the cube [0, n]^3 (quadrature on a
    Vogel spiral)."""
    nrm = np.asarray(disc.normal, dtype=np.float64)
    u = np.cross(nrm, [1.0, 0, 0] if abs(nrm[0]) < 0.9 else [0, 1.0, 0])
    u /= np.linalg.norm(u)
    w = np.cross(nrm, u)
    p = _sunflower(n_points) * disc.radius
    X = disc.centre + p[:, :1] * u + p[:, 1:] * w
    inside = np.all((X >= 0) & (X <= n), axis=1)
    return float(np.pi * disc.radius**2 * inside.mean())


def voxelise_disc(mask: np.ndarray, disc: Disc) -> np.ndarray:
    """Boolean (n, n, n) of voxels with |distance to the mid-plane| < aperture/2 within
    the radius."""
    n = mask.shape[0]
    c = np.asarray(disc.centre, dtype=np.float64)
    half = disc.aperture / 2
    ext = disc.radius + half + 1
    lo = np.maximum(np.floor(c - ext).astype(int), 0)
    hi = np.minimum(np.ceil(c + ext).astype(int), n)
    out = np.zeros_like(mask, dtype=bool)
    if np.any(hi <= lo):
        return out
    g = np.meshgrid(
        *[np.arange(lo[k], hi[k]) + 0.5 - c[k] for k in range(3)], indexing="ij"
    )
    d = g[0] * disc.normal[0] + g[1] * disc.normal[1] + g[2] * disc.normal[2]
    r2 = g[0] ** 2 + g[1] ** 2 + g[2] ** 2 - d * d
    out[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]] = (np.abs(d) < half) & (
        r2 <= disc.radius**2
    )
    return out


def fracture_network(
    n: int = 80,
    n_discs: int = 20,
    aperture_median: float = 2.0,
    seed: int = 0,
    set_fractions: tuple = (0.45, 0.45, 0.10),
    jitter: float = 0.1,
    radius_median: float = 25.0,
    radius_sigma: float = 0.5,
    aperture_sigma: float = 0.3,
) -> FractureNetwork:
    """Seeded Baecher-type disc network on an (n, n, n) voxel grid (all parameters
    assumed).

    Sets: normals near x (face cleats), near y (butt cleats) and near z (bedding),
    chosen with probabilities ``set_fractions``, each normal jittered by ``jitter``
    (radians, Gaussian per component). Radii lognormal (median ``radius_median`` voxels,
    log-SD ``radius_sigma``, capped at n); apertures lognormal (median
    ``aperture_median`` voxels, log-SD ``aperture_sigma``, floored at 1 voxel). Centres
    uniform in the cube. ``p32_exact`` counts the in-cube mid-plane area of every disc
    (overlaps counted twice).
    """
    positive_int("n", n, minimum=4)
    positive_int("n_discs", n_discs)
    positive_float("aperture_median", aperture_median)
    positive_float("radius_median", radius_median)
    fr = np.asarray(set_fractions, dtype=np.float64)
    if fr.shape != (3,) or np.any(fr < 0) or not np.isclose(fr.sum(), 1.0):
        raise ValueError(
            "set_fractions must be three non-negative numbers summing to 1"
        )
    rng = np.random.default_rng(seed)
    mask = np.zeros((n, n, n), dtype=bool)
    set_map = np.zeros((n, n, n), dtype=np.int8)
    discs, area = [], 0.0
    basis = np.eye(3)
    for _ in range(n_discs):
        sid = int(rng.choice(3, p=fr))
        nrm = basis[sid] + jitter * rng.standard_normal(3)
        nrm /= np.linalg.norm(nrm)
        r = min(radius_median * np.exp(radius_sigma * rng.standard_normal()), float(n))
        a = max(aperture_median * np.exp(aperture_sigma * rng.standard_normal()), 1.0)
        d = Disc(
            centre=rng.uniform(0, n, 3), normal=nrm, radius=r, aperture=a, set_id=sid
        )
        vox = voxelise_disc(mask, d)
        mask |= vox
        set_map[vox & (set_map == 0)] = sid + 1
        discs.append(d)
        area += disc_area_inside(d, n)
    return FractureNetwork(
        mask=mask, set_map=set_map, discs=discs, p32_exact=area / n**3
    )


def fracture_porosity(mask: np.ndarray) -> float:
    """Fracture voxels over all voxels of the region of interest (dimensionless)."""
    m = np.asarray(mask)
    if m.size == 0:
        raise ValueError("mask is empty")
    if m.dtype != bool:
        raise ValueError(f"mask must be boolean, got dtype {m.dtype}")
    return float(m.mean())


#: The 13 lattice directions (3 axes, 6 face diagonals, 4 body diagonals).
DIRECTIONS_13 = np.array(
    [
        (1, 0, 0),
        (0, 1, 0),
        (0, 0, 1),
        (1, 1, 0),
        (1, -1, 0),
        (1, 0, 1),
        (1, 0, -1),
        (0, 1, 1),
        (0, 1, -1),
        (1, 1, 1),
        (1, 1, -1),
        (1, -1, 1),
        (1, -1, -1),
    ]
)


def p10_along(mask: np.ndarray, direction) -> float:
    """Fracture crossings per unit length (1/voxel) along lattice lines in an integer
    direction.

    Counts 0->1 and 1->0 transitions between voxel pairs (x, x + d) inside the volume,
    halves the sum (one crossing = one entry + one exit, symmetric at the borders) and
    divides by the total length |d| x (number of pairs).
    """
    m = np.asarray(mask)
    if m.ndim != 3 or m.dtype != bool:
        raise ValueError(
            f"mask must be a 3D boolean array, got shape {m.shape}, dtype {m.dtype}"
        )
    d = np.asarray(direction, dtype=int)
    if d.shape != (3,) or not np.any(d):
        raise ValueError(
            f"direction must be a non-zero integer 3-vector, got {direction!r}"
        )
    sa = tuple(slice(max(0, -o), m.shape[k] - max(0, o)) for k, o in enumerate(d))
    sb = tuple(slice(max(0, o), m.shape[k] - max(0, -o)) for k, o in enumerate(d))
    A, B = m[sa], m[sb]
    if A.size == 0:
        raise ValueError("volume too small for this direction")
    crossings = 0.5 * np.count_nonzero(A != B)
    return float(crossings / (A.size * np.linalg.norm(d)))


def p32_intercepts(mask: np.ndarray, voxel_size: float = 1.0) -> float:
    """Stereological P32 estimate 2 <P10> over the 13 lattice directions (1/length unit
    of voxel_size).

    Unbiased for isotropic orientations (Crofton); biased for oriented sets (for a
    single plane normal to an axis it returns (2/13) sum |n.d_i| = 0.944 times the
    truth, times n/(n-1) from the border).
    """
    positive_float("voxel_size", voxel_size)
    m = np.asarray(mask)
    if m.size == 0:
        raise ValueError("mask is empty")
    return float(2.0 * np.mean([p10_along(m, d) for d in DIRECTIONS_13]) / voxel_size)


def downsample_mask(
    mask: np.ndarray, factor: int, threshold: float = 0.5
) -> np.ndarray:
    """Block-average a boolean (n, n, n) mask by ``factor`` and re-threshold (fraction
    > threshold).

    n is cropped to a multiple of ``factor``; returns (n // factor,)*3 bool.
    """
    m = np.asarray(mask)
    if m.ndim != 3 or m.dtype != bool:
        raise ValueError("mask must be a 3D boolean array")
    positive_int("factor", factor)
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must lie in [0, 1), got {threshold}")
    k = [s // factor for s in m.shape]
    if min(k) < 1:
        raise ValueError("factor larger than the volume")
    c = m[: k[0] * factor, : k[1] * factor, : k[2] * factor].astype(np.float64)
    frac = c.reshape(k[0], factor, k[1], factor, k[2], factor).mean(axis=(1, 3, 5))
    return frac > threshold


def fit_line(x, y, through_origin: bool = False, level: float = 0.95) -> dict:
    """Least-squares line y = slope x (+ intercept) with R^2 and a t-based slope CI.

    R^2 is 1 - SS_res / SS_tot with the centred SS_tot in both modes (comparable across
    modes). Returns dict(slope, intercept, r2, slope_ci=(lo, hi), r (Pearson)).
    """
    x, y = _paired_1d("x", x, "y", y, min_size=3)
    n = x.size
    if through_origin:
        slope = float(x @ y / (x @ x))
        intercept = 0.0
        dof = n - 1
        res = y - slope * x
        se = np.sqrt(res @ res / dof / (x @ x))
    else:
        lr = stats.linregress(x, y)
        slope, intercept = float(lr.slope), float(lr.intercept)
        dof = n - 2
        res = y - slope * x - intercept
        se = lr.stderr
    ss_tot = np.sum((y - y.mean()) ** 2)
    r2 = float(1 - res @ res / ss_tot) if ss_tot > 0 else float("nan")
    tq = stats.t.ppf(0.5 + level / 2, dof)
    return {
        "slope": slope,
        "intercept": intercept,
        "r2": r2,
        "slope_ci": (float(slope - tq * se), float(slope + tq * se)),
        "r": float(np.corrcoef(x, y)[0, 1]),
    }


def line_band(x, y, x0, through_origin: bool = False, level: float = 0.95) -> tuple:
    """Pointwise confidence band of the fitted mean line of :func:`fit_line` at ``x0``:
    (fit, lo, hi).

    OLS: s sqrt(1/n + (x0 - mean x)^2 / Sxx); through the origin: s |x0| / sqrt(sum
    x^2); t quantile with n - 2 (n - 1) degrees of freedom. All outputs have the shape
    of ``x0``.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    x0 = np.asarray(x0, dtype=np.float64)
    f = fit_line(x, y, through_origin, level)
    n = x.size
    fit = f["slope"] * x0 + f["intercept"]
    res = y - f["slope"] * x - f["intercept"]
    dof = n - 1 if through_origin else n - 2
    s = np.sqrt(res @ res / dof)
    if through_origin:
        se = s * np.abs(x0) / np.sqrt(x @ x)
    else:
        se = s * np.sqrt(1.0 / n + (x0 - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2))
    tq = stats.t.ppf(0.5 + level / 2, dof)
    return fit, fit - tq * se, fit + tq * se


# ------------------------------------------------------------------------------------
# static modulus and UCS from stress-strain curves
# --------------------------------------------------------------------------------------
# Deliberate repeat: one parameter a line (ruff format of a long signature).
def synthetic_stress_strain(
    E: float,
    ucs: float,
    closure: float = 0.2,
    linear_end: float = 0.7,
    E0_ratio: float = 0.3,
    n_points: int = 2001,
) -> tuple:
    """Synthetic pre-peak axial curve (strain, stress) with a known linear modulus
    ``E`` (Pa).

    Compliance dε/dσ = 1/E + (1/E0 - 1/E) (1 - σ/σ_c)^2 below σ_c = closure·UCS (crack
    closure, concave up, E0 = E0_ratio·E at the origin); exactly 1/E up to σ_y =
    linear_end·UCS; above it dε/dσ = 1 / (E sqrt(1 - u^2)), u = (σ - σ_y)/(UCS - σ_y),
    so the tangent modulus falls to 0 at the peak. Returns strain (dimensionless) and
    stress (Pa), both (n_points,), stress rising to UCS.
    """
    E = positive_float("E", E)
    ucs = positive_float("ucs", ucs)
    if not 0 < closure < linear_end < 1:
        raise ValueError("need 0 < closure < linear_end < 1")
    if not 0 < E0_ratio <= 1:
        raise ValueError("E0_ratio must lie in (0, 1]")
    sig = np.linspace(0.0, ucs, n_points)
    sc, sy = closure * ucs, linear_end * ucs
    E0 = E0_ratio * E
    eps = sig / E
    q = np.minimum(sig, sc) / sc
    eps = eps + (1 / E0 - 1 / E) * sc / 3 * (1 - (1 - q) ** 3)
    u = np.clip((sig - sy) / (ucs - sy), 0, 1)
    eps = eps + (ucs - sy) / E * (np.arcsin(u) - u)
    return eps, sig


def static_modulus(
    strain,
    stress,
    method: str = "tangent50",
    window: float = 0.1,
    linear_band: tuple = (0.3, 0.6),
) -> float:
    """Static Young's modulus (Pa) from a pre-peak curve.

    ``tangent50``: least-squares slope for stress within 50 % ± window/2 of UCS
    (ISRM-style); ``secant50``: stress / strain at 50 % UCS (interpolated); ``linear``:
    least-squares slope over ``linear_band`` (fractions of UCS). UCS = max stress; only
    the part up to the peak is used.
    """
    e, s = _paired_1d("strain", strain, "stress", stress, min_size=5)
    k = int(np.argmax(s))
    e, s = e[: k + 1], s[: k + 1]
    ucs = s[-1]
    if ucs <= 0:
        raise ValueError("peak stress must be positive")
    if method == "secant50":
        return float(0.5 * ucs / np.interp(0.5 * ucs, s, e))
    if method == "tangent50":
        lo, hi = 0.5 - window / 2, 0.5 + window / 2
    elif method == "linear":
        lo, hi = linear_band
    else:
        raise ValueError(
            f"unknown method {method!r}; allowed ('tangent50', 'secant50', 'linear')"
        )
    sel = (s >= lo * ucs) & (s <= hi * ucs)
    if sel.sum() < 2:
        raise ValueError(
            "too few points in the fitting band; sample the curve more densely"
        )
    return float(np.polyfit(e[sel], s[sel], 1)[0])
