"""Figures of the chapter ``spin1-bec``: one function per figure, each returning a
Figure.

Every function takes the result of the matching ``run_*`` function of
:mod:`shared.quantum.spin1_experiment` and draws it with pyplot (so a notebook shows
it); nothing is computed here except the cheap curves a panel overlays (mean field,
fits).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from shared.quantum import spin1 as sp
from shared.quantum import spin1_claims as spc
from shared.quantum import spin1_experiment as spe
from shared.quantum.spin1_experiment import AFM
from shared.quantum.spin1_experiment import FERRO

__all__ = [
    "STYLE",
    "bogoliubov_validity",
    "ground_squeezing",
    "parity",
    "phase_diagram",
    "qfi",
    "quench_curves",
    "quench_map",
    "steady",
]

#: rcParams of the chapter's figures (``plt.rcParams.update(STYLE)`` in the notebook).
STYLE = {"figure.dpi": 90, "axes.grid": True, "grid.alpha": 0.3}

_DB = r"$10\log_{10}\xi^2_N$ (dB)"
_FQ_PLANE = r"$F_Q/(4N)$, plane $(S_x, Q_{yz})$"


def phase_diagram(ph: spe.Phase) -> Figure:
    """rho0 versus q (ED dots, mean field line) with the lowest gap in insets."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    titles = ("ferromagnetic, c < 0", "antiferromagnetic, c > 0")
    for ax, c, title in zip(axes, (FERRO, AFM), titles):
        for N in ph.n:
            ax.plot(ph.q, ph.scans[(c, N)]["rho0"], ".", ms=3, label=f"ED, N = {N}")
        ax.plot(ph.q, sp.mean_field_rho0(ph.q, c), "k-", lw=1, label="mean field")
        ax.set(xlabel="q / |c|", title=title)
        ins = ax.inset_axes([0.58, 0.12, 0.38, 0.38])
        for N in ph.n:
            ins.semilogy(ph.q, ph.scans[(c, N)]["gap"], lw=1)
        for qc in sp.q_critical(c):
            ax.axvline(qc, color="grey", ls=":")
            ins.axvline(qc, color="grey", ls=":")
        ins.set_title("gap E1 - E0 (|c|)", fontsize=7)
        ins.tick_params(labelsize=6, which="both")
        ins.yaxis.set_minor_formatter(NullFormatter())
    axes[0].set_ylabel(r"$\rho_0 = \langle N_0\rangle / N$")
    axes[0].legend(fontsize=7, loc="upper left")
    return fig


def ground_squeezing(gs: spe.GroundSqueezing) -> Figure:
    """Ground-state squeezing versus q, ED and Bogoliubov; the min-over-q markers."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    for ax, c in zip(axes, (FERRO, AFM)):
        for N in gs.n:
            if (
                c == FERRO
            ):  # grid refined around the minimum, so the curve reaches its marker
                ax.plot(gs.q_plot[N], sp.to_db(gs.xi2_plot[N]), label=f"ED, N = {N}")
            else:
                ax.plot(
                    gs.q[c], sp.to_db(gs.scans[(c, N)]["xi2_N"]), label=f"ED, N = {N}"
                )
        ax.plot(gs.q[c], sp.to_db(gs.bog[c].xi2), "k--", lw=1, label="Bogoliubov")
        ax.set(xlabel="q / |c|")
    axes[0].axvline(2.0, color="grey", ls=":")
    axes[0].plot(gs.best_q, gs.best_db, "kx", label="min over q (Brent)")
    axes[0].set(ylabel=_DB, title="ferromagnetic")
    axes[1].set(xscale="log", title="antiferromagnetic")
    axes[0].legend(fontsize=7)
    return fig


def qfi(q: spe.Qfi, sc: spe.CriticalScaling) -> Figure:
    """(a) F_Q/(4N), (b) F_Q/N^2 with mean field, (c) power laws at q_c."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    qf, qa = q.q[FERRO], q.q[AFM]
    for N in q.n:
        fq = q.scans[(FERRO, N)]["fq_plane"]
        axes[0].semilogy(qf, fq / (4 * N), label=f"N = {N}")
        axes[1].plot(qf, fq / N**2, label=f"ferro, N = {N}")
        g2 = q.scans[(AFM, N)]["fq_dM2"] / N**2
        axes[1].plot(qa, g2, ":", label=f"AFM, $G_2$, N = {N}")
    mf = sp.mean_field_qfi_ba(qf, FERRO)
    axes[1].plot(qf, mf, "k-", lw=1, label="mean field (BA)")
    axes[0].axhline(1.0, color="k", lw=0.8)
    for qc in (-2.0, 2.0):
        axes[0].axvline(qc, color="grey", ls=":")
    axes[0].set(xlabel="q / |c|", ylabel=_FQ_PLANE, title="(a) ferromagnetic")
    axes[1].set(xlabel="q / |c|", ylabel=r"$F_Q/N^2$", title="(b) Heisenberg scaling")
    axes[0].legend(fontsize=7)
    axes[1].legend(fontsize=6)
    labels = {"xi2": r"$\xi^2_N$", "gap": "gap (|c|)", "fq": r"$F_Q$"}
    logn = np.log10(sc.n)
    for name, lab in labels.items():
        coef = sc.fits[name][0]
        axes[2].loglog(sc.n, sc.series[name], "o", label=f"{lab}: slope {coef[0]:.3f}")
        axes[2].loglog(sc.n, 10 ** np.polyval(coef, logn), "k-", lw=0.8)
    ylab = r"$\xi^2_N$, gap (|c|) and $F_Q$ at $q_c$"
    axes[2].set(xlabel="N", ylabel=ylab, title="(c) at $q_c = 2|c|$")
    axes[2].legend(fontsize=7)
    plt.tight_layout()
    return fig


def parity(par: spe.Parity) -> Figure:
    """Even versus odd N: (a, b) versus q N^2/c, (c, d) at q = 0 versus N."""
    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    for pair in par.pairs:
        for N, ls in zip(pair, ("-", "--")):
            scan = par.scans[N]
            axes[0, 0].plot(par.x, sp.to_db(scan["xi2_N"]), ls, label=f"N = {N}")
            axes[0, 1].plot(par.x, scan["fq_plane"] / N**2, ls, label=f"N = {N}")
    ticks = [-1e4, -1e2, -1, 0, 1, 1e2, 1e4]
    tick_labels = ["$-10^4$", "$-10^2$", "$-1$", "0", "1", "$10^2$", "$10^4$"]
    for ax in axes[0]:
        ax.set_xscale("symlog", linthresh=0.01)
        ax.set_xticks(ticks, tick_labels)
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(r"$qN^2/c$")
    axes[0, 0].set(ylabel=_DB, title="(a)")
    axes[0, 1].set(ylabel=r"$F_Q/N^2$, plane $(S_x,Q_{yz})$", title="(b)")
    axes[0, 0].legend(fontsize=7)
    n = par.n_small
    odd = n % 2 == 1
    ed_x2 = np.array([r["xi2_N"][0] for r in par.q0])
    ed_xh = np.array([r["xi2_H"][0] for r in par.q0])
    cf_x2 = np.array([cf["xi2_N"] for cf in par.cf_small])
    cf_xh = np.array([cf["xi2_H"] for cf in par.cf_small])
    ax = axes[1, 0]
    ax.plot(n[odd], sp.to_db(ed_x2[odd]), "o", ms=4, label=r"ED $\xi^2_N$, odd N")
    ax.plot(n[odd], sp.to_db(cf_x2[odd]), "k-", lw=0.8, label=r"$1/N$")
    ax.plot(n[odd], sp.to_db(ed_xh[odd]), "s", ms=4, label=r"ED $\xi^2_H$, odd N")
    ax.plot(n[odd], sp.to_db(cf_xh[odd]), "k--", lw=0.8, label=r"$5/(2N+3)$")
    ax.plot(
        n[~odd], sp.to_db(ed_x2[~odd]), "v", ms=4, label=r"ED $\xi^2_N$, even N (= 0)"
    )
    ax.set(xlabel="N", ylabel="dB", title="(c) q = 0")
    ax.legend(fontsize=7)
    ed_fq = np.array([r["fq_plane"][0] for r in par.q0]) / n**2
    cf_fq = np.array([cf["fq_plane"] for cf in par.cf_small]) / n**2
    ax = axes[1, 1]
    for mask, lab in ((~odd, "even"), (odd, "odd")):
        ax.plot(n[mask], ed_fq[mask], "o", ms=4, label=f"ED, {lab} N")
        ax.plot(n[mask], cf_fq[mask], "k-", lw=0.8)
    ax.axhline(16 / 15, color="grey", ls=":")
    ax.axhline(48 / 35, color="grey", ls=":")
    ax.set(xlabel="N", ylabel=r"$F_Q/N^2$", title="(d) q = 0 (limits 16/15 and 48/35)")
    ax.legend(fontsize=7)
    plt.tight_layout()
    return fig


def quench_curves(qc: spe.QuenchCurves) -> Figure:
    """Squeezing and pair population after quenches: ED solid, Bogoliubov dashed."""
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), sharex=True)
    t = qc.t
    for row, c in enumerate((FERRO, AFM)):
        for q in qc.q[c]:
            ed, bog = qc.ed[(c, q)], qc.bog[(c, q)]
            (line,) = axes[row, 0].plot(t, sp.to_db(ed["xi2"]), label=f"q = {q:g}|c|")
            col = line.get_color()
            axes[row, 0].plot(t, sp.to_db(bog.xi2), "--", color=col, lw=0.8)
            axes[row, 1].semilogy(t, np.maximum(ed["n_plus"], 1e-6), color=col)
            pair = np.maximum(bog.n_pair, 1e-6)
            axes[row, 1].semilogy(t, pair, "--", color=col, lw=0.8)
        side = "ferromagnetic" if c < 0 else "antiferromagnetic"
        axes[row, 0].set(ylabel=_DB, ylim=(-35, 5), title=f"{side}, N = {qc.n}")
        axes[row, 1].set(ylabel=r"$\langle N_{+1}\rangle$", ylim=(1e-3, qc.n))
        axes[row, 0].legend(fontsize=7)
    axes[1, 0].set_xlabel("t |c|")
    axes[1, 1].set_xlabel("t |c|")
    plt.tight_layout()
    return fig


def quench_map(qm: spe.QuenchMap) -> Figure:
    """Best squeezing and largest F_Q/(4N) within the window versus q."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for c, mk, lab in ((FERRO, "o", "ferro"), (AFM, "s", "AFM")):
        x = qm.q[c]
        axes[0].plot(x, sp.to_db(qm.best[c]), mk, ms=4, label=f"ED {lab}")
        axes[0].plot(
            x, sp.to_db(qm.bog_best[c]), "-", lw=0.8, label=f"Bogoliubov {lab}"
        )
        axes[1].semilogy(x, qm.fq[c], mk, ms=4, label=f"ED {lab}")
        axes[1].semilogy(x, qm.bog_fq[c], "-", lw=0.8, label=f"Bogoliubov {lab}")
    for ax in axes:
        for qc in (0.0, 2.0):
            ax.axvline(qc, color="grey", ls=":")
        ax.set_xlabel("q / |c|")
    title = f"ED: N = {qm.n}, t ≤ {qm.t_max:g}/|c|"
    axes[0].set(ylabel=r"best $10\log_{10}\xi^2_N$ (dB)", ylim=(-45, 2), title=title)
    ylab = r"max $F_Q/(4N)$, plane $(S_x,Q_{yz})$"
    axes[1].set(ylabel=ylab, ylim=(0.5, 3e3), title=title)
    axes[1].axhline(1.0, color="k", lw=0.8)
    axes[0].legend(fontsize=7)
    plt.tight_layout()
    return fig


def steady(st: spe.Steady) -> Figure:
    """(a) Squeezing and (b) F_Q/(4N) after a quench to q_c; (c) the oscillating null"""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    t, t_max = st.t, float(st.t[-1])
    for N in st.n:
        axes[0].plot(t, sp.to_db(st.ed[N]["xi2"]), label=f"ED, N = {N}")
        axes[1].semilogy(t, st.ed[N]["fq_over_4n"], label=f"ED, N = {N}")
    axes[0].plot(t, sp.to_db(st.bog.xi2), "k--", lw=1, label="Bogoliubov")
    axes[1].semilogy(t, st.bog.fq_over_4n, "k--", lw=1, label="Bogoliubov")
    for ax, level in ((axes[0], spc.C6_LEVEL_DB), (axes[1], spc.C6_FQ_MIN)):
        ax.axvspan(st.t_win, t_max, color="grey", alpha=0.15, lw=0)
        ax.axhline(level, color="grey", ls=":")
    axes[0].set(
        xlabel="t |c|", ylabel=_DB, title="(a) quench to q_c = 2|c|", ylim=(-32, 2)
    )
    axes[1].set(xlabel="t |c|", ylabel=_FQ_PLANE, title="(b) quench to q_c = 2|c|")
    axes[0].legend(fontsize=7)
    lab_osc = rf"ED $\xi^2_N$, q = {st.q_osc:g}|c| (null)"
    axes[2].plot(t, sp.to_db(st.osc["xi2"]), label=lab_osc)
    lab_stab = rf"ED $\xi^2_N$, q = {st.q_stab:g}|c|"
    axes[2].plot(t, sp.to_db(st.stab["xi2"]), "--", lw=0.8, label=lab_stab)
    axes[2].axvspan(st.t_win, t_max, color="grey", alpha=0.15, lw=0)
    for k in range(1, int(t_max * st.omega / np.pi) + 1):
        axes[2].axvline(k * np.pi / st.omega, color="grey", lw=0.5, ls=":")
    axes[2].set(xlabel="t |c|", ylabel="dB", title=f"(c) stable q, N = {st.n[0]}")
    axes[2].legend(fontsize=7)
    plt.tight_layout()
    return fig


def bogoliubov_validity(val: spe.Validity) -> Figure:
    """Largest ED-Bogoliubov squeezing deviation versus N, with a 1/N guide."""
    fig, ax = plt.subplots(figsize=(5, 3.8))
    for (q, c), v in val.dev.items():
        side = "AFM" if c > 0 else "ferro"
        lab = f"{side}, q = {q:g}|c| (slope {val.slopes[(q, c)]:.2f})"
        ax.loglog(val.n, v, "o-", label=lab)
    ax.loglog(val.n, 100.0 / val.n, color="grey", lw=0.8, label="1/N guide")
    ax.set_xticks(val.n, [str(n) for n in val.n])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ylab = f"max dB deviation, ED vs Bogoliubov, t ≤ {val.t_validity:g}/|c|"
    ax.set(xlabel="N", ylabel=ylab)
    ax.legend(fontsize=7)
    return fig
