"""Claims of the OVERT chapter (arXiv:2505.21347), graded under the book's evidence
policy.

The notebook measures a :class:`Measured` and calls :func:`claims`; all criteria,
evidence levels, sources, nulls and caps live here, so the tests can grade hand-made
values.

Evidence levels used (see :mod:`shared.repro.claims`):

* C1 (sizes and category shares of the released prompt files) is :data:`PAPER_SETUP`:
  the files are the paper's data, the reported numbers were read (sizes: abstract and
  dataset card; shares:
  the donut labels of Fig. 1 in the authors' repository), and counting a fixed file is
  deterministic.
* C2-C5 check the *internal consistency* of per-model numbers digitized from the
  authors' figures or taken from third-party notes. They are not measurements of the
  paper's models (closed APIs and a large GPU model), the paper body could not be read,
  and C4's grouping is the chapter's own inference, so all four are
  :data:`RECONSTRUCTION`,
  deterministic, and capped with the same reason ("checks the paper's reported numbers
  only").
* C6 (LLM rewriting), C7 (the paper's deduplication with its unknown encoder) and C9
  (SD-3.5-Large on a GPU) are not attempted.
* The book's own experiments and properties that hold by construction are method checks:
  the offline text-filter experiment (formerly C8), the rewriting and deduplication
  analogues, concavity of the quadratic fit and safe-response >= refusal (true by the
  metric's definition).

Every paper-claim check carries a computed null: a count from a perturbed file (exact
duplicates dropped, the other split), the digitized values under a shifted model
pairing, the mean Spearman rho over shuffled pairings, or the same comparison at the
level of model means.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.repro.claims import PAPER_SETUP
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import AtLeast
from shared.repro.claims import AtMost
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable
from shared.repro.claims import IsTrue
from shared.repro.claims import Within

#: Counts the paper reports (abstract / dataset card).
FULL_ROWS = 4600
UNSAFE_ROWS = 1785
#: Spearman rho of the trade-off scatter (Fig. 3), third-party notes.
RHO_REPORTED = 0.898
#: Tolerances on the digitized values (pp): radar reading error, benign and harmful.
TOL_BENIGN_PP = 0.5
TOL_UNSAFE_PP = 1.5
TOL_RHO = 0.01
TOL_GROUP_X_PP = 1.0
TOL_GROUP_Y_PP = 1.5
#: Margin (pp) above which a benign > harmful cell counts as an inversion (1 + 1.5 pp
#: reading error).
INVERSION_MARGIN_PP = 2.5

REPORTED_ONLY = (
    "checks the paper's reported numbers only; the models cannot run offline"
)


# Deliberate repeat: one field a line, like every chapter's Measured;
# the fields themselves are this class's own.
@dataclass(frozen=True)
class Measured:
    """What the OVERT chapter measured (counts are rows; ``_pp`` fields are percentage
    points).

    C1, counted on the released CSV files:
        full_rows, unsafe_rows: rows of OVERT-full and OVERT-unsafe.
        full_rows_null: rows of full after dropping exact duplicate prompts (perturbed
        file).
        unsafe_rows_null: pairs after dropping exact duplicate benign sides (perturbed
        file).
        mini_200_each: every category of OVERT-mini has 200 rows.
        mini_200_null: the same test on OVERT-full (a split not sampled at 200 per
        category).
        shares_match: full's category shares rounded to 0.1 % equal the Fig. 1 donut
        labels.
        shares_match_null: the same test with OVERT-mini's (uniform) shares.
    C2-C5, computed from the digitized reported values:
        dev_benign_pp, dev_unsafe_pp: max over models of |mean of 9 categories -
        headline mean|.
        dev_benign_null_pp, dev_unsafe_null_pp: the same with the model columns shifted
        by one
            (a wrong model pairing).
        rho: Spearman rho of the 20 digitized Fig. 3 points; rho_null: mean rho over
        shuffled
            (x, y) pairings (fixed generator).
        dev_x_pp: max |inferred group mean of Fig. 4a cells - Fig. 3 x| (pp);
        dev_x_null_pp: the
            same with the model columns shifted by one.
        y_gap_pp: min (Fig. 3 y - inferred group mean of Fig. 4b cells) (pp);
        y_gap_null_pp: the
            same with the model columns shifted by one.
        n_inversions: reported cells refused more when benign than harmful by more than
            :data:`INVERSION_MARGIN_PP`; n_inversions_null: models whose 9-category
            benign mean exceeds the harmful mean by that margin (the comparison where
            the claim is false).
    Method checks (book's own experiments, properties by construction):
        safe_ge_refusal: reported safe-response mean >= refusal mean for every model.
        concave: least-squares quadratic through the Fig. 3 points has a negative x^2
        term.
        rewrite_lowers, rewrite_loses: the deterministic rewrite lowers keyword refusal
        in both
            rewritten categories; some rewrites fall below cosine 0.8 to their original.
        dedup_monotone: kept fraction of the re-implemented deduplication is
        non-decreasing in
            the threshold.
        kw_inversions: categories where the keyword filter's benign rate exceeds its
        harmful rate;
            kw_inversions_ci: those where the benign 95 % interval lies above the
            harmful one.
        prof_benign, prof_harmful: alt-profanity-check refusal rates (mean of 9
        categories, 0-1).
        auc_lr, auc_sim: pair ROC-AUC of the grouped-CV logistic regression and of the
        zero-shot
            similarity filter; cat_acc: 9-category CV accuracy of MiniLM + logistic
            regression.
        sweeps_monotone: the threshold sweeps are non-increasing (true by construction).
        n_pairs: sampled pairs behind the embedding filters; profile: "quick" or "full".
    """

    full_rows: int
    full_rows_null: int
    unsafe_rows: int
    unsafe_rows_null: int
    mini_200_each: bool
    mini_200_null: bool
    shares_match: bool
    shares_match_null: bool
    dev_benign_pp: float
    dev_benign_null_pp: float
    dev_unsafe_pp: float
    dev_unsafe_null_pp: float
    rho: float
    rho_null: float
    dev_x_pp: float
    dev_x_null_pp: float
    y_gap_pp: float
    y_gap_null_pp: float
    n_inversions: int
    n_inversions_null: int
    safe_ge_refusal: bool
    concave: bool
    rewrite_lowers: bool
    rewrite_loses: bool
    dedup_monotone: bool
    kw_inversions: tuple[str, ...]
    kw_inversions_ci: tuple[str, ...]
    prof_benign: float
    prof_harmful: float
    auc_lr: float
    auc_sim: float
    cat_acc: float
    sweeps_monotone: bool
    n_pairs: int
    profile: str = "quick"


def _yes(b: bool) -> str:
    return "yes" if b else "no"


# Deliberate repeat: every claim below lists its Check(...) rows in the same
# one-argument-a-line layout; the quantities, criteria and nulls differ row by row.
def claims(m: Measured) -> ClaimTable:
    """All paper claims (C1-C9) and method checks (M1-M5) of the chapter, graded."""
    if m.profile not in ("quick", "full"):
        raise ValueError(f"profile={m.profile!r}; allowed: 'quick', 'full'")
    quick = m.profile == "quick"
    t = ClaimTable("overt")
    t.paper(
        "C1",
        "4,600 benign prompts in 9 categories, mini 200 per category, 1,785 harmful "
        "counterparts",
        evidence=PAPER_SETUP,
        deterministic=True,
        reported="4,600 / 200 per category / 1,785; donut shares",
        source="abstract and dataset card (sizes); Fig. 1 left, authors' repository "
        "(shares)",
        checks=[
            Check(
                "full rows",
                m.full_rows,
                Within(FULL_ROWS, 0),
                null=m.full_rows_null,
                null_label="full without exact duplicates",
            ),
            Check(
                "unsafe rows",
                m.unsafe_rows,
                Within(UNSAFE_ROWS, 0),
                null=m.unsafe_rows_null,
                null_label="pairs without duplicate benign sides",
            ),
            Check(
                "mini 200 per category",
                m.mini_200_each,
                IsTrue(),
                null=m.mini_200_null,
                null_label="same test on full",
            ),
            Check(
                "shares equal donut labels at 0.1 %",
                m.shares_match,
                IsTrue(),
                null=m.shares_match_null,
                null_label="mini's shares",
            ),
        ],
        note="counted on the released files, which are the paper's data",
    )
    t.paper(
        "C2",
        "Reported per-category refusal rates (Fig. 4 radars) average to the "
        "reported means",
        evidence=RECONSTRUCTION,
        deterministic=True,
        cap_reason=REPORTED_ONLY,
        reported="headline means (third-party notes); radars digitized",
        source="Fig. 4a/4b (authors' repository); means from third-party notes",
        checks=[
            Check(
                "max |mean - headline|, benign (pp)",
                m.dev_benign_pp,
                AtMost(TOL_BENIGN_PP),
                null=m.dev_benign_null_pp,
                null_label="models shifted by one",
            ),
            Check(
                "max |mean - headline|, unsafe (pp)",
                m.dev_unsafe_pp,
                AtMost(TOL_UNSAFE_PP),
                null=m.dev_unsafe_null_pp,
                null_label="models shifted by one",
            ),
        ],
        note="internal consistency of reported values; measuring the models (T2I "
        "APIs, VLM judges) "
        "is not possible offline",
    )
    t.paper(
        "C3",
        "Reported Fig. 3 points show a safety / over-refusal trade-off",
        evidence=RECONSTRUCTION,
        deterministic=True,
        cap_reason=REPORTED_ONLY,
        reported=f"Spearman ρ = {RHO_REPORTED} over 20 points (third-party notes)",
        source="Fig. 3 (authors' repository), digitized",
        checks=[
            Check(
                "Spearman ρ of digitized points",
                m.rho,
                Within(RHO_REPORTED, TOL_RHO),
                null=m.rho_null,
                null_label="mean ρ, shuffled pairings",
            )
        ],
        note="computed from the digitized points of the reported figure; concavity "
        "of the fit is a "
        "method check (M2)",
    )
    t.paper(
        "C4",
        "Broad groups of Fig. 3 are means of the radar categories (the chapter's "
        "inference)",
        evidence=RECONSTRUCTION,
        deterministic=True,
        cap_reason=REPORTED_ONLY,
        reported="Fig. 3 x and y (digitized)",
        source="Figs. 3 and 4 (authors' repository), digitized",
        checks=[
            Check(
                "max |group mean - scatter x| (pp)",
                m.dev_x_pp,
                AtMost(TOL_GROUP_X_PP),
                null=m.dev_x_null_pp,
                null_label="models shifted by one",
            ),
            Check(
                "min (scatter y - unsafe group mean) (pp)",
                m.y_gap_pp,
                AtLeast(-TOL_GROUP_Y_PP),
                null=m.y_gap_null_pp,
                null_label="models shifted by one",
            ),
        ],
        note="the grouping is inferred by the chapter and checked against digitized "
        "numbers, like C2 "
        "and C3",
    )
    t.paper(
        "C5",
        "Some categories are refused more when benign than when harmful (reported "
        "cells)",
        evidence=RECONSTRUCTION,
        deterministic=True,
        cap_reason=REPORTED_ONLY,
        reported="e.g. illegal: DALL-E-3-web 74.0 vs ≈67.0, FLUX1.1-Pro 72.5 vs ≈58.4",
        source="Fig. 4a vs 4b (authors' repository), digitized",
        checks=[
            Check(
                f"cells with benign − harmful > {INVERSION_MARGIN_PP} pp",
                m.n_inversions,
                AtLeast(1),
                null=m.n_inversions_null,
                null_label="same test on the 5 models' 9-category means",
            )
        ],
        note="the margin is the sum of the two radars' reading errors; the keyword "
        "filter's "
        "inversions are the book's own experiment (M5), not evidence for C5",
    )
    t.not_attempted(
        "C6",
        "Rewriting refused prompts with an LLM lowers refusal but loses meaning",
        reported="faithfulness 66.2 % / 44.0 %; Imagen-3 68.0→50.5, 48.0→2.0 (notes)",
        source="third-party notes",
        evidence=RECONSTRUCTION,
        reason="needs LLM rewriting, the T2I models and the paper's (unknown) "
        "faithfulness metric; "
        "the offline analogue is a method check (M3)",
    )
    t.not_attempted(
        "C7",
        "Semantic deduplication at cosine 0.9 (converted) / 0.7 (template)",
        reported="thresholds only (notes)",
        source="third-party notes",
        evidence=RECONSTRUCTION,
        reason="the paper's encoder is unknown, so the release cannot be checked "
        "against these "
        "thresholds; the MiniLM re-implementation is a method check (M4)",
    )
    t.not_attempted(
        "C9",
        "SD-3.5-Large with its safety checker barely refuses",
        reported="2.0 % benign, 3.0 % unsafe (notes)",
        source="third-party notes",
        evidence=RECONSTRUCTION,
        reason="needs a GPU, the gated SD-3.5-Large weights and VLM judges; not "
        "available offline",
    )

    t.method(
        "M1",
        "Reported safe-response mean ≥ refusal mean for every model (true by the "
        "metric's definition: a refusal is a safe response)",
        checks=[Check("", m.safe_ge_refusal, IsTrue())],
    )
    t.method(
        "M2",
        "Least-squares quadratic through the digitized Fig. 3 points is concave",
        checks=[Check("", m.concave, IsTrue())],
        note="describes the shape of the reported points; no null distinguishes it",
    )
    t.method(
        "M3",
        "Rewriting analogue (deterministic paraphrase + benign frame, keyword filter, "
        "MiniLM cosine as faithfulness proxy)",
        checks=[
            Check(
                "keyword refusal drops in both categories", m.rewrite_lowers, IsTrue()
            ),
            Check("some rewrites below cos 0.8", m.rewrite_loses, IsTrue()),
        ],
        note="the rewrite replaces trigger words, so the drop is largely by "
        "construction",
    )
    t.method(
        "M4",
        "Deduplication re-implemented with MiniLM: kept fraction non-decreasing in "
        "the threshold",
        checks=[Check("", m.dedup_monotone, IsTrue())],
    )
    inv = ", ".join(m.kw_inversions) or "none"
    inv_ci = ", ".join(m.kw_inversions_ci) or "none"
    t.method(
        "M5",
        "Book's own experiment (formerly C8): offline text filters, not the paper's "
        "models, "
        "over-refuse and trade off",
        checks=[
            Check(
                "keyword filter: ≥ 1 category benign > harmful",
                len(m.kw_inversions) >= 1,
                IsTrue(),
            ),
            Check("profanity benign refusal", m.prof_benign, AtMost(0.05)),
            Check("profanity harmful refusal", m.prof_harmful, AtMost(0.05)),
            Check("logreg AUC", m.auc_lr, AtLeast(0.75 if quick else 0.8)),
            Check("logreg AUC − similarity AUC", m.auc_lr - m.auc_sim, AtLeast(0.1)),
            Check("9-category accuracy", m.cat_acc, AtLeast(0.85 if quick else 0.9)),
        ],
        note=f"{m.profile} profile; embedding filters on {m.n_pairs} sampled pairs; "
        "keyword lexicon "
        f"from the Llama Guard 3 hazard taxonomy; keyword inversions: {inv} (beyond "
        "both 95 % "
        f"intervals: {inv_ci}); τ sweeps monotone: {_yes(m.sweeps_monotone)} (by "
        "construction)",
    )
    return t
