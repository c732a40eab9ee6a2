"""Claims of the ``sonic-map`` chapter (arXiv 2503.06842), graded under the evidence
policy.

Only the abstract of the paper could be read (and a machine-written third-party summary
of it), so every paper claim is a :data:`~shared.repro.claims.RECONSTRUCTION`: the cubes
are synthetic stand-ins, and the region layout, footprint, interpolation, averaging
rule, forward models, material values and thresholds are this book's. Seed-dependent
values come from three replicates, each a fresh set of seeded cubes
(``numpy.random.SeedSequence(SEED).spawn(3)``), and are graded on the worst replicate.

Paper claims:

- C2 "interpolation refines the 2D maps": every smooth scheme's 3D map correlates better
  with the footprint-scale truth than the raw region blocks (null: the region blocks
  against themselves, i.e. no refinement).
- C3 "the 3D map reflects the interior seen by CT": Pearson r of the map against the
  footprint-smoothed **CT proxy** (what a lab has), for straight-ray and first-arrival
  picks (null: the same map against the CT proxy of another cube). Threshold 0.6, the
  chapter's pre-set bar for "agreement clearly visible", kept unchanged when the
  reference moved from the synthetic velocity truth to the CT proxy.
- C4 "slow zones mark fractures and voids" (a hint of the third-party summary, not the
  abstract): Spearman rho between a block's open fraction and its map velocity, for
  straight-ray *and* first-arrival picks (null: the open fractions of another cube).

Method checks (never counted; ids M1-M7, so that none looks like a paper claim): M1
the 27 + 27 layout and missing S picks (formerly C1); M2 interpolation exactness; M3 the
map against the synthetic velocity truth (the book's own check, which a lab cannot
make; formerly C3t); M4 averaging is lossy (rank, point spread, least squares; formerly
C5); M5 scheme spread against cube-to-cube scatter (the book's own experiment; formerly
C6); M6 straight ray against first arrival (formerly C7); M7 open cracks carry no shear
(the issue-12 fix).
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import AtLeast
from shared.repro.claims import AtMost
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable
from shared.repro.claims import IsTrue
from shared.repro.claims import PerSeed
from shared.repro.claims import Within

__all__ = ["Measured", "claims", "C3_R_MIN", "C4_RHO_MAX", "EXACT_TOL", "ANALYTIC_TOL"]

#: C3 (and method check M3): the map must correlate with its reference at r >= this
#: (the chapter's bar, set before any result, for an agreement "clearly visible by eye":
#: more than a third of the variance explained).
C3_R_MIN = 0.6
#: C4: mean Spearman rho (open fraction vs block velocity) must be <= this (set before
#: results).
C4_RHO_MAX = -0.6
#: Round-off bound of the exact method checks (relative).
EXACT_TOL = 1e-9
#: Relative tolerance of the analytic forward-model cases (M6).
ANALYTIC_TOL = 0.01

Seeds = tuple  # one value per replicate


# Deliberate repeat: one field a line, like every chapter's Measured;
# the fields themselves are this class's own.
@dataclass(frozen=True)
class Measured:
    """Values the ``sonic-map`` chapter measured (velocities in m/s, r and rho
    dimensionless).

    Layout (M1), figure cube: ``n_vp``, ``n_vs`` picks per wave type (27 each);
    ``vp_valid``: every Vp pick finite and positive; ``vs_valid_or_missing``: every S
    pick finite and positive or missing (NaN); ``vs_missing``: missing S picks of the
    figure cube (of 27).

    Interpolation (M2): ``node_err`` max |map - node value| over schemes (m/s);
    ``flat_ptp`` relative peak-to-peak of the 3D map of a homogeneous cube.

    Per replicate (tuples, one value per seed; means over that replicate's cubes):
    ``r_nearest`` r of the region-block map vs footprint truth; ``r_smooth_min`` the
    lowest such r over the smooth schemes; ``r_default`` the thin-plate-spline map's r;
    ``r_ct_sr`` / ``null_ct_sr`` r vs the footprint-smoothed CT proxy of the same /
    another cube (straight-ray picks); ``r_ct_fa`` / ``null_ct_fa`` the same with
    first-arrival picks; ``r_ct_ceiling`` r of the footprint truth itself vs the CT
    proxy; ``rho_sr`` / ``null_rho_sr`` and ``rho_fa`` / ``null_rho_fa`` Spearman rho of
    block open fraction vs block map velocity (same / another cube).

    Lossy averaging (M4): ``blk_err`` relative error of the averaged single-block map
    against its derivation; ``frac_avg``, ``frac_lsq`` fractions of the slowness
    contrast kept; ``rank_svd``, ``rank_count`` rank of the ray matrix by SVD and by
    counting.

    Scheme sensitivity (M5), replicate 0: ``scheme_spread`` range of mean r over smooth
    schemes; ``cube_sd`` cube-to-cube SD of r (thin-plate spline).

    Forward models (M6): ``analytic_err`` max relative error on the analytic cases;
    ``diffraction`` first arrival faster round a partial plane; ``fa_never_slower``;
    ``fa_mineral_ratio`` mean first-arrival / straight-ray ratio with minerals only.

    Open cracks and S waves (M7): ``s_sealed_missing`` an S pick through a crack sealing
    the whole section is missing in both models; ``s_detour`` the first-arrival S pick
    round a crack covering one footprint is finite and slower than the matrix;
    ``s_straight_cut_missing`` the straight-ray S pick of that footprint is missing.

    Sizes for the notes: ``n_cubes``, ``fa_cubes``, ``fa_coarsen`` (mm).
    """

    n_vp: int
    n_vs: int
    vp_valid: bool
    vs_valid_or_missing: bool
    vs_missing: int
    node_err: float
    flat_ptp: float
    r_nearest: Seeds
    r_smooth_min: Seeds
    r_default: Seeds
    r_ct_sr: Seeds
    null_ct_sr: Seeds
    r_ct_fa: Seeds
    null_ct_fa: Seeds
    r_ct_ceiling: Seeds
    rho_sr: Seeds
    null_rho_sr: Seeds
    rho_fa: Seeds
    null_rho_fa: Seeds
    blk_err: float
    frac_avg: float
    frac_lsq: float
    rank_svd: int
    rank_count: int
    scheme_spread: float
    cube_sd: float
    analytic_err: float
    diffraction: bool
    fa_never_slower: bool
    fa_mineral_ratio: float
    s_sealed_missing: bool
    s_detour: bool
    s_straight_cut_missing: bool
    n_cubes: int = 10
    fa_cubes: int = 3
    fa_coarsen: int = 2


def _seeds(values, rule: str = "worst") -> PerSeed:
    return PerSeed(tuple(values), rule=rule)


def _beats(a, b) -> tuple:
    """Per replicate: does value a exceed value b?"""
    return tuple(bool(x > y) for x, y in zip(a, b))


def _fmt(values) -> str:
    return "/".join(f"{v:.2f}" for v in values)


# Deliberate repeat: every claim below lists its Check(...) rows in the same
# one-argument-a-line layout; the quantities, criteria and nulls differ row by row.
def claims(m: Measured) -> ClaimTable:
    """All paper claims and method checks of the ``sonic-map`` chapter."""
    t = ClaimTable("sonic-map")
    ev = dict(evidence=RECONSTRUCTION)

    # ---------------------------------------------------------------- paper claims
    refined = _beats(m.r_smooth_min, m.r_nearest)
    t.paper(
        "C2",
        "Each direction's 9 values give a 2D map that interpolation refines",
        reported="qualitative: 'interpolation was employed to refine the mappings'",
        source="abstract",
        checks=[
            Check(
                "every smooth scheme's 3D map beats the region blocks (mean r vs "
                "footprint truth)",
                _seeds(refined),
                IsTrue(),
                null=_seeds(_beats(m.r_nearest, list(m.r_nearest))),
                null_label="no refinement: region blocks against themselves",
            )
        ],
        note=(
            f"worst smooth scheme r {_fmt(m.r_smooth_min)} vs region blocks "
            f"{_fmt(m.r_nearest)} "
            f"per replicate; {m.n_cubes} synthetic cubes each; the check is the former "
            "C6 check, set in "
            "the chapter's brief before any result"
        ),
        **ev,
    )
    t.paper(
        "C3",
        "The averaged 3D map reflects the interior seen by CT",
        reported="qualitative, visual comparison with CT images",
        source="abstract",
        checks=[
            Check(
                "straight-ray picks: mean r vs footprint-smoothed CT proxy",
                _seeds(m.r_ct_sr),
                AtLeast(C3_R_MIN),
                null=_seeds(m.null_ct_sr),
                null_label="same map vs the CT proxy of another cube",
            ),
            Check(
                "first-arrival picks (as a lab picks): mean r vs CT proxy",
                _seeds(m.r_ct_fa),
                AtLeast(C3_R_MIN),
                null=_seeds(m.null_ct_fa),
                null_label="same map vs the CT proxy of another cube",
            ),
        ],
        note=(
            "scored against the CT proxy (density), not the synthetic velocity truth "
            "a lab never has; "
            "even the footprint-scale velocity truth reaches only r "
            f"{_fmt(m.r_ct_ceiling)} against "
            f"it; bar {C3_R_MIN} kept from the chapter's pre-set C3 criterion; "
            "thin-plate-spline "
            f"RBF, arithmetic rule, {m.n_cubes} cubes (straight ray) and {m.fa_cubes} "
            "cubes on a "
            f"{m.fa_coarsen} mm graph (first arrival) per replicate"
        ),
        **ev,
    )
    t.paper(
        "C4",
        "Slow zones of the map mark fractures and voids",
        reported="hint in a third-party summary of the paper, not in the abstract",
        source="third-party summary (not the paper)",
        checks=[
            Check(
                "straight-ray picks: mean Spearman rho, block open fraction vs map "
                "velocity",
                _seeds(m.rho_sr),
                AtMost(C4_RHO_MAX),
                null=_seeds(m.null_rho_sr),
                null_label="open fractions of another cube",
            ),
            Check(
                "first-arrival picks: mean Spearman rho",
                _seeds(m.rho_fa),
                AtMost(C4_RHO_MAX),
                null=_seeds(m.null_rho_fa),
                null_label="open fractions of another cube",
            ),
        ],
        note=(
            "27 blocks of 20 mm per cube; the first-arrival check was added at the "
            "re-grade (it can "
            "only make the claim harder to pass); first arrivals slip round cracks "
            "that do not seal "
            "the section, so their maps hardly see them"
        ),
        **ev,
    )

    # ---------------------------------------------------------------- method checks
    t.method(
        "M1",
        "Layout: 27 Vp + 27 Vs picks per sample (3 directions × 9 regions), true by "
        "construction",
        checks=[
            Check("Vp picks", m.n_vp, Within(27, 0)),
            Check("Vs picks", m.n_vs, Within(27, 0)),
            Check("Vp picks finite and positive", m.vp_valid, IsTrue()),
            Check(
                "Vs picks finite and positive, or missing",
                m.vs_valid_or_missing,
                IsTrue(),
            ),
        ],
        note=(
            f"{m.vs_missing} of 27 S picks of the figure cube are missing (every "
            "straight line of the "
            "footprint cut by an open crack); they enter the maps as the slowest valid "
            "pick of "
            "their direction"
        ),
    )
    t.method(
        "M2",
        "Interpolation: interpolating schemes return the 9 node values; a homogeneous "
        "cube maps flat",
        checks=[
            Check("max node error (m/s)", m.node_err, AtMost(EXACT_TOL * 3000)),
            Check(
                "homogeneous cube, relative peak-to-peak of the 3D map",
                m.flat_ptp,
                AtMost(EXACT_TOL),
            ),
        ],
    )
    t.method(
        "M3",
        "Book's own check (a lab cannot make it): the 3D map vs the synthetic velocity "
        "truth at "
        "footprint scale",
        checks=[
            Check(
                "worst smooth scheme, mean r vs footprint truth",
                _seeds(m.r_smooth_min),
                AtLeast(C3_R_MIN),
            ),
            Check(
                "thin-plate spline, mean r vs footprint truth",
                _seeds(m.r_default),
                AtLeast(C3_R_MIN),
            ),
        ],
        note="the former C3 criterion; straight-ray picks",
    )
    t.method(
        "M4",
        "Averaging is a simple but lossy reconstruction; least squares keeps more",
        checks=[
            Check("averaged block vs derivation (rel.)", m.blk_err, AtMost(EXACT_TOL)),
            Check(
                "LSQ keeps more slowness contrast than averaging",
                bool(m.frac_lsq > m.frac_avg),
                IsTrue(),
            ),
            Check(
                "rank by SVD minus counting argument",
                m.rank_svd - m.rank_count,
                Within(0, 0),
            ),
        ],
        note=(
            f"kept: averaging {m.frac_avg:.3f}, LSQ {m.frac_lsq:.3f} "
            "of the slowness contrast"
        ),
    )
    t.method(
        "M5",
        "Book's own experiment: the spread between smooth schemes is within the "
        "cube-to-cube scatter",
        checks=[
            Check(
                "smooth-scheme spread / cube-to-cube SD",
                m.scheme_spread / m.cube_sd,
                AtMost(1.0),
            )
        ],
        note="replicate 0; descriptive (the paper does not name its scheme)",
    )
    t.method(
        "M6",
        "Straight ray vs first arrival: analytic cases, diffraction, mineral "
        "short-cuts",
        checks=[
            Check(
                "max rel. error on the analytic cases",
                m.analytic_err,
                AtMost(ANALYTIC_TOL),
            ),
            Check(
                "diffraction round a partial plane speeds up", m.diffraction, IsTrue()
            ),
            Check("first arrival never slower", m.fa_never_slower, IsTrue()),
            Check(
                "minerals only: first arrival / straight ray",
                m.fa_mineral_ratio,
                AtLeast(1.0 + 1e-6),
            ),
        ],
        note=f"{m.fa_coarsen} mm graph",
    )
    t.method(
        "M7",
        "Open cracks carry no shear: S picks detour round them or are missing",
        checks=[
            Check(
                "crack sealing the section: S pick missing (both models)",
                m.s_sealed_missing,
                IsTrue(),
            ),
            Check(
                "crack over one footprint: first-arrival S detours (finite, slower)",
                m.s_detour,
                IsTrue(),
            ),
            Check(
                "crack over one footprint: straight-ray S pick missing",
                m.s_straight_cut_missing,
                IsTrue(),
            ),
        ],
        note="issue-12 fix: Vs = 0 in open cracks (was a slow solid with Vs = 100 m/s)",
    )
    return t
