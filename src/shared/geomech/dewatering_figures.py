"""Figures of the chapter ``coal-dewatering``: one function per figure, each returning
a Figure.

The inputs are the result dataclasses of :mod:`shared.geomech.dewatering_experiment`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from . import rockphysics as rp
from .dewatering_experiment import FACTORS
from .dewatering_experiment import KMIN0
from .dewatering_experiment import PHI0
from .dewatering_experiment import REPORTED
from .dewatering_experiment import VP_DRY
from .dewatering_experiment import VS_DRY
from .dewatering_experiment import Fluid
from .dewatering_experiment import Imaging
from .dewatering_experiment import Percentages
from .dewatering_experiment import Porosity
from .dewatering_experiment import Static
from .dewatering_experiment import substitute

_SET_COLOURS = ListedColormap(["#f2f2f2", "C0", "C1", "C2"])
_SET_NAMES = ["matrix", "face cleat", "butt cleat", "bedding"]


def ct_slices(net: rp.FractureNetwork):
    """Three orthogonal mid-slices of one fracture mask, coloured by fracture set."""
    set_map = net.set_map
    m = set_map.shape[0] // 2
    panels = (
        ("z = n/2", set_map[:, :, m], "x", "y"),
        ("y = n/2", set_map[:, m, :], "x", "z"),
        ("x = n/2", set_map[m, :, :], "y", "z"),
    )
    fig, axs = plt.subplots(1, 3, figsize=(10.5, 3.6), layout="constrained")
    for ax, (title, sl, xl, yl) in zip(axs, panels):
        im = ax.imshow(
            sl.T,
            origin="lower",
            cmap=_SET_COLOURS,
            vmin=-0.5,
            vmax=3.5,
            interpolation="nearest",
        )
        ax.set_title(title)
        ax.set_xlabel(f"{xl} (voxels)")
        ax.set_ylabel(f"{yl} (voxels)")
    cb = fig.colorbar(im, ax=axs, ticks=[0, 1, 2, 3], shrink=0.8)
    cb.ax.set_yticklabels(_SET_NAMES)
    return fig


def phi_p32(por: Porosity):
    """Fracture porosity against exact and voxel P32, one panel per population, with
    through-origin fits, their 95 % bands and the OLS fit to the exact P32."""
    fits = por.fits
    fig, axs = plt.subplots(
        1, 2, figsize=(10.5, 4.2), sharey=True, layout="constrained"
    )
    estimators = (("p32", "C0", "o", "exact P32"), ("p32_vox", "C1", "x", "voxel P32"))
    for ax, (name, p) in zip(axs, por.pops.items()):
        xmax = max(p["p32"].max(), p["p32_vox"].max()) * 1.05
        xs = np.linspace(0, xmax, 100)
        for est, col, mk, lab in estimators:
            ax.plot(p[est], p["phi"], mk, color=col, ms=4, label=lab)
            fit, lo, hi = rp.line_band(p[est], p["phi"], xs, through_origin=True)
            f = fits[(name, est, "origin")]
            label = f"through origin: slope {f['slope']:.2f}, R² {f['r2']:.2f}"
            ax.plot(xs, fit, color=col, label=label)
            ax.fill_between(xs, lo, hi, color=col, alpha=0.2)
        fo = fits[(name, "p32", "ols")]
        ols = fo["slope"] * xs + fo["intercept"]
        ax.plot(xs, ols, "k:", label=f"OLS exact: R² {fo['r2']:.2f}")
        ax.set_title(name)
        ax.set_xlabel("P32 (per voxel length)")
        ax.legend(fontsize=7, loc="upper left")
    axs[0].set_ylabel("fracture porosity φ_f")
    return fig


def resolution(im: Imaging):
    """Mean porosity, voxel P32 and voxel/exact P32 against the block-averaging factor,
    for the thresholds 0.5 (solid) and 0.25 (dashed)."""
    sw = im.mean
    quantities = (("phi", "φ_f"), ("p32", "voxel P32"), ("ratio", "voxel / exact P32"))
    fig, axs = plt.subplots(1, 3, figsize=(11, 3.4), layout="constrained")
    for t, ls in ((0.5, "-"), (0.25, "--")):
        for ax, (q, lab) in zip(axs, quantities):
            values = [sw[(f, t)][q] for f in FACTORS]
            ax.plot(FACTORS, values, ls, marker="o", label=f"threshold {t}")
            ax.set_xlabel("block-averaging factor")
            ax.set_ylabel(lab)
            ax.set_xticks(FACTORS)
    axs[2].axhline(1, color="k", lw=0.8)
    axs[0].legend(fontsize=8)
    return fig


def gassmann(fl: Fluid):
    """Wet/dry ratios of Vp, Vs and Ed against porosity for three mineral moduli (left)
    and the sign map of the Vp change over porosity and K_min (right)."""
    phis, kmins, grid_vp = fl.phis, fl.kmins, fl.grid_vp
    fig, axs = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    for km, col in ((5e9, "C3"), (6e9, "C0"), (8e9, "C2")):
        o = substitute(phis, km)
        gpa = f"K_min {km / 1e9:.0f} GPa"
        axs[0].plot(100 * phis, o["vp"] / VP_DRY, "-", color=col, label=f"Vp, {gpa}")
        ed_ratio = o["wet"]["E"] / o["dry"]["E"]
        axs[0].plot(100 * phis, ed_ratio, "--", color=col, label=f"Ed, {gpa}")
    axs[0].plot(100 * phis, o["vs"] / VS_DRY, "k:", label="Vs (any K_min)")
    axs[0].axhline(1, color="0.5", lw=0.8)
    axs[0].set_xlabel("porosity φ (%)")
    axs[0].set_ylabel("wet / dry")
    axs[0].legend(fontsize=7, ncol=2)
    vp_lim = 100 * np.abs(grid_vp - 1).max()
    pc = axs[1].pcolormesh(
        100 * phis,
        kmins / 1e9,
        100 * (grid_vp - 1),
        cmap="RdBu_r",
        vmin=-vp_lim,
        vmax=vp_lim,
        shading="auto",
    )
    axs[1].contour(100 * phis, kmins / 1e9, grid_vp, levels=[1.0], colors="k")
    axs[1].plot(100 * PHI0, KMIN0 / 1e9, "ko")
    axs[1].set_xlabel("porosity φ (%)")
    axs[1].set_ylabel("K_min (GPa)")
    fig.colorbar(pc, ax=axs[1], label="wet − dry Vp (%)")
    return fig


def percent_bases(pct: Percentages):
    """The dry-base reading of a wet-base difference, reported values marked."""
    conv = pct.dry_base
    p = np.linspace(0, 60, 200)
    fig, ax = plt.subplots(figsize=(5.5, 3.8), layout="constrained")
    ax.plot(p, p, "k:", lw=0.8, label="equal")
    dry = rp.convert_pct_base(p, to="a")
    ax.plot(p, dry, label="dry base: wet q % lower than dry")
    for k, v in REPORTED.items():
        label = f"{k}: {v:.0f} % (wet base) = {conv[k]:.1f} % (dry base)"
        ax.plot([v], [conv[k]], "o", label=label)
    ax.set_xlabel("dry higher than wet, wet base (%)")
    ax.set_ylabel("same difference, dry base (%)")
    ax.legend(fontsize=8)
    return fig


def static_moduli(sta: Static):
    """The synthetic stress-strain curve with its tangent-50, linear-segment and
    secant-50 moduli."""
    eps, sig, es, ucs = sta.eps, sta.sig, sta.es, sta.ucs_mpa
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.plot(1e3 * eps, sig / 1e6, "k", lw=2, label="synthetic curve")
    e50 = np.interp(0.5 * ucs * 1e6, sig, eps)
    xs = np.linspace(0, 1e3 * eps.max(), 10)
    label = f"secant 50 %: {es['secant50']:.2f} GPa"
    ax.plot(xs, es["secant50"] * xs, "--", label=label)
    for m, ls in (("tangent50", "-."), ("linear", ":")):
        line = 0.5 * ucs + es[m] * (xs - 1e3 * e50)
        ax.plot(xs, line, ls, label=f"{m}: {es[m]:.2f} GPa")
    ax.axhline(0.5 * ucs, color="0.7", lw=0.8)
    ax.set_ylim(0, ucs * 1.1)
    ax.set_xlim(0, 1e3 * eps.max() * 1.05)
    ax.set_xlabel("axial strain (10⁻³)")
    ax.set_ylabel("axial stress (MPa)")
    ax.legend(fontsize=8)
    return fig
