"""The claims of the Sparse-PGD chapter (arXiv 2405.05075), graded under the evidence
policy.

The chapter measures; :func:`claims` turns a :class:`Measured` into the chapter's
:class:`~shared.repro.claims.ClaimTable` (paper claims and method checks), so the
criteria, evidence levels, nulls and caps live here and are unit-tested
(``tests/test_spgd_claims.py``).

What was read: the Sparse-PGD paper's abstract and introduction (through a brief) and
its released code; its own tables and figures were **not** read, except the CIFAR-10
rows of its sAT and sTRADES models as reprinted in arXiv 2502.21041 v2, Table 5a. So a
claim whose statement or number appears in that reprint is an :data:`ANALOGUE` (digits,
TinyCNN, k = 2-4 of 64 pixels instead of CIFAR-10, PreActResNet-18, k = 20 of 1024);
every other claim is a
:data:`RECONSTRUCTION`. All models come from one training seed, so seed-dependent claims
are capped ("one seed"). CIFAR-10 (C8, full profile) is the paper's setup.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from functools import partial
from typing import Mapping

from shared.repro.claims import ANALOGUE
from shared.repro.claims import PAPER_SETUP
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import AtLeast
from shared.repro.claims import AtMost
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable
from shared.repro.claims import IsTrue

from .claims_util import add_paper_claim
from .claims_util import cifar_note
from .reported import TABLE_5A
from .reported import cite
from .saturation import saturation_checks

__all__ = ["Measured", "claims", "BASELINES"]

#: The sparse attacks sPGD is compared with in C1 (names as in the chapter).
BASELINES = ("PGD0", "Sparse-RS", "random")
REPRINT = cite("5a") + ", sAT/sTRADES rows reprinted from the Sparse-PGD paper"


@dataclass(frozen=True)
class Measured:
    """What the Sparse-PGD chapter measured (digits; accuracies in %, differences in
    pp).

    C1 -- ``c1_gap[k, b]``: robust accuracy of the better sPGD variant minus that of
    baseline ``b`` (one of :data:`BASELINES`) on the vanilla model at budget k, T
    iterations (T + 1 passes); ``c1_null[k, b]``: the same for sPGD with no iteration
    (its random start only). C2 -- ``c2_diff[(model, k)]``: sPGD-unproj minus sPGD-proj;
    ``c2_null[(model, k)]``: minus the absolute difference of two sPGD-proj runs with
    different seeds (restart noise in the claim's favour).
    C9 -- ``c9_excess``: on sAT at k_main, the points the unprojected run fools among
    those the projected run missed, minus the points a second projected run (another
    seed) fools among them (pp of all points); ``c9_null``: a third projected run's
    share minus the second's. C3 -- ``c3_rs_removal``: on sAT, the pp the Sparse-RS
    stage of sAA removes after both sPGD stages; ``c3_rs_null``: the pp a further
    white-box run (sPGD-unproj, new seed) removes from the same points.
    ``c3_overestimate[model]``: sAA minus the better sPGD variant alone; the vanilla
    value is the null of the sAT one. C4 -- ``c4_fall``: sAA on sAT at the largest minus
    the smallest k of the sweep;
    ``c4_null``: the same difference for sPGD's random start alone (no iteration).
    C5 -- ``saa[model]``, ``clean[model]``: sAA robust and clean accuracy at k_main
    (robust models: at the largest budget of their saturation check);
    ``saturation[model]``: :class:`~shared.adversarial.saturation.Saturation` of each
    robust model (method check M8: saturated within the largest budget tried).
    C6 -- ``c6_ratio``: CPU thread time of one sPGD iteration / one plain
    forward+backward pass (median of ``c6_reps``); ``c6_null``: the same for an
    iteration of two plain passes;
    ``c6_passes_per_iter``: counted passes per point and iteration.
    C7 -- ``c7_reinit``: robust accuracy with mask re-initialisation minus without
    (worst of the two variants); ``c7_null``: the same with "with" replaced by a second
    run without (another seed), as minus the absolute difference.
    Method checks -- ``saa_le_first`` (sAA never above its first stage), ``stage0_diff``
    (pp, stage 0 vs sPGD-proj alone, same seed), ``saa_minus_best[model]`` (sAA minus
    best single), ``curves_monotone`` (sPGD curves non-increasing in T), ``c4_max_rise``
    (largest rise of sAA with k), ``step_spread`` (pp, spread over the step-size grid;
    None when not run). CIFAR-10 (C8, full profile) -- ``cifar``: None, or a mapping
    with ``saa`` and ``clean`` (model -> %), ``short`` (bool: shortened schedule or
    stand-in model), ``note`` (str);
    ``cifar_reason``: why C8 was not run.
    """

    ks: tuple
    k_main: int
    c1_gap: Mapping
    c1_null: Mapping
    c2_diff: Mapping
    c2_null: Mapping
    c9_excess: float
    c9_null: float
    c3_rs_removal: float
    c3_rs_null: float
    c3_overestimate: Mapping
    c4_fall: float
    c4_null: float
    saa: Mapping
    clean: Mapping
    c6_ratio: float
    c6_null: float
    c6_passes_per_iter: float
    c7_reinit: float
    c7_null: float
    saa_le_first: bool
    stage0_diff: float
    saa_minus_best: Mapping
    curves_monotone: bool
    c4_max_rise: float
    step_spread: float | None = None
    saturation: Mapping = field(default_factory=dict)
    cifar: Mapping | None = None
    cifar_reason: str = "full profile only (CIFAR-10 download, GPU hours)"
    setting: Mapping = field(default_factory=dict)


#: C6: an sPGD iteration costs less than 1.5 forward+backward passes (CPU thread time);
#: a bound well above what machine load alone produced (1.03-1.16), halfway to the
#: two-pass null.
C6_BOUND = 1.5


def beyond_noise(null: float, floor: float) -> float:
    """Size of the bound of a check whose null is restart (seed) noise or a competing
    run: the larger of ``floor`` pp and twice the null's size (the caller gives the
    sign)."""
    return max(floor, 2.0 * abs(float(null)))


def _s(m: Measured, key: str, default: str = "?") -> str:
    return str(m.setting.get(key, default))


# Deliberate repeat: one paper(...) call with its Check(...) list per claim, the same
# keyword layout with different quantities, criteria and nulls.
def claims(m: Measured) -> ClaimTable:
    """All paper claims and method checks of the Sparse-PGD chapter."""
    t5 = TABLE_5A
    K = m.k_main
    robust = [name for name in m.saa if name != "vanilla"]
    t = ClaimTable("spgd")
    toy = bool(
        m.setting.get("toy", False)
    )  # smoke profile: see claims_util.add_paper_claim
    paper = partial(add_paper_claim, t, toy=toy)

    # C1: stronger than the other sparse attacks at equal passes (paper's table not
    # read).
    c1 = []
    for k in m.ks:
        for b in BASELINES:
            bound = -10.0 if b == "random" else -5.0
            c1.append(
                Check(
                    f"k={k}: best sPGD − {b} (pp)",
                    m.c1_gap[k, b],
                    AtMost(bound, partial=-1.0),
                    null=m.c1_null[k, b],
                    null_label=f"k={k}: sPGD random start only − {b}",
                )
            )
    paper(
        "C1",
        "sPGD is stronger than existing sparse attacks at equal iterations",
        evidence=RECONSTRUCTION,
        reported="not read (vanilla row, PGD0 column)",
        source="abstract, introduction (brief)",
        checks=c1,
        note=f"vanilla TinyCNN, {_s(m, 'n_vanilla')} points, T = {_s(m, 'iters')}; "
        "Sparse-RS with the official forced colour change of one-pixel proposals",
    )

    # C2: unprojected gradient strengthens sPGD (read in the reprint: unproj <= proj on
    # sAT, sTRADES).
    c2 = [
        Check(
            f"{model} k={k}: unproj − proj (pp)",
            v,
            AtMost(-beyond_noise(m.c2_null[model, k], 3.0)),
            null=m.c2_null[model, k],
            null_label=f"{model} k={k}: −|proj restart difference|",
        )
        for (model, k), v in m.c2_diff.items()
    ]
    paper(
        "C2",
        "The unprojected magnitude gradient makes sPGD stronger",
        evidence=ANALOGUE,
        reported=f"sAT: unproj {t5['sAT']['spgd_unproj']:.1f} vs proj "
        f"{t5['sAT']['spgd_proj']:.1f}; "
        f"sTRADES: {t5['sTRADES']['spgd_unproj']:.1f} vs "
        f"{t5['sTRADES']['spgd_proj']:.1f} %",
        source=REPRINT,
        checks=c2,
        post_hoc=True,
        note=f"T = {_s(m, 'iters')}, released-code stagnation rule for both variants; "
        "bound: "
        "3 pp or twice the proj restart difference, whichever is larger (rule set "
        "after a restart difference of 5 pp exceeded the first 3-pp bound)",
    )

    # C3: sAA is the most reliable evaluation (reprint: sAT sAA 36.2 = RS 36.2 << sPGD
    # 75.3).
    c3 = [
        Check(
            f"sAT k={K}: Sparse-RS stage removes after both sPGD stages (pp)",
            m.c3_rs_removal,
            AtLeast(beyond_noise(m.c3_rs_null, 5.0)),
            null=m.c3_rs_null,
            null_label="a further sPGD-unproj run (new seed) on the same points",
        )
    ]
    if "vanilla" in m.c3_overestimate:
        for name in robust:
            c3.append(
                Check(
                    f"{name} k={K}: sAA − best sPGD alone (pp)",
                    m.c3_overestimate[name],
                    AtMost(-5.0),
                    null=m.c3_overestimate["vanilla"],
                    null_label="vanilla model",
                )
            )
    paper(
        "C3",
        "sAA (white-box + black-box) is the most reliable l0 evaluation; sPGD alone "
        "overestimates the robustness of adversarially trained models",
        evidence=ANALOGUE,
        reported=f"sAT: sAA {t5['sAT']['sAA']:.1f} = RS {t5['sAT']['RS']:.1f} < sPGD "
        f"{t5['sAT']['spgd_unproj']:.1f}; sTRADES: sAA {t5['sTRADES']['sAA']:.1f} ≤ RS "
        f"{t5['sTRADES']['RS']:.1f} %",
        source=REPRINT,
        checks=c3,
        post_hoc=True,
        note=f"sAA-lite {_s(m, 'saa_budget')}; noise-scaled bounds (C2, C3, C7, C9): "
        "the "
        "larger of the first bound and twice the null, a rule set after a first null "
        "exceeded its bound",
    )

    # C4: robust accuracy falls with the budget k.
    paper(
        "C4",
        "Robust accuracy falls as the pixel budget k grows",
        evidence=RECONSTRUCTION,
        reported="not read (k sweep)",
        source="brief",
        checks=[
            Check(
                f"sAT: sAA at the largest − smallest k of {_s(m, 'sweep_sat')} (pp)",
                m.c4_fall,
                AtMost(-10.0),
                null=m.c4_null,
                null_label="sPGD random start only, same two k",
            )
        ],
    )

    # C5: sPGD adversarial training gives l0 robustness (reprint: sAT clean 84.5 / sAA
    # 36.2).
    c5 = [
        Check(
            f"{name}: sAA at k={K} (%)",
            m.saa[name],
            AtLeast(20.0),
            null=m.saa["vanilla"],
            null_label="vanilla model (no sPGD training)",
        )
        for name in robust
    ]
    paper(
        "C5",
        "sPGD adversarial training (sAT, sTRADES) gives l0 robustness",
        evidence=ANALOGUE,
        reported=f"sAT clean {t5['sAT']['clean']:.1f} / sAA {t5['sAT']['sAA']:.1f}; "
        f"sTRADES {t5['sTRADES']['clean']:.1f} / {t5['sTRADES']['sAA']:.1f} %",
        source=REPRINT,
        checks=c5,
        note="clean: "
        + ", ".join(f"{n} {v:.1f} %" for n, v in m.clean.items())
        + f"; {_s(m, 'attack_steps')}-step sPGD, k_train = {_s(m, 'k_train')}"
        + ("" if "sTRADES" in m.saa else "; sTRADES not trained in this profile")
        + "".join(
            f"; {n}: sAA at {c.budgets[-1]}x the sAA-lite budget, {c.text()}"
            for n, c in m.saturation.items()
        ),
    )

    # C6: one iteration costs about one forward+backward pass (CPU thread time, not wall
    # clock).
    # C6_BOUND: halfway between one pass (1) and the computed two-pass null (about 2).
    paper(
        "C6",
        "One sPGD iteration costs about one forward+backward pass",
        evidence=RECONSTRUCTION,
        reported="qualitative (abstract: efficient)",
        source="abstract",
        checks=[
            Check(
                "sPGD iteration ÷ forward+backward (CPU thread time)",
                m.c6_ratio,
                AtMost(C6_BOUND),
                null=m.c6_null,
                null_label="an iteration of two forward+backward passes",
            )
        ],
        deterministic=True,
        post_hoc=True,
        note=f"median of {_s(m, 'bench_reps')} repeats, one thread, batch "
        f"{_s(m, 'n_vanilla')}; "
        "depends on the architecture and batch, not on the seed. The bound sits "
        "halfway between one pass and the two-pass null: the earlier 1.15 was crossed "
        "by load alone (CPU thread time measured 1.03 on a quiet and 1.16 on a loaded "
        "machine), so it was moved after those results and the verdict is capped",
    )

    # C7: mask re-initialisation helps.
    c7 = [
        Check(
            "re-init − none (pp), worst variant",
            m.c7_reinit,
            AtMost(-beyond_noise(m.c7_null, 2.0)),
            null=m.c7_null,
            null_label="second run without re-init (new seed), −|difference|",
        )
    ]
    paper(
        "C7",
        "Re-initialising a stalled mask makes sPGD stronger",
        evidence=RECONSTRUCTION,
        reported="not read (ablation)",
        source="brief",
        checks=c7,
        post_hoc=True,
        note=f"vanilla, k = {_s(m, 'ablation_k')}, T = {_s(m, 'ablation_iters')}",
    )

    # C8: CIFAR-10 at the paper's settings.
    rep8 = (
        f"sAT {t5['sAT']['clean']:.1f} / {t5['sAT']['sAA']:.1f}, sTRADES "
        f"{t5['sTRADES']['clean']:.1f} / {t5['sTRADES']['sAA']:.1f} (clean / sAA %)"
    )
    if m.cifar is not None:
        c8 = []
        for name in ("sAT", "sTRADES"):
            if name in m.cifar["saa"]:
                c8.append(
                    Check(
                        f"{name}: |sAA − reported| (pp)",
                        abs(m.cifar["saa"][name] - t5[name]["sAA"]),
                        AtMost(5.0, partial=10.0),
                        null=abs(m.cifar["saa"]["vanilla"] - t5[name]["sAA"]),
                        null_label="vanilla model",
                    )
                )
        short = bool(m.cifar["short"])
        paper(
            "C8",
            "CIFAR-10 main table at the paper's settings",
            evidence=ANALOGUE if short else PAPER_SETUP,
            reported=rep8,
            source=REPRINT,
            checks=c8,
            **cifar_note(note=m.cifar.get("note", ""), short=short),
        )
    else:
        t.not_attempted(
            "C8",
            "CIFAR-10 main table at the paper's settings",
            reported=rep8,
            source=REPRINT,
            reason=m.cifar_reason,
        )

    # C9: the two variants complement each other.
    paper(
        "C9",
        "The projected and unprojected variants complement each other",
        evidence=RECONSTRUCTION,
        reported="qualitative (brief)",
        source="brief",
        post_hoc=True,
        checks=[
            Check(
                f"sAT k={K}: unproj-after-proj gain − proj-restart gain (pp)",
                m.c9_excess,
                AtLeast(beyond_noise(m.c9_null, 2.0)),
                null=m.c9_null,
                null_label="third proj run's gain − second's",
            )
        ],
    )

    # Method checks: properties by construction and implementation sanity.
    t.method(
        "M1",
        "sAA is never weaker than its first stage (by construction)",
        checks=[
            Check(
                "sAA ≤ its first stage at every (model, k)",
                bool(m.saa_le_first),
                IsTrue(),
            )
        ],
    )
    t.method(
        "M2",
        "sAA's first stage is sPGD-proj alone with the same seed (implementation)",
        checks=[
            Check("max |stage 0 − sPGD-proj alone| (pp)", m.stage0_diff, AtMost(0.0))
        ],
    )
    t.method(
        "M3",
        "sAA is at most 1 pp above the best single attack (nearly by construction)",
        checks=[
            Check(f"{n}: sAA − best single (pp)", v, AtMost(1.0))
            for n, v in m.saa_minus_best.items()
        ],
    )
    t.method(
        "M4",
        "sPGD curves are non-increasing in T (they count points never fooled)",
        checks=[Check("curves non-increasing", bool(m.curves_monotone), IsTrue())],
    )
    t.method(
        "M5",
        "sAA robust accuracy never rises by more than 1 pp with k (separate runs)",
        checks=[Check("largest rise (pp)", m.c4_max_rise, AtMost(1.0))],
    )
    t.method(
        "M6",
        "One sPGD iteration is one counted forward+backward pass per point",
        checks=[
            Check(
                "passes per point and iteration",
                m.c6_passes_per_iter,
                AtMost(1.0 + 1e-9),
            ),
            Check(
                "passes per point and iteration (lower)",
                m.c6_passes_per_iter,
                AtLeast(1.0 - 1e-9),
            ),
        ],
    )
    if m.step_spread is not None:
        t.method(
            "M7",
            "Step sizes near 0.25 are not critical (book's grid, full profile)",
            checks=[
                Check(
                    "spread over the α = β grid (pp)",
                    m.step_spread,
                    AtMost(5.0, partial=10.0),
                )
            ],
        )
    if m.saturation:
        t.method(
            "M8",
            "The attack budget has saturated: doubling sAA-lite's iterations and "
            "queries moves robust accuracy by at most one test image",
            checks=saturation_checks(m.saturation),
        )
    return t
