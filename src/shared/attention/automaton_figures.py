"""Figures of the attn-automaton chapter, one function per paper figure.

Each function takes results of :mod:`shared.attention.automaton_experiment` and returns
a :class:`matplotlib.figure.Figure` (made with pyplot, so the notebook shows it with
``plt.show()``). Curves are trial means with ±1 sd bands unless a panel says otherwise.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .automaton_experiment import GlobalRun
from .automaton_experiment import LocalRun
from .automaton_experiment import repo_trial_filter
from .automaton_graphs import NTPData
from .automaton_graphs import reduced_mask
from .automaton_metrics import attention_np
from .automaton_metrics import automaton_attention


def band(ax, steps, curves, label, color=None, log=False, stat="mean"):
    """Plot the trials (rows of ``curves``) against ``steps``: ``stat="mean"`` gives
    mean ± 1 sd (on a log axis the band is clipped at a tenth of the mean), ``"median"``
    the median and interquartile range. Returns the line."""
    if stat == "median":
        m = np.nanmedian(curves, 0)
        lo, hi = np.nanpercentile(curves, 25, 0), np.nanpercentile(curves, 75, 0)
    else:
        m, s = np.nanmean(curves, 0), np.nanstd(curves, 0)
        lo, hi = (np.maximum(m - s, m * 0.1) if log else m - s), m + s
    (line,) = ax.plot(steps, m, label=label, color=color)
    ax.fill_between(steps, lo, hi, color=line.get_color(), alpha=0.2, lw=0)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("iteration")
    return line


def _titles(axs, titles, ylabels) -> None:
    for ax, t, yl in zip(axs, titles, ylabels):
        ax.set_title(t)
        ax.set_ylabel(yl)


def acyclic(run: GlobalRun):
    """Correlation with the Graph-SVM (linear; 1 − corr, log) and attention mass on the
    most-attended SCC (linear; 1 − mass, log) of an acyclic run; 2 x 2 axes."""
    fig, axs = plt.subplots(2, 2, figsize=(9, 6), constrained_layout=True)
    band(axs[0, 0], run.steps, run.corr, "corr(W, W_svm)")
    band(axs[0, 1], run.steps, 1 - run.corr, "1 − corr", log=True, stat="median")
    band(axs[1, 0], run.steps, run.mass, "SCC mass")
    band(axs[1, 1], run.steps, run.rest, "1 − SCC mass", log=True, stat="median")
    _titles(
        axs.flat,
        ["correlation", "1 − correlation", "largest-SCC attention mass", "1 − mass"],
        [
            "corr(W, W_svm)",
            "1 − corr(W, W_svm)",
            "attention mass",
            "1 − attention mass",
        ],
    )
    return fig


def cyclic(run: GlobalRun):
    """Correlations, projected correlation, norm difference and SCC mass of a cyclic
    run; 2 x 2 axes."""
    fig, axs = plt.subplots(2, 2, figsize=(9, 6), constrained_layout=True)
    band(axs[0, 0], run.steps, run.corr, "corr(W, W_svm)")
    band(axs[0, 0], run.steps, run.corr_fin, "corr(W, R·W_svm + W_fin)")
    axs[0, 0].legend()
    band(axs[0, 1], run.steps, run.proj_corr, "corr(W − Π_S W, W_svm)")
    band(axs[1, 0], run.steps, run.norm_diff, "‖Π_S W − W_fin‖")
    band(axs[1, 1], run.steps, run.mass, "SCC mass")
    _titles(
        axs.flat,
        [
            "(a) correlation",
            "(b) projected correlation",
            "(c) norm difference",
            "(d) SCC mass",
        ],
        ["correlation", "correlation", "Frobenius norm", "attention mass"],
    )
    return fig


def schematic_window(run: GlobalRun) -> tuple[int, int]:
    """(trial, window) of the training window with the most uneven soft composition
    inside its label SCC (ties broken towards larger SCCs)."""
    best = (-1.0, 0, 0)
    for b, ds in enumerate(run.datasets):
        m = reduced_mask(ds.X, ds.y, ds.scc)
        soft = attention_np(run.W_fin[b], ds.E, ds.X, m)
        for i in np.flatnonzero(m.any(1)):
            spread = float(soft[i][m[i]].max() - soft[i][m[i]].min()) + float(
                m[i].sum()
            )
            best = max(best, (spread, b, int(i)))
    return best[1], best[2]


def _draw_tpg(ax, ds: NTPData, k: int, pos: np.ndarray) -> None:
    lab = ds.scc[k]
    sizes = np.bincount(lab)
    arrow = dict(arrowstyle="-|>", color="0.4", lw=0.8, shrinkA=9, shrinkB=9)
    for a, b in zip(*np.nonzero(ds.adj[k])):
        ax.annotate("", xy=pos[b], xytext=pos[a], arrowprops=arrow)
    multi = [c for c in np.unique(lab) if sizes[c] > 1]
    palette = plt.get_cmap("tab10")
    for v in range(ds.K):
        col = palette(multi.index(lab[v]) + 1) if lab[v] in multi else "0.8"
        ax.scatter(*pos[v], s=260, color=col, edgecolor="k", zorder=3)
        ax.text(*pos[v], str(v), ha="center", va="center", zorder=4, fontsize=9)
    ax.set_title(f"G^({k})", fontsize=10)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")


def schematic(run: GlobalRun):
    """Token-priority graphs of one cyclic trial (up to three, the first for the window
    shown) and, for that window, the trained attention next to the automaton's (hard
    retrieval of the top SCC, shaded, then soft composition with ``W_fin``)."""
    b0, i_win = schematic_window(run)
    ds = run.datasets[b0]
    k_win = int(ds.X[i_win, -1])
    ks = ([k_win] + [k for k in range(ds.K) if ds.adj[k].any() and k != k_win])[:3]
    fig = plt.figure(figsize=(11, 3.6), constrained_layout=True)
    gs = fig.add_gridspec(1, len(ks) + 2)
    ang = 2 * np.pi * np.arange(ds.K) / ds.K
    pos = np.c_[np.cos(ang), np.sin(ang)]
    for j, k in enumerate(ks):
        _draw_tpg(fig.add_subplot(gs[0, j]), ds, k, pos)
    s_tr = attention_np(run.W[b0], ds.E, ds.X)[i_win]
    auto, top = automaton_attention(ds.E, ds.X, ds.adj, ds.scc, run.W_fin[b0])
    ax = fig.add_subplot(gs[0, len(ks) :])
    xx = np.arange(ds.X.shape[1])
    ax.bar(xx - 0.2, s_tr, 0.4, label="trained attention")
    ax.bar(xx + 0.2, auto[i_win], 0.4, label="automaton (retrieve, then compose)")
    for t in np.flatnonzero(top[i_win]):
        ax.axvspan(t - 0.45, t + 0.45, color="0.85", zorder=0, lw=0)
    ticks = [f"{v}" + (" (y)" if v == ds.y[i_win] else "") for v in ds.X[i_win]]
    ax.set_xticks(xx, ticks)
    ax.set_xlabel(
        f"window tokens (last token {ds.X[i_win, -1]}); shaded: retrieved SCC"
    )
    ax.set_ylabel("attention")
    ax.set_ylim(0, 1.3 * max(s_tr.max(), auto[i_win].max()))
    ax.legend(fontsize=8, loc="upper center", ncol=1)
    return fig


def larger(run_big: GlobalRun, run_lr: GlobalRun, lr_big: float):
    """The larger cyclic problem (correlations, norm difference) and the acyclic run at
    step size ``lr_big`` (correlation); 3 axes."""
    fig, axs = plt.subplots(1, 3, figsize=(12, 3.4), constrained_layout=True)
    band(axs[0], run_big.steps, run_big.corr, "corr(W, W_svm)")
    band(axs[0], run_big.steps, run_big.corr_fin, "corr(W, R·W_svm + W_fin)")
    axs[0].legend(fontsize=8)
    band(axs[1], run_big.steps, run_big.norm_diff, "‖Π_S W − W_fin‖")
    band(axs[2], run_lr.steps, run_lr.corr, "corr(W, W_svm)")
    _titles(
        axs,
        [
            "n10T6K8d8 cyclic: correlation",
            "n10T6K8d8 cyclic: norm difference",
            f"n6T4K6d8 acyclic, step {lr_big:g}: correlation",
        ],
        ["correlation", "‖Π_S W − W_fin‖_F", "corr(W, W_svm)"],
    )
    return fig


def local(runs: dict[str, LocalRun], threshold: float):
    """Tied-head runs by loss (one row each): correlation with the global and the local
    Graph-SVM over all trials and over the trials the official filter keeps, and the
    norm differences; rows x 3 axes."""
    rows = len(runs)
    fig, axs = plt.subplots(
        rows, 3, figsize=(12, 3.4 * rows), constrained_layout=True, squeeze=False
    )
    for r, (loss, run) in enumerate(runs.items()):
        kp = repo_trial_filter(run.corr_local[:, -1], threshold)
        for ax, sel, title in (
            (axs[r, 0], np.ones_like(kp), "all trials"),
            (axs[r, 1], kp, "filtered trials"),
        ):
            if sel.any():
                band(ax, run.steps, run.corr_global[sel], "global W_svm")
                band(ax, run.steps, run.corr_local[sel], "local W_svm")
            ax.set_title(f"{loss}: correlation, {title} ({int(sel.sum())}/{len(sel)})")
            ax.set_ylabel("correlation")
            ax.legend(fontsize=8)
        band(axs[r, 2], run.steps, run.norm_diff_global + 1e-12, "global", log=True)
        band(axs[r, 2], run.steps, run.norm_diff_local + 1e-12, "local", log=True)
        axs[r, 2].set_title(f"{loss}: ‖Π_S W − W_fin‖ (+1e-12)")
        axs[r, 2].set_ylabel("Frobenius norm")
        axs[r, 2].legend(fontsize=8)
    return fig


def regularization_path(radii, reg: np.ndarray):
    """Correlation of the norm-constrained minimizer with ``W_svm`` against the radius,
    one line per trial (rows of ``reg``); 1 axis."""
    fig, ax = plt.subplots(figsize=(4.5, 3.2), constrained_layout=True)
    for row in reg:
        ax.plot(radii, row, "o-", alpha=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("radius ρ")
    ax.set_ylabel("corr(W_ρ, W_svm)")
    return fig
