"""Claims of the ``attn-markov`` chapter (arXiv 2402.13512), graded under the evidence
policy.

Only the abstracts of the paper (arXiv and ICML versions, and an earlier version's
abstract) could be read, so every paper claim here is a
:data:`~shared.repro.claims.RECONSTRUCTION`: the setup, the metrics and every threshold
are this book's. The notebook measures the values collected in :class:`Measured` (three
seeds for everything seed-dependent, spawned with
``numpy.random.SeedSequence(SEED).spawn(3)``) and calls :func:`claims`.

Paper claims (from the abstract):

- C2 positional encoding gives position-dependent scaling -- not attempted: the paper's
  positional-encoding form could not be read; with our additive bias the statement holds
  by construction (its identity is method check M2).
- C3 consistency under coverage and the K²/n rate: slope of the mean row-TV against n
  (null: the same MLE with coverage broken) and its exponent in K over six vocabulary
  sizes (null: the untrained, uniform chain).
- C5 training the attention layer itself reaches the convex MLE (null: the untrained
  layer, W = 0).
- C6 winner-takes-all, non-mixing generation: active tokens and the disagreement of two
  runs on the same chain (null: the plain Markov chain with the same P).
- C8 learning from one trajectory is worse than from IID prompts (null: a second IID
  sample).

Method checks (never counted): M1 the CCMC identity (was C1, an identity); M2 its
position-weighted form; M3 the MLE is solved and uniform prompts identify every row; M4
no consistency without coverage (was C4, true by construction: no row is identified); M6
the Markov baseline and the time course of generation; M7 the book's own mean-field rule
for one-token collapse (was C7); M8 the book's own collapse curve: how likely a
one-token collapse is at each scale σ of W (null: the plain Markov chain with the same
P). M8 is a method check because both its collapse rule (exactly one token above the
active threshold in the final window) and its σ-dependence are this book's, not
statements of the abstract.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import AtLeast
from shared.repro.claims import AtMost
from shared.repro.claims import Between
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable
from shared.repro.claims import IsTrue

from .grading import per_seed as _ps

__all__ = [
    "Measured",
    "claims",
    "IDENTITY_TOL",
    "C3_SLOPE_N",
    "C3_SLOPE_K",
    "C5_TOL_FACTOR",
    "C6_COLLAPSE_SIGMA",
    "C6_COLLAPSE_FRAC",
    "C6_NONMIX_TV",
    "C8_RATIO",
    "M8_TOP",
    "M8_RISE",
    "M8_BOTTOM",
    "c5_tolerance",
]

#: Float64 round-off bound for the exact identities (M1, M2).
IDENTITY_TOL = 1e-12
#: C3: band for the log-log slope of the mean row-TV against n (1/sqrt(n) = -0.5).
C3_SLOPE_N = (-0.6, -0.4)
#: C3: band for the exponent of the mean row-TV in K (K/sqrt(n) gives 1); set in the
#: chapter's brief before any result and kept (now fitted on six vocabulary sizes and
#: three seeds).
C3_SLOPE_K = (0.6, 1.5)
#: C5: the gap must be below this fraction of the largest sampling standard error of an
#: entry.
C5_TOL_FACTOR = 0.1
#: C6: chains at least this peaky (scale of W) must collapse.
C6_COLLAPSE_SIGMA = 1.0
#: C6: ... below this fraction of the vocabulary (mean active tokens in the final
#: window).
C6_COLLAPSE_FRAC = 0.5
#: C6: two runs on the same chain must end this far apart (mean TV of their final
#: windows). Declared before the measurement was first made (issue 13).
C6_NONMIX_TV = 0.3
#: C8: median over teachers of TV(one trajectory) / TV(IID prompts).
C8_RATIO = 2.0
#: M8 (declared before the first measurement, issue 15): at the largest σ at least
#: this share of the attention runs collapse onto one token ...
M8_TOP = 0.2
#: ... the share rises by at least this much from the smallest to the largest σ ...
M8_RISE = 0.15
#: ... and at the smallest σ (a nearly uniform chain, close to a Pólya urn, whose
#: frequencies converge to a random mixture rather than a vertex) at most this share
#: collapses.
M8_BOTTOM = 0.05


def c5_tolerance(n: int, K: int) -> float:
    """C5 tolerance: a tenth of the largest standard error ½/√(n/K) of an MLE entry."""
    return C5_TOL_FACTOR * 0.5 / math.sqrt(n / K)


Seeds = tuple  # one float (or bool) per seed


@dataclass(frozen=True)
class Measured:
    """What the chapter measured. ``Seeds`` fields hold one value per seed; ``by σ``
    fields hold one such tuple per entry of ``wta_sigmas``. TV = mean over rows of the
    total-variation distance (a probability, 0..1); slopes are log-log slopes
    (dimensionless).

    Settings (for notes and criteria):
        rate_K, rate_n, rate_K_grid, rate_K_n, rate_teachers: C3 vocabulary, prompt
            counts, the K grid, n on the K grid, teachers per point (per seed).
        attn_n, attn_K: C5 prompts and vocabulary.
        wta_K, wta_sigmas, wta_runs, wta_steps, wta_window, wta_thresh: C6 vocabulary,
            scales of W, runs per σ, generated tokens, final window (tokens),
            active-token threshold.
        c7_runs, c7_sigma: runs and σ of the M7 batch (per seed).
        single_teachers, single_pairs: C8 teachers per seed (all σ) and pairs per fit.
        id_draws: random (W, prompt) pairs of M1/M2.

    M1, M2 (one draw set, seed-independent up to round-off):
        id_err: max |attention − CCMC| over all draws and tokens.
        id_err_null: max |attention − P[q]| (the plain Markov row, prompt counts
            ignored).
        sum_err: max |Σ p − 1|.
        absent_max, absent_onehot: largest mass on tokens absent from the prompt,
            rotated and one-hot embeddings.
        full_prompt_err: max |p − P[q]| when every token occurs once.
        pe_err: max |biased attention − CCMC with position-weighted counts|.
        pe_err_null: max |biased attention − CCMC with plain counts|.
        order_nobias, order_bias: largest output change when the first L−1 positions
            are shuffled, without and with the bias.

    C3, M3, M4 (Seeds):
        slope_ok, slope_broken: slope of mean TV vs n with uniform / half-vocabulary
            prompts.
        slope_K: exponent of mean TV in K at n = rate_K_n; slope_K_se: its standard
            error.
        slope_K_uniform: the same exponent for the untrained (uniform) chain's TV.
        gap_ratio: TV broken / TV covered at the largest n.
        max_grad: largest gradient norm at an MLE solution.
        ident_ok, ident_broken: share of rows identified with uniform /
            half-vocabulary prompts.

    C5 (Seeds):
        c5_gap: max |P_attention − P_MLE|;  c5_gap_untrained: max |uniform − P_MLE|.

    C6, M6 (Seeds by σ, then Seeds):
        act_att, act_mar: mean active tokens in the final window, attention / Markov.
        nonmix_att, nonmix_mar: mean over runs of the TV between the final-window
            frequencies of two independent runs on the same chain, attention / Markov.
        max_rise: largest rise of the run-averaged active count between successive
            windows.

    M7 (Seeds): frac_on_sd share of one-token collapses on a self-dominant token (nan
        when none); n_single, n_on_sd: totals over seeds.

    M8 (Seeds by σ over coll_sigmas, coll_runs runs per σ and seed): coll_att,
        coll_mar: share of runs whose final window has exactly one active token,
        attention / Markov chain with the same P; coll_sd_share: share of those
        teachers with at least one self-dominant token (the mean-field ceiling).

    C8 (Seeds): c8_median: median over teachers of TV_single / TV_IID; c8_min: smallest
        ratio; c8_null_median: median of TV_IID2 / TV_IID (a second IID sample of the
        same size).
    """

    # settings
    rate_K: int
    rate_n: tuple
    rate_K_grid: tuple
    rate_K_n: int
    rate_teachers: int
    attn_n: int
    attn_K: int
    wta_K: int
    wta_sigmas: tuple
    wta_runs: int
    wta_steps: int
    wta_window: int
    wta_thresh: float
    c7_runs: int
    c7_sigma: float
    single_teachers: int
    single_pairs: int
    id_draws: int
    # M1, M2
    id_err: float
    id_err_null: float
    sum_err: float
    absent_max: float
    absent_onehot: float
    full_prompt_err: float
    pe_err: float
    pe_err_null: float
    order_nobias: float
    order_bias: float
    # C3, M3, M4
    slope_ok: Seeds
    slope_broken: Seeds
    slope_K: Seeds
    slope_K_se: Seeds
    slope_K_uniform: Seeds
    gap_ratio: Seeds
    max_grad: Seeds
    ident_ok: Seeds
    ident_broken: Seeds
    # C5
    c5_gap: Seeds
    c5_gap_untrained: Seeds
    # C6, M6
    act_att: tuple
    act_mar: tuple
    nonmix_att: tuple
    nonmix_mar: tuple
    max_rise: Seeds
    # M7
    frac_on_sd: Seeds
    n_single: int
    n_on_sd: int
    # C8
    c8_median: Seeds
    c8_min: Seeds
    c8_null_median: Seeds
    # M8
    coll_sigmas: tuple
    coll_runs: int
    coll_att: tuple
    coll_mar: tuple
    coll_sd_share: tuple

    @property
    def seeds(self) -> int:
        return len(self.slope_ok)


def _rng(values) -> str:
    return f"{min(values):.3g}–{max(values):.3g}"


# Deliberate repeat: the Check(...) lists below share one layout but grade different
# quantities, criteria and nulls; merging them would hide what each claim checks.
def claims(m: Measured) -> ClaimTable:
    """Build every paper claim and method check of the chapter from the measured
    values."""
    t = ClaimTable("attn-markov")
    n_seeds = m.seeds
    seeds_txt = f"{n_seeds} seeds (SeedSequence spawn), worst seed graded"
    src = "abstract"

    # ------------------------------------------------------------------ paper claims
    t.not_attempted(
        "C2",
        "Positional encoding results in position-dependent scaling of the transition "
        "probabilities",
        reported="qualitative",
        source=src,
        evidence=RECONSTRUCTION,
        reason="the paper's positional-encoding form could not be read; with our "
        "additive, "
        "position-only bias b_t the statement holds by construction, so it cannot fail "
        "here. What can fail -- that the biased layer is still a CCMC with "
        "position-weighted counts -- is method check M2.",
    )

    ok_rows = (
        f"K = {m.rate_K}, n = {min(m.rate_n)}…{max(m.rate_n)}, "
        f"{m.rate_teachers} teachers per point"
    )
    t.paper(
        "C3",
        "Under coverage the MLE of the latent model is consistent, with error rate ∝ "
        "K²/n",
        evidence=RECONSTRUCTION,
        source="abstract; K²/n from secondary summaries",
        reported="consistent; rate K²/n (norm and constants not read)",
        checks=[
            Check(
                "slope of mean row-TV vs n (coverage)",
                _ps(m.slope_ok),
                Between(*C3_SLOPE_N),
                null=_ps(m.slope_broken),
                null_label="same MLE, coverage broken",
            ),
            Check(
                f"exponent of mean row-TV in K ({len(m.rate_K_grid)} sizes)",
                _ps(m.slope_K),
                Between(*C3_SLOPE_K),
                null=_ps(m.slope_K_uniform),
                null_label="untrained (uniform) chain",
            ),
        ],
        note=f"{ok_rows}; K ∈ {{{', '.join(map(str, m.rate_K_grid))}}} at n = "
        f"{m.rate_K_n} "
        f"(standard error of the K-exponent {_rng(m.slope_K_se)}); row-TV ∝ K/√n is "
        "the "
        f"analogue of squared error ∝ K²/n; {seeds_txt}",
    )

    tol = c5_tolerance(m.attn_n, m.attn_K)
    t.paper(
        "C5",
        "Training the attention layer itself reaches the convex-MLE answer",
        evidence=RECONSTRUCTION,
        source="abstract; convexity from secondary summaries",
        reported="implied by the convex reformulation",
        checks=[
            Check(
                "max |P_attn − P_mle|",
                _ps(m.c5_gap),
                AtMost(tol),
                null=_ps(m.c5_gap_untrained),
                null_label="untrained layer (W = 0)",
            )
        ],
        note=f"L-BFGS on W, n = {m.attn_n}, K = {m.attn_K}; tolerance = "
        f"{C5_TOL_FACTOR:g} × the "
        f"largest sampling standard error ½/√(n/K) of an MLE entry; {seeds_txt}",
    )

    sig = tuple(m.wta_sigmas)
    steep = [i for i, s in enumerate(sig) if s >= C6_COLLAPSE_SIGMA]
    if not steep:
        raise ValueError(f"C6 needs at least one σ ≥ {C6_COLLAPSE_SIGMA}; got {sig}")
    c6 = []
    for i in steep:
        c6.append(
            Check(
                f"attention mean active, σ = {sig[i]:g}",
                _ps(m.act_att[i]),
                AtMost(C6_COLLAPSE_FRAC * m.wta_K),
                null=_ps(m.act_mar[i]),
                null_label="Markov chain, same P",
            )
        )
    for i in steep:
        c6.append(
            Check(
                f"TV between two runs on the same P, σ = {sig[i]:g}",
                _ps(m.nonmix_att[i]),
                AtLeast(C6_NONMIX_TV),
                null=_ps(m.nonmix_mar[i]),
                null_label="Markov chain, same P",
            )
        )
    t.paper(
        "C6",
        "Winner-takes-all: generation from one prompt is non-mixing and collapses "
        "onto a "
        "small set of winner tokens",
        evidence=RECONSTRUCTION,
        source=src,
        reported="qualitative",
        checks=c6,
        note=f"K = {m.wta_K}, {m.wta_runs} runs per σ (fresh chain per run), "
        f"{m.wta_steps} steps, "
        f"active = frequency > {100 * m.wta_thresh:g} % in the last {m.wta_window}; "
        "collapse "
        f"and non-mixing required for σ ≥ {C6_COLLAPSE_SIGMA:g}; {seeds_txt}",
    )

    t.paper(
        "C8",
        "Learning from one output trajectory is worse than from IID prompts (not "
        "consistent "
        "in general, problem-dependent)",
        evidence=RECONSTRUCTION,
        source="abstract (earlier version: delicate, problem-dependent)",
        reported="qualitative",
        checks=[
            Check(
                "median over teachers of TV_single / TV_IID",
                _ps(m.c8_median),
                AtLeast(C8_RATIO),
                null=_ps(m.c8_null_median),
                null_label="second IID sample / IID",
            )
        ],
        note=f"{m.single_teachers} teachers per seed, {m.single_pairs} pairs per fit; "
        "smallest "
        f"ratio per seed {_rng(m.c8_min)}; {seeds_txt}",
    )

    # ------------------------------------------------------------------ method checks
    t.method(
        "M1",
        "CCMC identity (was C1): the layer's output equals the base row re-weighted "
        "by the "
        "prompt's token counts",
        checks=[
            Check(
                "max |attn − CCMC|",
                m.id_err,
                AtMost(IDENTITY_TOL),
                null=m.id_err_null,
                null_label="plain Markov row P[q]",
            ),
            Check("max |Σp − 1|", m.sum_err, AtMost(IDENTITY_TOL)),
            Check(
                "mass on absent tokens (rotated E)", m.absent_max, AtMost(IDENTITY_TOL)
            ),
            Check("mass on absent tokens (one-hot E)", m.absent_onehot, AtMost(0.0)),
            Check(
                "all tokens once: max |p − P[q]|",
                m.full_prompt_err,
                AtMost(IDENTITY_TOL),
            ),
        ],
        note=f"an algebraic identity; {m.id_draws} random (W, prompt) pairs, float64, "
        "shared.attention.model",
    )
    t.method(
        "M2",
        "With the additive position bias (our form) the layer is a CCMC with "
        "position-weighted counts",
        checks=[
            Check(
                "max |attn − CCMC| with b_t",
                m.pe_err,
                AtMost(IDENTITY_TOL),
                null=m.pe_err_null,
                null_label="CCMC with plain counts",
            ),
            Check(
                "order change without bias",
                m.order_nobias,
                AtMost(IDENTITY_TOL),
                null=m.order_bias,
                null_label="order change with the bias",
            ),
        ],
        note="identity for the reconstructed bias form; position dependence holds by "
        "construction",
    )
    t.method(
        "M3",
        "The MLE is solved and uniform prompts identify every row",
        checks=[
            Check("largest ‖∇‖ at the MLE", _ps(m.max_grad), AtMost(1e-6)),
            Check(
                "share of rows identified (uniform prompts)",
                _ps(m.ident_ok),
                AtLeast(1.0),
                null=_ps(m.ident_broken),
                null_label="half-vocabulary prompts",
            ),
        ],
    )
    t.method(
        "M4",
        "Without coverage the error stalls (was C4; true by construction: "
        "half-vocabulary "
        "prompts identify no row)",
        checks=[
            Check(
                "slope of TV vs n, half-vocabulary prompts",
                _ps(m.slope_broken),
                AtLeast(-0.2),
            ),
            Check(
                "error ratio broken / covered at largest n",
                _ps(m.gap_ratio),
                AtLeast(3.0),
            ),
            Check(
                "share of rows identified (half-vocabulary prompts)",
                _ps(m.ident_broken),
                AtMost(0.0),
            ),
        ],
        note="the abstract's coverage condition is the content of C3; that its absence "
        "breaks "
        "consistency follows from non-identifiability and cannot fail",
    )
    mar_min = tuple(
        min(m.act_mar[i][s] for i in range(len(sig))) for s in range(n_seeds)
    )
    order = tuple(bool(m.act_att[0][s] > m.act_att[-1][s]) for s in range(n_seeds))
    t.method(
        "M6",
        "Generation set-up: the Markov baseline mixes, collapse deepens with σ and "
        "never "
        "reverses (the book's own extra checks of C6)",
        checks=[
            Check(
                "Markov baseline, min over σ of mean active",
                _ps(mar_min),
                AtLeast(0.9 * m.wta_K),
            ),
            Check(
                f"attention active(σ = {sig[0]:g}) > active(σ = {sig[-1]:g})",
                _ps(order),
                IsTrue(),
            ),
            Check(
                "largest rise of active tokens across windows",
                _ps(m.max_rise),
                AtMost(0.5),
            ),
        ],
    )
    t.method(
        "M7",
        "One-token collapses land on self-dominant tokens, P[k,k] = max_j P[k,j] (was "
        "C7; "
        "a mean-field rule derived for this book, not the paper's theorem)",
        checks=[
            Check(
                "share of one-token collapses on a self-dominant token",
                _ps(m.frac_on_sd),
                AtLeast(0.9),
            )
        ],
        note=f"{m.n_on_sd} of {m.n_single} one-token collapses over {n_seeds} seeds × "
        f"{m.c7_runs} runs at σ = {m.c7_sigma:g}",
    )
    cs = tuple(m.coll_sigmas)
    if len(cs) < 2:
        raise ValueError(f"M8 needs at least two σ; got {cs}")
    rise_att = tuple(b - a for a, b in zip(m.coll_att[0], m.coll_att[-1]))
    rise_mar = tuple(b - a for a, b in zip(m.coll_mar[0], m.coll_mar[-1]))
    ceiling = _rng([v for col in m.coll_sd_share for v in col])
    t.method(
        "M8",
        "The probability of a one-token collapse rises with the scale σ of W (the "
        "book's own experiment and collapse rule)",
        checks=[
            Check(
                f"P(one-token collapse), σ = {cs[-1]:g}",
                _ps(m.coll_att[-1]),
                AtLeast(M8_TOP),
                null=_ps(m.coll_mar[-1]),
                null_label="Markov chain, same P",
            ),
            Check(
                f"rise of P(collapse) from σ = {cs[0]:g} to {cs[-1]:g}",
                _ps(rise_att),
                AtLeast(M8_RISE),
                null=_ps(rise_mar),
                null_label="Markov chain, same P",
            ),
            Check(
                f"P(one-token collapse), σ = {cs[0]:g} (nearly a Pólya urn)",
                _ps(m.coll_att[0]),
                AtMost(M8_BOTTOM),
            ),
        ],
        note=f"K = {m.wta_K}, {m.coll_runs} runs per σ and seed (fresh chain per run), "
        f"σ ∈ {{{', '.join(f'{s:g}' for s in cs)}}}, {m.wta_steps} steps; collapse = "
        f"exactly one token above {100 * m.wta_thresh:g} % in the last "
        f"{m.wta_window}; bounds declared before the first measurement; share of "
        f"teachers with a self-dominant token (mean-field ceiling) {ceiling}; "
        f"{seeds_txt}",
    )
    return t
