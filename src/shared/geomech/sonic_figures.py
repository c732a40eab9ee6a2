"""Figures of the chapter ``sonic-map``: one function per figure, each returning a
Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .forward import AXES
from .mapping import RULES
from .mapping import SCHEMES
from .mapping import region_centres
from .sonic_experiment import GRIDS
from .sonic_experiment import METRICS
from .sonic_experiment import NOISE_LEVELS
from .sonic_experiment import SHORT
from .sonic_experiment import SIDE

# Deliberate repeat: the 12 edges of the unit cube, one (start, end) a line.
_EDGES = (
    ((0, 0, 0), (1, 0, 0)),
    ((0, 0, 0), (0, 1, 0)),
    ((0, 0, 0), (0, 0, 1)),
    ((1, 1, 1), (0, 1, 1)),
    ((1, 1, 1), (1, 0, 1)),
    ((1, 1, 1), (1, 1, 0)),
    ((1, 0, 0), (1, 1, 0)),
    ((1, 0, 0), (1, 0, 1)),
    ((0, 1, 0), (1, 1, 0)),
    ((0, 1, 0), (0, 1, 1)),
    ((0, 0, 1), (1, 0, 1)),
    ((0, 0, 1), (0, 1, 1)),
)


def slices(a: np.ndarray) -> list:
    """Three mid-slices of an (n, n, n) array: z = L/2 (x, y), y = L/2 (x, z), x = L/2
    (y, z)."""
    m = a.shape[0] // 2
    return [
        ("z = L/2", "x", "y", a[:, :, m]),
        ("y = L/2", "x", "z", a[:, m, :]),
        ("x = L/2", "y", "z", a[m, :, :]),
    ]


def outline(ax, lab: np.ndarray, side: float = SIDE) -> None:
    """Outline fractures/voids (white) and minerals (red) on a slice of labels."""
    ext = (np.arange(lab.shape[0]) + 0.5) * side / lab.shape[0]  # voxel centres (mm)
    for val, col in (((1, 3), "w"), ((2,), "r")):
        msk = np.isin(lab, val).astype(float)
        if msk.any() and not msk.all():
            ax.contour(ext, ext, msk.T, levels=[0.5], colors=col, linewidths=0.6)


def layout(side: float = SIDE):
    """The 3 x 3 regions on each face pair and the 9 ray columns per direction."""
    fig = plt.figure(figsize=(10.5, 3.6))
    xc = region_centres(side, 3)
    for q, ax_name in enumerate(AXES):
        ax = fig.add_subplot(1, 3, q + 1, projection="3d")
        for a, b in _EDGES:
            ax.plot(
                *[np.array([a[k], b[k]]) * side for k in range(3)], color="0.6", lw=0.8
            )
        others = [k for k in range(3) if k != q]
        for face in (0.0, side):  # 3 x 3 grid lines on the two transducer faces
            for t in (side / 3, 2 * side / 3):
                for k_line in (0, 1):
                    p0, p1 = np.zeros(3), np.zeros(3)
                    p0[q] = p1[q] = face
                    p0[others[k_line]] = p1[others[k_line]] = t
                    p1[others[1 - k_line]] = side
                    ax.plot(*zip(p0, p1), color="k", lw=0.8)
        for r in range(3):
            for c in range(3):
                p0, p1 = np.zeros(3), np.zeros(3)
                p0[others[0]] = p1[others[0]] = xc[r]
                p0[others[1]] = p1[others[1]] = xc[c]
                p1[q] = side
                ax.plot(*zip(p0, p1), color="C3", lw=1.2)
        ax.set_xlabel("x (mm)"), ax.set_ylabel("y (mm)"), ax.set_zlabel("z (mm)")
        ax.set_title(f"rays along {ax_name}: 9 regions")
        ax.set_box_aspect((1, 1, 1))
        ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig


def ct_slices(cube, side: float = SIDE):
    """Mid-slices of the cube's Vp (top) and CT proxy (bottom), with outlines."""
    fig, axs = plt.subplots(2, 3, figsize=(10, 6.4), layout="constrained")
    parts = zip(slices(cube.vp), slices(cube.ct), slices(cube.labels))
    ext = (0, side, 0, side)
    for j, ((title, xl, yl, sv), (_, _, _, sc), (_, _, _, sl)) in enumerate(parts):
        im0 = axs[0, j].imshow(
            sv.T, origin="lower", extent=ext, vmin=1800, vmax=3000, cmap="viridis"
        )
        outline(axs[0, j], sl, side)
        im1 = axs[1, j].imshow(
            sc.T, origin="lower", extent=ext, cmap="gray", vmin=0, vmax=2.7
        )
        outline(axs[1, j], sl, side)
        for i in range(2):
            axs[i, j].set_xlabel(f"{xl} (mm)")
            axs[i, j].set_ylabel(f"{yl} (mm)")
        axs[0, j].set_title(f"Vp, {title}")
        axs[1, j].set_title(f"CT proxy, {title}")
    fig.colorbar(im0, ax=axs[0], label="Vp (m/s), clipped to 1800-3000", shrink=0.8)
    fig.colorbar(im1, ax=axs[1], label="density proxy (g/cm³)", shrink=0.8)
    return fig


def maps_2d(maps: dict, schemes: tuple, side: float = SIDE):
    """The three directions' Vp and Vs maps, raw 3 x 3 values and one column per
    scheme."""
    cols = list(schemes)
    fig, axs = plt.subplots(
        6,
        len(cols),
        figsize=(2.3 * len(cols) + 1.5, 13.5),
        squeeze=False,
        layout="constrained",
    )
    xc = region_centres(side, 3)
    face_axes = {"X": ("y", "z"), "Y": ("x", "z"), "Z": ("x", "y")}
    for wi, w in enumerate(("vp", "vs")):
        allv = np.concatenate([maps[w][a][sc].ravel() for a in AXES for sc in cols])
        lo, hi = np.percentile(allv, [1, 99])
        for ai, a in enumerate(AXES):
            row = 3 * wi + ai
            for ci, sc in enumerate(cols):
                ax = axs[row, ci]
                im = ax.imshow(
                    maps[w][a][sc].T,
                    origin="lower",
                    extent=(0, side, 0, side),
                    vmin=lo,
                    vmax=hi,
                    cmap="viridis",
                )
                ax.plot(*np.meshgrid(xc, xc), "k.", ms=3)
                name = "raw 3×3" if sc == "nearest" else SHORT[sc]
                ax.set_title(f"{w.upper()} {a}: {name}", fontsize=9)
                ax.set_xlabel(f"{face_axes[a][0]} (mm)", fontsize=8)
                ax.set_ylabel(f"{face_axes[a][1]} (mm)", fontsize=8)
                ax.tick_params(labelsize=7)
        panel = axs[3 * wi : 3 * wi + 3, :].ravel().tolist()
        fig.colorbar(im, ax=panel, label=f"{w.upper()} (m/s)", shrink=0.8)
    return fig


def map_3d(panels: tuple, side: float = SIDE):
    """Mid-slices of the truths, the CT proxy and the 3D maps, one row block per
    cube."""
    names = list(panels[0][1])
    nrows = 3 * len(panels)
    fig, axs = plt.subplots(
        nrows,
        len(names),
        figsize=(2.4 * len(names) + 1, 2.4 * nrows),
        squeeze=False,
        layout="constrained",
    )
    ext = (0, side, 0, side)
    for ci, (cb, fields) in enumerate(panels):
        for j, name in enumerate(names):
            for k, (title, xl, yl, sl) in enumerate(slices(fields[name])):
                ax = axs[3 * ci + k, j]
                if name == "CT proxy":
                    im_ct = ax.imshow(
                        sl.T, origin="lower", extent=ext, cmap="gray", vmin=0, vmax=2.7
                    )
                else:
                    im_v = ax.imshow(
                        sl.T,
                        origin="lower",
                        extent=ext,
                        cmap="viridis",
                        vmin=1900,
                        vmax=2800,
                    )
                outline(ax, slices(cb.labels)[k][3], side)
                ax.set_title(f"{name}\n{title}", fontsize=8)
                ax.set_xticks([0, side / 2, side]), ax.set_yticks([0, side / 2, side])
                ax.tick_params(labelsize=6)
                (
                    ax.set_xlabel(f"{xl} (mm)", fontsize=8),
                    ax.set_ylabel(f"{yl} (mm)", fontsize=8),
                )
    label = "Vp (m/s), clipped to 1900-2800"
    fig.colorbar(im_v, ax=axs, label=label, shrink=0.5, location="right")
    fig.colorbar(im_ct, ax=axs, label="CT proxy (g/cm³)", shrink=0.5, location="right")
    return fig


def scheme_scores(stats):
    """Mean and SD of r per scheme against each reference (arithmetic rule)."""
    fig, ax = plt.subplots(figsize=(10, 3.8))
    labels = {
        "footprint": "footprint truth",
        "footprint_interior": "footprint truth, interior",
        "voxel": "voxel truth",
        "ct_footprint": "CT proxy (footprint)",
    }
    xpos = np.arange(len(SCHEMES))
    mean, sd = stats.mean["arithmetic"], stats.sd["arithmetic"]
    for k, m in enumerate(METRICS):
        ax.bar(
            xpos + (k - 1.5) * 0.2,
            [mean[sc][m] for sc in SCHEMES],
            0.2,
            yerr=[sd[sc][m] for sc in SCHEMES],
            capsize=2,
            label=labels[m],
        )
    ax.axhline(0.6, color="k", ls=":", lw=1, label="C3 threshold 0.6")
    ax.set_xticks(xpos, [SHORT[sc] for sc in SCHEMES], rotation=30, ha="right")
    ax.set_ylabel("Pearson r")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8, ncol=5, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout()
    return fig


def _mosaic(b: np.ndarray) -> np.ndarray:
    """(3, 3, 3) blocks [x, y, z] -> (3, 11) image: slabs x = 0, 1, 2 side by side."""
    gap = np.full((3, 1), np.nan)
    return np.concatenate([b[0], gap, b[1], gap, b[2]], axis=1)


def point_spread(ps):
    """Top: truth, averaged and least-squares blocks of one slow block (slabs side by
    side). Bottom: three of the eight null-space patterns."""
    fig, axs = plt.subplots(2, 3, figsize=(12, 5.2), layout="constrained")
    ticks = [0, 1, 2, 4, 5, 6, 8, 9, 10]
    rows = (
        ("truth", ps.truth),
        ("averaged (arithmetic)", ps.averaged),
        ("least squares", ps.lsq),
    )
    for j, (title, b) in enumerate(rows):
        mo = _mosaic(b)
        im = axs[0, j].imshow(mo, cmap="viridis", vmin=ps.v_slow, vmax=ps.v_b)
        for i in range(3):
            for k in ticks:
                colour = "w" if mo[i, k] < 2000 else "k"
                label = f"{mo[i, k] / 1000:.2f}"
                axs[0, j].text(
                    k, i, label, ha="center", va="center", fontsize=7, color=colour
                )
        axs[0, j].set_title(f"{title}: slabs x0 | x1 | x2", fontsize=9)
    for j in range(3):
        mo = _mosaic(ps.null_basis[:, j].reshape(3, 3, 3))
        lim = np.nanmax(np.abs(mo))
        im_n = axs[1, j].imshow(mo, cmap="RdBu_r", vmin=-lim, vmax=lim)
        axs[1, j].set_title(
            f"null-space pattern {j + 1}: every line sum is 0", fontsize=9
        )
    for ax in axs.ravel():
        ax.set_xticks(ticks, [f"z{k % 4}" for k in ticks], fontsize=7)
        ax.set_yticks(range(3), [f"y{i}" for i in range(3)], fontsize=7)
    fig.colorbar(im, ax=axs[0].tolist(), label="block Vp (m/s)", shrink=0.8)
    fig.colorbar(im_n, ax=axs[1].tolist(), label="pattern weight", shrink=0.8)
    return fig


def forward_models(fw, profile):
    """Left: first-arrival against straight-ray region Vp. Right: the analytic cases."""
    fig, axs = plt.subplots(1, 2, figsize=(10, 4))
    pairs = fw.pairs
    axs[0].plot(pairs[0], pairs[1], "o", ms=3, alpha=0.7)
    lim = [pairs.min() * 0.98, pairs.max() * 1.02]
    axs[0].plot(lim, lim, "k--", lw=1)
    axs[0].set_xlabel("straight ray Vp (m/s)")
    axs[0].set_ylabel(f"first arrival Vp (m/s), {profile.fa_coarsen} mm graph")
    axs[0].set_title(f"{profile.fa_cubes} cubes × 27 regions")
    names = list(fw.cases)
    xp = np.arange(len(names))
    axs[1].bar(xp - 0.2, [fw.cases[k][0] for k in names], 0.4, label="straight ray")
    axs[1].bar(xp + 0.2, [fw.cases[k][1] for k in names], 0.4, label="first arrival")
    pred = [fw.cases[k][2] for k in names]
    axs[1].plot(xp - 0.2, pred, "k_", ms=20, mew=2, label="predicted")
    axs[1].plot(xp + 0.2, [fw.cases[k][3] for k in names], "k_", ms=20, mew=2)
    axs[1].set_xticks(xp, names, fontsize=8)
    axs[1].set_ylabel("Vp (m/s)")
    axs[1].set_ylim(1500, 2600)
    axs[1].legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def sensitivity(sweep):
    """Mean r against picking noise for each grid and averaging rule."""
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for gi, g in enumerate(GRIDS):
        for rule, ls in zip(RULES, ("-", "--")):
            r = [sweep.at(g, s, rule) for s in NOISE_LEVELS]
            ax.plot(
                NOISE_LEVELS,
                r,
                ls,
                marker="o",
                color=f"C{gi}",
                label=f"{g}×{g}, {rule}",
            )
    ax.set_xlabel("picking noise σ_t (µs)")
    ax.set_ylabel("Pearson r vs footprint truth")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
