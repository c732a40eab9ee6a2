"""Experiments of the chapter ``ocr``: profiles, runs, measured values and key numbers.

One concern: running the chapter's experiments with :mod:`shared.attention.ocr` and
turning them into the values the chapter shows. Sections, one ``run_*`` function
each:

* :func:`run_main` -- the factorized and combined full models on the symbolic
  task (several seeds), with their weight statistics (transfer ratio ρ, effective
  rank);
* :func:`run_reduced` -- the reduced attention-frozen model: GD on ``W``, GD on
  ``A B`` and the two λ-regularized references, for each held-out count
  ``m_test``;
* :func:`run_sample_efficiency` -- more subjects per group (full model) and more
  held-out subjects (reduced model), with the toy optimum ``1/sqrt(k)``;
* :func:`run_rank` -- the inner-rank sweep (the paper's Fig. 6);
* :func:`run_ablations` -- random b↔c pairing, no weight decay, softmax, Gaussian init.

:func:`measured` feeds :func:`shared.attention.ocr_claims.claims`;
:func:`key_numbers` gives the chapter's checked numbers. Units: cross-entropies
in nats, accuracies in [0, 1], margins divided by the minimum training margin γ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from dataclasses import replace
from typing import Callable

import numpy as np

from shared.repro.validate import choice
from shared.repro.validate import positive_int

from . import ocr
from .ocr import OCRTask
from .ocr import ocr_model
from .ocr_claims import Measured

__all__ = [
    "OVS",
    "PROFILES",
    "REPO_RANK_STEPS",
    "Ablations",
    "MainRuns",
    "Profile",
    "RankSweep",
    "Reduced",
    "Results",
    "SampleEfficiency",
    "Seeds",
    "key_numbers",
    "llm_table",
    "measured",
    "prose_numbers",
    "reduced_table",
    "run_ablations",
    "run_main",
    "run_rank",
    "run_reduced",
    "run_sample_efficiency",
    "seeds_for",
    "train",
]

OVS = ("factorized", "combined")
#: Training steps of the rank sweep in the authors' repository.
REPO_RANK_STEPS = 20000
#: Convergence of a rank-sweep run: held-out accuracy moves by less than this
#: (max − min over the evaluations of the last quarter of training).
RANK_TOL = 0.01
ABLATIONS = ("wd0", "softmax", "gaussian_combined", "random_pairing")
LN20 = math.log(20)


# Deliberate repeat: one setting a line, as every chapter's Profile dataclass (different
# settings).
@dataclass(frozen=True)
class Profile:
    """Run settings of one profile.

    steps: AdamW steps of the main factorized / combined runs. eval_every: steps
    between evaluations. n_eval: fresh samples per evaluation kind. n_seeds:
    seeds of the main runs. long_steps: steps of one longer run per model (0 =
    skip). reduced_m_test: held-out subjects per group in the reduced model.
    reduced_steps: full-batch GD steps there (the references are the exact
    hard-margin solutions, no setting). reduced_seeds: random initializations of
    A, B. spg_list: subjects per group of the
    sample-efficiency runs; spg_seeds: their seeds. rank_list: inner ranks r of
    W_O W_V; rank_steps, rank_seeds: steps and seeds of the rank sweep;
    rank_max_steps > rank_steps trains each rank-sweep run on until its held-out
    accuracy moves by less than ``RANK_TOL`` over the last quarter of training
    (checked at every evaluation from rank_steps on, up to rank_max_steps; 0 = a
    fixed rank_steps).
    ablations: names from ``("wd0", "softmax", "gaussian_combined",
    "random_pairing")``; ablation_steps, ablation_seeds: their steps and seeds.
    """

    steps: int
    eval_every: int
    n_eval: int
    n_seeds: int
    long_steps: int
    reduced_m_test: tuple[int, ...]
    reduced_steps: int
    reduced_seeds: int
    spg_list: tuple[int, ...]
    spg_seeds: int
    rank_list: tuple[int, ...]
    rank_steps: int
    rank_seeds: int
    ablations: tuple[str, ...]
    ablation_steps: int
    ablation_seeds: int
    rho_m: tuple[int, ...] = (1, 2, 3, 5)
    rank_max_steps: int = 0

    def __post_init__(self):
        for f in ("steps", "eval_every", "n_eval", "n_seeds", "reduced_steps"):
            positive_int(f, getattr(self, f))
        for f in ("reduced_seeds", "spg_seeds", "rank_steps", "rank_seeds"):
            positive_int(f, getattr(self, f))
        for f in ("ablation_steps", "ablation_seeds"):
            positive_int(f, getattr(self, f))
        positive_int("long_steps", self.long_steps, minimum=0)
        positive_int("rank_max_steps", self.rank_max_steps, minimum=0)
        if self.rank_max_steps and self.rank_max_steps < self.rank_steps:
            raise ValueError("rank_max_steps: 0 or at least rank_steps")
        for f in ("reduced_m_test", "spg_list", "rank_list"):
            if not getattr(self, f):
                raise ValueError(f"{f}: needs at least one value")
        for m in self.reduced_m_test + self.spg_list + self.rank_list + self.rho_m:
            positive_int("reduced_m_test / spg_list / rank_list entry", m)
        for a in self.ablations:
            choice("ablations entry", a, ABLATIONS)


# Deliberate repeat: the same one-setting-a-line layout as every chapter's QUICK
# profile; FULL below names only what differs.
QUICK = Profile(
    steps=2000,
    eval_every=100,
    n_eval=600,
    n_seeds=3,
    long_steps=0,
    reduced_m_test=(3,),
    reduced_steps=3000,
    reduced_seeds=3,
    spg_list=(4, 8),
    spg_seeds=1,
    rank_list=(3, 8, 128),
    rank_steps=2000,
    rank_seeds=1,
    ablations=("wd0",),
    ablation_steps=2000,
    ablation_seeds=1,
)
# Deliberate repeat: one changed setting a line, as every chapter's FULL profile.
FULL = replace(
    QUICK,
    n_seeds=5,
    reduced_m_test=(1, 3, 7),
    reduced_steps=20000,
    spg_list=(2, 4, 8),
    spg_seeds=3,
    rank_list=(3, 8, 32, 128),
    rank_steps=4000,
    rank_seeds=3,
    ablations=("wd0", "softmax", "gaussian_combined", "random_pairing"),
    ablation_seeds=3,
    rho_m=(1, 2, 3, 5, 7),
    rank_max_steps=20000,
)
PROFILES = {"quick": QUICK, "full": FULL}

Progress = Callable[..., object]


def _quiet(it, desc=None):
    return it


# --------------------------------------------------------------------------------------
# seeds and one training run
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Seeds:
    """Per-run integer seeds (``runs``) and the seed of the random b↔c pairing."""

    runs: tuple[int, ...]
    pairing: int


def seeds_for(profile: Profile, seed: int) -> Seeds:
    """Independent per-run seeds from ``numpy.random.SeedSequence(seed).spawn``;
    the last child seeds the random b↔c pairing."""
    positive_int("seed", seed, minimum=0)
    p = profile
    n = max(p.n_seeds, p.reduced_seeds, p.spg_seeds, p.rank_seeds, p.ablation_seeds)
    children = np.random.SeedSequence(seed).spawn(n + 1)
    runs = tuple(int(c.generate_state(1)[0]) for c in children[:n])
    return Seeds(runs=runs, pairing=int(children[-1].generate_state(1)[0]))


def last_quarter_move(hist) -> float:
    """Max − min of the held-out implication accuracy over the evaluations in the
    last quarter of training (steps ≥ 3/4 of the last evaluated step)."""
    step = np.asarray(hist["step"])
    acc = np.asarray(hist["test_impl_acc"])
    sel = step >= 0.75 * step[-1]
    return float(acc[sel].max() - acc[sel].min())


def _stable_after(min_steps: int):
    """Stop rule: at least ``min_steps`` steps and :func:`last_quarter_move` <
    ``RANK_TOL``."""

    def stop(hist) -> bool:
        return hist["step"][-1] >= min_steps and last_quarter_move(hist) < RANK_TOL

    return stop


def train(
    task: OCRTask,
    ov: str,
    seed: int,
    profile: Profile,
    steps: int | None = None,
    weight_decay: float = 0.03,
    device="cpu",
    progress: Progress = _quiet,
    desc: str = "",
    stop=None,
    **model_kw,
):
    """Build and train one full model; returns ``(model, history)``."""
    model = ocr_model(task, ov=ov, seed=seed, device=device, **model_kw)
    hist = ocr.train_ocr(
        task,
        model,
        steps=steps or profile.steps,
        weight_decay=weight_decay,
        eval_every=profile.eval_every,
        n_eval=profile.n_eval,
        seed=seed,
        progress=lambda it: progress(it, desc=desc or ov),
        stop=stop,
    )
    return model, hist


# --------------------------------------------------------------------------------------
# main runs
# --------------------------------------------------------------------------------------
def weight_stats(task: OCRTask, model) -> dict:
    """``W`` (the trained W_OV, float64), its singular values ``sv``, ``eff_rank``
    and the mean transfer ratio ``rho_train`` / ``rho_test`` of the training /
    held-out columns."""
    W = model.ov_matrix().detach().double().cpu().numpy()
    out = {"W": W, "eff_rank": ocr.effective_rank(W)}
    out["sv"] = np.linalg.svd(W, compute_uv=False)
    c_rows = task.impl_answer(np.arange(task.n_groups))
    for name, subj in (("train", task.train_subjects), ("test", task.test_subjects)):
        cols = task.subject_ids[subj]
        rho = ocr.transfer_ratio(W, task.b_ids, c_rows, cols, task.group_of(subj))
        out[f"rho_{name}"] = rho.mean()
    return out


@dataclass(frozen=True)
class MainRuns:
    """Main runs: ``runs[ov]`` a list of (model, history) per seed, ``long[ov]`` the
    long run (empty when the profile has none), ``stats[ov]`` the
    :func:`weight_stats` per seed and ``mean_stat[ov]`` their means (eff_rank,
    rho_train, rho_test)."""

    task: OCRTask
    runs: dict
    long: dict
    stats: dict
    mean_stat: dict

    def final(self, ov: str, key: str, at: int = -1) -> np.ndarray:
        """History value ``key`` at the end (``at=-1``) or at step 0 (untrained) per
        seed."""
        choice("ov", ov, OVS)
        return np.array([h[key][at] for _, h in self.runs[ov]])


def run_main(
    profile: Profile, seeds: Seeds, device="cpu", progress: Progress = _quiet
) -> MainRuns:
    """Factorized and combined models on the paper's task, ``profile.n_seeds`` seeds."""
    task = OCRTask()
    runs = {
        ov: [
            train(
                task,
                ov,
                s,
                profile,
                device=device,
                progress=progress,
                desc=f"{ov} seed {i}",
            )
            for i, s in enumerate(seeds.runs[: profile.n_seeds])
        ]
        for ov in OVS
    }
    long = {}
    if profile.long_steps:
        long = {
            ov: train(
                task,
                ov,
                seeds.runs[0],
                profile,
                steps=profile.long_steps,
                device=device,
                progress=progress,
                desc=f"{ov} long",
            )
            for ov in OVS
        }
    stats = {ov: [weight_stats(task, m) for m, _ in rs] for ov, rs in runs.items()}
    keys = ("eff_rank", "rho_train", "rho_test")
    mean_stat = {
        ov: {k: float(np.mean([s[k] for s in st])) for k in keys}
        for ov, st in stats.items()
    }
    return MainRuns(task, runs, long, stats, mean_stat)


# --------------------------------------------------------------------------------------
# reduced model
# --------------------------------------------------------------------------------------
def c_rows(d: ocr.ReducedData) -> np.ndarray:
    """Output rows of the c answers in the reduced model."""
    return d.G + np.arange(d.G)


def solution_stats(W: np.ndarray, d: ocr.ReducedData) -> dict:
    """Margin-normalized norms, held-out c-margins and mean held-out ρ of one
    solution."""
    gam = ocr.margins(W, d.X_train, d.y_train).min()
    tm = ocr.margins(W, d.X_test, d.y_test, c_rows(d))
    rho = ocr.transfer_ratio(
        W, np.arange(d.G), c_rows(d), d.test_subjects, d.test_subjects % d.G
    )
    return {
        "gamma": gam,
        "nuc_g": ocr.nuclear_norm(W) / gam,
        "fro_g": np.linalg.norm(W) / gam,
        "tm_min_g": tm.min() / gam,
        "tm_max_abs_g": np.abs(tm).max() / gam,
        "rho": rho.mean(),
    }


def fit_ok(runs_and_stats) -> bool:
    """Every GD run separates its training set, its logged loss never increases and ends
    below 0.05."""
    return all(
        st["gamma"] > 0 and np.all(np.diff(h["loss"]) <= 1e-12) and h["loss"][-1] < 0.05
        for h, st in runs_and_stats
    )


def reduced_study(m_test: int, profile: Profile, init_seeds) -> dict:
    """GD on W (from 0), GD on A B (one run per seed) and the two exact hard-margin
    references (minimum ‖W‖_F and minimum ‖W‖* with every training margin ≥ 1)
    for ``m_test`` held-out subjects per group."""
    steps = profile.reduced_steps
    d = ocr.reduced_data(20, 1, m_test)
    comb = ocr.gd_reduced(d, "combined", lr=2.0, steps=steps)
    fact = [
        ocr.gd_reduced(d, "factorized", lr=2.0, steps=steps, seed=s) for s in init_seeds
    ]
    nuc, fro = ocr.hard_margin_nuc(d), ocr.hard_margin_fro(d)
    cos = ocr.cosine
    res = {"data": d, "gd": {"combined": comb, "factorized": fact[0]}}
    res.update(gd_fact=fact, refs={"nuclear": nuc, "fro": fro})
    res["cos_comb"] = {"nuclear": cos(comb["W"], nuc), "fro": cos(comb["W"], fro)}
    res["cos_fact"] = {
        "nuclear": [cos(g["W"], nuc) for g in fact],
        "fro": [cos(g["W"], fro) for g in fact],
    }
    res["cos_refs"] = cos(nuc, fro)
    res["combined"] = solution_stats(comb["W"], d)
    res["fact_all"] = [solution_stats(g["W"], d) for g in fact]
    res["factorized"] = {
        k: float(np.mean([x[k] for x in res["fact_all"]])) for k in res["combined"]
    }
    res["nuclear"], res["fro"] = solution_stats(nuc, d), solution_stats(fro, d)
    return res


@dataclass(frozen=True)
class Reduced:
    """Reduced-model results: ``studies[m]`` (see :func:`reduced_study`), ``fit[i]``
    whether every GD run of the i-th m fitted, ``m_show`` the m the prose quotes,
    ``init_seeds``; ``sdp_check`` (relative gap, cosine) of the symmetry-reduced
    against the full nuclear-norm SDP at m_test = 1."""

    studies: dict
    fit: tuple[bool, ...]
    m_show: int
    init_seeds: tuple[int, ...]
    sdp_check: tuple = (float("nan"), float("nan"))

    @property
    def shown(self) -> dict:
        return self.studies[self.m_show]


def run_reduced(profile: Profile, seeds: Seeds, progress: Progress = _quiet) -> Reduced:
    """The reduced study for every ``profile.reduced_m_test``."""
    init_seeds = tuple(seeds.runs[: profile.reduced_seeds])
    studies = {
        m: reduced_study(m, profile, init_seeds)
        for m in progress(profile.reduced_m_test, desc="reduced model")
    }
    fit = tuple(
        fit_ok(
            [(r["gd"]["combined"], r["combined"])]
            + list(zip(r["gd_fact"], r["fact_all"]))
        )
        for r in studies.values()
    )
    m_show = 3 if 3 in studies else profile.reduced_m_test[0]
    d1 = ocr.reduced_data(20, 1, 1)
    W_sym, W_full = ocr.hard_margin_nuc(d1), ocr.hard_margin_nuc(d1, symmetric=False)
    n_full = ocr.nuclear_norm(W_full)
    gap = abs(ocr.nuclear_norm(W_sym) - n_full) / n_full
    check = (float(gap), float(ocr.cosine(W_sym, W_full)))
    return Reduced(studies, fit, m_show, init_seeds, check)


# --------------------------------------------------------------------------------------
# sample efficiency
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SampleEfficiency:
    """``spg_acc[ov][spg]`` held-out accuracy among the c's per seed; reduced
    model: ``rho_m`` the held-out counts k, ``rho_fact`` [m, init, (ρ, min
    margin/γ)], ``rho_comb_margin`` [m] (GD on W), ``rho_fit`` [m], ``rho_gd``
    [m, (ρ, margin)] (mean over inits); toy: ``inv_sqrt_k``, ``toy_argmin`` (grid
    argmin of ‖M(t)‖*) and ``toy_argmin_err`` (max |argmin − 1/√k|)."""

    spg_acc: dict
    rho_m: tuple[int, ...]
    rho_fact: np.ndarray
    rho_comb_margin: tuple
    rho_fit: tuple[bool, ...]
    rho_gd: np.ndarray
    inv_sqrt_k: np.ndarray
    toy_argmin: tuple
    toy_argmin_err: float


def run_sample_efficiency(
    profile: Profile,
    seeds: Seeds,
    main: MainRuns,
    reduced: Reduced,
    device="cpu",
    progress: Progress = _quiet,
) -> SampleEfficiency:
    """Full model at ``profile.spg_list`` subjects per group (one trained), reduced
    model at ``profile.rho_m`` held-out subjects, and the toy optimum."""
    spg_acc = {ov: {} for ov in OVS}
    for spg in profile.spg_list:
        t_spg = OCRTask(subjects_per_group=spg)
        for ov in OVS:
            if spg == main.task.subjects_per_group:
                spg_acc[ov][spg] = main.final(ov, "test_impl_acc_c")[
                    : profile.spg_seeds
                ]
                continue
            spg_acc[ov][spg] = np.array(
                [
                    train(
                        t_spg,
                        ov,
                        s,
                        profile,
                        device=device,
                        progress=progress,
                        desc=f"{ov} spg {spg}",
                    )[1]["test_impl_acc_c"][-1]
                    for s in seeds.runs[: profile.spg_seeds]
                ]
            )
    rho_m = sorted(set(profile.rho_m))
    steps, init_seeds = profile.reduced_steps, reduced.init_seeds
    rho_fact, rho_comb_margin, rho_fit = [], [], []
    for m in progress(rho_m, desc="reduced ρ"):
        d = ocr.reduced_data(20, 1, m)
        if m in reduced.studies:  # already run
            r = reduced.studies[m]
            runs_m = list(zip(r["gd_fact"], r["fact_all"]))
            comb_m = (r["gd"]["combined"], r["combined"])
        else:
            gds = [
                ocr.gd_reduced(
                    d, "factorized", lr=2.0, steps=steps, seed=s, log_every=steps
                )
                for s in init_seeds
            ]
            runs_m = [(g, solution_stats(g["W"], d)) for g in gds]
            g = ocr.gd_reduced(d, "combined", lr=2.0, steps=steps, log_every=steps)
            comb_m = (g, solution_stats(g["W"], d))
        rho_fact.append([(st["rho"], st["tm_min_g"]) for _, st in runs_m])
        rho_comb_margin.append(comb_m[1]["tm_min_g"])
        rho_fit.append(fit_ok(runs_m + [comb_m]))
    rho_fact = np.array(rho_fact)
    inv_sqrt_k = 1 / np.sqrt(rho_m)
    grid = np.linspace(-0.5, 1.5, 20001)
    toy_argmin = [grid[np.argmin(ocr.toy_nuclear_norm(grid, k))] for k in rho_m]
    toy_err = float(np.max(np.abs(np.array(toy_argmin) - inv_sqrt_k)))
    return SampleEfficiency(
        spg_acc=spg_acc,
        rho_m=tuple(rho_m),
        rho_fact=rho_fact,
        rho_comb_margin=tuple(rho_comb_margin),
        rho_fit=tuple(rho_fit),
        rho_gd=rho_fact.mean(axis=1),
        inv_sqrt_k=inv_sqrt_k,
        toy_argmin=tuple(toy_argmin),
        toy_argmin_err=toy_err,
    )


# --------------------------------------------------------------------------------------
# rank sweep and ablations
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RankSweep:
    """``runs[r]``: histories per seed of the factorized model with inner rank r;
    ``steps`` the fixed (or minimum) step count, ``max_steps`` the cap when runs
    train until stable (0: fixed steps). ``trained[r]`` steps run per seed,
    ``move[r]`` :func:`last_quarter_move` per seed."""

    runs: dict
    steps: int
    max_steps: int = 0

    @property
    def trained(self) -> dict:
        return {r: [int(h["step"][-1]) for h in hs] for r, hs in self.runs.items()}

    @property
    def move(self) -> dict:
        return {r: [last_quarter_move(h) for h in hs] for r, hs in self.runs.items()}

    def converged(self, r) -> list:
        """Per seed: held-out accuracy moved by less than ``RANK_TOL`` over the
        last quarter of training."""
        return [m < RANK_TOL for m in self.move[r]]


def run_rank(
    profile: Profile, seeds: Seeds, device="cpu", progress: Progress = _quiet
) -> RankSweep:
    """Factorized model with inner rank r and Gaussian init, as in the authors'
    sweep: ``rank_steps`` steps, or (``rank_max_steps`` > 0) at least
    ``rank_steps`` and on until the held-out accuracy is stable (see
    :class:`RankSweep`)."""
    task = OCRTask()
    cap = profile.rank_max_steps
    stop = _stable_after(profile.rank_steps) if cap else None
    runs = {
        r: [
            train(
                task,
                "factorized",
                s,
                profile,
                steps=cap or profile.rank_steps,
                stop=stop,
                rank=r,
                init="gaussian",
                device=device,
                progress=progress,
                desc=f"rank {r}",
            )[1]
            for s in seeds.runs[: profile.rank_seeds]
        ]
        for r in profile.rank_list
    }
    return RankSweep(runs, profile.rank_steps, cap)


#: The ablations other than random pairing: name -> [(ov, training keywords)].
ABLATION_SPECS = {
    "wd0": (("factorized", {"weight_decay": 0.0}),),
    "softmax": (
        ("factorized", {"attention": "softmax"}),
        ("combined", {"attention": "softmax"}),
    ),
    "gaussian_combined": (("combined", {"init": "gaussian"}),),
}
ABLATION_LABELS = {
    "wd0": "no weight decay",
    "softmax": "softmax",
    "gaussian_combined": "Gaussian init",
}


@dataclass(frozen=True)
class Ablations:
    """``perm[ov]``: history of the random-pairing run (first seed); ``runs[(name,
    ov)]``: histories per seed of each ablation in the profile."""

    perm: dict
    runs: dict


def run_ablations(
    profile: Profile, seeds: Seeds, device="cpu", progress: Progress = _quiet
) -> Ablations:
    """Random b↔c pairing (always) and the profile's other ablations."""
    perm_task = OCRTask(pairing="random", pairing_seed=seeds.pairing)
    perm = {
        ov: train(
            perm_task,
            ov,
            seeds.runs[0],
            profile,
            device=device,
            progress=progress,
            desc=f"{ov} random pairing",
        )[1]
        for ov in OVS
    }
    task, runs = OCRTask(), {}
    for name in profile.ablations:
        if name == "random_pairing":
            continue
        for ov, kw in ABLATION_SPECS[name]:
            runs[(name, ov)] = [
                train(
                    task,
                    ov,
                    s,
                    profile,
                    steps=profile.ablation_steps,
                    device=device,
                    progress=progress,
                    desc=f"{ov} {name}",
                    **kw,
                )[1]
                for s in seeds.runs[: profile.ablation_seeds]
            ]
    return Ablations(perm, runs)


# --------------------------------------------------------------------------------------
# tables, measured values, key numbers
# --------------------------------------------------------------------------------------
def reduced_table(reduced: Reduced) -> str:
    """Markdown table of the reduced solutions: GD iterates and the two exact
    hard-margin references."""
    head = (
        "| m_test | solution | ‖W‖*/γ | ‖W‖_F/γ | min test margin/γ | mean ρ "
        "(test) | cos to min-‖W‖* ref. | cos to min-‖W‖_F ref. |"
    )
    rows = [head, "|---|---|---|---|---|---|---|---|"]
    labels = {
        "factorized": f"GD on AB (mean of {len(reduced.init_seeds)} inits)",
        "combined": "GD on W",
        "nuclear": "min-‖W‖* s.t. margins ≥ 1 (exact)",
        "fro": "min-‖W‖_F s.t. margins ≥ 1 (exact)",
    }
    for m, r in reduced.studies.items():
        cf, cc, cr = r["cos_fact"], r["cos_comb"], r["cos_refs"]
        cos = {
            "factorized": f"{np.mean(cf['nuclear']):.4f} | {np.mean(cf['fro']):.4f}",
            "combined": f"{cc['nuclear']:.4f} | {cc['fro']:.4f}",
            "nuclear": f"1 | {cr:.4f}",
            "fro": f"{cr:.4f} | 1",
        }
        for name, label in labels.items():
            s = r[name]
            rows.append(
                f"| {m} | {label} | {s['nuc_g']:.2f} | {s['fro_g']:.3f} | "
                f"{s['tm_min_g']:.3g} | {s['rho']:.3f} | {cos[name]} |"
            )
    return "\n".join(rows)


def llm_table(main: MainRuns, abl: Ablations) -> str:
    """Markdown table: the paper's five LLMs (numbers not transcribed) and the
    symbolic analogue's mean rank of the right c (identity pairing = causal, random =
    non-causal)."""
    rows = [
        "| model | causal: mean rank (reported) | non-causal: mean rank (reported) |",
        "|---|---|---|",
    ]
    for name in ("Gemma-2-9B", "OLMo-7B", "Qwen2-7B", "Mistral-7B-v0.3", "Llama-3-8B"):
        rows.append(f"| {name} | not transcribed | not transcribed |")
    for ov in OVS:
        ident = main.runs[ov][0][1]["test_impl_rank_c"][-1]
        rand = abl.perm[ov]["test_impl_rank_c"][-1]
        rows.append(
            f"| *this book: one-layer attention, {ov}* (measured) "
            f"| {ident:.2f} | {rand:.2f} |"
        )
    return "\n".join(rows)


@dataclass(frozen=True)
class Results:
    """Everything one run of the chapter produced: the profile it ran under and
    the results of its five experiments (main runs, reduced model, sample
    efficiency, rank sweep, ablations)."""

    profile: Profile
    main: MainRuns
    reduced: Reduced
    sample: SampleEfficiency
    rank: RankSweep
    abl: Ablations


def _per_seed(hists, key, at=-1) -> tuple:
    return tuple(float(h[key][at]) for h in hists)


# Deliberate repeat: one named Measured field a line (different quantities); a loop over
# names would hide which value feeds which field.
def measured(res: Results) -> Measured:
    """The values :func:`shared.attention.ocr_claims.claims` grades."""
    profile, main, reduced, sample = res.profile, res.main, res.reduced, res.sample
    rank, abl = res.rank, res.abl
    f = main.final
    st = main.stats
    studies = reduced.studies.values()
    spg = max(profile.spg_list)
    wd0 = abl.runs.get(("wd0", "factorized"), [])

    def acc_c_delta(ov):
        base = main.runs[ov][0][1]["test_impl_acc_c"][-1]
        return abs(abl.perm[ov]["test_impl_acc_c"][-1] - base)

    def stat(ov, k):
        return tuple(float(s[k]) for s in st[ov])

    def red(key, fact=False):
        if fact:
            return tuple(tuple(float(x[key]) for x in r["fact_all"]) for r in studies)
        return tuple(float(r["combined"][key]) for r in studies)

    return Measured(
        steps=profile.steps,
        n_eval=profile.n_eval,
        fact_test_impl_acc=tuple(f("factorized", "test_impl_acc")),
        fact_test_impl_acc_c=tuple(f("factorized", "test_impl_acc_c")),
        fact_test_impl_ce=tuple(f("factorized", "test_impl_ce")),
        fact_untrained_test_impl_acc=tuple(f("factorized", "test_impl_acc", at=0)),
        fact_untrained_test_impl_acc_c=tuple(f("factorized", "test_impl_acc_c", at=0)),
        fact_untrained_test_impl_ce=tuple(f("factorized", "test_impl_ce", at=0)),
        comb_train_fact_acc=tuple(f("combined", "train_fact_acc")),
        comb_train_impl_acc=tuple(f("combined", "train_impl_acc")),
        comb_test_fact_acc=tuple(f("combined", "test_fact_acc")),
        comb_test_impl_acc_c=tuple(f("combined", "test_impl_acc_c")),
        comb_test_impl_ce=tuple(f("combined", "test_impl_ce")),
        comb_untrained_train_fact_acc=tuple(f("combined", "train_fact_acc", at=0)),
        comb_untrained_train_impl_acc=tuple(f("combined", "train_impl_acc", at=0)),
        comb_untrained_test_fact_acc=tuple(f("combined", "test_fact_acc", at=0)),
        comb_untrained_test_impl_ce=tuple(f("combined", "test_impl_ce", at=0)),
        fact_rho_test=stat("factorized", "rho_test"),
        comb_rho_test=stat("combined", "rho_test"),
        fact_rho_train=stat("factorized", "rho_train"),
        comb_rho_train=stat("combined", "rho_train"),
        fact_eff_rank=stat("factorized", "eff_rank"),
        comb_eff_rank=stat("combined", "eff_rank"),
        red_m=tuple(reduced.studies),
        red_steps=profile.reduced_steps,
        red_comb_cos_fro=tuple(r["cos_comb"]["fro"] for r in studies),
        red_comb_cos_nuc=tuple(r["cos_comb"]["nuclear"] for r in studies),
        red_ref_cos=tuple(float(r["cos_refs"]) for r in studies),
        red_nuc_ref_margin=tuple(float(r["nuclear"]["tm_min_g"]) for r in studies),
        red_fro_ref_margin=tuple(float(r["fro"]["tm_min_g"]) for r in studies),
        red_ref_gamma_err=float(
            max(abs(r[k]["gamma"] - 1) for r in studies for k in ("nuclear", "fro"))
        ),
        red_sdp_rel_err=reduced.sdp_check[0],
        red_sdp_cos=reduced.sdp_check[1],
        red_fact_cos_fro=tuple(tuple(r["cos_fact"]["fro"]) for r in studies),
        red_fact_cos_nuc=tuple(tuple(r["cos_fact"]["nuclear"]) for r in studies),
        red_fact_margin=red("tm_min_g", fact=True),
        red_comb_margin=red("tm_min_g"),
        red_comb_tie=red("tm_max_abs_g"),
        red_fact_nuc_g=red("nuc_g", fact=True),
        red_comb_nuc_g=red("nuc_g"),
        red_fact_fro_g=red("fro_g", fact=True),
        red_comb_fro_g=red("fro_g"),
        red_fit_ok=bool(all(reduced.fit) and all(sample.rho_fit)),
        spg=spg,
        spg_fact_acc_c=tuple(sample.spg_acc["factorized"][spg]),
        spg_comb_acc_c=tuple(sample.spg_acc["combined"][spg]),
        rho_m=sample.rho_m,
        rho_fact_margin=tuple(tuple(row) for row in sample.rho_fact[:, :, 1]),
        rho_comb_margin=sample.rho_comb_margin,
        rho_fact_mean=tuple(sample.rho_gd[:, 0]),
        toy_argmin_err=sample.toy_argmin_err,
        ranks=tuple(profile.rank_list),
        rank_steps=profile.rank_steps,
        repo_rank_steps=REPO_RANK_STEPS,
        rank_train_impl_acc=tuple(
            _per_seed(hs, "train_impl_acc") for hs in rank.runs.values()
        ),
        rank_test_impl_acc=tuple(
            _per_seed(hs, "test_impl_acc") for hs in rank.runs.values()
        ),
        rank_untrained_train_impl_acc=tuple(
            _per_seed(hs, "train_impl_acc", 0) for hs in rank.runs.values()
        ),
        rank_untrained_test_impl_acc=tuple(
            _per_seed(hs, "test_impl_acc", 0) for hs in rank.runs.values()
        ),
        rank_trained=tuple(tuple(v) for v in rank.trained.values()),
        rank_move=tuple(tuple(v) for v in rank.move.values()),
        rank_max_steps=rank.max_steps,
        wd0_acc_c=_per_seed(wd0, "test_impl_acc_c"),
        wd0_untrained_acc_c=_per_seed(wd0, "test_impl_acc_c", 0),
        pair_delta_fact=acc_c_delta("factorized"),
        pair_delta_comb=acc_c_delta("combined"),
    )


def key_numbers(res: Results) -> dict:
    """The chapter's checked numbers (the ``NBVAL_CHECK_OUTPUT`` cell)."""
    profile, main, reduced, sample = res.profile, res.main, res.reduced, res.sample
    rank, abl = res.rank, res.abl
    f, ms = main.final, main.mean_stat
    R, m = reduced.shown, reduced.m_show
    spg, r_min = max(profile.spg_list), min(profile.rank_list)
    red = f"reduced m_test={m}:"
    return {
        "factorized test-impl accuracy (min over seeds)": f(
            "factorized", "test_impl_acc"
        ).min(),
        "factorized test-impl CE (max over seeds)": f(
            "factorized", "test_impl_ce"
        ).max(),
        "combined test-impl accuracy among c's (max)": f(
            "combined", "test_impl_acc_c"
        ).max(),
        "combined test-impl CE (mean)": f("combined", "test_impl_ce").mean(),
        "factorized mean rho, held-out subjects": ms["factorized"]["rho_test"],
        "combined mean rho, held-out subjects (3 decimals)": round(
            ms["combined"]["rho_test"], 3
        ),
        "factorized effective rank": ms["factorized"]["eff_rank"],
        "combined effective rank": ms["combined"]["eff_rank"],
        f"{red} cos(GD on W, min-Frobenius ref.)": R["cos_comb"]["fro"],
        f"{red} cos(GD on AB, min-nuclear ref.), min over inits": min(
            R["cos_fact"]["nuclear"]
        ),
        f"{red} min test margin/gamma, GD on AB, min over inits": min(
            x["tm_min_g"] for x in R["fact_all"]
        ),
        f"spg={spg}: factorized accuracy among c's": sample.spg_acc["factorized"][
            spg
        ].min(),
        f"rank {r_min}: test-impl accuracy": np.mean(
            [h["test_impl_acc"][-1] for h in rank.runs[r_min]]
        ),
        "random pairing: factorized accuracy among c's": abl.perm["factorized"][
            "test_impl_acc_c"
        ][-1],
    }


def prose_numbers(res: Results, m: Measured) -> dict:
    """Every number the chapter's prose quotes, by glue name (``m``: the
    :func:`measured` values of the same ``res``)."""
    profile, main, reduced, sample = res.profile, res.main, res.reduced, res.sample
    rank = res.rank
    f, R = main.final, reduced.shown
    out = {
        "steps": profile.steps,
        "n_eval": profile.n_eval,
        "n_seeds": profile.n_seeds,
        "fact_acc": f("factorized", "test_impl_acc").min(),
        "fact_ce": f("factorized", "test_impl_ce").max(),
        "comb_acc_c": f("combined", "test_impl_acc_c").max(),
        "comb_ce": f("combined", "test_impl_ce").mean(),
        "comb_train_impl": f("combined", "train_impl_acc").min(),
        "comb_test_fact": f("combined", "test_fact_acc").min(),
        "red_seeds": len(reduced.init_seeds),
        "m_show": reduced.m_show,
        "red_steps": profile.reduced_steps,
        "cos_comb_fro": R["cos_comb"]["fro"],
        "cos_fact_nuc": min(R["cos_fact"]["nuclear"]),
        "cos_fact_nuc_max": max(R["cos_fact"]["nuclear"]),
        "cos_fact_fro": max(R["cos_fact"]["fro"]),
        "cos_refs": R["cos_refs"],
        "nuc_ref_margin": R["nuclear"]["tm_min_g"],
        "fact_margin_min": min(x["tm_min_g"] for x in R["fact_all"]),
        "fact_margin_max": max(x["tm_min_g"] for x in R["fact_all"]),
        "inv_sqrt_m_show": 1 / math.sqrt(reduced.m_show),
        "rank_trained": ", ".join(
            f"r = {r}: {max(v)}" for r, v in rank.trained.items()
        ),
        "rank_moves": ", ".join(f"r = {r}: {max(v):.3f}" for r, v in rank.move.items()),
        "comb_tie": max(R["combined"]["tm_max_abs_g"], 1e-300),
        "spg_list": ", ".join(str(s) for s in profile.spg_list),
        "rho_k_first": sample.rho_gd[0, 0],
        "rho_k_last": sample.rho_gd[-1, 0],
        "k_first": sample.rho_m[0],
        "k_last": sample.rho_m[-1],
        "inv_sqrt_k_last": sample.inv_sqrt_k[-1],
        "rho_vs_sqrt_max": float(
            np.max(np.abs(sample.rho_gd[:, 0] - sample.inv_sqrt_k))
        ),
        "rank_list": "{" + ", ".join(str(r) for r in profile.rank_list) + "}",
        "rank_steps": profile.rank_steps,
        "repo_rank_steps": f"{REPO_RANK_STEPS:,}".replace(",", " "),
        "rank_ratio": REPO_RANK_STEPS / profile.rank_steps,
        "r_small": min(profile.rank_list),
        "r_small_acc": float(np.mean(m.rank_test_impl_acc[0])),
        "r_small_train": float(np.min(m.rank_train_impl_acc[0])),
        "d_fact": m.pair_delta_fact,
        "d_comb": m.pair_delta_comb,
        "cos_comb_nuc": R["cos_comb"]["nuclear"],
        "wd0_acc": float(np.min(m.wd0_acc_c)),
    }
    for ov, v in main.mean_stat.items():
        out.update({f"{ov}_{k}": x for k, x in v.items()})
    return out
