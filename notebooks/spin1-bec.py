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
from shared.quantum import spin1_experiment as spe
from shared.repro import start

cfg = start("spin1-bec", spe.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
P = cfg.spec  # the profile: atom numbers, grid sizes and time windows (1/|c|)
for name, value in vars(P).items():
    print(f"{name:13} = {value}")

# %% tags=["hide-input"]
import matplotlib.pyplot as plt

from shared.quantum import spin1_claims as spc
from shared.quantum import spin1_figures as spf
from shared.repro import glue
from shared.repro import key_numbers


def glue_all(values):
    """Glue the measured numbers the prose cites (MyST formats them)."""
    for name, value in values.items():
        glue(name, value, display=False)


plt.rcParams.update(spf.STYLE)

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
# so only $c = c_2 + \kappa c_d$ survives (`spin1.c_eff`, method check M2). We measure energies in $|c|$ and times
# in $1/|c|$ ($\hbar=1$); $c<0$ is ferromagnetic, $c>0$ antiferromagnetic (AFM).
#
# In the basis $|k\rangle = |N_{+1}=k, N_0=N-2k, N_{-1}=k\rangle$, $k=0\ldots\lfloor N/2\rfloor$, the
# Hamiltonian is a real tridiagonal matrix, diagonalised with SciPy's `eigh_tridiagonal`
# (`spin1.sector_hamiltonian`, `spin1.ground_state`). The spin-nematic operators
# $S_x, Q_{yz}, S_y, Q_{xz}$ (collective sums of the single-atom spin-1 matrices and
# $Q_{ij}=S_iS_j+S_jS_i-\tfrac43\delta_{ij}$) change $M$ by $\pm1$; all their second moments follow from
# the images of a state in the $M=\pm1$ sectors (`spin1.moments`). Squeezing is measured in the
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
# (`spin1.bogoliubov_ground`, `spin1.bogoliubov_quench`).

# %% [markdown]
# ## Phase diagram (method check M1)
#
# We scan $q$ for both signs of $c$ and compare the exact fraction $\rho_0=\langle N_0\rangle/N$ with
# mean field, and follow the lowest gap of the $M=0$ sector.

# %%
phase = spe.run_phase(P)
glue_all(phase.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's figure on the ground-state phases: fraction of atoms in m = 0 versus q (exact diagonalisation, dots; mean field, line) for the ferromagnetic (left) and antiferromagnetic (right) case. Insets: lowest gap of the M = 0 sector, with minima at the critical points (dotted lines) that close as N grows.", "name": "fig-spin1-phase"}}
spf.phase_diagram(phase)
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
gs = spe.run_ground_squeezing(P)
scaling = spe.run_critical_scaling(P)
glue_all(gs.prose() | scaling.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's figure on critically enhanced ground-state squeezing: shot-noise-normalised spin-nematic squeezing (dB) versus q from exact diagonalisation (solid) and Bogoliubov theory (dashed), ferromagnetic (left, q_c = 2|c|) and antiferromagnetic (right, q_c = 0, log axis). Generator plane (S_x, Q_yz). Crosses: minimum over q (bounded Brent search); the ferromagnetic curves are drawn on a q grid refined around each minimum.", "name": "fig-spin1-gs-squeezing"}}
spf.ground_squeezing(gs)
plt.show()

# %% [markdown]
# At $N=$ {glue:text}`n_a` exact diagonalisation and Bogoliubov theory agree to {glue:text}`c2_gap_ferro:.3f` dB
# (ferromagnetic, $q\ge2.1|c|$) and {glue:text}`c2_gap_afm:.4f` dB (AFM, $q\ge0.02c$). The best
# squeezing over $q$ deepens with $N$ and sits on the BA side, moving towards $q_c$
# ($q^\ast=$ {glue:text}`best_q_nmax:.3f` $|c|$, {glue:text}`best_db_nmax:.2f` dB at the largest $N$),
# {glue:text}`gain_db:.1f` dB below the squeezing at $q=3.5|c|$. The minimum is sharp: at $N=10^4$ its
# 3 dB width is about $0.03|c|$, so the ferromagnetic curves are drawn on a $q$ grid refined around each
# minimum (`spin1.refine_grid`); without the refinement the plotted curve stopped
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
# $(S_x,Q_{yz})$ generator (`spin1.mean_field_qfi_ba`) — Heisenberg scaling (cf. {cite:p}`feldmann2018`).
# In the AFM $q<0$ phase that plane is a poor generator; $G_2=a_{+1}^\dagger a_{-1}+\mathrm{h.c.}$
# (changing $M$ by 2) recovers $F_Q\propto N^2$.

# %%
qfi = spe.run_qfi(P)
glue_all(qfi.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's figure on the QFI: (a) F_Q/(4N) of the best (S_x, Q_yz) generator, ferromagnetic case (above 1: entanglement); (b) F_Q/N^2 with our mean-field prediction in the BA phase (black) and, for the AFM case, the Delta M = 2 generator G_2 (dotted); (c) at q_c = 2|c|: squeezing, gap and F_Q versus N with power-law fits.", "name": "fig-spin1-qfi"}}
spf.qfi(qfi, scaling)
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
parity = spe.run_parity(P)
glue_all(parity.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's figure on even and odd atom numbers (antiferromagnetic case): (a) squeezing and (b) F_Q/N^2 versus q N^2/c (symmetric-log axis) for neighbouring N (solid even, dashed odd); even-N squeezing at q = 0 is exactly zero, drawn at the -60 dB floor. (c, d) At q = 0 versus N: exact diagonalisation (dots) and the closed forms derived above (lines).", "name": "fig-spin1-parity"}}
spf.parity(parity)
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
# $(q, c)$ gives every time at once, $\psi(t)=V e^{-iwt}V^{T}\psi_0$ (`spin1.evolve`), applied as two real
# matrix products over the whole time grid. Because $H(-c,-q)=-H(c,q)$, a quench to $(c,q)$ and one to
# $(-c,-q)$ give the same squeezing (a unit test checks this), so the two signs of $c$ cover both
# sides of each instability window $q(q+2c)<0$.

# %%
curves = spe.run_quench_curves(P)
glue_all(curves.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's figure on spin-mixing dynamics: squeezing (left) and pair population <N_{+1}> (right) after a quench from the polar state, exact (solid) and Bogoliubov (dashed), ferromagnetic (top) and antiferromagnetic (bottom). The critical values are q = 2|c| and q = 0; q = |c| (top) lies in the unstable window.", "name": "fig-spin1-quench"}}
spf.quench_curves(curves)
plt.show()

# %% [markdown]
# Next, the best squeezing within $t\le$ {glue:text}`t_max:g` $/|c|$ and the largest QFI, as functions of
# $q$, for $N=$ {glue:text}`n_quench` atoms.

# %%
qmap = spe.run_quench_map(P)
glue_all(qmap.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's figure on dynamical squeezing and entanglement versus q: best squeezing (left) and largest F_Q/(4N) (right) within the simulated time window after a quench from the polar state, exact (dots; N and the window in the panel titles) and Bogoliubov over the same window (lines). Critical points dotted; left of them lies the unstable window.", "name": "fig-spin1-quench-map"}}
spf.quench_map(qmap)
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
steady = spe.run_steady(P)
glue_all(steady.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's figure on steady squeezing: after a quench to the ferromagnetic critical point q = 2|c|, (a) squeezing and (b) F_Q/(4N) from exact dynamics for two N (solid) and Bogoliubov theory (dashed); the shaded late window and the dotted levels (-3 dB, F_Q/(4N) = 2) are the steadiness test of C6, stated before it was run. (c) The null: a quench to the stable q = 2.5|c| oscillates (and, dashed, q = 3|c| with period pi/omega, vertical lines).", "name": "fig-spin1-steady"}}
spf.steady(steady)
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
validity = spe.run_validity(P)
glue_all(validity.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's comparison of Bogoliubov theory with exact dynamics: largest squeezing deviation over the time window in the axis label versus N at two stable quadratic Zeeman shifts; the grey line is 1/N.", "name": "fig-spin1-bogoliubov"}}
spf.bogoliubov_validity(validity)
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
dipolar_err = spe.dipolar_error(atom_numbers=(4, 7, 8))

# %%
# NBVAL_CHECK_OUTPUT
measured = spe.measured(
    phase, gs, scaling, qfi, parity, qmap, steady, validity, dipolar_err
)
key_numbers(spe.key_numbers(measured, gs, scaling, parity, steady))

# %% [markdown]
# ## Claims
#
# Every paper claim is a reconstruction from the abstract (see Scope), so the best verdict it can get is
# "holds in our reconstruction". Each check lists the null it must reject. The claim logic (criteria,
# nulls, evidence levels) is library code, `shared.quantum.spin1_claims`, tested in
# `tests/test_spin1_claims.py`; the measured values come from `spin1_experiment.measured`
# (key-numbers cell above), and this cell only passes them on.

# %%
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
# ## Full profile (archived run)
#
# The full profile adds N = 10⁵ to the exact-diagonalisation sweeps, ten atom numbers
# for the critical scaling, a third parity pair and finer q and time grids. Its numbers
# come from an archived run, whose provenance (commit, date, device, wall time, package
# versions) is shown with them; the table below is that run's own claims table, graded
# by the same `claims()`.

# %%
from shared.repro import archive

archive.show("spin1-bec")

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
