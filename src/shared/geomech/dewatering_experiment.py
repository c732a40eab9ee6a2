"""The experiments of the chapter ``coal-dewatering``: profiles, seeded runs and
results.

One function per section: fracture porosity against P32 (:func:`run_porosity`), the
imaging sweep (:func:`run_imaging`), Gassmann fluid substitution (:func:`run_fluid`),
percentage bases and bootstrap widths (:func:`run_percentages`) and static moduli
(:func:`run_static`). :func:`measured` feeds
:func:`shared.geomech.dewatering_claims.claims`; :func:`key_numbers` gives the chapter's
key numbers. Units: SI (kg/m^3, m/s, Pa) unless a name says otherwise; fracture networks
in voxel units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from shared.repro import progress
from shared.repro.validate import positive_int

from . import rockphysics as rp
from .dewatering_claims import KMIN_MAX_VARIANTS_GPA
from .dewatering_claims import PHI_MAX_VARIANTS
from .dewatering_claims import Measured


@dataclass(frozen=True)
class Profile:
    """Sizes of one run: ``n`` voxels per side of a synthetic micro-CT volume;
    ``n_volumes`` volumes per population (constant / varied aperture); ``n_sweep``
    volumes in the imaging-sensitivity sweep; ``n_boot`` bootstrap resamples."""

    n: int
    n_volumes: int
    n_sweep: int
    n_boot: int

    def __post_init__(self):
        positive_int("n", self.n, minimum=4)
        positive_int("n_volumes", self.n_volumes, minimum=2)
        positive_int("n_sweep", self.n_sweep)
        positive_int("n_boot", self.n_boot)


PROFILES = {
    "quick": Profile(n=80, n_volumes=30, n_sweep=10, n_boot=2000),
    "full": Profile(n=128, n_volumes=100, n_sweep=40, n_boot=10000),
}

#: Dry coal of the worked example: density kg/m^3, Vp and Vs m/s, porosity, mineral bulk
#: modulus Pa; water bulk modulus Pa and density kg/m^3. All assumed.
RHO_DRY, VP_DRY, VS_DRY, PHI0, KMIN0 = 1350.0, 2250.0, 1150.0, 0.05, 6e9
K_WATER, RHO_WATER = 2.25e9, 1000.0
CONST, VARIED = "constant aperture", "aperture varied ×4"
FACTORS, THRESHOLDS = (1, 2, 3), (0.25, 0.5)
#: The paper's reported dry-over-wet differences (wet base), per cent.
REPORTED = {"Es": 10.0, "UCS": 31.0}


# ------------------------------------------------------------------------------------
# fracture porosity against P32
# --------------------------------------------------------------------------------------
def population(n: int, varied: bool, count: int, rng: np.random.Generator) -> dict:
    """``count`` synthetic volumes: arrays ``phi``, ``p32`` (exact), ``p32_vox``,
    ``aperture`` (every disc) and ``abar`` (median aperture per volume, voxels)."""
    out = {"phi": [], "p32": [], "p32_vox": [], "aperture": [], "abar": []}
    for _ in progress(range(count), desc="volumes"):
        n_discs = int(rng.integers(3, 16))
        abar = float(np.exp(rng.uniform(np.log(1.5), np.log(6.0)))) if varied else 3.0
        net = rp.fracture_network(n, n_discs, abar, seed=int(rng.integers(2**31)))
        out["phi"].append(rp.fracture_porosity(net.mask))
        out["p32"].append(net.p32_exact)
        out["p32_vox"].append(rp.p32_intercepts(net.mask))
        out["aperture"] += [d.aperture for d in net.discs]
        out["abar"].append(abar)
    return {k: np.array(v) for k, v in out.items()}


@dataclass(frozen=True)
class Porosity:
    """``pops[name]``: :func:`population` of each population; ``fits[(name, estimator,
    "origin" | "ols")]``: :func:`rockphysics.fit_line` of phi on P32; ``plane_factor``:
    voxel P32 of one lattice plane times (n - 1)."""

    pops: dict
    fits: dict
    plane_factor: float

    @property
    def r2_const(self) -> float:
        return self.fits[(CONST, "p32", "origin")]["r2"]

    @property
    def r2_varied(self) -> float:
        return self.fits[(VARIED, "p32", "origin")]["r2"]

    @property
    def r2_const_vox(self) -> float:
        return self.fits[(CONST, "p32_vox", "origin")]["r2"]

    @property
    def slope_ratio(self) -> float:
        slope = self.fits[(CONST, "p32", "origin")]["slope"]
        return float(slope / self.pops[CONST]["aperture"].mean())

    @property
    def vox_exact_ratio(self) -> float:
        p = self.pops[CONST]
        return float(np.median(p["p32_vox"] / p["p32"]))

    @property
    def phi_range(self) -> tuple:
        phi = np.concatenate([p["phi"] for p in self.pops.values()])
        return float(phi.min()), float(phi.max())

    def glued(self) -> dict:
        """The values the chapter's prose quotes (porosities in per cent)."""
        phi_lo, phi_hi = self.phi_range
        return dict(
            phi_lo=100 * phi_lo,
            phi_hi=100 * phi_hi,
            r2_const=self.r2_const,
            r2_varied=self.r2_varied,
            slope_ratio=self.slope_ratio,
            r2_const_vox=self.r2_const_vox,
            vox_exact_ratio=self.vox_exact_ratio,
            plane_factor=self.plane_factor,
        )

    def report(self) -> str:
        """The fits of each population and the porosity range, as text."""
        lines = []
        for name, p in self.pops.items():
            mean_ap = p["aperture"].mean()
            f0 = self.fits[(name, "p32", "origin")]
            fo = self.fits[(name, "p32", "ols")]
            r2_vox = self.fits[(name, "p32_vox", "origin")]["r2"]
            lines.append(
                f"{name:>20s}: R² (through origin, exact P32) {f0['r2']:.3f}, "
                f"OLS {fo['r2']:.3f}; slope {f0['slope']:.2f} voxels = "
                f"{f0['slope'] / mean_ap:.2f} × mean disc aperture {mean_ap:.2f}; "
                f"voxel-P32 R² {r2_vox:.3f}"
            )
        phi_lo, phi_hi = self.phi_range
        lines.append(
            "fracture porosity range over both populations: "
            f"{100 * phi_lo:.1f}-{100 * phi_hi:.1f} %"
        )
        return "\n".join(lines)


def run_porosity(profile: Profile, rng: np.random.Generator) -> Porosity:
    """Both populations (drawn from ``rng`` in order) and their line fits."""
    pops = {
        CONST: population(profile.n, False, profile.n_volumes, rng),
        VARIED: population(profile.n, True, profile.n_volumes, rng),
    }
    fits = {}
    for name, p in pops.items():
        for est in ("p32", "p32_vox"):
            fits[(name, est, "origin")] = rp.fit_line(
                p[est], p["phi"], through_origin=True
            )
            fits[(name, est, "ols")] = rp.fit_line(p[est], p["phi"])
    n = profile.n
    plane = np.zeros((n, n, n), dtype=bool)
    plane[n // 2] = True
    return Porosity(
        pops=pops, fits=fits, plane_factor=float(rp.p32_intercepts(plane) * (n - 1))
    )


# ------------------------------------------------------------------------------------
# imaging sweep
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Imaging:
    """``mean[(factor, threshold)][metric]``: mean ``phi``, voxel ``p32`` and
    voxel/exact ``ratio`` after block-averaging by ``factor`` and thresholding."""

    mean: dict

    def phi_ratio(self, factor: int, threshold: float = 0.5) -> float:
        return self.mean[(factor, threshold)]["phi"] / self.mean[(1, threshold)]["phi"]

    @property
    def p32_loss3(self) -> float:
        return 1 - self.mean[(3, 0.5)]["p32"] / self.mean[(1, 0.5)]["p32"]

    def glued(self) -> dict:
        """The values the chapter's prose quotes (the P32 loss in per cent)."""
        return dict(
            phi_ratio2=self.phi_ratio(2),
            phi_ratio3=self.phi_ratio(3),
            phi_ratio3_lo=self.phi_ratio(3, 0.25),
            p32_loss3=100 * self.p32_loss3,
        )

    def report(self) -> str:
        """The sweep's means per factor and threshold, as text."""
        return "\n".join(
            f"factor {k[0]}, threshold {k[1]}: phi_f {d['phi']:.4f}, "
            f"voxel P32 {d['p32']:.4f}, voxel/exact {d['ratio']:.2f}"
            for k, d in self.mean.items()
        )


def run_imaging(profile: Profile, seed: int) -> Imaging:
    """Coarser imaging of ``profile.n_sweep`` volumes (stream: first child of
    ``seed``)."""
    acc = {
        (f, t): {"phi": [], "p32": [], "ratio": []} for f in FACTORS for t in THRESHOLDS
    }
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    n = profile.n
    for _ in progress(range(profile.n_sweep), desc="imaging sweep"):
        n_discs = int(rng.integers(3, 16))
        net = rp.fracture_network(n, n_discs, 3.0, seed=int(rng.integers(2**31)))
        for f in FACTORS:
            for t in THRESHOLDS:
                msk = net.mask if f == 1 else rp.downsample_mask(net.mask, f, t)
                p32v = rp.p32_intercepts(msk, voxel_size=f)
                acc[(f, t)]["phi"].append(rp.fracture_porosity(msk))
                acc[(f, t)]["p32"].append(p32v)
                acc[(f, t)]["ratio"].append(p32v / net.p32_exact)
    return Imaging(
        mean={k: {m: float(np.mean(v)) for m, v in d.items()} for k, d in acc.items()}
    )


# ------------------------------------------------------------------------------------
# Gassmann fluid substitution
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fluid:
    """The worked example ``sub`` (:func:`rockphysics.fluid_substitute`), its wet/dry
    ratios, the (phi, K_min) grid ``grid_vp`` and ``grid_ed`` (wet/dry) on ``phis`` and
    ``kmins``, the share tables ``shares[(phi_max, kmin_max_gpa)]`` and their
    stiffness-free nulls."""

    sub: dict
    vp_ratio: float
    vs_ratio: float
    ed_ratio: float
    ed_density_effect: float
    worked_ok: bool
    phis: np.ndarray
    kmins: np.ndarray
    grid_vp: np.ndarray
    grid_ed: np.ndarray
    phi_cross_5: float
    vs_down: bool
    shares: dict
    shares_null: tuple
    vp_ratio_null: float

    @property
    def vp_up_fraction(self) -> float:
        return float(np.mean(self.grid_vp > 1))

    @property
    def ed_min_ratio(self) -> float:
        return float(self.grid_ed.min())

    def glued(self) -> dict:
        """The values the chapter's prose quotes (changes and shares in per cent)."""
        return dict(
            vp_pct=100 * (self.vp_ratio - 1),
            vs_drop_pct=100 * (1 - self.vs_ratio),
            ed_pct=100 * (self.ed_ratio - 1),
            ed_density_pct=100 * self.ed_density_effect,
            vp_share_min=100 * min(self.shares.values()),
            vp_share_max=100 * max(self.shares.values()),
            vp_null_pct=100 * (self.vp_ratio_null - 1),
            vp_up_fraction=100 * self.vp_up_fraction,
            ed_min_ratio=self.ed_min_ratio,
            phi_cross_5=100 * self.phi_cross_5,
        )

    def report(self) -> str:
        """The worked example, dry to wet, and its check against a hand calculation."""
        sub = self.sub
        dry, wet = sub["dry"], sub["wet"]
        return "\n".join(
            (
                f"K_dry {sub['k_dry'] / 1e9:.3f} GPa -> K_sat {sub['k_sat'] / 1e9:.3f} "
                f"GPa; rho {RHO_DRY:.0f} -> {sub['rho']:.0f} kg/m3",
                f"Vp {VP_DRY:.0f} -> {sub['vp']:.1f} m/s "
                f"({100 * (self.vp_ratio - 1):+.2f} %), Vs {VS_DRY:.0f} -> "
                f"{sub['vs']:.1f} m/s ({100 * (self.vs_ratio - 1):+.2f} %)",
                f"Ed {dry['E'] / 1e9:.3f} -> {wet['E'] / 1e9:.3f} GPa "
                f"({100 * (self.ed_ratio - 1):+.2f} %); nu {dry['nu']:.3f} -> "
                f"{wet['nu']:.3f}; using the dry density instead changes wet Ed by "
                f"{100 * self.ed_density_effect:+.2f} %",
                "independent hand calculation (K_dry 4.45, K_sat 5.62 GPa, Vp 2391, "
                "Vs 1129 m/s, Ed 4.72 -> 4.84 GPa) reproduced to 3 significant "
                f"figures: {self.worked_ok}",
            )
        )

    def grid_report(self) -> str:
        """What the (phi, K_min) grid shows, as text."""
        return (
            f"wet Vp > dry Vp on {100 * self.vp_up_fraction:.1f} % of the (phi, K_min) "
            f"grid; with K_min = 5 GPa it turns negative above phi = "
            f"{100 * self.phi_cross_5:.2f} %; smallest wet/dry Ed ratio "
            f"{self.ed_min_ratio:.4f}; Vs falls: {self.vs_down}"
        )

    def share_table(self) -> str:
        """The share table as Markdown."""
        kms = KMIN_MAX_VARIANTS_GPA
        head = (
            "| φ up to | " + " | ".join(f"K_min ≤ {km:.0f} GPa" for km in kms) + " |\n"
        )
        head += "|---|" + "---|" * len(kms) + "\n"
        rows = (
            f"| {100 * pm:.0f} % | "
            + " | ".join(f"{self.shares[(pm, km)]:.3f}" for km in kms)
            + " |"
            for pm in PHI_MAX_VARIANTS
        )
        return head + "\n".join(rows)


def substitute(phi=PHI0, k_min=KMIN0, k_fluid=K_WATER) -> dict:
    """Gassmann on the assumed dry coal (any argument may be an array)."""
    return rp.fluid_substitute(RHO_DRY, VP_DRY, VS_DRY, phi, k_min, k_fluid, RHO_WATER)


def run_fluid() -> Fluid:
    """The worked example, the (phi, K_min) grid and the share of it where wet Vp
    rises."""
    sub = substitute()
    ed_dry_density = rp.dynamic_moduli(RHO_DRY, sub["vp"], sub["vs"])["E"]
    worked_ok = bool(
        abs(sub["k_dry"] / 1e9 - 4.45) < 0.005
        and abs(sub["k_sat"] / 1e9 - 5.62) < 0.005
        and abs(sub["vp"] - 2391) < 0.5
        and abs(sub["vs"] - 1129) < 0.5
        and abs(sub["dry"]["E"] / 1e9 - 4.72) < 0.005
        and abs(sub["wet"]["E"] / 1e9 - 4.84) < 0.005
    )
    phis = np.linspace(0.005, 0.15, 59)
    kmins = np.linspace(4.6e9, 10e9, 55)  # K_min must exceed K_dry = 4.45 GPa
    grid_vp = np.empty((kmins.size, phis.size))
    grid_ed = np.empty_like(grid_vp)
    for i, km in enumerate(kmins):
        o = substitute(phis, km)
        grid_vp[i] = o["vp"] / VP_DRY
        grid_ed[i] = o["wet"]["E"] / o["dry"]["E"]
    phi_cross_5 = float(
        brentq(lambda p: substitute(p, 5e9)["vp"] / VP_DRY - 1, 0.01, 0.15)
    )
    dry_in = (RHO_DRY, VP_DRY, VS_DRY)
    variants = [(pm, km) for pm in PHI_MAX_VARIANTS for km in KMIN_MAX_VARIANTS_GPA]

    def share(pm, km, k_fluid):
        return rp.vp_rise_share(
            *dry_in, (0.005, pm), (4.6e9, km * 1e9), k_fluid, RHO_WATER
        )

    return Fluid(
        sub=sub,
        vp_ratio=float(sub["vp"] / VP_DRY),
        vs_ratio=float(sub["vs"] / VS_DRY),
        ed_ratio=float(sub["wet"]["E"] / sub["dry"]["E"]),
        ed_density_effect=float(ed_dry_density / sub["wet"]["E"] - 1),
        worked_ok=worked_ok,
        phis=phis,
        kmins=kmins,
        grid_vp=grid_vp,
        grid_ed=grid_ed,
        phi_cross_5=phi_cross_5,
        vs_down=bool(np.all(substitute(phis)["vs"] < VS_DRY)),
        shares={(pm, km): share(pm, km, K_WATER) for pm, km in variants},
        shares_null=tuple(share(pm, km, 0.0) for pm, km in variants),
        vp_ratio_null=float(substitute(k_fluid=0.0)["vp"] / VP_DRY),
    )


# ------------------------------------------------------------------------------------
# percentage bases and bootstrap widths
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Percentages:
    """``dry_base[k]``: the reported wet-base percentage of :data:`REPORTED` on the dry
    base; ``ci_widths``: 95 % bootstrap CI widths (percentage points) of the dry/wet
    ratio for 20 synthetic 5 + 5 specimen sets with CV 20 %."""

    dry_base: dict
    ci_widths: tuple

    @property
    def ci_width(self) -> float:
        return float(np.median(self.ci_widths))

    def glued(self) -> dict:
        """The values the chapter's prose quotes (per cent, percentage points)."""
        return dict(
            es_dry_base=self.dry_base["Es"],
            ucs_dry_base=self.dry_base["UCS"],
            ci_width=self.ci_width,
        )

    def report(self) -> str:
        """Both readings of each reported percentage and the bootstrap width."""
        lines = [
            f"{k}: dry {v:.0f} % higher than wet (wet base) = wet "
            f"{self.dry_base[k]:.1f} % lower than dry (dry base)"
            for k, v in REPORTED.items()
        ]
        lines.append(
            "synthetic illustration: median 95 % bootstrap CI width of the dry/wet "
            f"ratio with 5 + 5 specimens, CV 20 %: {self.ci_width:.0f} percentage "
            "points"
        )
        return "\n".join(lines)


def run_percentages(profile: Profile, rng: np.random.Generator) -> Percentages:
    """Convert the reported percentages; bootstrap widths (drawn from ``rng``)."""
    conv = {k: float(rp.convert_pct_base(v, to="a")) for k, v in REPORTED.items()}
    widths = []
    for _ in range(20):
        wet = 10.0 * np.exp(0.2 * rng.standard_normal(5))
        dry = 13.1 * np.exp(0.2 * rng.standard_normal(5))
        seed = int(rng.integers(2**31))
        lo, hi = rp.bootstrap_ratio_ci(dry, wet, n_boot=profile.n_boot, seed=seed)
        widths.append(100 * (hi - lo))
    return Percentages(dry_base=conv, ci_widths=tuple(widths))


# ------------------------------------------------------------------------------------
# static moduli
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Static:
    """A synthetic stress-strain curve (``eps``, ``sig`` Pa) with Young's modulus
    ``e_true_gpa`` and strength ``ucs_mpa``; ``es[method]``: extracted modulus, GPa."""

    e_true_gpa: float
    ucs_mpa: float
    eps: np.ndarray
    sig: np.ndarray
    es: dict

    @property
    def es_err(self) -> float:
        return abs(self.es["tangent50"] / self.e_true_gpa - 1)

    def glued(self) -> dict:
        """The values the chapter's prose quotes (GPa)."""
        return dict(es_secant=self.es["secant50"], es_tangent=self.es["tangent50"])

    def report(self) -> str:
        """The extracted moduli, as text."""
        return "\n".join(f"{k:>9s}: {v:.3f} GPa" for k, v in self.es.items())


def run_static(e_true_gpa: float = 3.0, ucs_mpa: float = 20.0) -> Static:
    """Tangent-50, linear and secant-50 moduli of a synthetic curve."""
    eps, sig = rp.synthetic_stress_strain(e_true_gpa * 1e9, ucs_mpa * 1e6)
    es = {
        m: rp.static_modulus(eps, sig, m) / 1e9
        for m in ("tangent50", "linear", "secant50")
    }
    return Static(e_true_gpa=e_true_gpa, ucs_mpa=ucs_mpa, eps=eps, sig=sig, es=es)


# ------------------------------------------------------------------------------------
# claims and key numbers
# --------------------------------------------------------------------------------------
def measured(
    profile: Profile, por: Porosity, fl: Fluid, pct: Percentages, st: Static
) -> Measured:
    """The values the claims are graded on."""
    # Deliberate repeat: one keyword a line, like every chapter's measured();
    # the values are this chapter's.
    return Measured(
        vp_ratio=fl.vp_ratio,
        vp_ratio_null=fl.vp_ratio_null,
        vs_ratio=fl.vs_ratio,
        ed_ratio=fl.ed_ratio,
        ed_min_ratio=fl.ed_min_ratio,
        vp_share_min=min(fl.shares.values()),
        vp_share_max=max(fl.shares.values()),
        vp_share_null=max(fl.shares_null),
        r2_const=por.r2_const,
        r2_const_vox=por.r2_const_vox,
        r2_varied=por.r2_varied,
        slope_ratio=por.slope_ratio,
        worked_ok=fl.worked_ok,
        es_err=st.es_err,
        secant_below=bool(st.es["secant50"] < st.es["tangent50"]),
        es_dry_base=pct.dry_base["Es"],
        ucs_dry_base=pct.dry_base["UCS"],
        n_volumes=profile.n_volumes,
        n=profile.n,
    )


def key_numbers(por: Porosity, fl: Fluid, pct: Percentages, st: Static) -> dict:
    """The chapter's key numbers (the ``NBVAL_CHECK_OUTPUT`` cell)."""
    return {
        "R2 phi vs P32, constant aperture": por.r2_const,
        "R2 phi vs voxel P32, constant aperture": por.r2_const_vox,
        "R2 phi vs P32, varied aperture": por.r2_varied,
        "slope / mean aperture": por.slope_ratio,
        "voxel / exact P32 (median)": por.vox_exact_ratio,
        "Gassmann wet/dry Vp": fl.vp_ratio,
        "Gassmann wet/dry Vs": fl.vs_ratio,
        "Gassmann wet/dry Ed": fl.ed_ratio,
        "share of grid with wet Vp up": fl.vp_up_fraction,
        "C2 smallest share over 9 grid bounds": min(fl.shares.values()),
        "C2 null: wet/dry Vp, stiffness-free fluid": fl.vp_ratio_null,
        "phi where Vp change flips, Kmin 5 GPa": fl.phi_cross_5,
        "min wet/dry Ed on grid": fl.ed_min_ratio,
        "Es 10 % on dry base": pct.dry_base["Es"],
        "UCS 31 % on dry base": pct.dry_base["UCS"],
        "tangent-50 Es / true E": st.es["tangent50"] / st.e_true_gpa,
    }
