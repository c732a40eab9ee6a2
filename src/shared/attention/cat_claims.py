"""Claims of the ``cat`` chapter (arXiv:2407.05591), graded under the book's evidence
policy.

The notebook measures a :class:`Measured` and calls :func:`claims`; every criterion,
evidence level, source, note and cap lives here, so ``tests/test_cat_claims.py`` can
check each claim at its bound and at its null without training anything.

Evidence. Only the paper's opening (title block, abstract, start of the introduction)
was read, and the task settings are our reconstruction (Zoology's MQAR semantics), so
every paper claim is at level :data:`~shared.repro.claims.RECONSTRUCTION` and can at
best "hold in our reconstruction". Three rows that used to be paper claims are method
checks here:

* M1 (was C2, "attention without convolution fails"): in our one-layer model the failure
  follows from an impossibility argument (the scores see only the attended token and,
  with RoPE, the offset, never the token before it), so the check cannot fail for the
  reason the paper states;
* M2 (was C5, "which stream needs the convolution"): the book's own ablation -- the
  paper's answer was not read. Unlike the old C5 it now grades the Q-only and V-only
  failures against a computed success baseline, not only the placements that converged;
* M4 (was C6, the hand-built construction): a consistency check of our code against its
  closed form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import AtLeast
from shared.repro.claims import AtMost
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable
from shared.repro.claims import IsTrue
from shared.repro.claims import PerSeed
from shared.repro.claims import Within

#: Accuracy a converged run must reach at the training length (C1, M2).
SOLVED = 0.95
#: Accuracy a CAT solution must keep at every longer test length (C3; brief's
#: acceptance).
LENGTH_GEN = 0.90
#: C4: accuracy with the window W = N + 1 at the training length and at 4x it.
NAR_1X, NAR_4X = 0.95, 0.90
#: A run "stays near chance" when its accuracy is at most this multiple of chance (M1,
#: M2).
NEAR_CHANCE = 2.0
#: Mean attention weight on the value position of a run that solves MQAR (M2).
VALUE_MASS = 0.9
#: C7: a one-layer Mamba "does not solve" MQAR when its accuracy at the largest
#: number of pairs is at most this (set before any sweep ran).
MAMBA_FAILS = 0.5
#: C7 as graded: the abstract's one-layer contrast, on MQAR as the pairs grow.
C7_STATEMENT = (
    "One Mamba layer, and one attention layer without convolution, do not solve MQAR "
    "at the most pairs where one CAT layer does"
)
#: Gap between CAT (worst seed) and the best attention baseline (M1).
CAT_GAP = 0.5
#: M3: trained accuracy with W <= N within this of the suffix oracle (partly within the
#: second).
ORACLE_TOL, ORACLE_PARTIAL = 0.05, 0.10
#: M3: a window of one token (NoPE-like) stays below this; every W <= N stays below
#: ``SHORT_MAX``.
W1_MAX, SHORT_MAX = 0.5, 0.9

SOURCE_ABSTRACT = "abstract"
SOURCE_SECONDARY = "abstract + secondary summary (contribution list; body not read)"
REPORTED = "qualitative (no number read)"


# Deliberate repeat: one typed field a line, the layout of every chapter's Measured
# dataclass (different fields).
@dataclass(frozen=True)
class Measured:
    """What the ``cat`` chapter measured (accuracies are shares of labelled query
    positions, 0..1).

    MQAR (vocabulary ``vocab``, trained at ``train_len`` tokens with ``train_pairs``
    pairs):

    - ``chance``: 1 / ``train_pairs``, the accuracy of a model that answers with a
      random in-context value.
    - ``cat_acc_train``: CAT (filters on Q, K and V) accuracy at the training length,
      one per seed.
    - ``cat_min_longer``: per seed, CAT's lowest accuracy over the longer test lengths
      (up to ``max_mult`` times the training length).
    - ``baseline_acc_train``: {"rope": per-seed accuracies, "nope": ...} of one
      attention layer without convolution at the training length (same recipe and
      steps).
    - ``narrow_beta``, ``narrow_acc_train``, ``narrow_min_longer``: the hand-built CAT
      whose margin e^{β²} just covers the training length (the smallest β of the sweep
      that is exact there): its accuracy at the training length and its lowest accuracy
      over the longer test lengths, on the same test grid. The null of C3: a CAT
      solution of the training length that does *not* generalize.
    - ``stream_acc``: {"q", "k", "v"} accuracy at the training length with the filter on
      that stream only (seed 0); ``stream_value_mass``: {"q", "k", "v", "qkv"} mean
      attention weight a query puts on its value's position (seed 0).

    N-gram recall (order ``nar_order``; ``nar_vocab`` tokens):

    - ``nar_fit_acc_1x``, ``nar_fit_acc_4x``: per seed, accuracy of the CAT layer with
      window W = N + 1 at the training length and at 4 times it.
    - ``nar_short_acc_1x``, ``nar_short_acc_4x``: the same layer with W = N (one tap
      short; seed 0), the null of C4.
    - ``nar_short_rows``: ((W, trained accuracy at 1x, suffix-oracle accuracy), ...) for
      every trained W <= N (seed 0).

    - ``nar_extra``: the other graded orders, ((N, fit 1x per seed, fit 4x per seed,
      W=N at 1x, W=N at 4x, short rows), ...) with the fields above (full profile).

    Random filler (tokens that are never a key or value of their sequence):

    - ``cat_min_longer_disjoint``: per seed, the lowest accuracy of the zero-filler-
      trained CAT over the longer test lengths with disjoint random filler.
    - ``baseline_min_longer_disjoint``: the same for the best attention layer without
      convolution (its best seed), the null of C3b.
    - ``rf_min_longer_disjoint``: the same for CAT *trained* with disjoint random filler
      (full profile; empty otherwise).

    Mamba/APE sweep (full profile; empty otherwise): ``sweep_pairs``,
    ``sweep_len``; ``sweep_lr`` {kind: tuned learning rate}; ``sweep_acc`` {kind:
    ((accuracy per seed) per number of pairs)} at the tuned learning rate.

    Hand-built construction (no training):

    - ``hb_agree``: measured correctness equals the closed form F_t < e^{β²} for every
      query.
    - ``hb_exact_below_limit``: accuracy is 1 at every (β, L) with e^{β²} > L.
    - ``hb_betas``, ``hb_lengths``: the sweep (for the notes).
    """

    chance: float
    train_len: int
    train_pairs: int
    vocab: int
    max_mult: int
    cat_acc_train: tuple
    cat_min_longer: tuple
    baseline_acc_train: Mapping[str, tuple]
    narrow_beta: float
    narrow_acc_train: float
    narrow_min_longer: float
    stream_acc: Mapping[str, float]
    stream_value_mass: Mapping[str, float]
    nar_order: int
    nar_vocab: int
    nar_len: int
    nar_fit_acc_1x: tuple
    nar_fit_acc_4x: tuple
    nar_short_acc_1x: float
    nar_short_acc_4x: float
    nar_short_rows: tuple
    hb_agree: bool
    hb_exact_below_limit: bool
    cat_min_longer_disjoint: tuple
    baseline_min_longer_disjoint: float
    rf_min_longer_disjoint: tuple = ()
    nar_extra: tuple = ()
    sweep_pairs: tuple = ()
    sweep_len: int = 0
    sweep_lr: Mapping[str, float] = field(default_factory=dict)
    sweep_acc: Mapping[str, tuple] = field(default_factory=dict)
    hb_betas: tuple = field(default=())
    hb_lengths: tuple = field(default=())
    ssm_note: str = (
        "full profile (archived run): the Mamba/APE sweep (108 runs, ~1900 CPU-s) "
        "runs in `make archive CHAPTERS=cat`; `CAT_SSM=1` makes it GPU-size"
    )
    sc_note: str = "full profile only; the generator `selective_copy` is unit-tested"


def _c7_checks(m: Measured) -> list:
    """C7's checks at the sweep's largest number of pairs: one Mamba layer (Mamba's
    defaults), our small SSM and one APE attention layer each stay at most
    :data:`MAMBA_FAILS` on every seed; null: the best CAT seed there. Empty without
    the sweep, or when CAT's best seed is itself at most the bound (then no check has
    a null its criterion grades 0)."""
    if "cat" not in m.sweep_acc:
        return []
    n_max = m.sweep_pairs[-1]
    cat_best = float(max(m.sweep_acc["cat"][-1]))
    if cat_best <= MAMBA_FAILS:
        return []
    names = {
        "mamba": "Mamba defaults (E=2d, N=16, low-rank Δ)",
        "ssm": "small SSM (E=d, N=8)",
        "ape": "APE attention (no convolution)",
    }
    return [
        Check(
            f"{names[k]} accuracy at {n_max} pairs",
            PerSeed(tuple(m.sweep_acc[k][-1])),
            AtMost(MAMBA_FAILS),
            null=cat_best,
            null_label=f"CAT at {n_max} pairs, best seed (a layer that solves it)",
        )
        for k in ("mamba", "ssm", "ape")
        if k in m.sweep_acc
    ]


def _best_baseline(m: Measured) -> float:
    return float(max(max(v) for v in m.baseline_acc_train.values()))


def claims(m: Measured) -> ClaimTable:
    """All paper claims and method checks of the chapter, graded."""
    t = ClaimTable("cat")
    near_chance = NEAR_CHANCE * m.chance
    best_base = _best_baseline(m)

    # ------------------------------------------------------------------ paper claims
    t.paper(
        "C1",
        "One CAT layer solves associative recall (MQAR)",
        evidence=RECONSTRUCTION,
        reported=REPORTED,
        source=SOURCE_ABSTRACT,
        checks=[
            Check(
                f"CAT accuracy at L={m.train_len}",
                PerSeed(tuple(m.cat_acc_train)),
                AtLeast(SOLVED, partial=0.8),
                null=best_base,
                null_label="best attention layer without convolution (same recipe)",
            )
        ],
        note=f"{m.train_pairs} pairs, V={m.vocab}, zero filler; task settings are our "
        "reconstruction (Zoology MQAR), the paper's were not read",
    )
    t.paper(
        "C3",
        "A CAT solution generalizes to longer contexts",
        evidence=RECONSTRUCTION,
        reported=REPORTED,
        source=SOURCE_ABSTRACT + ' ("guaranteed length generalization")',
        checks=[
            Check(
                f"CAT min accuracy over longer lengths (up to {m.max_mult}×)",
                PerSeed(tuple(m.cat_min_longer)),
                AtLeast(LENGTH_GEN),
                null=m.narrow_min_longer,
                null_label="hand-built CAT exact at the training length "
                f"(β={m.narrow_beta:g}, accuracy {m.narrow_acc_train:.3g} there) "
                "whose margin does not reach further",
            )
        ],
        note=f"trained at L={m.train_len}, tested on fresh sequences with more pairs",
    )
    trained_on = (  # zero filler always; random filler in the full profile
        ("zero", m.cat_min_longer_disjoint),
        ("random", m.rf_min_longer_disjoint),
    )
    rf_checks = [
        Check(
            f"CAT trained on {filler} filler: min accuracy over longer lengths, "
            "random filler",
            PerSeed(tuple(acc)),
            AtLeast(LENGTH_GEN),
            null=m.baseline_min_longer_disjoint,
            null_label="best attention layer without convolution, same test",
        )
        for i, (filler, acc) in enumerate(trained_on)
        if i == 0 or acc
    ]
    t.paper(
        "C3b",
        "CAT's length generalization holds with random filler tokens",
        evidence=RECONSTRUCTION,
        reported=REPORTED,
        source=SOURCE_ABSTRACT + ' ("guaranteed length generalization")',
        checks=rf_checks,
        note="filler tokens drawn uniformly from the tokens that are neither a key nor "
        "a value of their sequence (they never collide with the pairs); "
        + (
            "training sees zero filler (first check) or the same random filler "
            "(second check)"
            if m.rf_min_longer_disjoint
            else "training sees zero filler only (random-filler training: full profile)"
        ),
    )
    N = m.nar_order
    nar_checks = []
    orders = [
        (N, m.nar_fit_acc_1x, m.nar_fit_acc_4x, m.nar_short_acc_1x, m.nar_short_acc_4x)
    ]
    orders += [row[:5] for row in m.nar_extra]
    for n, fit1, fit4, short1, short4 in sorted(orders):
        nar_checks += [
            Check(
                f"N={n}, W=N+1={n + 1} at {mult}×",
                PerSeed(tuple(fit)),
                AtLeast(bound),
                null=short,
                null_label=f"same layer with W=N={n}",
            )
            for mult, fit, bound, short in (
                (1, fit1, NAR_1X, short1),
                (4, fit4, NAR_4X, short4),
            )
        ]
    t.paper(
        "C4",
        "One CAT layer solves N-gram associative recall",
        evidence=RECONSTRUCTION,
        reported=REPORTED,
        source=SOURCE_SECONDARY,
        checks=nar_checks,
        note=f"N ∈ {sorted(o[0] for o in orders)}, V={m.nar_vocab}, trained at "
        f"L={m.nar_len}; the window rule W ≥ N+1 is our derivation (method check M3)",
    )
    c7 = _c7_checks(m)
    if c7:
        t.paper(
            "C7",
            C7_STATEMENT,
            evidence=RECONSTRUCTION,
            reported="qualitative",
            source=SOURCE_ABSTRACT,
            checks=c7,
            note=f"L={m.sweep_len}, pairs {list(m.sweep_pairs)}, same data and steps "
            "for every model; learning rate tuned per model on one shared grid: "
            + ", ".join(f"{k} {v:g}" for k, v in m.sweep_lr.items()),
        )
    else:
        t.not_attempted(
            "C7",
            C7_STATEMENT,
            reported="qualitative",
            source=SOURCE_ABSTRACT,
            evidence=RECONSTRUCTION,
            reason=m.ssm_note
            if not m.sweep_acc
            else f"the sweep ran, but CAT itself stays at or below {MAMBA_FAILS:g} "
            "at the most pairs, so no check has a null its criterion grades 0",
        )
    t.not_attempted(
        "C8",
        "Landmark CAT cuts attention cost via long-convolution summaries",
        reported="qualitative",
        source=SOURCE_SECONDARY,
        evidence=RECONSTRUCTION,
        reason="not implemented in this chapter (time)",
    )
    t.not_attempted(
        "C9",
        "One layer solves selective copying",
        reported="qualitative",
        source=SOURCE_ABSTRACT,
        evidence=RECONSTRUCTION,
        reason=m.sc_note,
    )
    t.not_attempted(
        "C10",
        "CAT improves language modelling (370M parameters, SlimPajama)",
        reported=REPORTED,
        source=SOURCE_SECONDARY,
        evidence=RECONSTRUCTION,
        reason="needs SlimPajama-scale training; no network and no GPU",
    )

    # ------------------------------------------------------------------ method checks
    cat_worst, cat_best = float(min(m.cat_acc_train)), float(max(m.cat_acc_train))
    cat_null = (
        {"null": cat_best, "null_label": "CAT, best seed (a layer that solves it)"}
        if AtMost(near_chance).grade(cat_best) == 0
        else {}
    )
    m1 = [
        Check(f"{kind} accuracy", PerSeed(tuple(accs)), AtMost(near_chance), **cat_null)
        for kind, accs in m.baseline_acc_train.items()
    ]
    m1.append(
        Check("CAT worst seed − best baseline", cat_worst - best_base, AtLeast(CAT_GAP))
    )
    t.method(
        "M1",
        "(was C2) One attention layer without convolution (RoPE, NoPE) stays near "
        "chance — the abstract's contrast with the transformer; in our one-layer model "
        "it follows from an impossibility argument, so it is not a test of the paper",
        checks=m1,
        note=f"chance = {m.chance:.3g}; bound {NEAR_CHANCE:g} × chance",
    )

    solved = [m.stream_acc["k"]] + [a for a in m.cat_acc_train]
    success = float(max(solved))
    has_success = AtMost(near_chance).grade(success) == 0
    fail_null = (
        {"null": success, "null_label": "best run with a key filter (K only or QKV)"}
        if has_success
        else {}
    )
    m2 = [
        Check(
            "K only accuracy",
            m.stream_acc["k"],
            AtLeast(SOLVED),
            null=m.stream_acc["q"],
            null_label="Q only (no key filter)",
        ),
        Check("Q only accuracy", m.stream_acc["q"], AtMost(near_chance), **fail_null),
        Check("V only accuracy", m.stream_acc["v"], AtMost(near_chance), **fail_null),
    ]
    for s, name in (("k", "K only"), ("qkv", "QKV")):
        m2.append(
            Check(
                f"{name} value mass",
                m.stream_value_mass[s],
                AtLeast(VALUE_MASS),
                null=m.stream_value_mass["q"],
                null_label="Q only value mass",
            )
        )
    t.method(
        "M2",
        "(was C5) Which stream needs the filter (the book's own ablation): the key "
        "filter alone solves MQAR and attends to the value; Q-only and V-only filters "
        "stay near chance",
        checks=m2,
        note="seed 0; accuracy per placement: "
        + ", ".join(f"{k.upper()} {v:.2f}" for k, v in m.stream_acc.items())
        + (
            ""
            if has_success
            else "; no run with a key filter solved the task, so the failure "
            "checks have no success baseline"
        ),
    )

    m3 = []
    all_rows = sorted(
        [(N, m.nar_short_rows)] + [(row[0], row[5]) for row in m.nar_extra]
    )
    for n, rows in all_rows:
        tag = f"N={n}, " if m.nar_extra else ""
        for W, acc, oracle in rows:
            if W == 1:  # no look-back: far below the bound every W <= N must respect
                m3.append(Check(f"{tag}W=1 accuracy", acc, AtMost(W1_MAX)))
            else:
                m3.append(
                    Check(
                        f"{tag}W={W} − suffix oracle",
                        acc - oracle,
                        Within(0.0, ORACLE_TOL, partial=ORACLE_PARTIAL),
                    )
                )
                m3.append(
                    Check(f"{tag}W={W} below {SHORT_MAX:g}", acc, AtMost(SHORT_MAX))
                )
    t.method(
        "M3",
        f"(was part of C4) Windows W ≤ N (N={', '.join(str(n) for n, _ in all_rows)}) "
        "cannot solve N-gram recall: a trained "
        "layer tracks the suffix oracle, the best a layer seeing W−1 tokens of context "
        "can do",
        checks=m3,
        note="seed 0; the rule W ≥ N+1 is the chapter's derivation, not a statement "
        "read in the paper",
    )

    # Deliberate repeat: a short IsTrue check list, like other chapters' consistency
    # checks (different quantities).
    t.method(
        "M4",
        "(was C6) The hand-built CAT matches its closed form F_t < e^{β²} and is exact "
        "wherever e^{β²} > L (consistency of our code with our derivation)",
        checks=[
            Check("measured = closed form for every query", bool(m.hb_agree), IsTrue()),
            Check(
                "accuracy 1 wherever e^{β²} > L", bool(m.hb_exact_below_limit), IsTrue()
            ),
        ],
        note=f"β ∈ {list(m.hb_betas)}, L ∈ {list(m.hb_lengths)}",
    )
    return t
