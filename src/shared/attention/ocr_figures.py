"""Figures of the chapter ``ocr``: one function per figure, each returning a Figure.

The inputs are the result objects of :mod:`shared.attention.ocr_experiment`.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from .ocr import OCRTask
from .ocr_experiment import ABLATION_LABELS
from .ocr_experiment import OVS
from .ocr_experiment import Ablations
from .ocr_experiment import MainRuns
from .ocr_experiment import Profile
from .ocr_experiment import RankSweep
from .ocr_experiment import Reduced
from .ocr_experiment import SampleEfficiency

__all__ = [
    "COLORS",
    "ablations_figure",
    "curves_figure",
    "rank_figure",
    "reduced_figure",
    "sample_efficiency_figure",
    "spectra_figure",
    "task_figure",
    "weights_figure",
]

COLORS = {"factorized": "C0", "combined": "C3"}
LN20 = math.log(20)


def task_figure(task: OCRTask, rng: np.random.Generator):
    """Fig. 1 analogue: trained (subject, relation) pairs and one sequence of each
    kind."""
    examples = task.example_table(rng)
    fig, (ax0, ax1) = plt.subplots(
        1, 2, figsize=(10, 3.4), gridspec_kw={"width_ratios": [1, 1.9]}
    )
    order = np.argsort(task.group_of(np.arange(task.n_subjects)), kind="stable")
    trained = np.zeros((2, task.n_subjects))
    trained[0] = 1  # every fact is trained
    trained[1, task.train_subjects] = 1
    ax0.imshow(
        trained[:, order],
        aspect="auto",
        cmap="Greys",
        vmin=0,
        vmax=1.4,
        interpolation="nearest",
    )
    ax0.set_yticks([0, 1], ["fact $r_1$", "impl. $r_2$"])
    ax0.set_xlabel("subject (grouped: 4 per group)")
    ax0.set_title("trained pairs (dark); held-out implications (white)", fontsize=9)
    ax1.axis("off")
    rows = [[k.replace("_", " "), " ".join(t), lab] for k, t, lab in examples]
    tab = ax1.table(
        cellText=rows,
        colLabels=["kind", "tokens (T = 16)", "label"],
        loc="center",
        colWidths=[0.14, 0.76, 0.1],
        cellLoc="left",
    )
    tab.auto_set_font_size(False)
    tab.set_fontsize(7.5)
    tab.scale(1, 1.6)
    return fig


def curves_figure(main: MainRuns):
    """Test-implication CE and accuracy among the c's against step, mean ± sd
    over seeds."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    for ov, runs in main.runs.items():
        col = COLORS[ov]
        steps_axis = runs[0][1]["step"]
        for ax, key in zip(axes, ("test_impl_ce", "test_impl_acc_c")):
            vals = np.array([h[key] for _, h in runs])
            m, sd = vals.mean(0), vals.std(0)
            ax.plot(steps_axis, m, color=col, label=f"{ov}, test subjects")
            ax.fill_between(steps_axis, m - sd, m + sd, color=col, alpha=0.2)
            train = np.mean([h[key.replace("test_", "train_")] for _, h in runs], 0)
            ax.plot(
                steps_axis,
                train,
                color=col,
                alpha=0.3,
                lw=1,
                label=f"{ov}, training subjects",
            )
        if ov in main.long:
            h = main.long[ov][1]
            axes[0].plot(
                h["step"],
                h["test_impl_ce"],
                color=col,
                ls="--",
                lw=1,
                label=f"{ov}, long run",
            )
            axes[1].plot(h["step"], h["test_impl_acc_c"], color=col, ls="--", lw=1)
    axes[0].axhline(LN20, color="k", ls=":", lw=1, label="ln 20")
    axes[1].axhline(1 / 20, color="k", ls=":", lw=1)
    axes[0].set(xlabel="step", ylabel="test-implication CE (nats)", yscale="log")
    axes[1].set(xlabel="step", ylabel="accuracy among the c's", ylim=(-0.03, 1.03))
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig


def weights_figure(main: MainRuns):
    """b and c rows of the trained W_OV (first seed) against the subject columns."""
    task, ms = main.task, main.mean_stat
    test = task.test_subjects
    col_subj = np.concatenate(
        [task.train_subjects, test[np.argsort(task.group_of(test), kind="stable")]]
    )
    rows_bc = np.concatenate([task.b_ids, task.impl_answer(np.arange(task.n_groups))])
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    for ax, ov in zip(axes, OVS):
        block = main.stats[ov][0]["W"][np.ix_(rows_bc, task.subject_ids[col_subj])]
        # remove the per-column offset (does not change argmax)
        block = block - block.mean(0, keepdims=True)
        lim = np.abs(block).max()
        im = ax.imshow(
            block,
            aspect="auto",
            cmap="RdBu_r",
            vmin=-lim,
            vmax=lim,
            interpolation="nearest",
        )
        ax.axvline(len(task.train_subjects) - 0.5, color="w", lw=2)
        ax.axhline(task.n_groups - 0.5, color="k", lw=0.8)
        ax.set_yticks([task.n_groups / 2, 1.5 * task.n_groups], ["b rows", "c rows"])
        ax.set_xlabel("subject column (training | held out)")
        rho_tr, rho_te = ms[ov]["rho_train"], ms[ov]["rho_test"]
        ax.set_title(f"{ov}: mean ρ train {rho_tr:.2f}, test {rho_te:.2f}", fontsize=9)
        fig.colorbar(im, ax=ax, shrink=0.8)
    fig.tight_layout()
    return fig


def spectra_figure(main: MainRuns):
    """Singular values of the trained W_OV (first seed), effective rank in the
    legend."""
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for ov in OVS:
        sv = main.stats[ov][0]["sv"]
        er = main.mean_stat[ov]["eff_rank"]
        ax.semilogy(
            np.arange(1, len(sv) + 1),
            sv,
            ".-",
            color=COLORS[ov],
            ms=3,
            label=f"{ov} (effective rank {er:.1f})",
        )
    top = 3 * max(main.stats[ov][0]["sv"][0] for ov in OVS)
    ax.set(xlabel="index", ylabel="singular value of $W_{OV}$", ylim=(1e-6, top))
    ax.legend(fontsize=8)
    return fig


def reduced_figure(reduced: Reduced):
    """Norms over γ and the minimum held-out c-margin over γ along GD (first
    init), with the two exact hard-margin references as horizontal lines."""
    R = reduced.shown
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.5))
    keys = ("nuc_over_gamma", "fro_over_gamma", "test_margin_over_gamma")
    for mode in OVS:
        h = R["gd"][mode]
        ok = np.isfinite(h["nuc_over_gamma"])
        for ax, key in zip(axes, keys):
            ax.plot(h["step"][ok], h[key][ok], color=COLORS[mode], label=f"GD {mode}")
    refs = (("nuclear", "--", "min-‖W‖* ref."), ("fro", ":", "min-‖W‖_F ref."))
    for name, ls, label in refs:
        for ax, key in zip(axes, ("nuc_g", "fro_g", "tm_min_g")):
            ax.axhline(R[name][key], color="k", ls=ls, lw=1, label=label)
    axes[0].set(
        xlabel="GD step",
        ylabel=r"$\|W\|_*/\gamma$",
        ylim=(0, 3 * R["nuclear"]["nuc_g"]),
    )
    axes[1].set(
        xlabel="GD step", ylabel=r"$\|W\|_F/\gamma$", ylim=(0, 3 * R["fro"]["fro_g"])
    )
    axes[2].set(xlabel="GD step", ylabel="min test margin among c's / γ")
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig


def sample_efficiency_figure(profile: Profile, sample: SampleEfficiency):
    """Held-out accuracy against subjects per group; reduced-model ρ against k."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    x = np.array(profile.spg_list)
    for ov in OVS:
        y = np.array([sample.spg_acc[ov][s].mean() for s in profile.spg_list])
        axes[0].plot(x, y, "o-", color=COLORS[ov], label=ov)
    axes[0].axhline(1 / 20, color="k", ls=":", lw=1, label="chance")
    axes[0].set(
        xlabel="subjects per group (1 trained)",
        ylabel="held-out accuracy among c's",
        ylim=(-0.03, 1.03),
    )
    axes[0].legend(fontsize=8)
    k = sample.rho_m
    axes[1].plot(
        k, sample.rho_gd[:, 0], "o-", color="C0", label="GD on AB: mean ρ (test)"
    )
    axes[1].plot(k, sample.toy_argmin, "k--", label=r"toy $t^*$ (grid argmin)")
    axes[1].plot(k, sample.inv_sqrt_k, "k:", lw=1, label=r"$1/\sqrt{k}$")
    axes[1].set(
        xlabel=r"held-out subjects per group $m_{test} = k$",
        ylabel="transfer ratio",
        ylim=(0, 1.1),
    )
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    return fig


def rank_figure(rank: RankSweep):
    """Fig. 6 analogue: held-out implication CE against step for each inner rank r
    (one line per seed: runs trained until stable can stop at different steps)."""
    fig, ax = plt.subplots(figsize=(6, 3.6))
    cmap = plt.get_cmap("viridis")
    for i, (r, hs) in enumerate(rank.runs.items()):
        col = cmap(i / max(len(rank.runs) - 1, 1))
        for j, h in enumerate(hs):
            ax.plot(
                h["step"], h["test_impl_ce"], color=col, label=None if j else f"r = {r}"
            )
            ax.plot(h["step"], h["train_impl_ce"], color=col, alpha=0.3, lw=1)
    ax.axhline(LN20, color="k", ls=":", lw=1, label="ln 20")
    ax.set(xlabel="step", ylabel="test-implication CE (nats)", yscale="log")
    ax.legend(fontsize=8)
    return fig


def ablations_figure(main: MainRuns, abl: Ablations):
    """Held-out accuracy among the c's at the end (first seed): baseline, random pairing
    and the profile's ablations."""
    bars = [("baseline", ov, main.runs[ov][0][1]) for ov in OVS]
    bars += [("random pairing", ov, abl.perm[ov]) for ov in OVS]
    bars += [(ABLATION_LABELS[n], ov, hs[0]) for (n, ov), hs in abl.runs.items()]
    fig, ax = plt.subplots(figsize=(max(5, 1.3 * len(bars)), 3.6))
    heights = [h["test_impl_acc_c"][-1] for _, _, h in bars]
    ax.bar(range(len(bars)), heights, color=[COLORS[ov] for _, ov, _ in bars])
    ax.set_xticks(range(len(bars)), [f"{n}\n{ov}" for n, ov, _ in bars], fontsize=7)
    ax.axhline(1 / 20, color="k", ls=":", lw=1)
    ax.set(ylabel="held-out accuracy among c's", ylim=(0, 1.05))
    return fig
