"""Figures of the ``cat`` chapter, one function per figure, each returning a matplotlib
Figure (the notebook shows them; ``tests/test_cat_experiment.py`` smoke-tests them)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from .cat_experiment import STREAM_KINDS
from .cat_experiment import HandBuilt
from .cat_experiment import NGram
from .cat_experiment import Sweep
from .cat_experiment import SweepCurves
from .cat_experiment import Training

# Deliberate repeat: one entry a line, like the model table of cat_models (labels and
# colours here, streams there).
LABELS = {
    "cat": "CAT (QKV conv)",
    "rope": "attention + RoPE",
    "nope": "attention, NoPE",
    "ape": "attention + APE",
    "ssm": "small SSM (E=d, N=8)",
    "mamba": "Mamba defaults (E=2d, N=16)",
}
STYLES = {
    "cat": ("C0", "-"),
    "cat-q": ("C3", ":"),
    "cat-k": ("C2", ":"),
    "cat-v": ("C4", ":"),
    "rope": ("C1", "-"),
    "nope": ("C7", "-"),
    "ape": ("C5", "-"),
    "ssm": ("C6", "-"),
    "mamba": ("C8", "-"),
}


def _length_axis(ax, Ls, grid):
    """Chance line, log2 length axis labelled length/pairs, accuracy in [0, 1]."""
    ax.plot(Ls, [1 / n for _, n in grid], "k--", lw=1, label="chance")
    ax.set_xscale("log", base=2)
    ax.set_xticks(Ls, [f"{L}/{n}" for L, n in grid])
    ax.set_xlabel("test length / pairs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)


def one_layer(tr: Training):
    """MQAR accuracy at the training length per model (bars: mean, dots: seeds)."""
    p = tr.profile
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for i, k in enumerate(tr.kinds):
        acc = tr.acc_train(k)
        ax.bar(i, acc.mean(), color="C0" if k == "cat" else "C7", alpha=0.8)
        ax.plot(np.full(len(acc), i), acc, "ko", ms=4)
    ax.axhline(p.chance, ls="--", color="k", lw=1, label="chance")
    ax.set_xticks(range(len(tr.kinds)), [LABELS[k] for k in tr.kinds], rotation=15)
    ax.set_ylabel(f"accuracy (L={p.train_len}, {p.train_pairs} pairs)")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


def length(tr: Training):
    """MQAR accuracy against test length, one line per model and seed."""
    grid = tr.profile.test_grid
    Ls = np.array([L for L, _ in grid])
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for j, k in enumerate(tr.kinds):
        for i, r in enumerate(tr.of(k)):
            label = LABELS[k] if i == 0 else None
            ax.plot(Ls, r.test, "o-", color=f"C{j}", alpha=0.8, label=label)
    _length_axis(ax, Ls, grid)
    fig.tight_layout()
    return fig


def loss(tr: Training):
    """Training loss of every MQAR run against step; dotted: ln(number of values)."""
    p = tr.profile
    fig, ax = plt.subplots(figsize=(6, 3.2))
    seen = set()
    for r in tr.mqar:
        k = r.job.kind
        col, ls = STYLES[k]
        ax.plot(r.loss, color=col, ls=ls, lw=1, label=None if k in seen else k)
        seen.add(k)
    ax.axhline(math.log(p.vocab - p.vocab // 2), color="k", ls=":", lw=1)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    return fig


def streams(tr: Training, example: tuple):
    """(a) accuracy per filtered stream, (b) mean |tap| per offset, (c) the QKV model's
    attention on ``example`` = (attention [L, L], inputs [L], labels [L])."""
    p = tr.profile
    st = tr.streams
    A, x, y = example
    fig = plt.figure(figsize=(8, 6.4))
    ax1 = fig.add_subplot(2, 2, 1)
    xs = np.arange(len(STREAM_KINDS))
    first = [st[k].test[0] for k in STREAM_KINDS]
    last = [st[k].test[-1] for k in STREAM_KINDS]
    ax1.bar(xs - 0.18, first, 0.36, label=f"L={p.train_len}")
    ax1.bar(xs + 0.18, last, 0.36, label=f"L={p.test_grid[-1][0]}")
    ax1.axhline(p.chance, ls="--", color="k", lw=1)
    ax1.set_xticks(xs, ["Q", "K", "V", "QKV"])
    ax1.set_ylabel("accuracy")
    ax1.set_ylim(0, 1.05)
    ax1.set_title("(a) conv on stream", fontsize=9)
    ax1.legend(fontsize=7)
    ax2 = fig.add_subplot(2, 2, 2)
    rows = [(f"{k}: {s}", taps) for k in STREAM_KINDS for s, taps in st[k].taps.items()]
    im = ax2.imshow(np.array([t for _, t in rows]), cmap="viridis", aspect="auto")
    ax2.set_yticks(range(len(rows)), [n for n, _ in rows], fontsize=7)
    offsets = [f"t−{i}" if i else "t" for i in range(p.window)]
    ax2.set_xticks(range(p.window), offsets)
    ax2.set_title("(b) mean |tap| per offset", fontsize=9)
    fig.colorbar(im, ax=ax2)
    ax3 = fig.add_subplot(2, 1, 2)
    ax3.imshow(A, cmap="magma", aspect="auto")
    qs = np.nonzero(y != -100)[0]
    vpos = [int(np.argmax(x == x[t])) + 1 for t in qs]
    ax3.plot(vpos, qs, "o", mfc="none", mec="c", ms=6)
    ax3.set_xlabel("attended position")
    ax3.set_ylabel("position")
    ax3.set_title("(c) attention of the QKV model", fontsize=9)
    fig.tight_layout()
    return fig


def ngram(ng: NGram):
    """Accuracy per order N (rows) and window W (columns), one panel per test length;
    cells with W <= N also print the suffix oracle (o=...)."""
    n_m = len(ng.test_mult)
    size = (3.0 * n_m, 1.0 + 0.9 * len(ng.orders))
    fig, axes = plt.subplots(1, n_m, figsize=size, squeeze=False)
    for m, ax in enumerate(axes[0]):
        ax.imshow(ng.acc[m], vmin=0, vmax=1, cmap="viridis", aspect="auto")
        for a, N in enumerate(ng.orders):
            for b, W in enumerate(ng.windows):
                v = ng.acc[m, a, b]
                txt = f"{v:.2f}"
                if W <= N and m == 0:
                    txt += f"\no={ng.oracle[a, b]:.2f}"
                color = "k" if v > 0.6 else "w"
                ax.text(b, a, txt, ha="center", va="center", fontsize=8, color=color)
        ax.set_xticks(range(len(ng.windows)), [f"W={w}" for w in ng.windows])
        ax.set_yticks(range(len(ng.orders)), [f"N={n}" for n in ng.orders])
        ax.set_title(f"test L = {ng.test_mult[m] * ng.nar_len}", fontsize=9)
    fig.tight_layout()
    return fig


def hand_built(hb: HandBuilt):
    """Accuracy of the hand-built CAT against length per beta (markers: measured, lines:
    closed form, dotted verticals: L = e^{beta^2})."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    hL = np.array(hb.lengths)
    for i, b in enumerate(hb.betas):
        ax.plot(hL, hb.predicted[i], "-", color=f"C{i}", lw=1.5)
        ax.plot(hL, hb.measured[i], "o", color=f"C{i}", mfc="none", label=f"β={b}")
        if math.exp(b**2) < hL.max() * 1.5:
            ax.axvline(math.exp(b**2), color=f"C{i}", ls=":", lw=1)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("sequence length L")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def random_filler(tr: Training):
    """MQAR accuracy against test length with disjoint random filler (solid) and zero
    filler (dotted) for CAT (trained on zero filler, and on random filler where run)
    and the attention baselines."""
    grid = tr.profile.test_grid
    Ls = np.array([L for L, _ in grid])
    fig, ax = plt.subplots(figsize=(6, 3.4))
    groups = [(k, tr.of(k)) for k in tr.kinds] + [("cat-rf", tr.rf)]
    for j, (k, runs) in enumerate(groups):
        for i, r in enumerate(runs):
            if not r.test_disjoint:
                continue
            name = "CAT trained on random filler" if k == "cat-rf" else LABELS[k]
            ax.plot(
                Ls,
                r.test_disjoint,
                "o-",
                color=f"C{j}",
                alpha=0.8,
                label=name if i == 0 else None,
            )
            ax.plot(Ls, r.test, ":", color=f"C{j}", alpha=0.5)
    _length_axis(ax, Ls, grid)
    fig.tight_layout()
    return fig


def sweep(sw: Sweep | SweepCurves):
    """MQAR accuracy against the number of pairs per model at its tuned learning rate
    (line: mean over seeds, band: lowest to highest seed, dots: seeds); ``sw`` is a
    run's :class:`Sweep` or the :class:`SweepCurves` of an archived run."""
    cv = sw.curves() if isinstance(sw, Sweep) else sw
    fig, ax = plt.subplots(figsize=(6, 3.4))
    x = np.array(cv.pairs)
    for k in cv.kinds:
        acc = cv.acc[k]  # [pairs, seed]
        col, _ = STYLES[k]
        lab = f"{LABELS[k]} (lr {cv.lr[k]:g})"
        ax.plot(x, acc.mean(1), "-", color=col, label=lab)
        ax.fill_between(x, acc.min(1), acc.max(1), color=col, alpha=0.15, lw=0)
        for s in range(acc.shape[1]):
            ax.plot(x, acc[:, s], "o", color=col, ms=3, alpha=0.6)
    ax.plot(x, 1 / x, "k--", lw=1, label="chance")
    ax.set_xscale("log", base=2)
    ax.set_xticks(x, [str(n) for n in x])
    ax.set_xlabel(f"number of pairs (L={cv.seq_len})")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


#: Caption of :func:`sweep` (shown under the figure, which is drawn only in the full
#: profile or from its archived run).
SWEEP_CAPTION = (
    "*Reconstruction of the paper's one-layer comparison with Mamba (its figure could "
    "not be read): MQAR accuracy against the number of key-value pairs for one CAT "
    "layer, one attention layer with learned absolute positions (APE), our small "
    "selective SSM and the same block at Mamba's defaults, each at its own tuned "
    "learning rate from one shared grid, same data and steps; line: mean over 3 seeds, "
    "band: lowest to highest seed, dots: seeds; dashed: chance (1 / pairs).*"
)
