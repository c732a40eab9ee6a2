"""Figures of the OVERT chapter: one function per figure, each returning a Figure.

The functions build :class:`matplotlib.figure.Figure` objects without pyplot, so nothing
is shown twice in a notebook and tests need no display; a notebook cell that ends with
the call shows the figure.
"""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from . import data as odata
from . import pipeline as opipe
from . import reported as oreported
from .experiment import LABELS
from .experiment import Dedup
from .experiment import Filters
from .experiment import ReportedCheck
from .experiment import Rewrite
from .experiment import Workflow

_TAB10 = matplotlib.colormaps["tab10"]


def datacard(card: odata.DataCard) -> Figure:
    """Fig. 1 (left) and a data card: category shares of full, prompt lengths per split,
    prompts per seed and unmatched benign/harmful pairs per category (4 axes)."""
    fig = Figure(figsize=(11, 8.5))
    ax = fig.subplots(2, 2)
    colors = _TAB10(np.arange(9))
    ax[0, 0].pie(
        card.counts["full"],
        labels=[f"{lab}\n{s:.1f} %" for lab, s in zip(LABELS, card.shares_full)],
        colors=colors,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45},
        textprops={"fontsize": 7.5},
    )
    ax[0, 0].set_title(f"OVERT-full, n = {card.rows['full']}")
    bins = np.arange(0, 61, 2)
    for name, w in card.words.items():
        ax[0, 1].hist(w, bins=bins, histtype="step", density=True, label=name, lw=1.5)
    ax[0, 1].set(xlabel="words per prompt", ylabel="density", title="prompt lengths")
    ax[0, 1].legend(fontsize=8)
    vals, cnts = np.unique(card.prompts_per_seed, return_counts=True)
    ax[1, 0].bar(vals, cnts, color="0.4")
    ax[1, 0].set(
        xlabel="prompts per WildGuardMix seed (full, 7 converted categories)",
        ylabel="seeds",
        title=f"{card.distinct_seeds_full} distinct seeds",
    )
    x = np.arange(9)
    ax[1, 1].bar(x, card.unmatched_pairs, color=colors)
    ax[1, 1].set_xticks(x, LABELS, rotation=60, ha="right", fontsize=8)
    ax[1, 1].set(
        ylabel="pairs", title="unsafe pairs whose benign side matches no mini prompt"
    )
    fig.tight_layout()
    return fig


# Deliberate repeat: figure, axes, a loop of plots and labels, like every
# figure function here; what is plotted differs.
def funnel(workflow: Workflow) -> Figure:
    """Analogue of Fig. 2: prompts surviving each stage (after the first), per
    funnel."""
    fig = Figure(figsize=(8, 3.8))
    ax = fig.subplots()
    shown = opipe.STAGES[1:]
    w = 0.8 / len(workflow.funnels)
    for k, f in enumerate(workflow.funnels):
        ax.bar(
            np.arange(len(shown)) + k * w,
            [f.counts[s] for s in shown],
            width=w,
            label=f.category,
        )
    ax.set_xticks(
        np.arange(len(shown)) + w * (len(workflow.funnels) - 1) / 2, shown, fontsize=9
    )
    ax.set(ylabel="prompts", title="offline pipeline funnel")
    ax.legend()
    return fig


# Deliberate repeat: figure, axes, a loop of plots and labels, like every
# figure function here; what is plotted differs.
def dedup(d: Dedup) -> Figure:
    """Kept fraction against the deduplication threshold; the paper's 0.7 and 0.9
    marked."""
    fig = Figure(figsize=(6, 3.8))
    ax = fig.subplots()
    for cat, v in d.curves.items():
        ax.plot(d.thresholds, v, "o-", label=odata.CATEGORY_LABELS[cat])
    for t in (0.7, 0.9):
        ax.axvline(t, color="0.5", ls="--", lw=1)
    ax.set(xlabel="cosine threshold", ylabel="fraction kept", ylim=(0, 1.02))
    ax.legend(fontsize=8)
    return fig


def _radar(ax, values, title):
    ang = np.linspace(0, 2 * np.pi, len(odata.CATEGORIES), endpoint=False)
    for j, m in enumerate(oreported.MODELS):
        v = values[:, j]
        ax.plot(np.r_[ang, ang[:1]], np.r_[v, v[:1]], lw=1.5, label=m)
    ax.set_xticks(ang, [lab.replace(" (", "\n(") for lab in LABELS], fontsize=7)
    ax.set_ylim(0, 100)
    ax.set_title(title, fontsize=10)


def radars(rep: ReportedCheck) -> Figure:
    """Re-plot of Fig. 4 (reported): per-category refusal of five models, benign and
    harmful (2 polar axes)."""
    fig = Figure(figsize=(12, 5.5))
    ax = fig.subplots(1, 2, subplot_kw={"projection": "polar"})
    _radar(ax[0], rep.tab_a.values, "(a) over-refusal on OVERT-mini, % (reported)")
    _radar(ax[1], rep.tab_u.values, "(b) refusal on OVERT-unsafe, % (reported)")
    ax[1].legend(loc="upper right", bbox_to_anchor=(1.35, 1.1), fontsize=8)
    fig.tight_layout()
    return fig


def tradeoff(rep: ReportedCheck) -> Figure:
    """Re-plot of Fig. 3 (reported): over-refusal against safe-response rate per model
    and group, with our quadratic fit."""
    fig = Figure(figsize=(6.5, 5))
    ax = fig.subplots()
    markers = dict(zip(oreported.GROUPS, "osD^"))
    for i, g in enumerate(oreported.GROUPS):
        for j, m in enumerate(oreported.MODELS):
            ax.scatter(
                rep.xb[i, j],
                rep.yb[i, j],
                marker=markers[g],
                color=_TAB10(j),
                s=45,
                label=m if i == 0 else None,
            )
        ax.scatter([], [], marker=markers[g], color="0.5", label=g)
    xs = np.linspace(0, 0.92, 100)
    ax.plot(
        xs, np.polyval(rep.trade.coef, xs), "k--", lw=1, label="quadratic fit (ours)"
    )
    ax.set(
        xlabel="over-refusal rate on benign prompts (reported)",
        ylabel="safe-response rate on harmful prompts (reported)",
        title=f"Spearman ρ = {rep.trade.rho:.3f} over {rep.xb.size} reported points",
    )
    ax.legend(fontsize=7, ncol=2)
    return fig


def filter_rates(f: Filters) -> Figure:
    """Analogue of Fig. 4 with text filters: per-category refusal on benign and harmful
    prompts with 95 % Wilson intervals (2 axes)."""
    fig = Figure(figsize=(12, 4.2))
    ax = fig.subplots(1, 2, sharey=True)
    w = 0.2
    for k, (name, tables) in enumerate(f.rates.items()):
        for a, r in zip(ax, tables):
            a.bar(
                np.arange(9) + (k - 1.5) * w,
                100 * r.rate,
                width=w,
                label=name,
                yerr=100 * np.vstack([r.rate - r.low, r.high - r.rate]),
                capsize=1.5,
                error_kw={"lw": 0.6},
            )
    for a, t in zip(
        ax, ("benign prompts: over-refusal (%)", "harmful prompts: refusal (%)")
    ):
        a.set_xticks(np.arange(9), LABELS, rotation=55, ha="right", fontsize=8)
        a.set_title(t, fontsize=10)
    ax[0].set_ylabel("refused (%)")
    ax[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def filter_tradeoff(f: Filters) -> Figure:
    """Analogue of Fig. 3 with text filters: threshold sweeps of the two embedding
    filters, the keyword filter per category (with a quadratic fit) and the profanity
    filter."""
    fig = Figure(figsize=(6.5, 5))
    ax = fig.subplots()
    for (name, label), auc in zip(
        (
            ("similarity", "zero-shot similarity"),
            ("logreg", "MiniLM + logistic regression"),
        ),
        (f.auc_sim, f.auc_lr),
    ):
        ax.plot(*f.sweeps[name], "-", label=f"{label} sweep (AUC {auc:.2f})")
    kwb, kwh = f.keyword
    trade = f.kw_trade
    ax.scatter(
        kwb.rate,
        kwh.rate,
        color="C3",
        label=f"keyword filter, per category (ρ = {trade.rho:.2f})",
    )
    xs = np.linspace(0, 1, 100)
    ax.plot(xs, np.clip(np.polyval(trade.coef, xs), 0, 1), "C3:", lw=1)
    pb, ph = f.rates["profanity"]
    ax.scatter(
        [pb.overall],
        [ph.overall],
        color="k",
        marker="x",
        s=60,
        label="alt-profanity-check (mean)",
    )
    ax.plot([0, 1], [0, 1], color="0.7", lw=0.8)
    ax.set(
        xlabel="refusal rate on benign prompts (over-refusal)",
        ylabel="refusal rate on harmful prompts",
        xlim=(-0.02, 1.02),
        ylim=(-0.02, 1.02),
    )
    ax.legend(fontsize=7.5, loc="lower right")
    return fig


def rewrite(rw: Rewrite) -> Figure:
    """Rewriting analogue: refusal before / after (ours and reported) and the
    faithfulness proxy next to the reported faithfulness (2 axes)."""
    fig = Figure(figsize=(11, 3.8))
    ax = fig.subplots(1, 2)
    cats = list(rw.rows)
    rep = oreported.REWRITING
    x = np.arange(len(cats))
    series = [
        (
            "keyword filter (ours)",
            [100 * rw.rows[c][0] for c in cats],
            [100 * rw.rows[c][1] for c in cats],
        )
    ]
    for model in ("Imagen-3", "FLUX1.1-Pro"):
        series.append(
            (
                f"{model} (reported)",
                [rep[c][f"{model} before"] for c in cats],
                [rep[c][f"{model} after"] for c in cats],
            )
        )
    for k, (name, before, after) in enumerate(series):
        ax[0].bar(
            x + (k - 1) * 0.27 - 0.06, before, width=0.12, color=f"C{k}", alpha=0.45
        )
        ax[0].bar(
            x + (k - 1) * 0.27 + 0.06, after, width=0.12, color=f"C{k}", label=name
        )
    names = [odata.CATEGORY_LABELS[c] for c in cats]
    ax[0].set_xticks(x, names)
    ax[0].set(
        ylabel="refusal (%)  light: before, dark: after",
        title="refusal before / after rewriting",
    )
    ax[0].legend(fontsize=8)
    ax[1].bar(
        x - 0.15,
        [100 * rw.rows[c][2] for c in cats],
        width=0.3,
        label="cos ≥ 0.8 (ours, proxy)",
    )
    ax[1].bar(
        x + 0.15,
        [rep[c]["faithfulness"] for c in cats],
        width=0.3,
        label="faithfulness (reported, unknown metric)",
    )
    ax[1].set_xticks(x, names)
    ax[1].set(ylabel="%", title="meaning kept")
    ax[1].legend(fontsize=8)
    fig.tight_layout()
    return fig
