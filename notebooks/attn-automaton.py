# %% [markdown]
# # Mechanics of next-token prediction with self-attention
#
# {cite:p}`attnautomaton` study what a single self-attention layer learns when it is trained by
# gradient descent to predict the next token. Their answer is an automaton with two steps. **Hard
# retrieval**: given a window, attention selects the tokens of the highest-priority strongly
# connected component (SCC) of a *token-priority graph* (TPG) built from the training data.
# **Soft composition**: inside that SCC it mixes the tokens with finite weights. In the weights
# this reads `W(τ) ≈ R(τ)·W_svm + W_fin`, where the norm `R → ∞` grows along the solution of a
# Graph-SVM and `W_fin` is a finite component that lives in the "cyclic" subspace.
#
# **Scope.** We test the paper claims C2–C9 of the table at the end (C8 for two losses, each
# twice: C8a/C8c without and C8b/C8d with the official code's trial filter), on the paper's
# synthetic setting: alignment of the
# trained direction with the Graph-SVM on acyclic data (C2, the central claim); hard retrieval
# (C3); the decomposition `R·W_svm + W_fin` on cyclic data (C4); soft composition by `W_fin` and
# the automaton (C5); a larger cyclic problem (C6); a larger step (C7); local convergence with a
# non-convex head under cross-entropy and under the squared loss, with and without the official
# code's trial filter (C8); the regularization path (C9). Convexity of the identity-head log-loss (formerly C1) is an identity and is now a method
# check (M1), shown with the other method checks under the paper claims. Every experiment is run
# for {glue:text}`n_seeds` seeds, each an independent set of trials; a check holds only when it
# holds for the worst seed. Figures: analogues of the paper's TPG schematic and of its plots of
# correlation, attention mass, projected correlation, norm difference and local convergence.
#
# **Evidence level.** Every paper claim is graded as a *reconstruction* (at best "holds in our
# reconstruction"): the paper's body was not read, so its statements are our reconstruction even
# though the sizes, step sizes and iteration counts are those of the official code.
#
# **What was reconstructed.** Only the abstract of the paper could be read. The setting (data
# generator, model, normalized gradient descent, Graph-SVM, finite component, metrics, local
# experiment and trial filter) was reconstructed from the authors' public code, and the reported
# values below were read off the plot files in that repository, to plotting precision. The
# theorems quoted here are our reconstruction (**verify** against the paper). The figure captions
# name the paper's plots by content; the one figure number they quote (Fig. 1, the schematic) is our
# guess from the repository and could not be checked against the paper. All code in this chapter is
# our own; the library functions live in `shared.attention`: `automaton_graphs` (data, graphs,
# SCCs), `automaton_svm` (Graph-SVM), `automaton_train` (model and normalized GD),
# `automaton_metrics`, `automaton_experiment` (profiles, runs, graded values) and
# `automaton_figures`.

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

# %% tags=["hide-input"]
import pprint

import matplotlib.pyplot as plt

from shared.attention import automaton_experiment as ntp
from shared.attention import automaton_figures as figures
from shared.attention.automaton_claims import claims
from shared.repro import glue
from shared.repro import key_numbers
from shared.repro import start

cfg = start(
    "attn-automaton", ntp.PROFILES, profile=PROFILE, seed=SEED, namespace=globals()
)


# %% [markdown]
# ## Setting
#
# A vocabulary of `K` tokens has fixed random unit embeddings `E` (`K ≤ d`). Each of `n` training
# windows holds `T` distinct tokens; the last one, `x̄`, is the query and also part of the window.
# The label `y` is a uniform token, replaced by a uniform token of the window when it is absent, so
# every label can be produced by attention. The model has one trained matrix `W` (`d × d`, the
# merged key–query product), value = identity and no score scaling: `s = softmax_t(x_tᵀ W x̄)` and
# `f = Σ_t s_t x_t`. With the identity head (`C Eᵀ = I`) the probability of the label is the
# attention mass on it and the loss is `−log p`. Training is full-batch normalized gradient descent
# `W ← W − η ∇L/‖∇L‖_F` from PyTorch's default initialization, float64, trials batched on a leading
# axis with a closed-form gradient (checked against autograd in the unit tests). We use the
# log-sum-exp form of the loss, which stays exact when `p` rounds to 1.
#
# For every last token `k`, the TPG `G^(k)` has an edge `y → j` for every other token `j` of every
# window that ends in `k` and has label `y`. The Graph-SVM is
# `W_svm = argmin ‖W‖_F` subject to `(x_y − x_j)ᵀ W x_k = 0` when `y` and `j` share an SCC of
# `G^(k)` and `≥ 1` otherwise, over the observed edges; we solve its dual with L-BFGS-B, polish
# the active set, and check the KKT conditions. The cyclic subspace `S_fin` is spanned by the
# equality constraints; `W_fin` is trained by the same normalized GD, from zero and in lock-step
# with `W`, on the reduced data set (windows whose label shares its SCC with another token, softmax
# restricted to that SCC). The correlation `corr(A, B) = ⟨A, B⟩/(‖A‖‖B‖)` is an uncentred cosine.
#
# Each setting is written `n·T·K·d`. Every experiment runs for {glue:text}`n_seeds` seeds; a seed
# is a set of {glue:text}`n_trials` independent trials (fresh embeddings, data and initialization;
# fewer where a section says so). The figures and the numbers quoted in the text are those of the
# first seed (means over its trials, ±1 sd bands); the claims table grades every seed and keeps
# the worst.

# %%
pprint.pp(cfg.spec)  # the run settings: sizes (n, T, K, d), steps, step sizes, trials


# %%
res = ntp.run(cfg.spec, SEED, device=cfg.device)  # every experiment, every seed
first = res.first  # the seed the figures and the text show
for name, value in ntp.prose_numbers(res).items():
    glue(name, value, display=False)


# %% [markdown]
# ## M1 (formerly C1): the identity-head log-loss is convex
#
# With distinct tokens the label fills exactly one position, so the loss of a window is
# `log(1 + Σ_{t≠label} exp(a_t − a_label))`, a log-sum-exp of linear functions of `W`, hence convex
# (our reconstruction of the paper's premise, **verify**). Being an identity, it is a method check:
# we test our implementation numerically with second differences of the training loss along random
# directions at random points (first seed's data), and contrast it with the tied head `C = E` used
# in C8.

# %% [markdown]
# Over {glue:text}`sd_pairs` (point, direction) pairs the smallest second difference of the
# identity-head log-loss is {glue:text}`sd_log_min:.2e`, while the tied-head cross-entropy
# reaches {glue:text}`sd_ce_min:.2e` (negative: not convex).
#
# ## C2, C3: acyclic data — direction and hard retrieval
#
# On acyclic data every SCC is a single token, the Graph-SVM has only inequality constraints and
# the theory (reconstructed) says `W(τ)/‖W(τ)‖ → W_svm/‖W_svm‖` while attention concentrates on
# the label.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's acyclic plots (n4T6K8d8). Top: correlation of W(τ) with the Graph-SVM solution, linear and as 1 − corr on a log axis. Bottom: attention mass on the most-attended SCC (the official code's metric), linear and as 1 − mass on a log axis. First seed. Linear panels: mean ± 1 sd over its trials; log panels: median and interquartile range.", "name": "fig-automaton-acyclic"}}
figures.acyclic(first.acyclic)
plt.show()


# %% [markdown]
# In the first seed, after {glue:text}`iters` iterations at step size {glue:text}`lr`, the mean correlation with
# `W_svm` is {glue:text}`a_corr:.3f` (worst trial {glue:text}`a_corr_min:.3f`; it is
# {glue:text}`a_corr500:.3f` at iteration {glue:text}`it_mid`). The attention mass on the label is
# {glue:text}`a_mass:.4f` on average, and the median `1 − mass` falls by {glue:text}`a_decades:.1f`
# decades between iteration {glue:text}`it_late` and the end, while `‖W‖` grows by a factor
# {glue:text}`a_norm_ratio:.1f` between iteration {glue:text}`it_mid` and the end. All Graph-SVM
# solutions pass their KKT checks (smallest margin {glue:text}`kkt_margin:.6f`, complementarity
# residual at most {glue:text}`kkt_compl:.1e`).
#
# ## C4, C5: cyclic data — the finite component and soft composition
#
# When some SCC holds several tokens the Graph-SVM has equality constraints. The theory
# (reconstructed) says `W(τ) − R(τ)·W_svm → W_fin` with `R → ∞`; we fit `R` by least squares at
# every recorded step, project `W` on `S_fin` and compare it with the lock-step `W_fin`.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's cyclic plots (n6T4K6d8). (a) correlation of W with W_svm and with the fitted R·W_svm + W_fin; (b) correlation of the part of W outside the cyclic subspace with W_svm; (c) ‖Π_S W − W_fin‖_F with W_fin trained in lock-step; (d) attention mass on the most-attended SCC. First seed, mean ± 1 sd over its trials.", "name": "fig-automaton-cyclic"}}
figures.cyclic(first.cyclic)
plt.show()


# %% [markdown]
# In the first seed, at the end the mean correlation with `W_svm` is {glue:text}`c_corr:.3f`, with the fitted
# `R·W_svm + W_fin` it is {glue:text}`c_corr_fin:.3f`, and outside `S_fin` it is {glue:text}`c_proj:.3f`. The
# fitted scale `R` reaches {glue:text}`c_R:.1f` on average, a factor {glue:text}`c_R_growth:.1f`
# above its value at iteration {glue:text}`it_mid`. The norm difference peaks at
# {glue:text}`c_nd_peak:.2f` (mean curve, iteration {glue:text}`c_nd_peak_it`) and ends at
# {glue:text}`c_nd:.4f` on average (largest trial {glue:text}`c_nd_max:.4f`). The attention mass on
# one SCC reaches {glue:text}`c_mass:.4f`.
# **Soft composition (C5):** within the retrieved SCC, the trained attention renormalized over the
# SCC's positions differs from `softmax(x_tᵀ W_fin x̄)` by at most {glue:text}`c_soft:.1e`. The full
# automaton (hard retrieval of the top SCC present, then soft composition with `W_fin`) matches the
# trained attention of every training window to a total-variation distance of at most
# {glue:text}`c_tv:.1e`.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's Fig. 1 (schematic; number unverified, see Scope), drawn from one cyclic trial. Left: token-priority graphs G^(k), the first for the window shown on the right; tokens of one multi-token SCC share a colour, singletons are grey. Right: the training window with the most uneven split inside its label SCC — the trained attention and the automaton: hard retrieval of the top SCC present (shaded), then soft composition with W_fin.", "name": "fig-automaton-schematic"}}
figures.schematic(first.cyclic)
plt.show()


# %% [markdown]
# ## C6, C7: a larger cyclic problem and a larger step

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's plots for a larger cyclic problem (n10T6K8d8: correlation and norm difference) and for acyclic n6T4K6d8 at the larger step size (value in the panel title and the text). First seed, mean ± 1 sd over its trials.", "name": "fig-automaton-larger"}}
figures.larger(first.big, first.big_lr, cfg.lr_big)
plt.show()


# %% [markdown]
# On the larger cyclic problem ({glue:text}`big_trials` trials, first seed) the mean correlation ends at
# {glue:text}`b_corr:.3f` and the norm difference at {glue:text}`b_nd:.4f` (peak of the mean curve
# {glue:text}`b_nd_peak:.2f`). With step size {glue:text}`lr_big` the acyclic correlation reaches
# {glue:text}`l_corr:.4f` after {glue:text}`iters_big_lr` iterations.
#
# ## C8: a non-convex head converges locally
#
# With the tied head `C = E` (logits `E f`) and cross-entropy, the loss is no longer convex (see
# M1) and gradient descent need not find the global Graph-SVM direction. The claim
# (reconstructed) is that it still converges in direction to the Graph-SVM of the tokens it ends up
# selecting. Following the official code, after training we call a token *selected* in a window when
# it receives attention mass above {glue:text}`sel_thr:g`, drop *ambiguous* tokens with mass in
# ({glue:text}`amb_thr:g`, {glue:text}`sel_thr:g`], build a
# local TPG with an edge from each selected token to every other remaining token of its window, and
# solve its Graph-SVM and finite component (trained with the same loss, from zero). The official
# notebook then **aborts every trial whose final local correlation is below
# {glue:text}`filter_threshold`**, so its published
# curves are conditional on success; we report the curves with and without that filter. The
# paper states local convergence for the squared loss `(1 − softmax(E f)_y)²` too; it gets the
# same analysis on its own {glue:text}`sq_trials` trials per seed (C8c, C8d).

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's local-convergence plots (cyclic n4T6K8d8, tied head; step size, iterations and filter threshold in the text). Left: correlation of W with the global and with the local Graph-SVM over all trials; middle: the same over the trials the official code's filter keeps (final local correlation above the threshold); right: ‖Π_S W − W_fin‖ with the global and with the local cyclic subspace and finite component, all trials. First seed; one row per loss (cross-entropy \"ce\", squared loss \"sq\").", "name": "fig-automaton-local"}}
figures.local(first.local, cfg.filter_threshold)
plt.show()


# %% [markdown]
# Over all {glue:text}`loc_trials` cross-entropy trials of the first seed, the final correlation is
# {glue:text}`loc_g_all:.3f` with the global and {glue:text}`loc_l_all:.3f` with the local
# Graph-SVM. The official filter drops {glue:text}`loc_dropped` of {glue:text}`loc_trials`
# trials; on the {glue:text}`loc_kept` it keeps, the means are {glue:text}`loc_g_kept:.3f`
# (global) and {glue:text}`loc_l_kept:.3f` (local). The mean norm difference is
# {glue:text}`loc_nd_g:.2f` with the global finite component and {glue:text}`loc_nd_l:.3f` with the
# local one. In {glue:text}`loc_single` trials GD selected a single token in every window; their
# local cyclic subspace is empty, so their local norm difference is zero by construction and they
# are left out of the norm-difference comparison (M9). On the {glue:text}`loc_multi` trials in
# which some window selected two or more tokens, the mean norm difference is
# {glue:text}`loc_nd_g_multi:.2f` (global) against {glue:text}`loc_nd_l_multi:.3f` (local); in
# {glue:text}`loc_same` of them the local structure is the global one and the two are equal, so
# only the others can tell local from global convergence.
#
# **Squared loss.** Over the {glue:text}`sq_trials` squared-loss trials of the first seed the final
# correlation is {glue:text}`sq_g_all:.3f` with the global and {glue:text}`sq_l_all:.3f` with the
# local Graph-SVM (single trials range from {glue:text}`sq_l_min:.2f` to
# {glue:text}`sq_l_max:.3f`); the filter keeps {glue:text}`sq_kept` of them, with means
# {glue:text}`sq_g_kept:.3f` (global) and {glue:text}`sq_l_kept:.3f` (local). On its
# {glue:text}`sq_informative` informative trials the mean norm difference is
# {glue:text}`sq_nd_g_inf:.1f` with the global and {glue:text}`sq_nd_l_inf:.2f` with the local
# finite component (M11).
#
# The local norm difference is not always small. We take the first seed's trial with the largest
# one and train it for another {glue:text}`local_iters` iterations, to see whether the tokens it
# selected at the end of training were still changing.

# %% [markdown]
# That trial ends with a local norm difference of {glue:text}`w_nd_l:.3g` (global
# {glue:text}`w_nd_g:.3g`). Trained further, the selection changes in {glue:text}`w_changed` of its
# {glue:text}`w_windows` windows: {glue:text}`w_multi_end` windows select two or more tokens at
# iteration {glue:text}`local_iters`, {glue:text}`w_multi_more` at iteration
# {glue:text}`local_iters2`. A local Graph-SVM built from a selection that is still changing puts a
# direction in which `W` keeps growing into its "cyclic" subspace, and the local norm difference
# then grows with the iterations instead of settling.
#
# ## C9: the regularization path
#
# The theory (reconstructed) also says that the constrained minimizers
# `W_ρ = argmin_{‖W‖≤ρ} L` turn towards `W_svm` as `ρ → ∞`. We approximate `W_ρ` by projected
# normalized gradient descent with a decaying step, on a few acyclic trials.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's regularization-path result (theory; no plot known): correlation of the norm-constrained minimizer of the log-loss with W_svm against the radius ρ, acyclic n4T6K8d8, first seed, one line per trial.", "name": "fig-automaton-regpath"}}
figures.regularization_path(cfg.reg_radii, first.reg)
plt.show()


# %% [markdown]
# In the first seed the mean correlation grows from {glue:text}`reg_first:.3f` at `ρ =` {glue:text}`reg_rmin:g` to
# {glue:text}`reg_last:.4f` at `ρ =` {glue:text}`reg_rmax:.0f`.
#
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
key_numbers(ntp.key_numbers(res))


# %% [markdown]
# ## Claims
#
# `shared.attention.automaton_experiment.measured` gathers the chapter's measurements into a
# `Measured` record (one value per seed for everything seed-dependent, with the null of every
# check); `shared.attention.automaton_claims.claims` turns it into the paper claims and the method checks, graded under the book's evidence policy.

# %%
m = ntp.measured(res)
table = claims(m)
tally = table.tally()
verdict = {c.id: c.verdict for c in table.claims}
quoted = {
    "n_paper": tally.paper,
    "n_holds": tally.verdicts["holds in our reconstruction"],
    "n_partly": tally.verdicts["partly"],
    "n_method": sum(tally.method.values()),
    "w_loc_kept_local": min(m.loc_kept_local),
    "w_c_corr": min(m.c_corr),
    "w_b_corr": min(m.b_corr),
    "proj_resid": m.proj_identity_residual,
    "c_pw_max_min": min(m.c_pw_max),
    "c_pw_growth_max": max(m.c_pw_growth),
    "w_loc_kept_diff": min(m.loc_kept_diff),
    "max_loc_kept_diff_init": max(m.loc_kept_diff_init),
    "c8b_verdict": verdict["C8b"],
    "c8d_verdict": verdict["C8d"],
    "w_sq_kept_local": min(m.sq_loc_kept_local),
    "w_sq_kept_diff": min(m.sq_loc_kept_diff),
    "w_sq_diff": min(m.sq_loc_diff),
    "m11_outcome": verdict["M11"],
    "sq_kept_all": f"{sum(m.sq_loc_kept)}/{m.local_trials * len(m.sq_loc_kept)}",
    "ce_kept_all": f"{sum(m.loc_kept)}/{m.local_trials * len(m.loc_kept)}",
    "m9_outcome": verdict["M9"],
}
for name, value in quoted.items():
    glue(name, value, display=False)
table.display()


# %% [markdown]
# ## Method checks
#
# Identities, implementation tests and the book's own extra tests. They are shown for
# transparency and never counted as paper claims.

# %%
table.display_method_checks()

# %% [markdown]
# ## Full profile (archived run)
#
# The full profile runs the paper's sizes at full length: 100 trials per setting and seed,
# 20 000 iterations for the global runs, and 100 local-convergence trials per loss and seed.
# Its numbers come from an archived run, whose provenance (date, device, commit, wall time,
# packages) is printed with it; its tables are that run's own, graded by the same `claims()`.

# %%
from shared.repro import archive

archive.show("attn-automaton")

# %% [markdown]
# ## Discussion
#
# **What changed in the verdicts, and why.** Before this revision the chapter had ten paper claims,
# nine graded "reproduced" and one "partly", all on one seed and without nulls. Now it has
# {glue:text}`n_paper` paper claims: {glue:text}`n_holds` hold in our reconstruction and
# {glue:text}`n_partly` holds only partly; none can be "reproduced", because the paper's body
# was not read, so every statement and threshold is our reconstruction from the official code and
# the plot files (evidence level *reconstruction*). Each check now has a computed null that its
# criterion fails in every seed: the untrained model (iteration 0 of the same runs), the finite
# component replaced by zero, or, for `R → ∞`, the cyclic part `‖Π_S W‖` of the same matrix, which
# shrinks (largest growth ratio {glue:text}`c_pw_growth_max:.2f` between iteration
# {glue:text}`it_mid` and the end) while `R` grows. Every experiment runs for
# {glue:text}`n_seeds` seeds of independent trials and the worst seed is graded. Former C1
# (convexity) is an identity and became method check M1; so did the checks that cannot fail or
# have no computed null ({glue:text}`n_method` method checks in all). The projected correlation
# `corr(W − Π_S W, W_svm)` was dropped from C4: because `W_svm` is orthogonal to `S_fin`, it equals
# `corr(W, W_svm)·‖W‖/‖W − Π_S W‖` (M5; largest residual {glue:text}`proj_resid:.1e`), so with a
# positive correlation it can only be larger and added nothing to C4's first check. C5 now also
# grades the automaton itself (hard retrieval, then soft composition by `W_fin`) against the
# trained attention, with C5's original bound; before, that distance was only quoted. C8b is
# {glue:text}`c8b_verdict` (before: partly): on the kept trials the worst seed's mean local
# correlation is {glue:text}`w_loc_kept_local:.3f`, against the bound 0.98 (the paper's filtered
# plot shows ≈0.989); its local-minus-global gap in the worst seed is
# {glue:text}`w_loc_kept_diff:.3f` against the bound 0.05, and the untrained model's gap reaches
# {glue:text}`max_loc_kept_diff_init:.3f` on the same trials.
#
# **More local trials, and the squared loss.** The local experiment used to run 8 trials per
# seed, too few for a per-trial correlation that spreads from near 0 to near 1; it now runs
# {glue:text}`loc_trials` per seed and loss, in every seed, and the worst seed is graded. C8b
# is {glue:text}`c8b_verdict` with them (before: partly on 8 trials): the worst seed's mean
# local correlation on the kept trials is {glue:text}`w_loc_kept_local:.3f`, against the bound
# 0.98 and ≈0.989 read off the paper's plot. The
# squared loss, run before only on the first seed of the never-executed full profile, is now
# graded with the same bounds (set from the paper brief before any squared-loss run) and the
# same untrained null. Without the filter (C8c) the worst seed's local-minus-global gap is
# {glue:text}`w_sq_diff:.3f` (bound 0.1); on the kept trials (C8d, {glue:text}`c8d_verdict`) the
# worst seed's mean local correlation is {glue:text}`w_sq_kept_local:.3f` against the bound 0.98
# (the paper's plot: ≈0.995) and its gap {glue:text}`w_sq_kept_diff:.3f`. Over all seeds the
# filter keeps {glue:text}`sq_kept_all` squared-loss and {glue:text}`ce_kept_all`
# cross-entropy trials, so C8d, like C8b, is conditional on success. The squared loss's norm
# comparison (M11) is {glue:text}`m11_outcome`; the paper reports ≈0.02 (local) against ≈17.4
# (global): compare the first seed's values above.
#
# **What matched.** The central claim holds in our reconstruction: on acyclic data the direction of
# `W(τ)` aligns with the Graph-SVM solution (first seed: mean correlation {glue:text}`a_corr:.3f`
# at the end against ≈0.99 read off the paper's plot; {glue:text}`a_corr500:.3f` at iteration
# {glue:text}`it_mid` against ≈0.85), and attention retrieves the label in every training window of
# every seed. On cyclic data the decomposition into a growing Graph-SVM part and a finite part
# holds in the sense the official code measures it: the part of `W` inside the cyclic subspace
# tracks the lock-step `W_fin` (first seed: norm difference {glue:text}`c_nd:.4f` at the end,
# against ≈0.005–0.011 read off the plot files; C4 tests the largest trial of the worst seed
# against our looser tolerance), and the automaton built from the TPGs and `W_fin` alone
# reproduces the trained attention window by window (first seed: total-variation distance at
# most {glue:text}`c_tv:.1e`). The identity-head log-loss is convex in every probe, while the
# tied-head loss is not, which is why C8 is about *local* convergence.
#
# **What differs, and why.** The bump of the norm difference on the larger cyclic problem
# ({glue:text}`b_nd_peak:.2f` for the first seed's mean curve, against ≈0.5 read off the paper's
# plot) depends on the draws and few trials are averaged, so we report it without testing it. The
# local experiment (C8) depends on the official code's filter: without it the first seed's mean
# local correlation is {glue:text}`loc_l_all:.3f`, on the {glue:text}`loc_kept` trials the filter
# keeps it is {glue:text}`loc_l_kept:.3f`, against ≈0.989 reported for the filtered runs. The
# published local curves therefore describe the successful trials only; we did not establish why
# the dropped trials end below the threshold (a selection that is still changing after
# {glue:text}`local_iters` iterations at step {glue:text}`local_lr`, or a local Graph-SVM built
# from a borderline selection, are candidates); in the first seed {glue:text}`loc_dropped_single`
# of the {glue:text}`loc_dropped` dropped trials are single-token trials. In
# {glue:text}`loc_single` of {glue:text}`loc_trials` trials of the first seed GD selected one
# token per window; the local cyclic subspace is then empty and the local norm difference is zero
# by construction, so "local < global" would hold trivially there; the norm comparison (M9) uses
# only the informative trials (multi-token selection, local ≠ global), and is a method check
# because the global value is its only comparison. Its outcome is {glue:text}`m9_outcome` (a
# negative result, kept). Most multi-token trials cannot test it: their local structure equals the global one, and seeds without an informative trial count as
# failures (counts in M9's note). Where a trial does test it, the local norm difference can end
# far above the global one: the first seed's worst trial (above) selected tokens at iteration
# {glue:text}`local_iters` that further training removes, so its local Graph-SVM describes a
# transient, not a limit. Before this revision the check was part of C8a and held, on the one
# (different) seed used then. The paper's filtered norm difference (≈0.10 local against ≈7.6
# global) is therefore not matched here. Cyclic correlations level off (worst seed
# {glue:text}`w_c_corr:.3f`, and
# {glue:text}`w_b_corr:.3f` on the larger problem, because part of every unit step goes into
# oscillations inside `S_fin`), so their tolerances are looser.
#
# **Easy and hard.** The model and its closed-form gradient are tiny; batching the trials on a
# leading axis makes the quick profile, three seeds included, run in well under a minute of CPU
# time. The Graph-SVM needed care: SLSQP on the primal stalls on rank-deficient equality
# constraints, so both of our solvers work in the null space of the equalities (the dual by
# L-BFGS-B followed by an exact active-set polish, and SLSQP as a cross-check), and every solution
# is checked against its KKT conditions (M2). The hardest part was reading the setting off code
# rather than the paper: the theorem statements, the definition of the local finite component and
# the one figure number we quote remain unverified, which is why no claim here can be better than
# "holds in our reconstruction".
