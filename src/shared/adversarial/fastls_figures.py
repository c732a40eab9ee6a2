"""The figures of the Fast-LS-l0 chapter; each function returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .fastls_experiment import GRIDS
from .fastls_experiment import Budget
from .fastls_experiment import Landscape

__all__ = ["co_curves", "location", "landscape", "smoothing", "budget", "cifar_co"]


def _co_panel(ax, hist, shade: bool = False):
    ev = [h for h in hist if h.eval]
    ep = [h.epoch for h in ev]
    a = np.array([100 * h.eval["one_step"] for h in ev])
    b = np.array([100 * h.eval["strong"] for h in ev])
    ax.plot(ep, [100 * h.eval["clean"] for h in ev], ":", color="gray", label="clean")
    ax.plot(ep, a, "-o", label="(a) one-step attack")
    ax.plot(ep, b, "--s", label="(b) strong attack")
    if shade:
        ax.fill_between(ep, b, a, alpha=0.2)
    ax.set_xlabel("epoch")


def co_curves(hist: dict, k: int, shade: bool = True):
    """F1: accuracy under the one-step (a) and the strong attack (b) during training;
    the shaded band is the CO gap (a) − (b)."""
    fig, axes = plt.subplots(1, len(hist), figsize=(4 * len(hist), 3.8), sharey=True)
    for ax, (name, h) in zip(np.atleast_1d(axes), hist.items()):
        _co_panel(ax, h, shade=shade)
        ax.set_title(name)
    np.atleast_1d(axes)[0].set_ylabel(f"accuracy at k = {k} (%)")
    np.atleast_1d(axes)[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def location(abl: dict, steps: int):
    """F2: robust accuracy under the perturbations A-D, per model."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    w = 0.38
    for i, n in enumerate(abl):
        vals = [100 * abl[n][c] for c in "ABCD"]
        ax.bar(np.arange(4) + (i - 0.5) * w, vals, w, label=n)
    ax.set_xticks(
        range(4),
        [
            "A: 1-step",
            "B: 1-step loc.\n+ refined mag.",
            "C: 1-step mag.\n+ best loc.",
            f"D: {steps}-step",
        ],
    )
    ax.set_ylabel("robust accuracy (%)")
    ax.legend()
    fig.tight_layout()
    return fig


def landscape(ls: Landscape):
    """F3: R and R_frozen against h, the relative jump J_rel, the loss along a line."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for i, norm in enumerate(GRIDS):
        col, p = f"C{i}", ls.prb[norm]
        axes[0].loglog(
            p["h"], p["R"], "-o", color=col, label=f"{norm} (budget {ls.budget[norm]})"
        )
        axes[0].loglog(p["h"], p["R_frozen"], "--", color=col)
        axes[1].semilogx(p["h"], p["J_rel"], "-o", color=col, label=norm)
        t, loss, rough = ls.curves[norm]
        axes[2].plot(
            t,
            loss - loss[len(t) // 2],
            color=col,
            label=f"{norm}: roughness {rough:.3f}",
        )
    labels = (
        ("h", "R(h)  (dashed: R_frozen)"),
        ("h", "J / mean ||δ*||"),
        ("t", "L_adv(θ + t d) − L_adv(θ)"),
    )
    for ax, (xl, yl) in zip(axes, labels):
        ax.set_xlabel(xl)
        ax.set_ylabel(yl)
        ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def smoothing(prb_m: dict):
    """F4: the jump part R − R_frozen and the jump J of the l0 perturbation, per
    model."""
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    for n, p in prb_m.items():
        axes[0].loglog(p["h"], np.maximum(p["R"] - p["R_frozen"], 1e-12), "-o", label=n)
        axes[1].semilogx(p["h"], p["J"], "-o", label=n)
    axes[0].set_xlabel("h")
    axes[0].set_ylabel("R − R_frozen")
    axes[1].set_xlabel("h")
    axes[1].set_ylabel("J (mean ||Δδ*||₂)")
    axes[0].legend()
    fig.tight_layout()
    return fig


def budget(bud: Budget, k: int):
    """F5: CO curves of 1-step sAT, one panel per training budget."""
    runs = {f"1-step sAT, k_train = {kt}": h for kt, (_, h) in bud.runs.items()}
    return co_curves(runs, k, shade=False)


def cifar_co(suite):
    """CIFAR-10 (full profile): the CO measure of each model during training."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for i, (name, h) in enumerate(suite.history.items()):
        ev = [e for e in h if e.eval]
        ep = [e.epoch for e in ev]
        for key, style, tag in (("one_step", "-", "a"), ("strong", "--", "b")):
            acc = [100 * e.eval[key] for e in ev]
            ax.plot(ep, acc, style, color=f"C{i}", label=f"{name} ({tag})")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"accuracy at k = {max(suite.settings['ks'])} (%)")
    ax.legend(fontsize=7)
    return fig


def seed_curves(st, k: int):
    """Robust accuracy under sAA (solid) and clean accuracy (dotted) after every epoch,
    seed mean with the min-max band over seeds, one colour per model (``st``: a
    :class:`~shared.adversarial.fastls_experiment.SeedStudy`)."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for i, name in enumerate(st.robust):
        for arr, style, tag in ((st.robust, "-", "sAA"), (st.clean, ":", "clean")):
            a = 100 * arr[name]
            ax.plot(
                st.epochs, a.mean(axis=0), style, color=f"C{i}", label=f"{name} {tag}"
            )
            if tag == "sAA":
                lo, hi = a.min(axis=0), a.max(axis=0)
                ax.fill_between(st.epochs, lo, hi, color=f"C{i}", alpha=0.2)
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"accuracy at k = {k} (%), {len(st.seeds)} seeds")
    ax.legend(fontsize=7, ncol=2)
    return fig
