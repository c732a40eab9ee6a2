"""The figures of the ``attn-markov`` chapter, one function per figure.

Each takes the result dataclasses of :mod:`shared.attention.markov_experiment` and
returns a :class:`matplotlib.figure.Figure`; the chapter shows them, and the tests draw
them with the Agg backend. The figures show the first seed of the seed-dependent
sections.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .markov_experiment import AttentionResult
from .markov_experiment import CollapseResult
from .markov_experiment import GenerationResult
from .markov_experiment import IdentityResult
from .markov_experiment import PositionalResult
from .markov_experiment import Profile
from .markov_experiment import RateResult
from .markov_experiment import SingleResult

__all__ = [
    "identity",
    "positional",
    "rate",
    "trained_layer",
    "winner_takes_all",
    "collapse",
    "single_trajectory",
]


def identity(res: IdentityResult):
    """Attention output against the CCMC formula for every token of every draw; inset:
    the same with the recency bias."""
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    ax.plot([0, 1], [0, 1], color="0.7", lw=1)
    ax.scatter(res.p_attn.ravel(), res.p_ccmc.ravel(), s=6, alpha=0.5, color="C0")
    ax.set_xlabel("attention output $p_k$ (shared.attention.model)")
    ax.set_ylabel(r"CCMC $m_k P[q,k] / \sum_j m_j P[q,j]$")
    ax.text(0.03, 0.93, f"b = 0: max |diff| = {res.err:.1e}", transform=ax.transAxes)
    ins = ax.inset_axes([0.58, 0.1, 0.38, 0.38])
    ins.plot([0, 1], [0, 1], color="0.7", lw=1)
    ins.scatter(res.p_attn_b.ravel(), res.p_ccmc_b.ravel(), s=3, alpha=0.5, color="C1")
    ins.set_title(f"recency bias\nmax |diff| = {res.pe_err:.1e}", fontsize=8)
    ins.tick_params(labelsize=7)
    return fig


def positional(res: PositionalResult):
    """Next-token laws of the early and late prompt for each γ (bars: layer; ticks:
    CCMC)."""
    K = res.attention.shape[-1]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), sharey=True)
    width = 0.27
    titles = ("token 2 early", "token 2 late")
    for p, (ax, prompt, title) in enumerate(zip(axes, res.prompts, titles)):
        for i, g in enumerate(res.gammas):
            x = np.arange(K) + (i - 1) * width
            ax.bar(x, res.attention[p, i], width, label=f"γ = {g:g}", color=f"C{i}")
            ax.scatter(x, res.ccmc[p, i], marker="_", color="k", s=60, zorder=3)
        ax.set_xticks(range(K))
        ax.set_xlabel("next token")
        ax.set_title(f"prompt {' '.join(map(str, prompt))} ({title})", fontsize=9)
    axes[0].set_ylabel("probability")
    axes[0].legend(fontsize=8)
    return fig


def rate(res: RateResult, profile: Profile):
    """Mean row-TV of the MLE against n (coverage kept and broken) and against K (first
    seed), with slope guides -1/2 and 1."""
    r0, ns, Ks = res.seeds[0], res.ns, res.Ks
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(9.5, 3.8))
    curves = (
        ("coverage", r0.tv_ok, r0.slope_ok, "C0"),
        ("coverage broken", r0.tv_broken, r0.slope_broken, "C3"),
    )
    for lab, tv, slope, col in curves:
        ax.loglog(ns, tv.mean(1), "o-", color=col, label=f"{lab}: slope {slope:.2f}")
        for j in range(tv.shape[1]):
            ax.scatter(ns, tv[:, j], s=8, color=col, alpha=0.4)
    ax.loglog(ns, r0.tv_ok.mean(1)[0] * (ns / ns[0]) ** -0.5, ":", color="0.5")
    ax.set_xlabel("number of prompts n")
    ax.set_ylabel("mean row TV($\\hat P$, $P^*$)")
    ax.legend(fontsize=8)
    bx.loglog(
        Ks,
        r0.tv_K,
        "s-",
        color="C2",
        label=f"MLE, n = {profile.rate_K_n}: exponent {r0.slope_K:.2f}",
    )
    bx.loglog(
        Ks,
        r0.tv_K_uniform,
        "^--",
        color="0.4",
        label=f"untrained (uniform): exponent {r0.slope_K_uniform:.2f}",
    )
    bx.loglog(Ks, r0.tv_K[0] * Ks / Ks[0], ":", color="0.5")
    bx.set_xticks(Ks, [str(k) for k in Ks])
    bx.minorticks_off()
    bx.set_xlabel("vocabulary size K")
    bx.set_ylabel("mean row TV")
    bx.legend(fontsize=8)
    fig.tight_layout()
    return fig


def trained_layer(res: AttentionResult):
    """Entries of the trained layer's chain and of the teacher against the MLE (first
    seed)."""
    a0 = res.seeds[0]
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.plot([0, 1], [0, 1], color="0.8", lw=1)
    ax.scatter(
        a0.P_star.ravel(), a0.P_mle.ravel(), s=12, color="0.6", label="teacher $P^*$"
    )
    ax.scatter(
        a0.P_attn.ravel(), a0.P_mle.ravel(), s=14, color="C0", label="trained attention"
    )
    ax.set_xlabel("entry of $P$")
    ax.set_ylabel("entry of $\\hat P_{\\rm MLE}$")
    ax.text(
        0.03,
        0.92,
        f"max |attention − MLE| = {a0.gap:.1e}",
        transform=ax.transAxes,
        fontsize=9,
    )
    ax.legend(loc="lower right", fontsize=8)
    return fig


def winner_takes_all(res: GenerationResult, profile: Profile):
    """Four panels (first seed): (a) context shares of the median run at the largest σ,
    (b) active tokens over time, (c) active tokens against σ, (d) M7 winner-set
    sizes."""
    K, steps = profile.wta_K, profile.wta_steps
    g0 = res.seeds[0]
    sig = np.array(res.sigmas)
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.2))
    ax = axes[0, 0]
    top = g0.by_sigma[-1]
    run_a = int(
        np.argsort(top.act_att, kind="stable")[len(top.act_att) // 2]
    )  # median run
    tok = top.tokens[run_a].astype(np.int64)
    ctx = (
        np.cumsum(np.eye(K)[tok], axis=0) + 1.0
    )  # counts of the context after each step
    ctx /= ctx.sum(1, keepdims=True)
    tgrid = np.unique(np.geomspace(1, steps, 200).astype(int))
    ax.stackplot(tgrid, ctx[tgrid - 1].T, colors=plt.cm.tab20(np.arange(K) % 20))
    ax.set_xscale("log")
    ax.set_xlim(1, steps)
    ax.set_ylim(0, 1)
    ax.set_xlabel("generated tokens t")
    ax.set_ylabel("share of the context $m_k / N$")
    ax.set_title(
        f"(a) context of the median run, σ = {top.sigma:g} "
        f"({top.act_att[run_a]} active at the end)",
        fontsize=10,
    )
    ax = axes[0, 1]
    times = profile.wta_times
    for i, s in enumerate(g0.by_sigma):
        ax.plot(
            times, s.course_att, "o-", color=f"C{i}", label=f"attention σ = {s.sigma:g}"
        )
        ax.plot(
            times,
            s.course_mar,
            "s--",
            color=f"C{i}",
            alpha=0.6,
            label=f"Markov σ = {s.sigma:g}",
        )
    ax.set_xscale("log")
    ax.set_xticks(times, [str(t) for t in times])
    ax.minorticks_off()
    ax.set_xlabel("t (end of the window)")
    ax.set_ylabel("active tokens")
    ax.set_ylim(0, K + 1)
    ax.set_title("(b) active tokens over time", fontsize=10)
    ax.legend(fontsize=7, ncol=2)
    ax = axes[1, 0]
    for key, fmt, lab in (
        ("act_att", "o-", "attention (CCMC)"),
        ("act_mar", "s--", "Markov chain, same P"),
    ):
        vals = [getattr(s, key) for s in g0.by_sigma]
        ax.errorbar(
            sig,
            [v.mean() for v in vals],
            [v.std() for v in vals],
            fmt=fmt,
            capsize=3,
            label=lab,
        )
    ax.axhline(0.5 * K, color="0.7", ls=":", lw=1)
    ax.set_xlabel("σ (scale of W)")
    ax.set_ylabel(f"active tokens, last {profile.wta_window}")
    ax.set_ylim(0, K + 1)
    ax.set_title("(c) collapse against σ", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[1, 1]
    sizes = np.arange(1, K + 1)
    hist = np.array([(g0.act7 == k).sum() for k in sizes])
    ax.bar(sizes, hist, color="C0", label="runs")
    ax.bar([1], [g0.n_on_sd], color="C2", label="1 token, self-dominant")
    ax.bar(
        [1],
        [g0.n_single - g0.n_on_sd],
        bottom=[g0.n_on_sd],
        color="C3",
        label="1 token, not self-dominant",
    )
    ax.set_xlabel("final winner-set size (active tokens)")
    ax.set_ylabel("runs")
    ax.set_xlim(0.3, max(2, g0.act7.max()) + 0.7)
    ax.set_title(f"(d) {profile.c7_runs} runs at σ = {profile.c7_sigma:g}", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def collapse(res: CollapseResult):
    """Share of runs that collapse onto one token against σ: attention sampler, the
    plain Markov chain with the same P (the null) and the share of teachers with a
    self-dominant token (the mean-field ceiling); mean over seeds, bars their range."""
    sig = np.array(res.sigmas)
    fig, ax = plt.subplots(figsize=(6.2, 4.0))
    series = (
        ("p_att", "o-", "C0", "attention sampler (CCMC)"),
        ("p_mar", "s--", "C1", "Markov chain, same P (null)"),
        ("sd_share", ":", "0.5", "teachers with a self-dominant token"),
    )
    for key, fmt, color, label in series:
        v = res.stacked(key)
        mean = v.mean(0)
        err = np.vstack([mean - v.min(0), v.max(0) - mean])
        ax.errorbar(sig, mean, err, fmt=fmt, color=color, capsize=3, label=label)
    ax.set_xscale("log", base=2)
    ax.set_xticks(sig, [f"{s:g}" for s in sig])
    ax.minorticks_off()
    ax.set_ylim(-0.02, 1.0)
    ax.set_xlabel("σ (scale of W)")
    ax.set_ylabel("share of runs")
    ax.set_title(
        f"one-token collapse, {res.runs} runs per σ and seed, {len(res.seeds)} seeds",
        fontsize=10,
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def single_trajectory(res: SingleResult):
    """TV of the MLE from one trajectory against IID prompts, one dot per teacher (first
    seed), labelled with the trajectory's active tokens at the end."""
    rows = res.seeds[0].rows
    fig, ax = plt.subplots(figsize=(5, 4.2))
    sigmas = sorted({r.sigma for r in rows})
    for i, sigma in enumerate(sigmas):
        rs = [r for r in rows if r.sigma == sigma]
        ax.scatter(
            [r.tv_iid for r in rs],
            [r.tv_single for r in rs],
            s=40,
            color=f"C{i}",
            label=f"σ = {sigma:g}",
        )
        for r in rs:
            ax.annotate(
                str(r.active),
                (r.tv_iid, r.tv_single),
                textcoords="offset points",
                xytext=(5, 3),
                fontsize=8,
            )
    lim = 1.1 * max(max(r.tv_single for r in rows), max(r.tv_iid for r in rows))
    ax.plot([0, lim], [0, lim], color="0.7", lw=1, label="equal error")
    ax.set_xlim(0, lim)
    ax.set_ylim(0, lim)
    ax.set_xlabel("TV, MLE from IID prompts")
    ax.set_ylabel("TV, MLE from one trajectory")
    ax.legend(fontsize=8)
    return fig
