"""The figures of the Sparse-PGD chapter; each function returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .common import predict
from .spgd_experiment import ATTACKS
from .spgd_experiment import Ablation
from .spgd_experiment import Attacks
from .spgd_experiment import Profile
from .spgd_experiment import Trained

__all__ = ["curves", "k_sweep", "examples", "ablation", "training"]

COLOURS = ("C0", "C1", "C2")


def curves(p: Profile, tr: Trained, at: Attacks):
    """F1: robust accuracy at k_main against passes (left) and wall seconds (right)."""
    K, models = p.k_main, tr.models
    fig, axes = plt.subplots(
        len(models), 2, figsize=(10, 3.5 * len(models)), sharey="row"
    )
    for row, m in enumerate(models):
        for a in ATTACKS:
            c = at.single[m, K, a].curve.numpy()
            axes[row, 0].plot(np.arange(1, len(c) + 1), 100 * c, label=a)
            active = np.concatenate([[tr.clean[m]], c[:-1]])
            cost = np.cumsum(active) / active.sum() * at.seconds[m, K, a]
            axes[row, 1].plot(cost, 100 * c, label=a)
        axes[row, 0].set_xscale("log")
        axes[row, 0].set_ylabel(f"{m}: robust accuracy (%)")
        axes[row, 1].set_xscale("log")
    axes[-1, 0].set_xlabel("passes (iterations + 1 / queries)")
    axes[-1, 1].set_xlabel("seconds (this CPU, wall)")
    axes[0, 0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def k_sweep(at: Attacks):
    """F2: robust accuracy against k under sPGD-unproj alone and under sAA-lite."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for (m, ks), col in zip(at.sweep.items(), COLOURS):
        ax.plot(
            ks,
            [100 * at.single[m, k, "sPGD-unproj"].robust_accuracy() for k in ks],
            "--o",
            color=col,
            label=f"{m}: sPGD-unproj",
        )
        ax.plot(
            ks,
            [100 * at.saa[m, k].robust_accuracy() for k in ks],
            "-s",
            color=col,
            label=f"{m}: sAA-lite",
        )
    ax.set_xlabel("k (pixels of 64)")
    ax.set_ylabel("robust accuracy (%)")
    ax.legend()
    return fig


def examples(p: Profile, tr: Trained, at: Attacks, n: int = 8):
    """F3: ``n`` test digits and their sAA-lite perturbations against each model."""
    K, models, x0 = p.k_main, tr.models, tr.data["vanilla"][0]
    fig, axes = plt.subplots(1 + len(models), n, figsize=(11, 1.55 * (1 + len(models))))
    for j in range(n):
        rowsets = [("clean", x0[j], models["vanilla"])] + [
            (m, at.saa[m, K].x_adv[j], models[m]) for m in models
        ]
        for r, (lab, img, mod) in enumerate(rowsets):
            ax = axes[r, j]
            ax.imshow(img[0].cpu(), cmap="gray_r", vmin=0, vmax=1)
            pred = int(predict(mod, img[None])[0])
            changed = (img != x0[j]).any(0).nonzero().cpu()
            ax.scatter(
                changed[:, 1], changed[:, 0], s=120, facecolors="none", edgecolors="r"
            )
            ax.set_title(f"{lab}: {pred}", fontsize=8)
            ax.set_xticks([])
            ax.set_yticks([])
    fig.tight_layout()
    return fig


def ablation(ab: Ablation):
    """F4: robust accuracy per gradient variant, with and without re-initialisation."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    labels = [f"{v}\npatience {'∞' if p is None else p}" for v, p in ab.abl]
    ax.bar(labels, list(ab.abl.values()), color=["C0", "C0", "C1", "C1"])
    for i, v in enumerate(ab.abl.values()):
        ax.text(i, v + 0.5, f"{v:.1f}", ha="center")
    ax.set_ylabel("robust accuracy (%)")
    return fig


def training(tr: Trained):
    """F5: clean and sAA-lite accuracy during training, and passes per example."""
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6.5, 6), sharex=True)
    for m, col in zip(tr.models, COLOURS):
        ev = [h for h in tr.hist[m] if h.eval]
        ep = [h.epoch for h in ev]
        ax1.plot(
            ep, [100 * h.eval["clean"] for h in ev], "-o", color=col, label=f"{m} clean"
        )
        ax1.plot(
            ep,
            [100 * h.eval["robust"] for h in ev],
            "--s",
            color=col,
            label=f"{m} sAA-lite",
        )
        ax2.plot(
            [h.epoch for h in tr.hist[m]],
            [h.passes_per_batch for h in tr.hist[m]],
            "-",
            color=col,
            label=m,
        )
    ax1.set_ylabel("accuracy (%)")
    ax1.legend(fontsize=8)
    ax2.set_ylabel("passes per example")
    ax2.set_xlabel("epoch")
    return fig
