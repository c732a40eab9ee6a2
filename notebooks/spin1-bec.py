# %% [markdown]
# # Spin-nematic squeezing and quantum Fisher information at the phase transitions of a spin-1 condensate
#
# This chapter re-runs, from code, the physics announced in {cite:p}`spin1bec`: squeezing of
# spin-nematic quadratures and the quantum Fisher information (QFI) of a spin-1 (dipolar)
# Bose–Einstein condensate near its quantum phase transitions, the difference between even and odd
# atom numbers, and the squeezing produced by spin-mixing dynamics after a quench.
#
# ```{important}
# **Only the abstract of the paper could be read.** Its Hamiltonian, conventions, normalisations,
# parameters, formulas and figures are unknown to us. Everything below is a *reconstruction* from
# the standard single-mode theory of spin-1 condensates {cite:p}`law1998,kawaguchi2012`, the
# single-mode treatment of the dipolar interaction {cite:p}`yi2004`, spin-nematic quadratures
# {cite:p}`hamley2012`, and QFI bounds and their behaviour across these transitions
# {cite:p}`pezze2018,feldmann2018`. Figures are therefore captioned "Analogue of the paper's figure
# on …", the *reported* column of the claims table is qualitative (the abstract gives no numbers), and
# every closed form used here is derived in this chapter and checked against brute force.
# ```
#
# **Scope.** What was read: the abstract only. So every paper claim below is graded at the evidence
# level *reconstruction* (source: the abstract, reported value: qualitative) and can at best "hold in our
# reconstruction", never be "reproduced". We test six statements of the abstract, as we read them:
# critical enhancement of ground-state squeezing (C2) and of the QFI up to Heisenberg scaling (C3), the
# even/odd atom-number effect with exact expressions (C4), squeezing from spin-mixing quenches near the
# transition (C5), "steady" squeezing and entanglement (C6) and the validity of Bogoliubov theory for the
# dynamics (C7). The location of the transitions (M1, formerly C1) and the statement that in the
# magnetisation-zero sector the dipolar term only renormalises the spin coupling (M2, formerly C8) are
# standard theory and an identity of our Hamiltonian, so they are *method checks*, listed apart and not
# counted, with the other implementation checks (M3–M7). Every check of a paper claim is compared with a
# computed null (the non-interacting Hamiltonian $c=0$, the unsqueezed 0 dB prediction, the other
# atom-number parity, an oscillating quench) that its criterion must reject. All numbers come from exact
# diagonalisation and do not depend on the seed. Eight figures (F1–F8) are analogues of the paper's six
# unknown figures. What was reconstructed: the model, all normalisations (ours are stated where they are
# used), the choice of the antiferromagnetic q ≈ 0 regime for the parity effect, and the reading of
# "steady".

# %% tags=["remove-input"]
# Colab set-up: installs this book's `shared` package in Google Colab; anywhere
# else it does nothing (the README gives the two set-up commands).
import subprocess
import sys

REPO_URL = "https://github.com/reprobook/executable-reproductions"
IN_COLAB = "google.colab" in sys.modules
if IN_COLAB:  # Colab's torch and numpy stay: the package asks for lower bounds only
    pkg = f"reprobook-shared @ git+{REPO_URL}@main"
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", pkg]
    subprocess.run(cmd, check=True)

# %% tags=["parameters"]
PROFILE = "quick"
SEED = 0

# %%
from shared.quantum import spin1 as sp
from shared.repro import start

cfg = start("spin1-bec", sp.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter
from shared.repro import glue

from shared.repro import key_numbers


def glue_number(name, value):
    """Glue a measured number for the prose (as a plain float, so MyST can format it)."""
    glue(name, float(value), display=False)


FERRO, AFM = -1.0, 1.0          # c in units of |c|: ferromagnetic and antiferromagnetic
plt.rcParams.update({"figure.dpi": 90, "axes.grid": True, "grid.alpha": 0.3})

# %% [markdown]
# ## Model
#
# Three modes $a_{+1}, a_0, a_{-1}$ hold $N$ atoms. In the single-mode approximation the
# Hamiltonian template (our convention) is
#
# $$
# H = \frac{c_2}{2N}\mathbf L^2 + \frac{\kappa c_d}{2N}\left(\mathbf L^2 - 3L_z^2\right) - pL_z
#     + q\,(N_{+1}+N_{-1}),
# $$
#
# with total spin $\mathbf L$, linear and quadratic Zeeman shifts $p, q$ and a trap-geometry factor
# $\kappa$ for the dipolar term. $L_z = M$ is conserved; in the $M=0$ sector $L_z$ and $L_z^2$ vanish,
# so only $c = c_2 + \kappa c_d$ survives (`sp.c_eff`, method check M2). We measure energies in $|c|$ and times
# in $1/|c|$ ($\hbar=1$); $c<0$ is ferromagnetic, $c>0$ antiferromagnetic (AFM).
#
# In the basis $|k\rangle = |N_{+1}=k, N_0=N-2k, N_{-1}=k\rangle$, $k=0\ldots\lfloor N/2\rfloor$, the
# Hamiltonian is a real tridiagonal matrix, diagonalised with SciPy's `eigh_tridiagonal`
# (`sp.sector_hamiltonian`, `sp.ground_state`). The spin-nematic operators
# $S_x, Q_{yz}, S_y, Q_{xz}$ (collective sums of the single-atom spin-1 matrices and
# $Q_{ij}=S_iS_j+S_jS_i-\tfrac43\delta_{ij}$) change $M$ by $\pm1$; all their second moments follow from
# the images of a state in the $M=\pm1$ sectors (`sp.moments`). Squeezing is measured in the
# $(S_x, Q_{yz})$ plane, whose commutator is $[S_x,Q_{yz}]=i(Q_{zz}-Q_{yy})$:
#
# * $\xi^2_N = \lambda_{\min}(C)/N$ (shot-noise normalised; our default) and
#   $\xi^2_H = \lambda_{\min}(C)/(|\langle Q_{zz}-Q_{yy}\rangle|/2)$, with $C$ the $2\times2$ covariance;
# * QFI of a pure state $F_Q[G]=4\,\mathrm{Var}\,G$, by default for the best generator in the
#   $(S_x,Q_{yz})$ plane, $F_Q = 4\lambda_{\max}(C)$. Every generator used has single-atom spectrum
#   $\{-1,0,1\}$, so $F_Q/(4N)>1$ witnesses entanglement and $F_Q\le4N^2$ (Heisenberg).
#
# The unit tests (`tests/test_spin1.py`) check all of this against a brute-force Fock-space calculation
# built directly from the spin-1 matrices for $N\le12$.
#
# **Mean field and Bogoliubov.** With $\rho_0=N_0/N$ and relative phase $\theta$, the energy per atom
# is $q(1-\rho_0)+c\rho_0(1-\rho_0)(1+\cos\theta)$. For $c<0$: $\rho_0=1$ for $q>2|c|$,
# $\rho_0=(1+q/2|c|)/2$ in the broken-axisymmetry (BA) phase $|q|<2|c|$, $\rho_0=0$ for $q<-2|c|$;
# for $c>0$ the transition sits at $q=0$. Replacing $a_0\to\sqrt N$ gives two decoupled squeezing modes
# $b_\pm=(a_{+1}\pm a_{-1})/\sqrt2$ with frequency $\omega=\sqrt{q(q+2c)}$; on the polar side
# $\mathrm{Var}\,S_x/N=\sqrt{q/(q+2c)}$ and $\mathrm{Var}\,Q_{yz}/N=\sqrt{(q+2c)/q}$, and after a quench
# from the polar state $b(t)=ub+vb^\dagger$ gives $\xi^2=(|u|-|v|)^2$ and $F_Q/4N=(|u|+|v|)^2$
# (`sp.bogoliubov_ground`, `sp.bogoliubov_quench`).

# %% [markdown]
# ## Phase diagram (method check M1)
#
# We scan $q$ for both signs of $c$ and compare the exact fraction $\rho_0=\langle N_0\rangle/N$ with
# mean field, and follow the lowest gap of the $M=0$ sector.

# %%
q_phase = np.union1d(np.linspace(-4.0, 4.0, cfg.n_q_phase), [-2.0, 0.0, 2.0])
phase = {(c, N): sp.ground_state_scan(N, q_phase, c)
         for c in (FERRO, AFM) for N in cfg.n_phase}


def rho0_error(c, N):
    """Largest |rho0(ED) - rho0(MF)| at least 0.2|c| away from every critical point."""
    far = np.min([np.abs(q_phase - qc) for qc in sp.q_critical(c)], axis=0) >= 0.2
    return float(np.max(np.abs(phase[(c, N)]["rho0"] - sp.mean_field_rho0(q_phase, c))[far]))


def lowest_gap(N, q, c):
    E, _ = sp.ground_state(N, float(q), c, n_states=2)
    return E[1] - E[0]


def gap_minimum(N, c, qc):
    """Location and value of the local minimum of the lowest gap near q_c (grid, then bounded Brent)."""
    width = 0.5 if c < 0 else 10.0 / N ** 2       # the AFM gap closes in a window |q| ~ c/N^2
    grid = qc + width * np.linspace(-1.0, 1.0, 41)
    return sp.minimise_on_grid(lambda q: lowest_gap(N, q, c), grid, xatol=1e-6 * width)


gap_min = {(c, qc, N): gap_minimum(N, c, qc) for c in (FERRO, AFM) for qc in sp.q_critical(c) for N in cfg.n_phase}
big = [N for N in cfg.n_phase if N >= 1000]
rho0_err = max(rho0_error(c, N) for c in (FERRO, AFM) for N in big)
gap_shift = max(abs(gap_min[(c, qc, N)][0] - qc) for c in (FERRO, AFM) for qc in sp.q_critical(c) for N in big)
gap_shrinks = all(np.all(np.diff([gap_min[(c, qc, N)][1] for N in cfg.n_phase]) < 0)
                  for c in (FERRO, AFM) for qc in sp.q_critical(c))
glue_number("rho0_err", rho0_err)
glue_number("gap_shift", gap_shift)
glue_number("gap_afm_nmax", lowest_gap(cfg.n_phase[-1], 0.0, AFM) * cfg.n_phase[-1])

# %% mystnb={"figure": {"caption": "Analogue of the paper's figure on the ground-state phases: fraction of atoms in m = 0 versus q (exact diagonalisation, dots; mean field, line) for the ferromagnetic (left) and antiferromagnetic (right) case. Insets: lowest gap of the M = 0 sector, with minima at the critical points (dotted lines) that close as N grows.", "name": "fig-spin1-phase"}}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, c, title in zip(axes, (FERRO, AFM), ("ferromagnetic, c < 0", "antiferromagnetic, c > 0")):
    for N in cfg.n_phase:
        ax.plot(q_phase, phase[(c, N)]["rho0"], ".", ms=3, label=f"ED, N = {N}")
    ax.plot(q_phase, sp.mean_field_rho0(q_phase, c), "k-", lw=1, label="mean field")
    for qc in sp.q_critical(c):
        ax.axvline(qc, color="grey", ls=":")
    ax.set(xlabel="q / |c|", title=title)
    ins = ax.inset_axes([0.58, 0.12, 0.38, 0.38])
    for N in cfg.n_phase:
        ins.semilogy(q_phase, phase[(c, N)]["gap"], lw=1)
    for qc in sp.q_critical(c):
        ins.axvline(qc, color="grey", ls=":")
    ins.set_title("gap E1 - E0 (|c|)", fontsize=7)
    ins.tick_params(labelsize=6, which="both")
    ins.yaxis.set_minor_formatter(NullFormatter())
axes[0].set_ylabel(r"$\rho_0 = \langle N_0\rangle / N$")
axes[0].legend(fontsize=7, loc="upper left")
plt.show()

# %% [markdown]
# Away from the critical points ($|q-q_c|\ge0.2|c|$, $N\ge10^3$) exact and mean-field $\rho_0$ differ by
# at most {glue:text}`rho0_err:.1e`. The gap minima sit within {glue:text}`gap_shift:.3f` $|c|$ of
# $q=\pm2|c|$ (ferromagnetic) and $q=0$ (AFM) for $N\ge10^3$; at the AFM point the gap is exactly
# $3c/N$ for even $N$ (from the $q=0$ spectrum $cL(L+1)/2N$; here $N\cdot$gap $=$
# {glue:text}`gap_afm_nmax:.4f` $c$).

# %% [markdown]
# ## Ground-state squeezing near the transition (C2)
#
# On the polar side the ground state is a two-mode squeezed vacuum: the AFM case squeezes $S_x$, the
# ferromagnetic case $Q_{yz}$. Approaching $q_c$ the Bogoliubov squeezing $\sqrt{q/(q+2c)}$ or
# $\sqrt{(q-2|c|)/q}$ goes to zero; finite $N$ caps it.

# %%
q_sq = {FERRO: np.linspace(1.5, 3.5, cfg.n_q_squeeze), AFM: np.logspace(-3, 0, cfg.n_q_squeeze)}
sq = {(c, N): sp.ground_state_scan(N, q_sq[c], c)
      for c in (FERRO, AFM) for N in cfg.n_squeeze}
bog_sq = {c: sp.bogoliubov_ground(q_sq[c], c) for c in (FERRO, AFM)}

# (a) ED vs Bogoliubov at N = 10^4 on the stable side (the acceptance point of C2)
n_a = 10000
assert n_a in cfg.n_squeeze, f"C2 is tested at N = {n_a}; profile {cfg.profile!r} must list it in n_squeeze"
stable_sq = {FERRO: q_sq[FERRO] >= 2.1, AFM: q_sq[AFM] >= 0.02}
gap_db = {c: float(np.nanmax(np.abs(sp.to_db(sq[(c, n_a)]["xi2_N"]) - sp.to_db(bog_sq[c].xi2))[stable_sq[c]]))
          for c in (FERRO, AFM)}
# null: the non-interacting (c = 0) ground state at the same q (the polar state, unsqueezed)
free_sq = {c: sp.ground_state_scan(n_a, q_sq[c], 0.0, n_states=1) for c in (FERRO, AFM)}
gap_db_null = {c: float(np.nanmax(np.abs(sp.to_db(free_sq[c]["xi2_N"]) - sp.to_db(bog_sq[c].xi2))[stable_sq[c]]))
               for c in (FERRO, AFM)}


# (b) best squeezing over q near the ferromagnetic critical point: grid, then bounded Brent search
def xi2_at(N, q, c=FERRO):
    return float(sp.ground_state_scan(N, [q], c, n_states=1)["xi2_N"][0])


q_fine = np.linspace(1.5, 2.5, 101)
best = [sp.minimise_on_grid(lambda q, N=N: xi2_at(N, q), q_fine, xatol=1e-6) for N in cfg.n_squeeze]
best_q = [b[0] for b in best]
best_db = [float(sp.to_db(b[1])) for b in best]
best_free_db = [float(sp.to_db(sp.minimise_on_grid(lambda q, N=N: xi2_at(N, q, 0.0), q_fine)[1])) for N in cfg.n_squeeze]
deepen_step = float(np.max(np.diff(best_db)))               # < 0: deeper at every larger N
deepen_step_null = float(np.max(np.diff(best_free_db)))
ba_side_approaches = bool(np.all(np.array(best_q) < 2.0) and np.all(np.diff(2.0 - np.array(best_q)) < 0))
# enhancement near q_c: best squeezing minus the squeezing at the far end of the scan (q = 3.5|c|)
q_far = float(q_sq[FERRO][-1])
gain_db = best_db[-1] - float(sp.to_db(xi2_at(cfg.n_squeeze[-1], q_far)))
gain_db_null = best_free_db[-1] - float(sp.to_db(xi2_at(cfg.n_squeeze[-1], q_far, 0.0)))
# the figure: a plotting grid refined around each minimum (the dip at N = 10^4 is ~0.03|c| wide)
q_plot = {N: sp.refine_grid(q_sq[FERRO], qs, 0.05, n=101) for N, qs in zip(cfg.n_squeeze, best_q)}
sq_plot = {N: sp.ground_state_scan(N, q_plot[N], FERRO, n_states=1)["xi2_N"] for N in cfg.n_squeeze}
fig_gap = max(float(sp.to_db(sq_plot[N].min())) - b for N, b in zip(cfg.n_squeeze, best_db))
fig_gap_null = float(sp.to_db(sq[(FERRO, cfg.n_squeeze[-1])]["xi2_N"].min())) - best_db[-1]

# (c) and C3: scaling at the ferromagnetic critical point q_c = 2|c|
n_sc = np.array(cfg.n_scaling)
at_qc = [sp.ground_state_scan(int(N), [2.0], FERRO) for N in n_sc]
xi2_qc = np.array([r["xi2_N"][0] for r in at_qc])
gap_qc = np.array([r["gap"][0] for r in at_qc])
fq_qc = np.array([r["fq_plane"][0] for r in at_qc])
fits = {}
for name, y in (("xi2", xi2_qc), ("gap", gap_qc), ("fq", fq_qc)):
    coef = np.polyfit(np.log10(n_sc), np.log10(y), 1)
    fits[name] = (coef, float(np.max(np.abs(np.log10(y) - np.polyval(coef, np.log10(n_sc))))))
exp_a, exp_b, exp_f = fits["xi2"][0][0], fits["gap"][0][0], fits["fq"][0][0]
for key, val in (("c2_gap_ferro", gap_db[FERRO]), ("c2_gap_afm", gap_db[AFM]), ("exp_a", exp_a),
                 ("exp_b", exp_b), ("exp_f", exp_f), ("best_q_nmax", best_q[-1]), ("best_db_nmax", best_db[-1]),
                 ("exp_ab", abs(exp_a - exp_b)), ("exp_fa", abs(exp_f - (1 - exp_a))), ("gain_db", gain_db),
                 ("fig_gap_null", fig_gap_null), ("fig_gap", fig_gap)):
    glue_number(key, val)
glue("n_a", n_a)

# %% mystnb={"figure": {"caption": "Analogue of the paper's figure on critically enhanced ground-state squeezing: shot-noise-normalised spin-nematic squeezing (dB) versus q from exact diagonalisation (solid) and Bogoliubov theory (dashed), ferromagnetic (left, q_c = 2|c|) and antiferromagnetic (right, q_c = 0, log axis). Generator plane (S_x, Q_yz). Crosses: minimum over q (bounded Brent search); the ferromagnetic curves are drawn on a q grid refined around each minimum.", "name": "fig-spin1-gs-squeezing"}}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, c in zip(axes, (FERRO, AFM)):
    for N in cfg.n_squeeze:
        if c == FERRO:   # grid refined around the minimum over q, so the curve reaches its marker
            ax.plot(q_plot[N], sp.to_db(sq_plot[N]), label=f"ED, N = {N}")
        else:
            ax.plot(q_sq[c], sp.to_db(sq[(c, N)]["xi2_N"]), label=f"ED, N = {N}")
    ax.plot(q_sq[c], sp.to_db(bog_sq[c].xi2), "k--", lw=1, label="Bogoliubov")
    ax.set(xlabel="q / |c|")
axes[0].axvline(2.0, color="grey", ls=":")
axes[0].plot(best_q, best_db, "kx", label="min over q (Brent)")
axes[0].set(ylabel=r"$10\log_{10}\xi^2_N$ (dB)", title="ferromagnetic")
axes[1].set(xscale="log", title="antiferromagnetic")
axes[0].legend(fontsize=7)
plt.show()

# %% [markdown]
# At $N=$ {glue:text}`n_a` exact diagonalisation and Bogoliubov theory agree to {glue:text}`c2_gap_ferro:.3f` dB
# (ferromagnetic, $q\ge2.1|c|$) and {glue:text}`c2_gap_afm:.4f` dB (AFM, $q\ge0.02c$). The best
# squeezing over $q$ deepens with $N$ and sits on the BA side, moving towards $q_c$
# ($q^\ast=$ {glue:text}`best_q_nmax:.3f` $|c|$, {glue:text}`best_db_nmax:.2f` dB at the largest $N$),
# {glue:text}`gain_db:.1f` dB below the squeezing at $q=3.5|c|$. The minimum is sharp: at $N=10^4$ its
# 3 dB width is about $0.03|c|$, so the ferromagnetic curves are drawn on a $q$ grid refined around each
# minimum (`sp.refine_grid`); without the refinement the plotted curve stopped
# {glue:text}`fig_gap_null:.1f` dB above its min-over-$q$ marker, with it the gap is
# {glue:text}`fig_gap:.1e` dB (method check M7).
# At $q_c$ itself $\xi^2\propto N^{a}$ with $a=$ {glue:text}`exp_a:.3f`, close to the $-1/3$ expected
# from the $N^{-1/3}$ closing of the gap.

# %% [markdown]
# ## Quantum Fisher information and Heisenberg scaling (C3)
#
# In the BA phase the $M=0$ ground state is the rotation-symmetric superposition of mean-field states
# with transverse magnetisation $m=\sqrt{1-(q/2c)^2}$ per atom. Averaging its direction gives
# $\mathrm{Var}\,S_x=N^2m^2/2$, hence our mean-field prediction $F_Q/N^2 = 2\,[1-(q/2c)^2]$ for the
# $(S_x,Q_{yz})$ generator (`sp.mean_field_qfi_ba`) — Heisenberg scaling (cf. {cite:p}`feldmann2018`).
# In the AFM $q<0$ phase that plane is a poor generator; $G_2=a_{+1}^\dagger a_{-1}+\mathrm{h.c.}$
# (changing $M$ by 2) recovers $F_Q\propto N^2$.

# %%
q_qfi = {FERRO: np.linspace(-3.0, 4.0, cfg.n_q_qfi), AFM: np.linspace(-1.0, 1.0, cfg.n_q_qfi)}
n_ba = (1000, 10000)       # the BA-phase comparison of C3 is made between these two atom numbers
assert set(n_ba) <= set(cfg.n_scaling), f"C3 compares N = {n_ba}; profile {cfg.profile!r} must list them in n_scaling"
n_qfi = tuple(N for N in cfg.n_scaling if N in (100,) + n_ba)
qfi_scan = {(c, N): sp.ground_state_scan(N, q_qfi[c], c)
            for c in (FERRO, AFM) for N in n_qfi}
ba = np.abs(q_qfi[FERRO]) <= 1.5
fq_n2 = {N: qfi_scan[(FERRO, N)]["fq_plane"][ba] / N ** 2 for N in n_qfi}
ba_change = float(np.max(np.abs(fq_n2[n_ba[1]] / fq_n2[n_ba[0]] - 1.0)))
ba_vs_mf = float(np.max(np.abs(fq_n2[n_ba[1]] / sp.mean_field_qfi_ba(q_qfi[FERRO][ba], FERRO) - 1.0)))
witness = min(float(sp.ground_state_scan(N, [qc], c)["fq_plane"][0] / (4 * N))
              for c in (FERRO, AFM) for qc in sp.q_critical(c) for N in cfg.n_scaling)
# null: the unentangled polar state |0, N, 0> (the c = 0 ground state for q > 0), F_Q = 4N
polar_fq_n2 = {N: float(sp.qfi(np.eye(N // 2 + 1)[0], N)) / N ** 2 for N in cfg.n_scaling}
witness_null = min(polar_fq_n2[N] * N / 4 for N in cfg.n_scaling)
ba_change_null = abs(polar_fq_n2[n_ba[1]] / polar_fq_n2[n_ba[0]] - 1.0)
ba_vs_mf_null = float(np.max(np.abs(polar_fq_n2[n_ba[1]] / sp.mean_field_qfi_ba(q_qfi[FERRO][ba], FERRO) - 1.0)))
glue_number("ba_change", ba_change)
glue_number("ba_vs_mf", ba_vs_mf)
glue_number("witness_min", witness)

# %% mystnb={"figure": {"caption": "Analogue of the paper's figure on the QFI: (a) F_Q/(4N) of the best (S_x, Q_yz) generator, ferromagnetic case (above 1: entanglement); (b) F_Q/N^2 with our mean-field prediction in the BA phase (black) and, for the AFM case, the Delta M = 2 generator G_2 (dotted); (c) at q_c = 2|c|: squeezing, gap and F_Q versus N with power-law fits.", "name": "fig-spin1-qfi"}}
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for N in n_qfi:
    axes[0].semilogy(q_qfi[FERRO], qfi_scan[(FERRO, N)]["fq_plane"] / (4 * N), label=f"N = {N}")
    axes[1].plot(q_qfi[FERRO], qfi_scan[(FERRO, N)]["fq_plane"] / N ** 2, label=f"ferro, N = {N}")
    axes[1].plot(q_qfi[AFM], qfi_scan[(AFM, N)]["fq_dM2"] / N ** 2, ":", label=f"AFM, $G_2$, N = {N}")
axes[1].plot(q_qfi[FERRO], sp.mean_field_qfi_ba(q_qfi[FERRO], FERRO), "k-", lw=1, label="mean field (BA)")
axes[0].axhline(1.0, color="k", lw=0.8)
for qc in (-2.0, 2.0):
    axes[0].axvline(qc, color="grey", ls=":")
axes[0].set(xlabel="q / |c|", ylabel=r"$F_Q/(4N)$, plane $(S_x, Q_{yz})$", title="(a) ferromagnetic")
axes[1].set(xlabel="q / |c|", ylabel=r"$F_Q/N^2$", title="(b) Heisenberg scaling")
axes[0].legend(fontsize=7)
axes[1].legend(fontsize=6)
for name, y, lab in (("xi2", xi2_qc, r"$\xi^2_N$"), ("gap", gap_qc, "gap (|c|)"), ("fq", fq_qc, r"$F_Q$")):
    coef = fits[name][0]
    axes[2].loglog(n_sc, y, "o", label=f"{lab}: slope {coef[0]:.3f}")
    axes[2].loglog(n_sc, 10 ** np.polyval(coef, np.log10(n_sc)), "k-", lw=0.8)
axes[2].set(xlabel="N", ylabel=r"$\xi^2_N$, gap (|c|) and $F_Q$ at $q_c$", title="(c) at $q_c = 2|c|$")
axes[2].legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# Near every critical point $F_Q/(4N)\ge$ {glue:text}`witness_min:.2f` for all $N$ tested
# (entanglement witness). In the BA phase ($|q|\le1.5|c|$) $F_Q/N^2$ changes by at most
# {glue:text}`ba_change:.1e` between $N=10^3$ and $10^4$ and matches the mean-field prediction to
# {glue:text}`ba_vs_mf:.1e`: the QFI reaches Heisenberg scaling. At $q_c$ the fitted exponents (panel c)
# agree with the Gaussian relations $\xi^2\propto$ gap, $|a-b|=$ {glue:text}`exp_ab:.3f`, and
# $F_Q\propto N^{1-a}$, $|f-(1-a)|=$ {glue:text}`exp_fa:.3f` (method check M3 accepts up to 0.03 for each; the relations hold for any Gaussian state, the unsqueezed null included, so they test the numerics, not the claim).

# %% [markdown]
# ## Even and odd atom numbers (C4)
#
# At $q=0$ the $M=0$ spectrum is $cL(L+1)/2N$ with $L\equiv N \pmod 2$, each $L$ once. In the AFM case the
# ground state is the lowest $L$: the pair singlet $L=0$ for even $N$ and $L=1$ for odd $N$. This makes the
# critical point $q=0$ exactly solvable, with different answers for the two parities:
#
# * **Even $N$ (singlet).** $\mathbf L^2=0$ gives $\mathrm{Var}\,S_x=0$: perfect squeezing, $\xi^2_N=0$.
#   Rotation invariance gives $\langle N_m\rangle=N/3$, so $\langle Q_{zz}-Q_{yy}\rangle=0$ and $\xi^2_H$ is $0/0$
#   (undefined). For the nematic variance, the nine single-atom matrices $\{S_i, Q_{xy}, Q_{xz}, Q_{yz},
#   (Q_{xx}-Q_{yy})/2, \tfrac{\sqrt3}{2}Q_{zz}, \sqrt{2/3}\,\mathbb 1\}$ are orthonormal (trace norm 2), so the
#   sum of their collective squares is $2\sum_{mn}a_m^\dagger a_n a_n^\dagger a_m = 2N(N+2)$. Isotropy makes the
#   five quadrupole terms equal, whence $\mathrm{Var}\,Q_{yz}=\mathrm{Var}\,G_2=4N(N+3)/15$ and
#   $F_Q=16N(N+3)/15$.
# * **Odd $N$ ($L=1$, $M=0$).** $\mathrm{Var}\,S_x=\tfrac12\langle\mathbf L^2-L_z^2\rangle=1$, so
#   $\xi^2_N=1/N$. In Cartesian modes the state is $(a_x^{\dagger2}+a_y^{\dagger2}+a_z^{\dagger2})^{(N-1)/2}a_z^\dagger|0\rangle$;
#   summing its multinomial amplitudes with the generating functions $\sum_i\binom{2i}{i}x^i=(1-4x)^{-1/2}$
#   and derivatives of it gives $\langle N_0\rangle=(3N+2)/5$, $\langle N_{\pm1}\rangle=(N-1)/5$,
#   $\langle Q_{zz}-Q_{yy}\rangle=-(4N+6)/5$, $\xi^2_H=5/(2N+3)$,
#   $\mathrm{Var}\,Q_{yz}=(12N^2+36N-13)/35$, $\mathrm{Var}\,G_2=4(N-1)(N+4)/35$.
#
# (The same generating-function sums reproduce the even-$N$ results, a check on the algebra.) The parity
# effect lives at $|q|\lesssim c/N^2$, so we plot against $qN^2/c$ on a symmetric-log axis.

# %%
cf_err, cf_null = 0.0, 0.0      # null: the closed forms of the other parity (N + 1)
for N in list(range(2, 41)) + [1000, 1001] + [n for pair in cfg.parity_pairs for n in pair]:
    _, psi = sp.ground_state(N, 0.0, AFM)
    m = sp.moments(psi[:, 0], N)
    ed = (m.cov[0, 0], m.cov[1, 1], m.n_plus, m.var_g2, sp.qfi(psi[:, 0], N))
    for n_cf in (N, N + 1):
        cf = sp.q0_closed_forms(n_cf)
        exact = (cf["var_sx"], cf["var_qyz"], cf["n_plus"], cf["var_g2"], cf["fq_plane"])
        err = max(abs(a - b) / abs(b) if b != 0 else abs(a - b) for a, b in zip(ed, exact))
        if n_cf == N:
            cf_err = max(cf_err, err)
        else:
            cf_null = max(cf_null, err)

n_side = (cfg.n_q_parity - 1) // 2
x_par = np.concatenate([-np.logspace(4, -3, n_side), [0.0], np.logspace(-3, 4, n_side)])   # q N^2 / c
par = {N: sp.ground_state_scan(N, x_par / N ** 2, AFM) for pair in cfg.parity_pairs for N in pair}
diff_db = {pair: np.abs(sp.to_db(par[pair[0]]["xi2_N"]) - sp.to_db(par[pair[1]]["xi2_N"])) for pair in cfg.parity_pairs}
parity_small = min(float(d[np.abs(x_par) <= 1].min()) for d in diff_db.values())
merge_polar = max(float(d[x_par >= 30].max()) for d in diff_db.values())
twin_gap = min(float(d[x_par <= -30].min()) for d in diff_db.values())
n_small = np.arange(2, cfg.parity_nmax + 1)
q0 = [sp.ground_state_scan(int(N), [0.0], AFM) for N in n_small]
cf_small = [sp.q0_closed_forms(int(N)) for N in n_small]
for key, val in (("cf_err", cf_err), ("parity_small", parity_small), ("merge_polar", merge_polar), ("twin_gap", twin_gap)):
    glue_number(key, val)

# %% mystnb={"figure": {"caption": "Analogue of the paper's figure on even and odd atom numbers (antiferromagnetic case): (a) squeezing and (b) F_Q/N^2 versus q N^2/c (symmetric-log axis) for neighbouring N (solid even, dashed odd); even-N squeezing at q = 0 is exactly zero, drawn at the -60 dB floor. (c, d) At q = 0 versus N: exact diagonalisation (dots) and the closed forms derived above (lines).", "name": "fig-spin1-parity"}}
fig, axes = plt.subplots(2, 2, figsize=(10, 7))
for pair in cfg.parity_pairs:
    for N, ls in zip(pair, ("-", "--")):
        axes[0, 0].plot(x_par, sp.to_db(par[N]["xi2_N"]), ls, label=f"N = {N}")
        axes[0, 1].plot(x_par, par[N]["fq_plane"] / N ** 2, ls, label=f"N = {N}")
for ax in axes[0]:
    ax.set_xscale("symlog", linthresh=0.01)
    ax.set_xticks([-1e4, -1e2, -1, 0, 1, 1e2, 1e4], ["$-10^4$", "$-10^2$", "$-1$", "0", "1", "$10^2$", "$10^4$"])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(r"$qN^2/c$")
axes[0, 0].set(ylabel=r"$10\log_{10}\xi^2_N$ (dB)", title="(a)")
axes[0, 1].set(ylabel=r"$F_Q/N^2$, plane $(S_x,Q_{yz})$", title="(b)")
axes[0, 0].legend(fontsize=7)
odd = n_small % 2 == 1
ed_x2 = np.array([r["xi2_N"][0] for r in q0])
ed_xh = np.array([r["xi2_H"][0] for r in q0])
axes[1, 0].plot(n_small[odd], sp.to_db(ed_x2[odd]), "o", ms=4, label=r"ED $\xi^2_N$, odd N")
axes[1, 0].plot(n_small[odd], sp.to_db([cf["xi2_N"] for cf, o in zip(cf_small, odd) if o]), "k-", lw=0.8, label=r"$1/N$")
axes[1, 0].plot(n_small[odd], sp.to_db(ed_xh[odd]), "s", ms=4, label=r"ED $\xi^2_H$, odd N")
axes[1, 0].plot(n_small[odd], sp.to_db([cf["xi2_H"] for cf, o in zip(cf_small, odd) if o]), "k--", lw=0.8, label=r"$5/(2N+3)$")
axes[1, 0].plot(n_small[~odd], sp.to_db(ed_x2[~odd]), "v", ms=4, label=r"ED $\xi^2_N$, even N (= 0)")
axes[1, 0].set(xlabel="N", ylabel="dB", title="(c) q = 0")
axes[1, 0].legend(fontsize=7)
ed_fq = np.array([r["fq_plane"][0] for r in q0]) / n_small ** 2
cf_fq = np.array([cf["fq_plane"] for cf in cf_small]) / n_small ** 2
for mask, lab in ((~odd, "even"), (odd, "odd")):
    axes[1, 1].plot(n_small[mask], ed_fq[mask], "o", ms=4, label=f"ED, {lab} N")
    axes[1, 1].plot(n_small[mask], cf_fq[mask], "k-", lw=0.8)
axes[1, 1].axhline(16 / 15, color="grey", ls=":")
axes[1, 1].axhline(48 / 35, color="grey", ls=":")
axes[1, 1].set(xlabel="N", ylabel=r"$F_Q/N^2$", title="(d) q = 0 (limits 16/15 and 48/35)")
axes[1, 1].legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# The closed forms match exact diagonalisation to {glue:text}`cf_err:.1e` (relative; absolute where the
# exact value is zero) for $N=2\ldots40$, 1000, 1001 and the pairs plotted. For $|q|\le c/N^2$ neighbouring
# $N$ differ by at least {glue:text}`parity_small:.1f` dB. On the polar side ($q\ge30c/N^2$) the curves merge
# to within {glue:text}`merge_polar:.3f` dB. On the twin-Fock side ($q\le-30c/N^2$) they do **not** merge:
# the gap stays at least {glue:text}`twin_gap:.1f` dB, because an odd $N$ cannot pair all atoms into
# $m=\pm1$. Even in the $N\to\infty$ limit the two parities have different QFI at $q=0$
# ($F_Q/N^2\to16/15$ versus $48/35$).

# %% [markdown]
# ## Spin-mixing quenches near the transition (C5, C7)
#
# We start from the polar state $|0,N,0\rangle$ and evolve with $H(q,c)$. One full diagonalisation per
# $(q, c)$ gives every time at once, $\psi(t)=V e^{-iwt}V^{T}\psi_0$ (`sp.evolve`), applied as two real
# matrix products over the whole time grid. Because $H(-c,-q)=-H(c,q)$, a quench to $(c,q)$ and one to
# $(-c,-q)$ give the same squeezing (a unit test checks this), so the two signs of $c$ cover both
# sides of each instability window $q(q+2c)<0$.

# %%
t = np.linspace(0.0, cfg.t_max, cfg.n_times)
n_q = cfg.n_quench
glue("t_max", cfg.t_max)
glue("n_quench", n_q)
q_curves = {FERRO: (3.0, 2.5, 2.0, 1.0), AFM: (1.0, 0.5, 0.1, 0.0)}
curves = {(c, q): sp.quench_observables(n_q, q, c, t) for c in (FERRO, AFM) for q in q_curves[c]}
bog_curves = {(c, q): sp.bogoliubov_quench(t, q, c) for c in (FERRO, AFM) for q in q_curves[c]}

# %% mystnb={"figure": {"caption": "Analogue of the paper's figure on spin-mixing dynamics: squeezing (left) and pair population <N_{+1}> (right) after a quench from the polar state, exact (solid) and Bogoliubov (dashed), ferromagnetic (top) and antiferromagnetic (bottom). The critical values are q = 2|c| and q = 0; q = |c| (top) lies in the unstable window.", "name": "fig-spin1-quench"}}
fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), sharex=True)
for row, c in enumerate((FERRO, AFM)):
    for q in q_curves[c]:
        line, = axes[row, 0].plot(t, sp.to_db(curves[(c, q)]["xi2"]), label=f"q = {q:g}|c|")
        axes[row, 0].plot(t, sp.to_db(bog_curves[(c, q)].xi2), "--", color=line.get_color(), lw=0.8)
        axes[row, 1].semilogy(t, np.maximum(curves[(c, q)]["n_plus"], 1e-6), color=line.get_color())
        axes[row, 1].semilogy(t, np.maximum(bog_curves[(c, q)].n_pair, 1e-6), "--", color=line.get_color(), lw=0.8)
    axes[row, 0].set(ylabel=r"$10\log_{10}\xi^2_N$ (dB)", ylim=(-35, 5),
                     title=("ferromagnetic" if c < 0 else "antiferromagnetic") + f", N = {n_q}")
    axes[row, 1].set(ylabel=r"$\langle N_{+1}\rangle$", ylim=(1e-3, n_q))
    axes[row, 0].legend(fontsize=7)
axes[1, 0].set_xlabel("t |c|")
axes[1, 1].set_xlabel("t |c|")
plt.tight_layout()
plt.show()

# %% [markdown]
# Next, the best squeezing within $t\le$ {glue:text}`t_max:g` $/|c|$ and the largest QFI, as functions of
# $q$, for $N=$ {glue:text}`n_quench` atoms.

# %%
q_map = {FERRO: np.concatenate([np.linspace(0.5, 1.9, cfg.n_q_map // 3), 2.0 + 2.0 * np.logspace(-1.5, 0, cfg.n_q_map - cfg.n_q_map // 3)]),
         AFM: np.concatenate([np.linspace(-1.9, -0.5, cfg.n_q_map // 3), np.logspace(-1.5, 0, cfg.n_q_map - cfg.n_q_map // 3)])}
qcrit_map = {FERRO: 2.0, AFM: 0.0}
dyn_map = {}
for c in (FERRO, AFM):
    rows = [sp.quench_observables(n_q, float(q), c, t) for q in q_map[c]]
    bog = sp.bogoliubov_quench(t[None, :], q_map[c][:, None], c)
    dyn_map[c] = {"best": np.array([r["xi2"].min() for r in rows]), "fq": np.array([r["fq_over_4n"].max() for r in rows]),
                  "bog_best": bog.xi2.min(axis=1), "bog_fq": bog.fq_over_4n.max(axis=1)}
monotone_c5, far_dev = True, {}
for c in (FERRO, AFM):
    stable = q_map[c] > qcrit_map[c]
    order = np.argsort(-np.abs(q_map[c][stable] - qcrit_map[c]))          # far -> near
    monotone_c5 &= bool(np.all(np.diff(dyn_map[c]["best"][stable][order]) < 0))
    far = stable & (np.abs(q_map[c] - qcrit_map[c]) >= 0.5)
    far_dev[c] = float(np.max(np.abs(sp.to_db(dyn_map[c]["best"][far]) - sp.to_db(dyn_map[c]["bog_best"][far]))))
fq_min = min(float(dyn_map[c]["fq"].min()) for c in (FERRO, AFM))
# null: the same quenches with the non-interacting Hamiltonian (c = 0): the polar state does not evolve
free_map = {c: [sp.quench_observables(n_q, float(q), 0.0, t) for q in q_map[c]] for c in (FERRO, AFM)}
monotone_c5_null = True
for c in (FERRO, AFM):
    stable = q_map[c] > qcrit_map[c]
    order = np.argsort(-np.abs(q_map[c][stable] - qcrit_map[c]))
    best_free = np.array([r["xi2"].min() for r in free_map[c]])[stable][order]
    monotone_c5_null &= bool(np.all(np.diff(best_free) < 0))
fq_min_null = min(float(r["fq_over_4n"].max()) for c in (FERRO, AFM) for r in free_map[c])
glue_number("fq_min_map", fq_min)
# unstable window q(q + 2c) < 0: how much deeper Bogoliubov's best squeezing is than the exact one (dB)
over_db = np.concatenate([(sp.to_db(dyn_map[c]["best"]) - sp.to_db(dyn_map[c]["bog_best"]))[q_map[c] * (q_map[c] + 2 * c) < 0]
                          for c in (FERRO, AFM)])
glue_number("over_min", over_db.min())
glue_number("over_max", over_db.max())

# %% mystnb={"figure": {"caption": "Analogue of the paper's figure on dynamical squeezing and entanglement versus q: best squeezing (left) and largest F_Q/(4N) (right) within the simulated time window after a quench from the polar state, exact (dots; N and the window in the panel titles) and Bogoliubov over the same window (lines). Critical points dotted; left of them lies the unstable window.", "name": "fig-spin1-quench-map"}}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
for c, mk, lab in ((FERRO, "o", "ferro"), (AFM, "s", "AFM")):
    x = q_map[c]
    axes[0].plot(x, sp.to_db(dyn_map[c]["best"]), mk, ms=4, label=f"ED {lab}")
    axes[0].plot(x, sp.to_db(dyn_map[c]["bog_best"]), "-", lw=0.8, label=f"Bogoliubov {lab}")
    axes[1].semilogy(x, dyn_map[c]["fq"], mk, ms=4, label=f"ED {lab}")
    axes[1].semilogy(x, dyn_map[c]["bog_fq"], "-", lw=0.8, label=f"Bogoliubov {lab}")
for ax in axes:
    for qc in (0.0, 2.0):
        ax.axvline(qc, color="grey", ls=":")
    ax.set_xlabel("q / |c|")
axes[0].set(ylabel=r"best $10\log_{10}\xi^2_N$ (dB)", ylim=(-45, 2), title=f"ED: N = {n_q}, t ≤ {cfg.t_max:g}/|c|")
axes[1].set(ylabel=r"max $F_Q/(4N)$, plane $(S_x,Q_{yz})$", ylim=(0.5, 3e3), title=f"ED: N = {n_q}, t ≤ {cfg.t_max:g}/|c|")
axes[1].axhline(1.0, color="k", lw=0.8)
axes[0].legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# On the stable side the best squeezing improves steadily as $q$ approaches $q_c$, and the QFI witness is
# above one for every quench ($\min_q\max_t F_Q/4N=$ {glue:text}`fq_min_map:.2f`). In the unstable window
# Bogoliubov theory keeps squeezing exponentially and over-predicts what $N=$ {glue:text}`n_quench` atoms
# can give: its best squeezing is {glue:text}`over_min:.1f` to {glue:text}`over_max:.1f` dB deeper than
# the exact one at the unstable $q$ of the scan.

# %% [markdown]
# ## "Steady" squeezing (C6)
#
# The abstract's "steady squeezing" is ambiguous, and we could not read what the paper means by it. We
# test the plain reading: after a quench from the polar state to the critical point $q_c=2|c|$, where
# Bogoliubov theory ($u=1-iAt$, $v=-iBt$) predicts squeezing that keeps growing as $\xi^2\simeq1/4t^2$,
# are squeezing and entanglement *held* over a late time window? The test was stated before its numbers
# were computed (`shared.quantum.spin1_claims`): in the window $t\in[t_{\max}/3,\,t_{\max}]$ the
# squeezing must stay below $-3$ dB throughout and within a 1 dB band, and $F_Q/(4N)$ must stay at or
# above 2, for every $N$ of the scan. The null is a quench to the stable point $q=2.5|c|$, whose squeezing
# oscillates and returns to shot noise. (Ground-state squeezing, the other possible reading, is
# stationary by construction; it is C2.) The earlier version of this chapter judged C6 on whether exact
# dynamics follows Bogoliubov theory early on, whether the optimum time grows with $N$ and on the
# oscillation period at a stable $q$; none of these tests steadiness, so they are now method check M5.

# %%
from shared.quantum import spin1_claims as spc

q_st, c_st = 2.0, FERRO
steady = {N: sp.quench_observables(N, q_st, c_st, t) for N in cfg.n_steady}
bog_st = sp.bogoliubov_quench(t, q_st, c_st)
t_win = spc.C6_WINDOW_FRACTION * cfg.t_max
window = t >= t_win


def held(obs):
    """Worst squeezing (dB), its spread (dB) and the smallest F_Q/(4N) over the late window."""
    db = sp.to_db(obs["xi2"][window])
    return float(db.max()), float(db.max() - db.min()), float(obs["fq_over_4n"][window].min())


held_ed = {N: held(steady[N]) for N in cfg.n_steady}
c6_level = max(h[0] for h in held_ed.values())
c6_spread = max(h[1] for h in held_ed.values())
c6_fq = min(h[2] for h in held_ed.values())
q_osc = 2.5                                     # null: a stable quench, whose squeezing oscillates
c6_level_null, c6_spread_null, c6_fq_null = held(sp.quench_observables(cfg.n_steady[0], q_osc, c_st, t))
bog_spread = float(np.ptp(sp.to_db(bog_st.xi2[window])))
# method check M5 (the former C6 checks): early agreement with Bogoliubov, optimum time, stable period
t_opt = {N: float(t[np.argmin(steady[N]["xi2"])]) for N in cfg.n_steady}
best_steady_db = {N: float(sp.to_db(steady[N]["xi2"].min())) for N in cfg.n_steady}
follow_dev = max(float(np.max(np.abs(sp.to_db(steady[N]["xi2"]) - sp.to_db(bog_st.xi2))[t <= t_opt[N] / 2])) for N in cfg.n_steady)
opt_time_grows = bool(np.all(np.diff([t_opt[N] for N in cfg.n_steady]) > 0))
q_stab = 3.0
stab = sp.quench_observables(cfg.n_steady[0], q_stab, c_st, t)
omega = float(sp.bogoliubov_ground(q_stab, c_st).omega)
# period from the local minima of xi2(t)
mins = np.flatnonzero((stab["xi2"][1:-1] < stab["xi2"][:-2]) & (stab["xi2"][1:-1] < stab["xi2"][2:])) + 1
period = float((t[mins[-1]] - t[mins[0]]) / (len(mins) - 1))
period_err = abs(period / (np.pi / omega) - 1.0)
n_lo, n_hi = cfg.n_steady[0], cfg.n_steady[-1]
for key, val in (("t_opt_small", t_opt[n_lo]), ("t_opt_large", t_opt[n_hi]), ("best_steady_small", best_steady_db[n_lo]),
                 ("best_steady_large", best_steady_db[n_hi]), ("t_win", t_win), ("c6_level", c6_level),
                 ("c6_spread", c6_spread), ("c6_fq", c6_fq), ("c6_level_null", c6_level_null),
                 ("c6_spread_null", c6_spread_null), ("c6_fq_null", c6_fq_null), ("bog_spread", bog_spread),
                 ("follow_dev", follow_dev), ("period_err", period_err)):
    glue_number(key, val)
glue("n_steady_small", n_lo)
glue("n_steady_large", n_hi)

# %% mystnb={"figure": {"caption": "Analogue of the paper's figure on steady squeezing: after a quench to the ferromagnetic critical point q = 2|c|, (a) squeezing and (b) F_Q/(4N) from exact dynamics for two N (solid) and Bogoliubov theory (dashed); the shaded late window and the dotted levels (-3 dB, F_Q/(4N) = 2) are the steadiness test of C6, stated before it was run. (c) The null: a quench to the stable q = 2.5|c| oscillates (and, dashed, q = 3|c| with period pi/omega, vertical lines).", "name": "fig-spin1-steady"}}
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for N in cfg.n_steady:
    axes[0].plot(t, sp.to_db(steady[N]["xi2"]), label=f"ED, N = {N}")
    axes[1].semilogy(t, steady[N]["fq_over_4n"], label=f"ED, N = {N}")
axes[0].plot(t, sp.to_db(bog_st.xi2), "k--", lw=1, label="Bogoliubov")
axes[1].semilogy(t, bog_st.fq_over_4n, "k--", lw=1, label="Bogoliubov")
for ax, level in ((axes[0], spc.C6_LEVEL_DB), (axes[1], spc.C6_FQ_MIN)):
    ax.axvspan(t_win, cfg.t_max, color="grey", alpha=0.15, lw=0)
    ax.axhline(level, color="grey", ls=":")
axes[0].set(xlabel="t |c|", ylabel=r"$10\log_{10}\xi^2_N$ (dB)", title="(a) quench to q_c = 2|c|", ylim=(-32, 2))
axes[1].set(xlabel="t |c|", ylabel=r"$F_Q/(4N)$, plane $(S_x, Q_{yz})$", title="(b) quench to q_c = 2|c|")
axes[0].legend(fontsize=7)
osc = sp.quench_observables(n_lo, q_osc, c_st, t)
axes[2].plot(t, sp.to_db(osc["xi2"]), label=rf"ED $\xi^2_N$, q = {q_osc:g}|c| (null)")
axes[2].plot(t, sp.to_db(stab["xi2"]), "--", lw=0.8, label=rf"ED $\xi^2_N$, q = {q_stab:g}|c|")
axes[2].axvspan(t_win, cfg.t_max, color="grey", alpha=0.15, lw=0)
for k in range(1, int(cfg.t_max * omega / np.pi) + 1):
    axes[2].axvline(k * np.pi / omega, color="grey", lw=0.5, ls=":")
axes[2].set(xlabel="t |c|", ylabel="dB", title=f"(c) stable q, N = {n_lo}")
axes[2].legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# **The squeezing is not steady.** The exact squeezing reaches its best value at
# $t=$ {glue:text}`t_opt_small:.2f` $/|c|$ ({glue:text}`best_steady_small:.1f` dB, $N=$
# {glue:text}`n_steady_small`) and {glue:text}`t_opt_large:.2f` $/|c|$ ({glue:text}`best_steady_large:.1f` dB,
# $N=$ {glue:text}`n_steady_large`) and then rebounds: in the window $t\ge$ {glue:text}`t_win:g` $/|c|$ it
# rises to {glue:text}`c6_level:.2f` dB (the test asks for $\le-3$ dB) and wanders over
# {glue:text}`c6_spread:.1f` dB (the test asks for $\le1$ dB); the oscillating null gives
# {glue:text}`c6_level_null:.2f` dB and {glue:text}`c6_spread_null:.1f` dB. Bogoliubov theory is not steady
# either: its squeezing keeps falling, by {glue:text}`bog_spread:.1f` dB across the window. **The
# entanglement is held:** $F_Q/(4N)$ stays at or above {glue:text}`c6_fq:.1f` in the window (null
# {glue:text}`c6_fq_null:.2f`). So in our model a quench to $q_c$ gives lasting entanglement but not
# lasting squeezing: C6 holds only in part. Whether the paper's "steady squeezing" means something else
# (a different protocol, a rotation that stops the dynamics, or the ground state) we cannot tell from
# the abstract. Before the rebound, exact dynamics follows Bogoliubov theory to within
# {glue:text}`follow_dev:.3f` dB up to half of its optimum time, and that time grows with $N$; at
# $q=3|c|$ the exact oscillation period matches $\pi/\omega$ to {glue:text}`period_err:.1e` (M5).

# %% [markdown]
# ## Validity of Bogoliubov theory (C7)
#
# The largest deviation (dB) between exact and Bogoliubov squeezing for $t\le$ {glue:text}`t_validity:g` $/|c|$,
# at two stable points, versus $N$:

# %%
t_val = np.linspace(0.0, cfg.t_validity, 241)
glue("t_validity", cfg.t_validity)
val_points = ((0.5, AFM), (3.0, FERRO))
val_db = {(q, c, N): sp.to_db(sp.quench_observables(N, q, c, t_val)["xi2"]) for q, c in val_points for N in cfg.n_validity}
val_dev = {(q, c): np.array([np.max(np.abs(val_db[(q, c, N)] - sp.to_db(sp.bogoliubov_quench(t_val, q, c).xi2)))
                             for N in cfg.n_validity]) for q, c in val_points}
# null: the unsqueezed prediction (0 dB) in place of Bogoliubov theory
val_dev_null = {(q, c): np.array([np.max(np.abs(val_db[(q, c, N)])) for N in cfg.n_validity]) for q, c in val_points}
n_val = np.array(cfg.n_validity)
slopes = {k: float(np.polyfit(np.log10(n_val), np.log10(v), 1)[0]) for k, v in val_dev.items()}
slopes_null = {k: float(np.polyfit(np.log10(n_val), np.log10(v), 1)[0]) for k, v in val_dev_null.items()}
n_c7 = (1000, 4000)        # the atom numbers at which C7 is tested
assert set(n_c7) <= set(cfg.n_validity), f"C7 is tested at N = {n_c7}; profile {cfg.profile!r} must list them in n_validity"
dev_at = {(k, N): float(v[list(cfg.n_validity).index(N)]) for k, v in val_dev.items() for N in n_c7}
dev_at_null = {(k, N): float(v[list(cfg.n_validity).index(N)]) for k, v in val_dev_null.items() for N in n_c7}
for key, val in (("dev_afm_1000", dev_at[((0.5, AFM), 1000)]), ("dev_ferro_1000", dev_at[((3.0, FERRO), 1000)]),
                 ("slope_afm", slopes[(0.5, AFM)]), ("slope_ferro", slopes[(3.0, FERRO)])):
    glue_number(key, val)

# %% mystnb={"figure": {"caption": "Analogue of the paper's comparison of Bogoliubov theory with exact dynamics: largest squeezing deviation over the time window in the axis label versus N at two stable quadratic Zeeman shifts; the grey line is 1/N.", "name": "fig-spin1-bogoliubov"}}
fig, ax = plt.subplots(figsize=(5, 3.8))
for (q, c), v in val_dev.items():
    ax.loglog(n_val, v, "o-", label=f"{'AFM' if c > 0 else 'ferro'}, q = {q:g}|c| (slope {slopes[(q, c)]:.2f})")
ax.loglog(n_val, 100.0 / n_val, color="grey", lw=0.8, label="1/N guide")
ax.set_xticks(n_val, [str(n) for n in n_val])
ax.xaxis.set_minor_formatter(NullFormatter())
ax.set(xlabel="N", ylabel=f"max dB deviation, ED vs Bogoliubov, t ≤ {cfg.t_validity:g}/|c|")
ax.legend(fontsize=7)
plt.show()

# %% [markdown]
# The deviation falls as $N^{s}$ with $s=$ {glue:text}`slope_afm:.2f` (AFM) and {glue:text}`slope_ferro:.2f`
# (ferromagnetic): Bogoliubov theory is exact on the stable side as $N\to\infty$, with a $1/N$ correction.

# %% [markdown]
# ## Dipolar renormalisation (method check M2)
#
# Finally we build the full Fock-space template with a dipolar term and a linear Zeeman shift and
# compare its $M=0$ block with the sector Hamiltonian at $c=c_2+\kappa c_d$.

# %%
c8_err = 0.0
for N in (4, 7, 8):
    ops = sp.fock_operators(N)
    basis = ops["basis"]
    m0 = np.flatnonzero(basis[:, 0] == basis[:, 2])
    m0 = m0[np.argsort(basis[m0, 0])]
    for c2, cd, kappa, q in ((-1.0, 0.3, -0.5, 0.7), (0.4, 1.2, 1.0, -0.3)):
        block = sp.fock_hamiltonian(N, q, c2, cd=cd, kappa=kappa, p=0.9, ops=ops)[np.ix_(m0, m0)]
        d, e = sp.sector_hamiltonian(N, q, sp.c_eff(c2, cd, kappa))
        c8_err = max(c8_err, float(np.max(np.abs(block - (np.diag(d) + np.diag(e, 1) + np.diag(e, -1))))))

# %%
# NBVAL_CHECK_OUTPUT
key_numbers({
    "M1 max |rho0 ED - MF| (N>=1e3)": rho0_err,
    "M1 max gap-minimum shift (|c|)": gap_shift,
    "C2 ED-Bogoliubov gap ferro N=1e4 (dB)": gap_db[FERRO],
    "C2 best xi2 at largest N (dB)": best_db[-1],
    "C2 best q at largest N (|c|)": best_q[-1],
    "C2 gain over q=3.5|c| (dB)": gain_db,
    "C3 exponent a (xi2 at q_c)": exp_a,
    "C3 exponent b (gap at q_c)": exp_b,
    "C3 exponent f (F_Q at q_c)": exp_f,
    "C3 BA F_Q/N^2 change 1e3->1e4": ba_change,
    "C4 parity gap |q|<=c/N^2 (dB)": parity_small,
    "C4 polar-side merge (dB)": merge_polar,
    "C4 twin-Fock-side gap (dB)": twin_gap,
    "C5 min_q max_t F_Q/4N": fq_min,
    "C6 worst xi2 in late window (dB)": c6_level,
    "C6 xi2 spread in late window (dB)": c6_spread,
    "C6 min F_Q/4N in late window": c6_fq,
    "C7 AFM q=0.5 dev N=1000 (dB)": dev_at[((0.5, AFM), 1000)],
    "C7 ferro q=3 dev N=1000 (dB)": dev_at[((3.0, FERRO), 1000)],
    "M5 optimum time small N": t_opt[cfg.n_steady[0]],
    "M5 optimum time large N": t_opt[cfg.n_steady[-1]],
    "M7 figure minimum gap (dB)": fig_gap,
})

# %% [markdown]
# ## Claims
#
# Every paper claim is a reconstruction from the abstract (see Scope), so the best verdict it can get is
# "holds in our reconstruction". Each check lists the null it must reject. The claim logic (criteria,
# nulls, evidence levels) is library code, `shared.quantum.spin1_claims`, tested in
# `tests/test_spin1_claims.py`; this cell only passes it the measured values.

# %%
both_4000 = (((0.5, AFM), 4000), ((3.0, FERRO), 4000))
measured = spc.Measured(
    c2_gain_db=gain_db, c2_gain_null_db=gain_db_null,
    c2_bog_dev_ferro_db=gap_db[FERRO], c2_bog_dev_ferro_null_db=gap_db_null[FERRO],
    c2_bog_dev_afm_db=gap_db[AFM], c2_bog_dev_afm_null_db=gap_db_null[AFM],
    c2_deepen_db=deepen_step, c2_deepen_null_db=deepen_step_null,
    c3_witness=witness, c3_witness_null=witness_null,
    c3_ba_change=ba_change, c3_ba_change_null=ba_change_null,
    c3_ba_vs_mf=ba_vs_mf, c3_ba_vs_mf_null=ba_vs_mf_null,
    c4_cf_err=cf_err, c4_cf_err_null=cf_null,
    c4_parity_small_db=parity_small, c4_merge_polar_db=merge_polar,
    c5_monotone=monotone_c5, c5_monotone_null=monotone_c5_null,
    c5_fq_min=fq_min, c5_fq_min_null=fq_min_null,
    c6_level_db=c6_level, c6_level_null_db=c6_level_null,
    c6_spread_db=c6_spread, c6_spread_null_db=c6_spread_null,
    c6_fq_min=c6_fq, c6_fq_min_null=c6_fq_null,
    c7_dev_afm_1000=dev_at[((0.5, AFM), 1000)], c7_dev_afm_1000_null=dev_at_null[((0.5, AFM), 1000)],
    c7_dev_ferro_1000=dev_at[((3.0, FERRO), 1000)], c7_dev_ferro_1000_null=dev_at_null[((3.0, FERRO), 1000)],
    c7_dev_4000=max(dev_at[k] for k in both_4000), c7_dev_4000_null=max(dev_at_null[k] for k in both_4000),
    c7_slope_err=max(abs(v + 1) for v in slopes.values()),
    c7_slope_err_null=min(abs(v + 1) for v in slopes_null.values()),
    m1_rho0_err=rho0_err, m1_gap_shift=gap_shift, m1_gap_shrinks=gap_shrinks,
    m2_dipolar_err=c8_err,
    m3_powerlaw_resid=fits["xi2"][1], m3_exp_ab=abs(exp_a - exp_b), m3_exp_fa=abs(exp_f - (1 - exp_a)),
    m4_best_q_ba_side=ba_side_approaches,
    m5_opt_time_grows=opt_time_grows, m5_follow_dev_db=follow_dev, m5_period_err=period_err,
    m6_far_dev_afm_db=far_dev[AFM], m6_far_dev_ferro_db=far_dev[FERRO],
    m7_fig_gap_db=fig_gap, m7_fig_gap_null_db=fig_gap_null,
    n_quench=n_q, t_max=cfg.t_max, t_validity=cfg.t_validity, n_steady=tuple(cfg.n_steady),
)
claims = spc.claims(measured)
claims.display()

# %% [markdown]
# ## Method checks
#
# Identities of our Hamiltonian, standard theory the claims rest on, and implementation checks. They are
# not claims of the paper and are not counted.

# %%
claims.display_method_checks()

# %% [markdown]
# ## Discussion
#
# **What changed in the verdicts, and why.** The first version of this chapter showed all eight claims as
# "reproduced". Under the book's evidence policy (issue 13) three things change. (1) Only the abstract
# was read, so every paper claim is a *reconstruction*: C2, C3, C4, C5 and C7 now "hold in our
# reconstruction" — the same checks pass, and each now also beats a computed null (the non-interacting
# or unsqueezed value, the other parity), but nothing here is compared with a number of the paper.
# (2) Two rows were not claims of the paper: C1 (the location of the transitions, standard theory) and C8
# (the dipolar term only renormalises $c$, an identity of the Hamiltonian we chose) are now method checks
# M1 and M2, with the checks that cannot tell the model from its null (the Gaussian exponent relations
# and the power-law fit at $q_c$, M3; the side of the minimum, M4) and the ones that compare the model
# with its own approximation (M5, M6). (3) C6 "steady squeezing" was graded on checks that do not test
# steadiness; tested directly, with a window and margins stated before the run, the squeezing after a
# quench to $q_c$ rebounds and is not held, while the QFI is: C6 is now "partly" (see its section). Where
# a bound had to be able to reject its null we tightened it and never loosened it: the entanglement
# witnesses now ask for $F_Q/(4N)\ge1.1$ instead of $\ge1$ (the null sits at exactly 1), and "the
# minimum deepens with $N$" asks for at least 1 dB per tenfold $N$. The ground-state squeezing figure
# now reaches its sharp minimum (M7).
#
# **What matched.** Within our reconstruction the abstract's statements about the ground state and the
# stable-side dynamics show up cleanly: squeezing and QFI are enhanced near the transitions, the QFI of
# the broken-axisymmetry phase scales as $N^2$ (Heisenberg) and agrees with a simple mean-field picture,
# even and odd atom numbers behave differently at the AFM critical point with exact closed forms,
# quenches near $q_c$ produce squeezing that deepens as $q\to q_c$, and Bogoliubov theory describes the
# dynamics on the stable side with a $1/N$ error. The exponents at the ferromagnetic critical point agree
# with the Gaussian relations $\xi^2\propto$ gap and $F_Q\propto N/\xi^2$ to {glue:text}`exp_ab:.3f` and
# {glue:text}`exp_fa:.3f`.
#
# **What did not match.** "Steady squeezing", in the one reading we could test on exact dynamics, fails:
# the quench to $q_c$ gives lasting entanglement but squeezing that rebounds after a finite-$N$ optimum
# time. This may be a difference of reading rather than of physics — the paper may mean a protocol we do
# not know — and we keep the negative result as it is.
#
# **What we could not check, and what differs from our brief.** None of this is compared with the paper's
# numbers, which we could not read; the Hamiltonian's dipolar prefactor, the paper's squeezing
# normalisation and its meaning of "steady" are guesses, so a verdict here says the *model* shows the
# effect, not that the paper's figures are reproduced. Our planning brief expected the even and odd
# curves to merge for $|q|\ge30c/N^2$ on both sides; the computation shows that this holds only on the
# polar side — on the twin-Fock side the parity difference persists, so we test the merge on the polar
# side only. The brief's "ground-state squeezing deepens with N at the minimum" cannot be applied to the
# AFM case (for even $N$ the squeezing is exactly zero at $q=0$), so C2 uses the ferromagnetic point.
#
# **Easy and hard.** The M = 0 sector makes exact numerics cheap: the Hamiltonian is tridiagonal, so
# even $N=10^5$ atoms need only a fraction of a second (timed in `benchmarks/bench_spin1.py`), and all
# second moments follow from two shifted vectors. The delicate parts were conventions (signs of $Q_{yz}$, normalisations of
# $\xi^2$ and $F_Q$), numerical cancellation (the squeezing of the unstable Bogoliubov solution is
# computed as $1/(|u|+|v|)^2$, and $\xi^2_H$ is reported as undefined where $\langle Q_{zz}-Q_{yy}\rangle=0$),
# the $q\approx0$ parity window, which only a symmetric-log grid resolves, and the ferromagnetic
# squeezing minimum, about $0.03|c|$ wide at $N=10^4$, which a plain $q$ grid steps over.
