"""Experiments of the attn-automaton chapter (arXiv:2403.08081): profiles, runners and
the values the chapter grades.

:class:`Profile` holds the run settings (the official code's sizes, step sizes and
iteration counts; the quick profile shortens runs and trial counts). :func:`run` trains
every experiment for every seed and returns :class:`Results`; :func:`measured` turns
them into the :class:`~shared.attention.automaton_claims.Measured` record that
:func:`~shared.attention.automaton_claims.claims` grades, :func:`prose_numbers` gives
the numbers quoted in the chapter's text and :func:`key_numbers` the checked key
numbers.

The building blocks: :func:`run_global` (normalized GD on ``W`` and, in lock-step, on
the finite component ``W_fin``, with the curves of :class:`GlobalRun`),
:func:`run_local` (the tied head, compared with the global and the local Graph-SVM,
:class:`LocalRun`) and :func:`regularization_path`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from dataclasses import replace

import numpy as np
import torch

from shared.repro import progress
from shared.repro.validate import choice
from shared.repro.validate import positive_int

from .automaton_claims import Measured
from .automaton_claims import RunSettings
from .automaton_graphs import NTPData
from .automaton_graphs import edges_from_data
from .automaton_graphs import ntp_dataset
from .automaton_graphs import reduced_mask
from .automaton_graphs import scc_labels
from .automaton_graphs import token_priority_graphs
from .automaton_metrics import attention_np
from .automaton_metrics import automaton_attention
from .automaton_metrics import fit_R
from .automaton_metrics import scc_mass
from .automaton_svm import cyclic_subspace
from .automaton_svm import graph_svm
from .automaton_svm import project
from .automaton_train import default_init
from .automaton_train import loss_grad
from .automaton_train import loss_value
from .automaton_train import make_batch
from .automaton_train import normalized_gd
from .automaton_train import second_differences
from .linalg import cosine


@dataclass(frozen=True)
class Profile(RunSettings):
    """Run settings of the chapter: those of
    :class:`~shared.attention.automaton_claims.RunSettings` (sizes, trials, steps, step
    sizes, seeds), and ``it_mid``, ``it_late``: the iterations at which the paper's
    plots were read (must be recorded steps)."""

    it_mid: int = 500
    it_late: int = 2000


# Deliberate repeat: the same one-setting-a-line layout as every chapter's QUICK
# profile; FULL below names only what differs.
QUICK = Profile(
    acyclic=(4, 6, 8, 8),
    cyclic=(6, 4, 6, 8),
    big_cyclic=(10, 6, 8, 8),
    acyclic_lr=(6, 4, 6, 8),
    local=(4, 6, 8, 8),
    lr=0.01,
    lr_big=0.1,
    iters_big_lr=2000,
    local_iters=2000,
    local_lr=0.1,
    local_losses=("ce", "sq"),
    filter_threshold=0.95,
    reg_radii=(1.0, 4.0, 16.0, 64.0),
    n_seeds=3,
    n_trials=10,
    iters=4000,
    record_every=20,
    big_trials=10,
    local_trials=32,
    reg_trials=3,
    reg_iters=400,
    convexity_pairs=200,
)
# Deliberate repeat: one changed setting a line, as every chapter's FULL profile.
FULL = replace(
    QUICK,
    n_trials=100,
    iters=20000,
    record_every=50,
    big_trials=50,
    local_trials=100,
    reg_trials=10,
    reg_iters=2000,
    convexity_pairs=1000,
)
#: Run settings by profile name.
PROFILES = {"quick": QUICK, "full": FULL}


# ------------------------------------------------------------------------------------
# building blocks


@dataclass
class GlobalRun:
    """Curves of one global experiment, trials x recorded steps ([B, R] unless noted).

    ``corr`` = cos(W, W_svm); ``corr_fin`` = cos(W, R W_svm + W_fin) with ``R`` the
    fitted scale (:func:`fit_R`, also stored); ``proj_corr`` = cos(W - Π_S W, W_svm);
    ``norm_diff`` = ‖Π_S W - W_fin‖_F; ``mass`` (largest-SCC mass), ``mass_label``
    (label-SCC mass), ``rest`` / ``rest_label`` (the mass outside those SCCs, summed
    directly: ``1 - mass`` without cancellation); ``norm_W`` = ‖W‖_F; ``soft_diff`` [B]
    = max |renormalized trained attention - softmax(W_fin)| over label-SCC positions at
    the end (NaN without cycles); ``argmax_ok`` [B] (argmax attention is a label-SCC
    token in every window); ``label_argmax`` [B, R] = fraction of windows whose argmax
    attention is a label-SCC token; ``norm_PW`` [B, R] = ‖Π_S W‖_F (the part of ``W`` in
    the cyclic subspace; 0 without cycles); ``automaton_tv`` [B] = max over windows of
    the total-variation distance between the trained attention and the automaton's.
    Nulls (the same metrics with ``W_fin`` replaced by 0, i.e. a uniform split inside
    the retrieved SCC): ``soft_diff_uniform`` [B] and ``automaton_tv_uniform`` [B]."""

    steps: np.ndarray
    corr: np.ndarray
    corr_fin: np.ndarray
    R: np.ndarray
    proj_corr: np.ndarray
    norm_diff: np.ndarray
    mass: np.ndarray
    mass_label: np.ndarray
    rest: np.ndarray
    rest_label: np.ndarray
    norm_W: np.ndarray
    soft_diff: np.ndarray
    argmax_ok: np.ndarray
    automaton_tv: np.ndarray
    label_argmax: np.ndarray
    norm_PW: np.ndarray
    soft_diff_uniform: np.ndarray
    automaton_tv_uniform: np.ndarray
    datasets: list = field(repr=False)
    svms: list = field(repr=False)
    W: np.ndarray = field(repr=False)
    W_fin: np.ndarray = field(repr=False)
    loss_final: np.ndarray = field(repr=False)


def draw_trials(
    setting: tuple[int, int, int, int],
    kind: str,
    n_trials: int,
    rng: np.random.Generator,
) -> list[NTPData]:
    """``n_trials`` independent data sets for ``setting = (n, T, K, d)``."""
    if len(setting) != 4:
        raise ValueError(f"setting must be (n, T, K, d), got {setting!r}")
    return [
        ntp_dataset(*setting, kind=kind, rng=rng)
        for _ in range(positive_int("n_trials", n_trials))
    ]


def run_global(
    datasets: list[NTPData],
    lr: float,
    iters: int,
    record_every: int,
    seed: int = 0,
    loss: str = "log",
    stable: bool = True,
    device="cpu",
    svm_method: str = "dual",
) -> GlobalRun:
    """Train ``W`` (from the default init) and, in lock-step, ``W_fin`` (from 0, on the
    reduced data set) by normalized GD on every trial; solve each trial's Graph-SVM and
    cyclic subspace; return the curves of :class:`GlobalRun`."""
    svms, bases, masks = [], [], []
    for ds in datasets:
        edges = edges_from_data(ds.X, ds.y)
        svms.append(graph_svm(ds.E, edges, ds.scc, method=svm_method))
        bases.append(cyclic_subspace(ds.E, edges, ds.scc))
        masks.append(reduced_mask(ds.X, ds.y, ds.scc))
    batch = make_batch(datasets, device=device)
    rbatch = make_batch(datasets, masks, device=device)
    B, d = len(datasets), datasets[0].d
    W0 = default_init(B, d, seed, device)
    Wt, steps, hist = normalized_gd(W0, batch, loss, lr, iters, record_every, stable)
    if any(m.any() for m in masks):
        _, _, hist_fin = normalized_gd(
            torch.zeros_like(W0), rbatch, loss, lr, iters, record_every, stable
        )
    else:  # acyclic: the reduced data set is empty and W_fin stays 0
        hist_fin = np.zeros_like(hist)
    loss_final = loss_value(Wt, batch, loss, stable).detach().cpu().numpy()
    return _global_metrics(
        datasets, svms, bases, masks, steps, hist, hist_fin, loss_final
    )


def _global_metrics(
    datasets, svms, bases, masks, steps, hist, hist_fin, loss_final
) -> GlobalRun:
    B, R = hist.shape[:2]
    out = {
        k: np.full((B, R), np.nan)
        for k in (
            "corr",
            "corr_fin",
            "R",
            "proj_corr",
            "norm_diff",
            "mass",
            "mass_label",
            "rest",
            "rest_label",
            "norm_W",
            "label_argmax",
            "norm_PW",
        )
    }
    soft_diff, argmax_ok, tv = (
        np.full(B, np.nan),
        np.zeros(B, dtype=bool),
        np.full(B, np.nan),
    )
    soft_u, tv_u = np.full(B, np.nan), np.full(B, np.nan)
    for b, (ds, svm, basis, mask) in enumerate(zip(datasets, svms, bases, masks)):
        W, Wf, Ws = hist[b], hist_fin[b], svm.W
        out["corr"][b] = cosine(W, Ws)
        R_ = out["R"][b] = fit_R(W, Wf, Ws)
        out["corr_fin"][b] = cosine(W, R_[:, None, None] * Ws + Wf)
        PW = project(W, basis)
        out["proj_corr"][b] = cosine(W - PW, Ws)
        out["norm_diff"][b] = np.linalg.norm(PW - Wf, axis=(-2, -1))
        out["norm_PW"][b] = np.linalg.norm(PW, axis=(-2, -1))
        s = attention_np(W, ds.E, ds.X)
        out["mass"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "largest")
        out["mass_label"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "label")
        out["rest"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "largest", complement=True)
        out["rest_label"][b] = scc_mass(s, ds.X, ds.y, ds.scc, "label", complement=True)
        out["norm_W"][b] = np.linalg.norm(W, axis=(-2, -1))
        s_end = s[-1]
        k = ds.X[:, -1]
        in_lab = ds.scc[k[:, None], ds.X] == ds.scc[k, ds.y][:, None]
        out["label_argmax"][b] = in_lab[np.arange(len(k)), s.argmax(-1)].mean(-1)
        argmax_ok[b] = bool(np.all(in_lab[np.arange(len(k)), s_end.argmax(-1)]))
        if mask.any():
            rows = mask.any(-1)
            renorm = np.where(mask, s_end, 0.0)
            renorm = renorm / renorm.sum(-1, keepdims=True).clip(1e-300)
            soft = attention_np(Wf[-1], ds.E, ds.X, mask)
            soft_diff[b] = float(np.abs(renorm - np.nan_to_num(soft))[rows].max())
            uniform = attention_np(np.zeros_like(Wf[-1]), ds.E, ds.X, mask)
            soft_u[b] = float(np.abs(renorm - np.nan_to_num(uniform))[rows].max())
        auto, _ = automaton_attention(ds.E, ds.X, ds.adj, ds.scc, Wf[-1])
        tv[b] = float(0.5 * np.abs(auto - s_end).sum(-1).max())
        auto0, _ = automaton_attention(
            ds.E, ds.X, ds.adj, ds.scc, np.zeros_like(Wf[-1])
        )
        tv_u[b] = float(0.5 * np.abs(auto0 - s_end).sum(-1).max())
    return GlobalRun(
        steps=steps,
        soft_diff=soft_diff,
        argmax_ok=argmax_ok,
        automaton_tv=tv,
        soft_diff_uniform=soft_u,
        automaton_tv_uniform=tv_u,
        datasets=datasets,
        svms=svms,
        W=hist[:, -1],
        W_fin=hist_fin[:, -1],
        loss_final=loss_final,
        **out,
    )


@dataclass
class LocalRun:
    """Curves of the local-convergence experiment (tied head), [B, R]: ``corr_global`` /
    ``corr_local`` = cos(W, W_svm) with the global / local Graph-SVM;
    ``norm_diff_global`` / ``norm_diff_local`` = ‖Π_S W - W_fin‖ with the global / local
    cyclic subspace and finite component. ``n_ambiguous`` [B] counts dropped ambiguous
    (window, token) pairs."""

    steps: np.ndarray
    corr_global: np.ndarray
    corr_local: np.ndarray
    norm_diff_global: np.ndarray
    norm_diff_local: np.ndarray
    n_ambiguous: np.ndarray
    n_selected: np.ndarray
    W: np.ndarray = field(repr=False)


def local_selection(
    s: np.ndarray, X: np.ndarray, select: float = 1e-2, ambiguous_low: float = 9e-3
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From final attention ``s`` [n, T] (distinct tokens, so mass by token = mass by
    position): selected positions (mass > ``select``), ambiguous ones (``ambiguous_low``
    < mass <= ``select``), and the local TPG edges [m, 3]: each selected token -> every
    other non-ambiguous token of its window, in the graph of the window's last token."""
    if not 0 <= ambiguous_low <= select:
        raise ValueError(
            f"need 0 <= ambiguous_low <= select, got {ambiguous_low}, {select}"
        )
    sel = s > select
    amb = (s > ambiguous_low) & ~sel
    rows = []
    for i in range(X.shape[0]):
        for t in np.flatnonzero(sel[i]):
            rows += [
                (int(X[i, t]), int(X[i, u]), int(X[i, -1]))
                for u in range(X.shape[1])
                if u != t and not amb[i, u]
            ]
    edges = (
        np.unique(np.array(rows, dtype=np.int64), axis=0)
        if rows
        else np.zeros((0, 3), dtype=np.int64)
    )
    return sel, amb, edges


def run_local(
    datasets: list[NTPData],
    loss: str,
    lr: float,
    iters: int,
    record_every: int,
    seed: int = 0,
    device="cpu",
) -> LocalRun:
    """Train ``W`` with the tied head (``loss`` "ce" or "sq"), then compare its
    direction with the global Graph-SVM (from the data's TPGs) and the local one (from
    the tokens GD ended up selecting); ``W_fin`` (global and local) is trained with the
    same loss and steps on the respective reduced data sets, from 0."""
    choice("loss", loss, ("ce", "sq"))
    batch = make_batch(datasets, device=device)
    B, d = len(datasets), datasets[0].d
    W0 = default_init(B, d, seed, device)
    _, steps, hist = normalized_gd(W0, batch, loss, lr, iters, record_every)
    g_masks, l_masks, g_svm, l_svm, g_basis, l_basis = [], [], [], [], [], []
    n_amb, n_sel = np.zeros(B, dtype=int), np.zeros(B, dtype=int)
    for b, ds in enumerate(datasets):
        edges = edges_from_data(ds.X, ds.y)
        g_svm.append(graph_svm(ds.E, edges, ds.scc).W)
        g_basis.append(cyclic_subspace(ds.E, edges, ds.scc))
        g_masks.append(reduced_mask(ds.X, ds.y, ds.scc))
        s = attention_np(hist[b, -1], ds.E, ds.X)
        sel, amb, ledges = local_selection(s, ds.X)
        n_amb[b], n_sel[b] = amb.sum(), sel.sum()
        lscc = scc_labels(token_priority_graphs(ledges, ds.K))
        l_svm.append(graph_svm(ds.E, ledges, lscc).W)
        l_basis.append(cyclic_subspace(ds.E, ledges, lscc))
        k = ds.X[:, -1]
        ids = lscc[k[:, None], ds.X]
        m = np.zeros_like(sel)
        for i in range(ds.X.shape[0]):
            top = set(ids[i, sel[i]])
            m[i] = np.isin(ids[i], list(top)) & ~amb[i]
            if m[i].sum() < 2 or not m[i][ds.X[i] == ds.y[i]].any():
                m[i] = False
        l_masks.append(m)
    curves = {}
    for tag, masks, svms, bases in (
        ("global", g_masks, g_svm, g_basis),
        ("local", l_masks, l_svm, l_basis),
    ):
        if any(m.any() for m in masks):
            rb = make_batch(datasets, masks, device=device)
            _, _, hf = normalized_gd(
                torch.zeros_like(W0), rb, loss, lr, iters, record_every
            )
        else:  # no cyclic structure: W_fin stays 0
            hf = np.zeros_like(hist)
        curves["corr_" + tag] = np.stack([cosine(hist[b], svms[b]) for b in range(B)])
        curves["norm_diff_" + tag] = np.stack(
            [
                np.linalg.norm(project(hist[b], bases[b]) - hf[b], axis=(-2, -1))
                for b in range(B)
            ]
        )
    return LocalRun(
        steps=steps, n_ambiguous=n_amb, n_selected=n_sel, W=hist[:, -1], **curves
    )


def repo_trial_filter(
    final_local_corr: np.ndarray, threshold: float = 0.95
) -> np.ndarray:
    """The official local notebook's filter: keep a trial only when its final
    correlation with the local Graph-SVM is at least ``threshold`` (NaN counts as
    failed). Returns a bool mask [B]."""
    c = np.asarray(final_local_corr, dtype=np.float64)
    if c.ndim != 1:
        raise ValueError(f"final_local_corr must be 1-D [B], got shape {c.shape}")
    return np.nan_to_num(c, nan=-np.inf) >= threshold


def regularization_path(
    ds: NTPData,
    radii: tuple[float, ...],
    iters: int = 2000,
    lr: float = 0.05,
    device="cpu",
) -> np.ndarray:
    """``cos(W_ρ, W_svm)`` [len(radii)] where ``W_ρ ≈ argmin_{‖W‖_F <= ρ} L`` (log
    loss), by projected normalized GD from 0 with a step decaying as ``lr·ρ/√(1+τ)``."""
    edges = edges_from_data(ds.X, ds.y)
    Ws = graph_svm(ds.E, edges, ds.scc).W
    batch = make_batch([ds], device=device)
    out = []
    for rho in radii:
        if not rho > 0:
            raise ValueError(f"radii must be positive, got {rho}")
        W = torch.zeros(1, ds.d, ds.d, dtype=torch.float64, device=batch.E.device)
        for it in range(positive_int("iters", iters)):
            G = loss_grad(W, batch, "log")
            W = (
                W
                - lr
                * rho
                / math.sqrt(1 + it)
                * G
                / torch.linalg.matrix_norm(G).clamp_min(1e-300)[:, None, None]
            )
            nrm = torch.linalg.matrix_norm(W)[:, None, None]
            W = torch.where(nrm > rho, W * rho / nrm, W)
        out.append(float(cosine(W[0].cpu().numpy(), Ws)))
    return np.array(out)


# ------------------------------------------------------------------------------------
# the chapter's experiments


def step_index(steps: np.ndarray, step: int) -> int:
    """Index of the recorded iteration ``step`` in ``steps`` (ValueError if absent)."""
    hit = np.flatnonzero(np.asarray(steps) == step)
    if not hit.size:
        raise ValueError(
            f"iteration {step} was not recorded; pick a multiple of record_every"
        )
    return int(hit[0])


@dataclass(frozen=True)
class LocalStats:
    """Per-trial values [B] of a tied-head run at one recorded step: correlation with
    the global (``g``) and local (``l``) Graph-SVM, norm differences ``nd_g`` /
    ``nd_l``, the official filter's mask ``keep`` (on the final local correlation) and
    ``multi`` (some window selected two or more tokens; in the other trials the local
    cyclic subspace is empty and the local norm difference is 0 by construction)."""

    g: np.ndarray
    l: np.ndarray  # noqa: E741 - the paper's "local"
    nd_g: np.ndarray
    nd_l: np.ndarray
    keep: np.ndarray
    multi: np.ndarray

    @property
    def informative(self) -> np.ndarray:
        """Multi-token trials whose local norm difference differs from the global one
        (where they are equal, the local structure is the global one)."""
        same = np.isclose(self.nd_l, self.nd_g, rtol=1e-9, atol=1e-12)
        return self.multi & ~same

    def nd_local_below_global(self, sel: np.ndarray) -> bool:
        """Mean local norm difference < mean global one over trials ``sel`` (False when
        ``sel`` is empty)."""
        return bool(sel.any() and self.nd_l[sel].mean() < self.nd_g[sel].mean())


def local_stats(
    run: LocalRun, step: int, threshold: float, n_windows: int
) -> LocalStats:
    """:class:`LocalStats` of ``run`` at recorded index ``step``."""
    keep = repo_trial_filter(run.corr_local[:, -1], threshold)
    return LocalStats(
        g=run.corr_global[:, step],
        l=run.corr_local[:, step],
        nd_g=run.norm_diff_global[:, step],
        nd_l=run.norm_diff_local[:, step],
        keep=keep,
        multi=run.n_selected > n_windows,
    )


def kept_mean(x: np.ndarray, keep: np.ndarray) -> float:
    """Mean of ``x`` over ``keep`` (NaN when nothing is kept)."""
    return float(x[keep].mean()) if keep.any() else float("nan")


@dataclass(frozen=True)
class Diagnostic:
    """The first seed's tied-head trial with the largest local norm difference, trained
    ``local_iters`` more steps: ``nd_l`` / ``nd_g`` its final norm differences;
    ``sel_end`` / ``sel_more`` [n, T] its selected tokens at the end and after the extra
    steps."""

    trial: int
    nd_l: float
    nd_g: float
    sel_end: np.ndarray
    sel_more: np.ndarray


@dataclass(frozen=True)
class SeedResult:
    """Every experiment of one seed: global runs ``acyclic`` (C2, C3), ``cyclic`` (C4,
    C5), ``big`` (C6), ``big_lr`` (C7); tied-head runs ``local`` by loss (C8), the
    trials ``local_data`` of the "ce" run; ``reg`` [reg_trials,
    len(reg_radii)] correlations of the regularization path (C9)."""

    acyclic: GlobalRun
    cyclic: GlobalRun
    big: GlobalRun
    big_lr: GlobalRun
    local: dict
    local_data: list
    reg: np.ndarray


@dataclass(frozen=True)
class Results:
    """All runs of the chapter: ``seeds`` (one :class:`SeedResult` per seed, the first
    is the one plotted), the convexity probes ``sd_log`` / ``sd_ce`` [pairs, trials]
    (M1, the first seed's acyclic trials) and the :class:`Diagnostic` of C8's worst
    trial."""

    profile: Profile
    seed: int
    seeds: tuple
    sd_log: np.ndarray
    sd_ce: np.ndarray
    diagnostic: Diagnostic

    @property
    def first(self) -> SeedResult:
        return self.seeds[0]

    def runs(self, name: str) -> list:
        """The runs called ``name`` (a :class:`SeedResult` field), one per seed."""
        return [getattr(s, name) for s in self.seeds]

    def local_stats(
        self, step: int | None = None, loss: str = "ce"
    ) -> list[LocalStats]:
        """:class:`LocalStats` of the tied-head runs with ``loss`` per seed at recorded
        index ``step`` (default: the end of training)."""
        p = self.profile
        out = []
        for s in self.seeds:
            r = s.local[loss]
            i = step_index(r.steps, p.local_iters) if step is None else step
            out.append(local_stats(r, i, p.filter_threshold, p.local[0]))
        return out


def seed_streams(
    seed: int, n_seeds: int
) -> list[tuple[np.random.Generator, list[int]]]:
    """One independent stream per chapter seed, from ``SeedSequence(seed).spawn``: its
    data generator and five torch-initialization seeds (acyclic, cyclic, big, lr,
    local)."""
    seqs = np.random.SeedSequence(seed).spawn(positive_int("n_seeds", n_seeds))
    return [
        (np.random.default_rng(ss), [int(x) for x in ss.generate_state(5)])
        for ss in seqs
    ]


def run_seed(
    p: Profile, rng: np.random.Generator, inits: list[int], device="cpu"
) -> SeedResult:
    """Every experiment of one seed, drawing its trials from ``rng`` in a fixed
    order."""
    acyc = draw_trials(p.acyclic, "acyclic", p.n_trials, rng)
    glob = dict(lr=p.lr, iters=p.iters, record_every=p.record_every, device=device)
    run_a = run_global(acyc, seed=inits[0], **glob)
    cyc = draw_trials(p.cyclic, "cyclic", p.n_trials, rng)
    run_c = run_global(cyc, seed=inits[1], **glob)
    big = draw_trials(p.big_cyclic, "cyclic", p.big_trials, rng)
    run_b = run_global(big, seed=inits[2], **glob)
    acyc_lr = draw_trials(p.acyclic_lr, "acyclic", p.big_trials, rng)
    run_l = run_global(
        acyc_lr, p.lr_big, p.iters_big_lr, p.record_every, seed=inits[3], device=device
    )
    local, local_data = {}, None
    for loss in p.local_losses:
        data = draw_trials(p.local, "cyclic", p.local_trials, rng)
        local[loss] = run_local(
            data,
            loss,
            p.local_lr,
            p.local_iters,
            p.record_every,
            seed=inits[4],
            device=device,
        )
        if loss == "ce":
            local_data = data
    reg = np.stack(
        [
            regularization_path(ds, p.reg_radii, iters=p.reg_iters, device=device)
            for ds in acyc[: p.reg_trials]
        ]
    )
    return SeedResult(
        acyclic=run_a,
        cyclic=run_c,
        big=run_b,
        big_lr=run_l,
        local=local,
        local_data=local_data,
        reg=reg,
    )


def run_diagnostic(p: Profile, s: SeedResult, device="cpu") -> Diagnostic:
    """Train the tied-head trial with the largest local norm difference
    ``p.local_iters`` more steps and record how its selection changes."""
    r = s.local["ce"]
    st = local_stats(
        r, step_index(r.steps, p.local_iters), p.filter_threshold, p.local[0]
    )
    b = int(np.argmax(st.nd_l))
    ds = s.local_data[b]
    sel_end = local_selection(attention_np(r.W[b], ds.E, ds.X), ds.X)[0]
    W0 = torch.from_numpy(r.W[b : b + 1]).to(device)
    batch = make_batch([ds], device=device)
    W_more, _, _ = normalized_gd(
        W0, batch, "ce", p.local_lr, p.local_iters, p.local_iters
    )
    sel_more = local_selection(attention_np(W_more[0].cpu().numpy(), ds.E, ds.X), ds.X)[
        0
    ]
    return Diagnostic(
        trial=b,
        nd_l=float(st.nd_l[b]),
        nd_g=float(st.nd_g[b]),
        sel_end=sel_end,
        sel_more=sel_more,
    )


def run(profile: Profile, seed: int, device="cpu") -> Results:
    """Every experiment of the chapter for ``profile.n_seeds`` seeds derived from
    ``seed``; the convexity probes use ``numpy.random.default_rng(seed)``."""
    if not isinstance(profile, Profile):
        raise ValueError(
            f"profile must be a Profile (e.g. PROFILES['quick']), got {profile!r}"
        )
    streams = seed_streams(seed, profile.n_seeds)
    seeds = []
    for rng, inits in progress(streams, desc="seeds"):
        seeds.append(run_seed(profile, rng, inits, device=device))
    probe_rng = np.random.default_rng(seed)
    acyc = seeds[0].acyclic.datasets
    sd_log = second_differences(acyc, "log", profile.convexity_pairs, probe_rng)
    sd_ce = second_differences(acyc, "ce", profile.convexity_pairs, probe_rng)
    diag = run_diagnostic(profile, seeds[0], device)
    return Results(
        profile=profile,
        seed=seed,
        seeds=tuple(seeds),
        sd_log=sd_log,
        sd_ce=sd_ce,
        diagnostic=diag,
    )


# ------------------------------------------------------------------------------------
# graded values


def _per_seed(runs, f) -> tuple[float, ...]:
    return tuple(float(f(r)) for r in runs)


def dip(run: GlobalRun) -> float:
    """Largest dip of the trial-mean correlation curve after iteration 200."""
    mean_curve, after = run.corr.mean(0), run.steps >= 200
    return float(np.max(np.maximum.accumulate(mean_curve[after]) - mean_curve[after]))


def decades(run: GlobalRun, it_late: int, it_end: int) -> float:
    """Decades by which the median mass outside the label falls from ``it_late`` to
    ``it_end`` (summed directly: 1 - mass would round to 0 on long runs)."""
    i0, i1 = step_index(run.steps, it_late), step_index(run.steps, it_end)
    return float(
        np.log10(np.median(run.rest_label[:, i0]) / np.median(run.rest_label[:, i1]))
    )


def proj_identity_residual(r: GlobalRun) -> float:
    """|corr(W − Π_S W, W_svm)·‖W − Π_S W‖ − corr(W, W_svm)·‖W‖| / ‖W‖, largest over
    trials and steps."""
    perp = np.sqrt(np.clip(r.norm_W**2 - r.norm_PW**2, 0.0, None))
    return float(np.max(np.abs(r.proj_corr * perp - r.corr * r.norm_W) / r.norm_W))


# Deliberate repeat: one named Measured field a line (different quantities); a loop over
# names would hide which value feeds which field.
def measured(res: Results) -> Measured:
    """The :class:`~shared.attention.automaton_claims.Measured` record of ``res``."""
    p = res.profile
    runs_a, runs_c = res.runs("acyclic"), res.runs("cyclic")
    runs_b, runs_l = res.runs("big"), res.runs("big_lr")
    steps = runs_a[0].steps
    ia, i500 = step_index(steps, p.iters), step_index(steps, p.it_mid)
    ib, il = ia, step_index(runs_l[0].steps, p.iters_big_lr)
    ic, ci500 = ia, i500
    ce_end, ce_init = res.local_stats(), res.local_stats(0)
    sq_end, sq_init = res.local_stats(loss="sq"), res.local_stats(0, loss="sq")
    svms = [sv for r in runs_a + runs_c + runs_b + runs_l for sv in r.svms]

    def kept_diff(st):
        return kept_mean(st.l, st.keep) - kept_mean(st.g, st.keep)

    return Measured(
        **{f.name: getattr(p, f.name) for f in fields(RunSettings)},
        it_mid=p.it_mid,
        it_late=p.it_late,
        reg_rho_max=float(p.reg_radii[-1]),
        # method checks
        sd_log_min=float(res.sd_log.min()),
        sd_ce_min=float(res.sd_ce.min()),
        kkt_margin_min=float(min(sv.min_margin for sv in svms)),
        kkt_compl_max=float(max(sv.complementarity for sv in svms)),
        a_norm_ratio=_per_seed(
            runs_a, lambda r: np.mean(r.norm_W[:, ia] / r.norm_W[:, i500])
        ),
        a_dip=_per_seed(runs_a, dip),
        a_decades=_per_seed(runs_a, lambda r: decades(r, p.it_late, p.iters)),
        proj_identity_residual=max(proj_identity_residual(r) for r in runs_c + runs_b),
        c_proj=_per_seed(runs_c, lambda r: r.proj_corr[:, ic].mean()),
        c_fin_minus_corr=_per_seed(
            runs_c, lambda r: r.corr_fin[:, ic].mean() - r.corr[:, ic].mean()
        ),
        c_nd_below_peak=tuple(
            bool(r.norm_diff[:, ic].mean() < r.norm_diff.mean(0).max()) for r in runs_c
        ),
        loc_nd_local_below=tuple(
            st.nd_local_below_global(st.informative) for st in ce_end
        ),
        loc_nd_local_below_kept=tuple(
            st.nd_local_below_global(st.keep & st.informative) for st in ce_end
        ),
        loc_multi=tuple(int(st.multi.sum()) for st in ce_end),
        loc_informative=tuple(int(st.informative.sum()) for st in ce_end),
        loc_nd_local_worse=tuple(
            int((st.multi & (st.nd_l > st.nd_g)).sum()) for st in ce_end
        ),
        loc_nd_local_max=tuple(float(st.nd_l.max()) for st in ce_end),
        reg_monotone=tuple(bool(np.all(np.diff(s.reg, axis=1) > 0)) for s in res.seeds),
        # C2, C3 (acyclic)
        a_corr=_per_seed(runs_a, lambda r: r.corr[:, ia].mean()),
        a_corr_init=_per_seed(runs_a, lambda r: r.corr[:, 0].mean()),
        a_corr_min=_per_seed(runs_a, lambda r: r.corr[:, ia].min()),
        a_corr_min_init=_per_seed(runs_a, lambda r: r.corr[:, 0].min()),
        a_mass=_per_seed(runs_a, lambda r: r.mass_label[:, ia].mean()),
        a_mass_init=_per_seed(runs_a, lambda r: r.mass_label[:, 0].mean()),
        a_argmax=_per_seed(runs_a, lambda r: r.label_argmax[:, ia].mean()),
        a_argmax_init=_per_seed(runs_a, lambda r: r.label_argmax[:, 0].mean()),
        # C4, C5 (cyclic)
        c_corr=_per_seed(runs_c, lambda r: r.corr[:, ic].mean()),
        c_corr_init=_per_seed(runs_c, lambda r: r.corr[:, 0].mean()),
        c_corr_fin=_per_seed(runs_c, lambda r: r.corr_fin[:, ic].mean()),
        c_corr_fin_init=_per_seed(runs_c, lambda r: r.corr_fin[:, 0].mean()),
        c_nd_max=_per_seed(runs_c, lambda r: r.norm_diff[:, ic].max()),
        c_pw_max=_per_seed(runs_c, lambda r: r.norm_PW[:, ic].max()),
        c_R_growth=_per_seed(runs_c, lambda r: np.mean(r.R[:, ic] / r.R[:, ci500])),
        c_pw_growth=_per_seed(
            runs_c, lambda r: np.mean(r.norm_PW[:, ic] / r.norm_PW[:, ci500])
        ),
        c_mass=_per_seed(runs_c, lambda r: r.mass[:, ic].mean()),
        c_mass_init=_per_seed(runs_c, lambda r: r.mass[:, 0].mean()),
        c_soft=_per_seed(runs_c, lambda r: np.nanmax(r.soft_diff)),
        c_soft_uniform=_per_seed(runs_c, lambda r: np.nanmax(r.soft_diff_uniform)),
        c_tv=_per_seed(runs_c, lambda r: r.automaton_tv.max()),
        c_tv_uniform=_per_seed(runs_c, lambda r: r.automaton_tv_uniform.max()),
        # C6, C7
        b_corr=_per_seed(runs_b, lambda r: r.corr[:, ib].mean()),
        b_corr_init=_per_seed(runs_b, lambda r: r.corr[:, 0].mean()),
        b_nd=_per_seed(runs_b, lambda r: r.norm_diff[:, ib].mean()),
        b_pw=_per_seed(runs_b, lambda r: r.norm_PW[:, ib].mean()),
        l_corr=_per_seed(runs_l, lambda r: r.corr[:, il].mean()),
        l_corr_init=_per_seed(runs_l, lambda r: r.corr[:, 0].mean()),
        # C8 (tied head, cross-entropy)
        loc_diff=tuple(float(st.l.mean() - st.g.mean()) for st in ce_end),
        loc_diff_init=tuple(float(st.l.mean() - st.g.mean()) for st in ce_init),
        loc_kept=tuple(int(st.keep.sum()) for st in ce_end),
        loc_kept_local=tuple(kept_mean(st.l, st.keep) for st in ce_end),
        loc_kept_local_init=tuple(kept_mean(st.l, st.keep) for st in ce_init),
        loc_kept_diff=tuple(kept_diff(st) for st in ce_end),
        loc_kept_diff_init=tuple(kept_diff(st) for st in ce_init),
        # C8c, C8d (tied head, squared loss), M11
        sq_loc_diff=tuple(float(st.l.mean() - st.g.mean()) for st in sq_end),
        sq_loc_diff_init=tuple(float(st.l.mean() - st.g.mean()) for st in sq_init),
        sq_loc_kept=tuple(int(st.keep.sum()) for st in sq_end),
        sq_loc_kept_local=tuple(kept_mean(st.l, st.keep) for st in sq_end),
        sq_loc_kept_local_init=tuple(kept_mean(st.l, st.keep) for st in sq_init),
        sq_loc_kept_diff=tuple(kept_diff(st) for st in sq_end),
        sq_loc_kept_diff_init=tuple(kept_diff(st) for st in sq_init),
        sq_loc_nd_local_below=tuple(
            st.nd_local_below_global(st.informative) for st in sq_end
        ),
        sq_loc_informative=tuple(int(st.informative.sum()) for st in sq_end),
        # C9
        reg_last=tuple(float(s.reg[:, -1].mean()) for s in res.seeds),
        reg_init=tuple(float(r.corr[: p.reg_trials, 0].mean()) for r in runs_a),
    )


def prose_numbers(res: Results) -> dict:
    """The numbers the chapter's text quotes (first seed unless named otherwise), by
    glue name."""
    p, f = res.profile, res.first
    ra, rc, rb, rl = f.acyclic, f.cyclic, f.big, f.big_lr
    ia, i500 = step_index(ra.steps, p.iters), step_index(ra.steps, p.it_mid)
    il = step_index(rl.steps, p.iters_big_lr)
    st = res.local_stats()[0]
    keep, multi, n = st.keep, st.multi, len(st.keep)
    nan = float("nan")
    dg, X = res.diagnostic, f.local_data[res.diagnostic.trial].X
    allsv = [sv for r in res.runs("acyclic") for sv in r.svms]
    return {
        "n_seeds": p.n_seeds,
        "n_trials": p.n_trials,
        "iters": p.iters,
        "lr": p.lr,
        "it_mid": p.it_mid,
        "it_late": p.it_late,
        "sd_log_min": float(res.sd_log.min()),
        "sd_ce_min": float(res.sd_ce.min()),
        "sd_pairs": p.convexity_pairs * p.n_trials,
        "a_corr": float(ra.corr[:, ia].mean()),
        "a_corr_min": float(ra.corr[:, ia].min()),
        "a_corr500": float(ra.corr[:, i500].mean()),
        "a_mass": float(ra.mass_label[:, ia].mean()),
        "a_decades": decades(ra, p.it_late, p.iters),
        "a_norm_ratio": float(np.mean(ra.norm_W[:, ia] / ra.norm_W[:, i500])),
        "kkt_margin": min(sv.min_margin for sv in allsv),
        "kkt_compl": max(sv.complementarity for sv in allsv),
        "c_R": float(rc.R[:, ia].mean()),
        "c_R_growth": float(np.mean(rc.R[:, ia] / rc.R[:, i500])),
        "c_corr": float(rc.corr[:, ia].mean()),
        "c_corr_fin": float(rc.corr_fin[:, ia].mean()),
        "c_proj": float(rc.proj_corr[:, ia].mean()),
        "c_nd": float(rc.norm_diff[:, ia].mean()),
        "c_nd_max": float(rc.norm_diff[:, ia].max()),
        "c_nd_peak": float(rc.norm_diff.mean(0).max()),
        "c_nd_peak_it": int(rc.steps[rc.norm_diff.mean(0).argmax()]),
        "c_mass": float(rc.mass[:, ia].mean()),
        "c_soft": float(np.nanmax(rc.soft_diff)),
        "c_tv": float(rc.automaton_tv.max()),
        "b_corr": float(rb.corr[:, ia].mean()),
        "b_nd": float(rb.norm_diff[:, ia].mean()),
        "b_nd_peak": float(rb.norm_diff.mean(0).max()),
        "l_corr": float(rl.corr[:, il].mean()),
        "big_trials": p.big_trials,
        "lr_big": p.lr_big,
        "iters_big_lr": p.iters_big_lr,
        "sel_thr": local_selection.__defaults__[0],
        "amb_thr": local_selection.__defaults__[1],
        "filter_threshold": p.filter_threshold,
        "local_lr": p.local_lr,
        "local_iters": p.local_iters,
        "local_iters2": 2 * p.local_iters,
        "loc_trials": n,
        "loc_kept": int(keep.sum()),
        "loc_dropped": n - int(keep.sum()),
        "loc_g_all": float(st.g.mean()),
        "loc_l_all": float(st.l.mean()),
        "loc_g_kept": kept_mean(st.g, keep),
        "loc_l_kept": kept_mean(st.l, keep),
        "loc_nd_g": float(st.nd_g.mean()),
        "loc_nd_l": float(st.nd_l.mean()),
        "loc_single": n - int(multi.sum()),
        "loc_multi": int(multi.sum()),
        "loc_dropped_single": int((~keep & ~multi).sum()),
        "loc_nd_g_multi": float(st.nd_g[multi].mean()) if multi.any() else nan,
        "loc_nd_l_multi": float(st.nd_l[multi].mean()) if multi.any() else nan,
        "loc_same": int((multi & ~st.informative).sum()),
        **_sq_prose(res.local_stats(loss="sq")[0]),
        "w_nd_l": dg.nd_l,
        "w_nd_g": dg.nd_g,
        "w_windows": int(X.shape[0]),
        "w_changed": int((dg.sel_end != dg.sel_more).any(1).sum()),
        "w_multi_end": int((dg.sel_end.sum(1) > 1).sum()),
        "w_multi_more": int((dg.sel_more.sum(1) > 1).sum()),
        "reg_last": float(f.reg[:, -1].mean()),
        "reg_first": float(f.reg[:, 0].mean()),
        "reg_rmax": float(p.reg_radii[-1]),
        "reg_rmin": float(p.reg_radii[0]),
    }


def _sq_prose(st: LocalStats) -> dict:
    """The first seed's squared-loss numbers quoted in the text (``sq_*``)."""
    informative = st.informative
    nan = float("nan")
    return {
        "sq_trials": len(st.keep),
        "sq_kept": int(st.keep.sum()),
        "sq_g_all": float(st.g.mean()),
        "sq_l_all": float(st.l.mean()),
        "sq_g_kept": kept_mean(st.g, st.keep),
        "sq_l_kept": kept_mean(st.l, st.keep),
        "sq_l_min": float(st.l.min()),
        "sq_l_max": float(st.l.max()),
        "sq_informative": int(informative.sum()),
        "sq_nd_g_inf": float(st.nd_g[informative].mean()) if informative.any() else nan,
        "sq_nd_l_inf": float(st.nd_l[informative].mean()) if informative.any() else nan,
    }


def key_numbers(res: Results) -> dict:
    """The chapter's checked key numbers (deterministic on CPU)."""
    p, f = res.profile, res.first
    ia = step_index(f.acyclic.steps, p.iters)
    il = step_index(f.big_lr.steps, p.iters_big_lr)
    ca, cc = f.acyclic.corr[:, ia], f.cyclic.corr[:, ia]
    st = res.local_stats()
    sq = res.local_stats(loss="sq")

    def kept(stats):
        return ", ".join(f"{int(s.keep.sum())}/{p.local_trials}" for s in stats)

    return {
        "acyclic corr(W, W_svm) mean at end, first seed": float(ca.mean()),
        "acyclic corr min trial, first seed": float(ca.min()),
        "acyclic corr mean at end, worst seed": min(
            float(r.corr[:, ia].mean()) for r in res.runs("acyclic")
        ),
        "acyclic label mass mean, first seed": float(
            f.acyclic.mass_label[:, ia].mean()
        ),
        f"acyclic decades of 1-mass, {p.it_late}->end, first seed": decades(
            f.acyclic, p.it_late, p.iters
        ),
        "cyclic corr(W, W_svm) mean, first seed": float(cc.mean()),
        "cyclic corr(W, R W_svm + W_fin) mean, first seed": float(
            f.cyclic.corr_fin[:, ia].mean()
        ),
        "cyclic norm diff mean, first seed": float(f.cyclic.norm_diff[:, ia].mean()),
        "cyclic norm diff largest, worst seed": max(
            float(r.norm_diff[:, ia].max()) for r in res.runs("cyclic")
        ),
        "cyclic soft-composition max diff, worst seed": max(
            float(np.nanmax(r.soft_diff)) for r in res.runs("cyclic")
        ),
        "n10T6K8d8 corr mean, first seed": float(f.big.corr[:, ia].mean()),
        f"acyclic lr {p.lr_big:g} corr mean, first seed": float(
            f.big_lr.corr[:, il].mean()
        ),
        "local CE corr global mean (all), first seed": float(st[0].g.mean()),
        "local CE corr local mean (all), first seed": float(st[0].l.mean()),
        "local CE trials kept by filter, per seed": kept(st),
        "local SQ corr global mean (all), first seed": float(sq[0].g.mean()),
        "local SQ corr local mean (all), first seed": float(sq[0].l.mean()),
        "local SQ trials kept by filter, per seed": kept(sq),
        "regularization path corr at max radius, first seed": float(
            f.reg[:, -1].mean()
        ),
    }
