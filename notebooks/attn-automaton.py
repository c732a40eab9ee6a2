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
# **Scope.** We test the paper claims C2–C9 of the table at the end (C8 twice: C8a without and C8b
# with the official code's trial filter), on the paper's synthetic setting: alignment of the
# trained direction with the Graph-SVM on acyclic data (C2, the central claim); hard retrieval
# (C3); the decomposition `R·W_svm + W_fin` on cyclic data (C4); soft composition by `W_fin` and
# the automaton (C5); a larger cyclic problem (C6); a larger step (C7); local convergence with a
# non-convex head, with and without the official code's trial filter (C8); the regularization path
# (C9). Convexity of the identity-head log-loss (formerly C1) is an identity and is now a method
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
# our own; the library functions live in `shared.attention.automaton`.

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
import matplotlib.pyplot as plt
import numpy as np
import torch
from shared.repro import glue

from shared.attention import automaton as ntp
from shared.repro import key_numbers, progress, start

cfg = start("attn-automaton", ntp.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
# one independent stream per seed: its own data draws (a generator) and torch initializations
# (one integer per experiment), all derived from SEED without seed arithmetic
seed_seqs = np.random.SeedSequence(SEED).spawn(cfg.n_seeds)
rngs = [np.random.default_rng(ss) for ss in seed_seqs]
inits = [[int(x) for x in ss.generate_state(5)] for ss in seed_seqs]  # A, C, big, lr, local
SEEDS = range(cfg.n_seeds)
glue("n_seeds", cfg.n_seeds, display=False)
glue("n_trials", cfg.n_trials, display=False)
glue("iters", cfg.iters, display=False)
glue("lr", cfg.lr, display=False)

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
def band(ax, steps, curves, label, color=None, log=False, stat="mean"):
    """Trials are rows of ``curves``. ``stat="mean"``: mean ± 1 sd (on a log axis the band is
    clipped at a tenth of the mean); ``"median"``: median and interquartile range."""
    if stat == "median":
        m = np.nanmedian(curves, 0)
        lo, hi = np.nanpercentile(curves, 25, 0), np.nanpercentile(curves, 75, 0)
    else:
        m, s = np.nanmean(curves, 0), np.nanstd(curves, 0)
        lo, hi = (np.maximum(m - s, m * 0.1) if log else m - s), m + s
    (line,) = ax.plot(steps, m, label=label, color=color)
    ax.fill_between(steps, lo, hi, color=line.get_color(), alpha=0.2, lw=0)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("iteration")
    return line


def at(run_steps, step):
    """Index of a recorded iteration."""
    return int(np.flatnonzero(run_steps == step)[0])


# %% [markdown]
# ## M1 (formerly C1): the identity-head log-loss is convex
#
# With distinct tokens the label fills exactly one position, so the loss of a window is
# `log(1 + Σ_{t≠label} exp(a_t − a_label))`, a log-sum-exp of linear functions of `W`, hence convex
# (our reconstruction of the paper's premise, **verify**). Being an identity, it is a method check:
# we test our implementation numerically with second differences of the training loss along random
# directions at random points (first seed's data), and contrast it with the tied head `C = E` used
# in C8.

# %%
acyc_sets = [ntp.draw_trials(cfg.acyclic, "acyclic", cfg.n_trials, rngs[s]) for s in SEEDS]
acyc_data = acyc_sets[0]
sd_log = ntp.second_differences(acyc_data, "log", cfg.convexity_pairs, cfg.rng)
sd_ce = ntp.second_differences(acyc_data, "ce", cfg.convexity_pairs, cfg.rng)
glue("sd_log_min", float(sd_log.min()), display=False)
glue("sd_ce_min", float(sd_ce.min()), display=False)
glue("sd_pairs", cfg.convexity_pairs * cfg.n_trials, display=False)

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

# %%
runs_a = [ntp.run_global(acyc_sets[s], cfg.lr, cfg.iters, cfg.record_every, seed=inits[s][0], device=cfg.device)
          for s in progress(SEEDS, desc="acyclic")]
run_a = runs_a[0]
IT_MID, IT_LATE = 500, 2000  # intermediate iterations at which the paper's plots were read
ia, i500, i2000 = at(run_a.steps, cfg.iters), at(run_a.steps, IT_MID), at(run_a.steps, IT_LATE)


def dip(run):
    """Largest dip of the trial-mean correlation curve after iteration 200."""
    mean_curve, after = run.corr.mean(0), run.steps >= 200
    return float(np.max(np.maximum.accumulate(mean_curve[after]) - mean_curve[after]))


def decades(run):
    """Decades by which the median mass outside the label falls from IT_LATE to the end (the mass
    outside is summed directly: 1 - mass would round to 0 on long runs)."""
    return float(np.log10(np.median(run.rest_label[:, i2000]) / np.median(run.rest_label[:, ia])))


corr_a = run_a.corr[:, ia]
dip_a, decade_ratio = dip(run_a), 10 ** decades(run_a)
norm_ratio = float(np.mean(run_a.norm_W[:, ia] / run_a.norm_W[:, i500]))
kkt_min_margin = min(sv.min_margin for r in runs_a for sv in r.svms)
kkt_compl = max(sv.complementarity for r in runs_a for sv in r.svms)
glue("a_corr", float(corr_a.mean()), display=False)
glue("a_corr_min", float(corr_a.min()), display=False)
glue("a_corr500", float(run_a.corr[:, i500].mean()), display=False)
glue("a_mass", float(run_a.mass_label[:, ia].mean()), display=False)
glue("a_decades", float(np.log10(decade_ratio)), display=False)
glue("a_norm_ratio", norm_ratio, display=False)
glue("kkt_margin", kkt_min_margin, display=False)
glue("kkt_compl", kkt_compl, display=False)
glue("it_mid", IT_MID, display=False)
glue("it_late", IT_LATE, display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's acyclic plots (n4T6K8d8). Top: correlation of W(τ) with the Graph-SVM solution, linear and as 1 − corr on a log axis. Bottom: attention mass on the most-attended SCC (the official code's metric), linear and as 1 − mass on a log axis. First seed. Linear panels: mean ± 1 sd over its trials; log panels: median and interquartile range.", "name": "fig-automaton-acyclic"}}
fig, axs = plt.subplots(2, 2, figsize=(9, 6), constrained_layout=True)
band(axs[0, 0], run_a.steps, run_a.corr, "corr(W, W_svm)")
band(axs[0, 1], run_a.steps, 1 - run_a.corr, "1 − corr", log=True, stat="median")
band(axs[1, 0], run_a.steps, run_a.mass, "SCC mass")
band(axs[1, 1], run_a.steps, run_a.rest, "1 − SCC mass", log=True, stat="median")
for ax, t, yl in zip(axs.flat, ["correlation", "1 − correlation", "largest-SCC attention mass", "1 − mass"],
                     ["corr(W, W_svm)", "1 − corr(W, W_svm)", "attention mass", "1 − attention mass"]):
    ax.set_title(t)
    ax.set_ylabel(yl)
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

# %%
runs_c = [ntp.run_global(ntp.draw_trials(cfg.cyclic, "cyclic", cfg.n_trials, rngs[s]), cfg.lr, cfg.iters,
                         cfg.record_every, seed=inits[s][1], device=cfg.device) for s in progress(SEEDS, desc="cyclic")]
run_c = runs_c[0]
cyc_data = run_c.datasets
ic = at(run_c.steps, cfg.iters)
c_corr, c_corr_fin = run_c.corr[:, ic], run_c.corr_fin[:, ic]
c_proj, c_nd = run_c.proj_corr[:, ic], run_c.norm_diff[:, ic]
c_nd_peak = run_c.norm_diff.mean(0).max()
r_growth = float(np.mean(run_c.R[:, ic] / run_c.R[:, at(run_c.steps, IT_MID)]))
glue("c_R", float(run_c.R[:, ic].mean()), display=False)
glue("c_R_growth", r_growth, display=False)
glue("c_corr", float(c_corr.mean()), display=False)
glue("c_corr_fin", float(c_corr_fin.mean()), display=False)
glue("c_proj", float(c_proj.mean()), display=False)
glue("c_nd", float(c_nd.mean()), display=False)
glue("c_nd_max", float(c_nd.max()), display=False)
glue("c_nd_peak", float(c_nd_peak), display=False)
glue("c_nd_peak_it", int(run_c.steps[run_c.norm_diff.mean(0).argmax()]), display=False)
glue("c_mass", float(run_c.mass[:, ic].mean()), display=False)
glue("c_soft", float(np.nanmax(run_c.soft_diff)), display=False)
glue("c_tv", float(run_c.automaton_tv.max()), display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's cyclic plots (n6T4K6d8). (a) correlation of W with W_svm and with the fitted R·W_svm + W_fin; (b) correlation of the part of W outside the cyclic subspace with W_svm; (c) ‖Π_S W − W_fin‖_F with W_fin trained in lock-step; (d) attention mass on the most-attended SCC. First seed, mean ± 1 sd over its trials.", "name": "fig-automaton-cyclic"}}
fig, axs = plt.subplots(2, 2, figsize=(9, 6), constrained_layout=True)
band(axs[0, 0], run_c.steps, run_c.corr, "corr(W, W_svm)")
band(axs[0, 0], run_c.steps, run_c.corr_fin, "corr(W, R·W_svm + W_fin)")
axs[0, 0].legend()
band(axs[0, 1], run_c.steps, run_c.proj_corr, "corr(W − Π_S W, W_svm)")
band(axs[1, 0], run_c.steps, run_c.norm_diff, "‖Π_S W − W_fin‖")
band(axs[1, 1], run_c.steps, run_c.mass, "SCC mass")
for ax, t, yl in zip(axs.flat, ["(a) correlation", "(b) projected correlation", "(c) norm difference", "(d) SCC mass"],
                     ["correlation", "correlation", "Frobenius norm", "attention mass"]):
    ax.set_title(t)
    ax.set_ylabel(yl)
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

# %% mystnb={"figure": {"caption": "Analogue of the paper's Fig. 1 (schematic; number unverified, see Scope), drawn from one cyclic trial. Left: token-priority graphs G^(k), the first for the window shown on the right; tokens of one multi-token SCC share a colour, singletons are grey. Right: the training window with the most uneven split inside its label SCC — the trained attention and the automaton: hard retrieval of the top SCC present (shaded), then soft composition with W_fin.", "name": "fig-automaton-schematic"}}
best = (-1.0, 0, 0)  # (spread of the soft composition, trial, window)
for b, ds in enumerate(cyc_data):
    m = ntp.reduced_mask(ds.X, ds.y, ds.scc)
    soft = ntp.attention_np(run_c.W_fin[b], ds.E, ds.X, m)
    for i in np.flatnonzero(m.any(1)):
        spread = float(soft[i][m[i]].max() - soft[i][m[i]].min()) + float(m[i].sum())
        best = max(best, (spread, b, int(i)))
_, b0, i_win = best
ds0 = cyc_data[b0]
k_win = int(ds0.X[i_win, -1])
ks = ([k_win] + [k for k in range(ds0.K) if ds0.adj[k].any() and k != k_win])[:3]
fig = plt.figure(figsize=(11, 3.6), constrained_layout=True)
gs = fig.add_gridspec(1, len(ks) + 2)
ang = 2 * np.pi * np.arange(ds0.K) / ds0.K
pos = np.c_[np.cos(ang), np.sin(ang)]
palette = plt.get_cmap("tab10")
for j, k in enumerate(ks):
    ax = fig.add_subplot(gs[0, j])
    lab = ds0.scc[k]
    sizes = np.bincount(lab)
    for a, b in zip(*np.nonzero(ds0.adj[k])):
        ax.annotate("", xy=pos[b], xytext=pos[a],
                    arrowprops=dict(arrowstyle="-|>", color="0.4", lw=0.8, shrinkA=9, shrinkB=9))
    multi = [c for c in np.unique(lab) if sizes[c] > 1]
    for v in range(ds0.K):
        col = palette(multi.index(lab[v]) + 1) if lab[v] in multi else "0.8"
        ax.scatter(*pos[v], s=260, color=col, edgecolor="k", zorder=3)
        ax.text(*pos[v], str(v), ha="center", va="center", zorder=4, fontsize=9)
    ax.set_title(f"G^({k})", fontsize=10)
    ax.set_xlim(-1.35, 1.35), ax.set_ylim(-1.35, 1.35), ax.set_aspect("equal"), ax.axis("off")
s_tr = ntp.attention_np(run_c.W[b0], ds0.E, ds0.X)[i_win]
auto, top = ntp.automaton_attention(ds0.E, ds0.X, ds0.adj, ds0.scc, run_c.W_fin[b0])
ax = fig.add_subplot(gs[0, len(ks):])
xx = np.arange(ds0.X.shape[1])
ax.bar(xx - 0.2, s_tr, 0.4, label="trained attention")
ax.bar(xx + 0.2, auto[i_win], 0.4, label="automaton (retrieve, then compose)")
for t in np.flatnonzero(top[i_win]):
    ax.axvspan(t - 0.45, t + 0.45, color="0.85", zorder=0, lw=0)
ax.set_xticks(xx, [f"{v}" + (" (y)" if v == ds0.y[i_win] else "") for v in ds0.X[i_win]])
ax.set_xlabel(f"window tokens (last token {ds0.X[i_win, -1]}); shaded: retrieved SCC")
ax.set_ylabel("attention")
ax.set_ylim(0, 1.3 * max(s_tr.max(), auto[i_win].max()))
ax.legend(fontsize=8, loc="upper center", ncol=1)
plt.show()

# %% [markdown]
# ## C6, C7: a larger cyclic problem and a larger step

# %%
runs_b, runs_l = [], []
for s in progress(SEEDS, desc="larger"):
    runs_b.append(ntp.run_global(ntp.draw_trials(cfg.big_cyclic, "cyclic", cfg.big_trials, rngs[s]), cfg.lr,
                                 cfg.iters, cfg.record_every, seed=inits[s][2], device=cfg.device))
    runs_l.append(ntp.run_global(ntp.draw_trials(cfg.acyclic_lr, "acyclic", cfg.big_trials, rngs[s]), cfg.lr_big,
                                 cfg.iters_big_lr, cfg.record_every, seed=inits[s][3], device=cfg.device))
run_b, run_l = runs_b[0], runs_l[0]
ib, il = at(run_b.steps, cfg.iters), at(run_l.steps, cfg.iters_big_lr)
glue("b_corr", float(run_b.corr[:, ib].mean()), display=False)
glue("b_nd", float(run_b.norm_diff[:, ib].mean()), display=False)
glue("b_nd_peak", float(run_b.norm_diff.mean(0).max()), display=False)
glue("l_corr", float(run_l.corr[:, il].mean()), display=False)
glue("big_trials", cfg.big_trials, display=False)
glue("lr_big", cfg.lr_big, display=False)
glue("iters_big_lr", cfg.iters_big_lr, display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's plots for a larger cyclic problem (n10T6K8d8: correlation and norm difference) and for acyclic n6T4K6d8 at the larger step size (value in the panel title and the text). First seed, mean ± 1 sd over its trials.", "name": "fig-automaton-larger"}}
fig, axs = plt.subplots(1, 3, figsize=(12, 3.4), constrained_layout=True)
band(axs[0], run_b.steps, run_b.corr, "corr(W, W_svm)")
band(axs[0], run_b.steps, run_b.corr_fin, "corr(W, R·W_svm + W_fin)")
axs[0].legend(fontsize=8)
axs[0].set_title("n10T6K8d8 cyclic: correlation")
axs[0].set_ylabel("correlation")
band(axs[1], run_b.steps, run_b.norm_diff, "‖Π_S W − W_fin‖")
axs[1].set_title("n10T6K8d8 cyclic: norm difference")
axs[1].set_ylabel("‖Π_S W − W_fin‖_F")
band(axs[2], run_l.steps, run_l.corr, "corr(W, W_svm)")
axs[2].set_title(f"n6T4K6d8 acyclic, step {cfg.lr_big:g}: correlation")
axs[2].set_ylabel("corr(W, W_svm)")
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
# curves are conditional on success; we report the curves with and without that filter.

# %%
SEL_THR, AMB_THR = ntp.local_selection.__defaults__  # the official code's thresholds (library defaults)
glue("sel_thr", SEL_THR, display=False)
glue("amb_thr", AMB_THR, display=False)
glue("filter_threshold", cfg.filter_threshold, display=False)
glue("local_lr", cfg.local_lr, display=False)
glue("local_iters", cfg.local_iters, display=False)
local_runs, ce_runs = {}, []
for s in progress(SEEDS, desc="local"):
    # the cross-entropy runs of every seed are graded; other losses (full profile) are plotted, first seed
    for loss in cfg.local_losses if s == 0 else ("ce",):
        loc_data = ntp.draw_trials(cfg.local, "cyclic", cfg.local_trials, rngs[s])
        run = ntp.run_local(loc_data, loss, cfg.local_lr, cfg.local_iters, cfg.record_every,
                            seed=inits[s][4], device=cfg.device)
        if s == 0:
            local_runs[loss] = run
        if loss == "ce":
            ce_runs.append(run)
            if s == 0:
                loc_first = loc_data
il_end = at(ce_runs[0].steps, cfg.local_iters)


def local_stats(run, step):
    """Per-trial correlations and norm differences of a tied-head run at recorded index ``step``,
    the official filter's mask (on the final local correlation) and the trials in which some
    window selected two or more tokens (in the others the local cyclic subspace is empty and the
    local norm difference is 0 by construction, so they cannot test "local < global")."""
    keep = ntp.repo_trial_filter(run.corr_local[:, il_end], cfg.filter_threshold)
    multi = run.n_selected > cfg.local[0]
    return dict(g=run.corr_global[:, step], l=run.corr_local[:, step], nd_g=run.norm_diff_global[:, step],
                nd_l=run.norm_diff_local[:, step], keep=keep, multi=multi)


def nd_local_below_global(st, sel):
    """Mean local norm difference < mean global one over the trials ``sel`` (fails when empty)."""
    return bool(sel.any() and st["nd_l"][sel].mean() < st["nd_g"][sel].mean())


def informative(st):
    """Trials with a multi-token selection whose local norm difference differs from the global
    one (where they are equal, the local structure is the global one and the comparison is empty)."""
    return st["multi"] & ~np.isclose(st["nd_l"], st["nd_g"], rtol=1e-9, atol=1e-12)


def kept_mean(x, keep):
    return float(x[keep].mean()) if keep.any() else float("nan")


r_ce = ce_runs[0]
st0 = local_stats(r_ce, il_end)
g_all, l_all, nd_g, nd_l, keep, multi = (st0[k] for k in ("g", "l", "nd_g", "nd_l", "keep", "multi"))
n_kept, n_local = int(keep.sum()), len(keep)
n_multi, n_kept_multi = int(multi.sum()), int((keep & multi).sum())

glue("loc_trials", n_local, display=False)
glue("loc_kept", n_kept, display=False)
glue("loc_dropped", n_local - n_kept, display=False)
glue("loc_g_all", float(g_all.mean()), display=False)
glue("loc_l_all", float(l_all.mean()), display=False)
glue("loc_g_kept", float(g_all[keep].mean()) if n_kept else float("nan"), display=False)
glue("loc_l_kept", float(l_all[keep].mean()) if n_kept else float("nan"), display=False)
glue("loc_nd_g", float(nd_g.mean()), display=False)
glue("loc_nd_l", float(nd_l.mean()), display=False)
glue("loc_single", n_local - n_multi, display=False)
glue("loc_multi", n_multi, display=False)
glue("loc_dropped_single", int((~keep & ~multi).sum()), display=False)
glue("loc_nd_g_multi", float(nd_g[multi].mean()) if n_multi else float("nan"), display=False)
glue("loc_nd_l_multi", float(nd_l[multi].mean()) if n_multi else float("nan"), display=False)
glue("loc_same", int((multi & ~informative(st0)).sum()), display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's local-convergence plots (cyclic n4T6K8d8, tied head; step size, iterations and filter threshold in the text). Left: correlation of W with the global and with the local Graph-SVM over all trials; middle: the same over the trials the official code's filter keeps (final local correlation above the threshold); right: ‖Π_S W − W_fin‖ with the global and with the local cyclic subspace and finite component, all trials. First seed; one row per loss (cross-entropy; squared loss in the full profile).", "name": "fig-automaton-local"}}
rows = len(local_runs)
fig, axs = plt.subplots(rows, 3, figsize=(12, 3.4 * rows), constrained_layout=True, squeeze=False)
for r, (loss, run) in enumerate(local_runs.items()):
    kp = ntp.repo_trial_filter(run.corr_local[:, -1], cfg.filter_threshold)
    for ax, sel, title in ((axs[r, 0], np.ones_like(kp), "all trials"), (axs[r, 1], kp, "filtered trials")):
        if sel.any():
            band(ax, run.steps, run.corr_global[sel], "global W_svm")
            band(ax, run.steps, run.corr_local[sel], "local W_svm")
        ax.set_title(f"{loss}: correlation, {title} ({int(sel.sum())}/{len(sel)})")
        ax.set_ylabel("correlation")
        ax.legend(fontsize=8)
    band(axs[r, 2], run.steps, run.norm_diff_global + 1e-12, "global", log=True)
    band(axs[r, 2], run.steps, run.norm_diff_local + 1e-12, "local", log=True)
    axs[r, 2].set_title(f"{loss}: ‖Π_S W − W_fin‖ (+1e-12)")
    axs[r, 2].set_ylabel("Frobenius norm")
    axs[r, 2].legend(fontsize=8)
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
# The local norm difference is not always small. We take the first seed's trial with the largest
# one and train it for another {glue:text}`local_iters` iterations, to see whether the tokens it
# selected at the end of training were still changing.

# %%
w_b = int(np.argmax(nd_l))
ds_w = loc_first[w_b]
sel_end = ntp.local_selection(ntp.attention_np(r_ce.W[w_b], ds_w.E, ds_w.X), ds_w.X)[0]
W_more, _, _ = ntp.normalized_gd(torch.from_numpy(r_ce.W[w_b: w_b + 1]).to(cfg.device),
                                 ntp.make_batch([ds_w], device=cfg.device), "ce", cfg.local_lr,
                                 cfg.local_iters, cfg.local_iters)
sel_more = ntp.local_selection(ntp.attention_np(W_more[0].cpu().numpy(), ds_w.E, ds_w.X), ds_w.X)[0]
glue("w_nd_l", float(nd_l[w_b]), display=False)
glue("w_nd_g", float(nd_g[w_b]), display=False)
glue("w_windows", int(ds_w.X.shape[0]), display=False)
glue("w_changed", int((sel_end != sel_more).any(1).sum()), display=False)
glue("w_multi_end", int((sel_end.sum(1) > 1).sum()), display=False)
glue("w_multi_more", int((sel_more.sum(1) > 1).sum()), display=False)
glue("local_iters2", 2 * cfg.local_iters, display=False)

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

# %%
regs = [np.stack([ntp.regularization_path(ds, cfg.reg_radii, iters=cfg.reg_iters, device=cfg.device)
                  for ds in acyc_sets[s][: cfg.reg_trials]]) for s in progress(SEEDS, desc="regularization path")]
reg = regs[0]
glue("reg_last", float(reg[:, -1].mean()), display=False)
glue("reg_first", float(reg[:, 0].mean()), display=False)
glue("reg_rmax", float(cfg.reg_radii[-1]), display=False)
glue("reg_rmin", float(cfg.reg_radii[0]), display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's regularization-path result (theory; no plot known): correlation of the norm-constrained minimizer of the log-loss with W_svm against the radius ρ, acyclic n4T6K8d8, first seed, one line per trial.", "name": "fig-automaton-regpath"}}
fig, ax = plt.subplots(figsize=(4.5, 3.2), constrained_layout=True)
for row in reg:
    ax.plot(cfg.reg_radii, row, "o-", alpha=0.8)
ax.set_xscale("log")
ax.set_xlabel("radius ρ")
ax.set_ylabel("corr(W_ρ, W_svm)")
plt.show()

# %% [markdown]
# In the first seed the mean correlation grows from {glue:text}`reg_first:.3f` at `ρ =` {glue:text}`reg_rmin:g` to
# {glue:text}`reg_last:.4f` at `ρ =` {glue:text}`reg_rmax:.0f`.
#
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
key_numbers({
    "acyclic corr(W, W_svm) mean at end, first seed": float(corr_a.mean()),
    "acyclic corr min trial, first seed": float(corr_a.min()),
    "acyclic corr mean at end, worst seed": min(float(r.corr[:, ia].mean()) for r in runs_a),
    "acyclic label mass mean, first seed": float(run_a.mass_label[:, ia].mean()),
    f"acyclic decades of 1-mass, {IT_LATE}->end, first seed": float(np.log10(decade_ratio)),
    "cyclic corr(W, W_svm) mean, first seed": float(c_corr.mean()),
    "cyclic corr(W, R W_svm + W_fin) mean, first seed": float(c_corr_fin.mean()),
    "cyclic norm diff mean, first seed": float(c_nd.mean()),
    "cyclic norm diff largest, worst seed": max(float(r.norm_diff[:, ic].max()) for r in runs_c),
    "cyclic soft-composition max diff, worst seed": max(float(np.nanmax(r.soft_diff)) for r in runs_c),
    "n10T6K8d8 corr mean, first seed": float(run_b.corr[:, ib].mean()),
    f"acyclic lr {cfg.lr_big:g} corr mean, first seed": float(run_l.corr[:, il].mean()),
    "local CE corr global mean (all), first seed": float(g_all.mean()),
    "local CE corr local mean (all), first seed": float(l_all.mean()),
    "local CE trials kept by filter, per seed": ", ".join(
        f"{int(local_stats(r, il_end)['keep'].sum())}/{cfg.local_trials}" for r in ce_runs),
    "regularization path corr at max radius, first seed": float(reg[:, -1].mean()),
})

# %% [markdown]
# ## Claims
#
# The chapter's measurements go into a `Measured` record (one value per seed for everything
# seed-dependent, with the null of every check); `shared.attention.automaton_claims.claims` turns
# it into the paper claims and the method checks, graded under the book's evidence policy.

# %%
from shared.attention.automaton_claims import Measured, claims


def per_seed(runs, f):
    return tuple(float(f(r)) for r in runs)


def proj_identity_residual(r):
    """|corr(W − Π_S W, W_svm)·‖W − Π_S W‖ − corr(W, W_svm)·‖W‖| / ‖W‖, largest over trials and steps."""
    perp = np.sqrt(np.clip(r.norm_W ** 2 - r.norm_PW ** 2, 0.0, None))
    return float(np.max(np.abs(r.proj_corr * perp - r.corr * r.norm_W) / r.norm_W))


ci500 = at(run_c.steps, IT_MID)
ce_end = [local_stats(r, il_end) for r in ce_runs]
ce_init = [local_stats(r, 0) for r in ce_runs]
global_runs = runs_a + runs_c + runs_b + runs_l
m = Measured(
    n_trials=cfg.n_trials, iters=cfg.iters, lr=cfg.lr, it_mid=IT_MID, it_late=IT_LATE,
    big_trials=cfg.big_trials, lr_big=cfg.lr_big, iters_big_lr=cfg.iters_big_lr,
    local_trials=cfg.local_trials, local_iters=cfg.local_iters, local_lr=cfg.local_lr,
    filter_threshold=cfg.filter_threshold, reg_rho_max=float(cfg.reg_radii[-1]), reg_trials=cfg.reg_trials,
    reg_iters=cfg.reg_iters, convexity_pairs=cfg.convexity_pairs,
    # method checks
    sd_log_min=float(sd_log.min()), sd_ce_min=float(sd_ce.min()),
    kkt_margin_min=float(min(sv.min_margin for r in global_runs for sv in r.svms)),
    kkt_compl_max=float(max(sv.complementarity for r in global_runs for sv in r.svms)),
    a_norm_ratio=per_seed(runs_a, lambda r: np.mean(r.norm_W[:, ia] / r.norm_W[:, i500])),
    a_dip=per_seed(runs_a, dip), a_decades=per_seed(runs_a, decades),
    proj_identity_residual=max(proj_identity_residual(r) for r in runs_c + runs_b),
    c_proj=per_seed(runs_c, lambda r: r.proj_corr[:, ic].mean()),
    c_fin_minus_corr=per_seed(runs_c, lambda r: r.corr_fin[:, ic].mean() - r.corr[:, ic].mean()),
    c_nd_below_peak=tuple(bool(r.norm_diff[:, ic].mean() < r.norm_diff.mean(0).max()) for r in runs_c),
    loc_nd_local_below=tuple(nd_local_below_global(st, informative(st)) for st in ce_end),
    loc_nd_local_below_kept=tuple(nd_local_below_global(st, st["keep"] & informative(st)) for st in ce_end),
    loc_multi=tuple(int(st["multi"].sum()) for st in ce_end),
    loc_informative=tuple(int(informative(st).sum()) for st in ce_end),
    loc_nd_local_worse=tuple(int((st["multi"] & (st["nd_l"] > st["nd_g"])).sum()) for st in ce_end),
    loc_nd_local_max=tuple(float(st["nd_l"].max()) for st in ce_end),
    reg_monotone=tuple(bool(np.all(np.diff(rg, axis=1) > 0)) for rg in regs),
    # C2, C3 (acyclic)
    a_corr=per_seed(runs_a, lambda r: r.corr[:, ia].mean()),
    a_corr_init=per_seed(runs_a, lambda r: r.corr[:, 0].mean()),
    a_corr_min=per_seed(runs_a, lambda r: r.corr[:, ia].min()),
    a_corr_min_init=per_seed(runs_a, lambda r: r.corr[:, 0].min()),
    a_mass=per_seed(runs_a, lambda r: r.mass_label[:, ia].mean()),
    a_mass_init=per_seed(runs_a, lambda r: r.mass_label[:, 0].mean()),
    a_argmax=per_seed(runs_a, lambda r: r.label_argmax[:, ia].mean()),
    a_argmax_init=per_seed(runs_a, lambda r: r.label_argmax[:, 0].mean()),
    # C4, C5 (cyclic)
    c_corr=per_seed(runs_c, lambda r: r.corr[:, ic].mean()),
    c_corr_init=per_seed(runs_c, lambda r: r.corr[:, 0].mean()),
    c_corr_fin=per_seed(runs_c, lambda r: r.corr_fin[:, ic].mean()),
    c_corr_fin_init=per_seed(runs_c, lambda r: r.corr_fin[:, 0].mean()),
    c_nd_max=per_seed(runs_c, lambda r: r.norm_diff[:, ic].max()),
    c_pw_max=per_seed(runs_c, lambda r: r.norm_PW[:, ic].max()),
    c_R_growth=per_seed(runs_c, lambda r: np.mean(r.R[:, ic] / r.R[:, ci500])),
    c_pw_growth=per_seed(runs_c, lambda r: np.mean(r.norm_PW[:, ic] / r.norm_PW[:, ci500])),
    c_mass=per_seed(runs_c, lambda r: r.mass[:, ic].mean()),
    c_mass_init=per_seed(runs_c, lambda r: r.mass[:, 0].mean()),
    c_soft=per_seed(runs_c, lambda r: np.nanmax(r.soft_diff)),
    c_soft_uniform=per_seed(runs_c, lambda r: np.nanmax(r.soft_diff_uniform)),
    c_tv=per_seed(runs_c, lambda r: r.automaton_tv.max()),
    c_tv_uniform=per_seed(runs_c, lambda r: r.automaton_tv_uniform.max()),
    # C6, C7
    b_corr=per_seed(runs_b, lambda r: r.corr[:, ib].mean()),
    b_corr_init=per_seed(runs_b, lambda r: r.corr[:, 0].mean()),
    b_nd=per_seed(runs_b, lambda r: r.norm_diff[:, ib].mean()),
    b_pw=per_seed(runs_b, lambda r: r.norm_PW[:, ib].mean()),
    l_corr=per_seed(runs_l, lambda r: r.corr[:, il].mean()),
    l_corr_init=per_seed(runs_l, lambda r: r.corr[:, 0].mean()),
    # C8 (tied head, cross-entropy)
    loc_diff=tuple(float(st["l"].mean() - st["g"].mean()) for st in ce_end),
    loc_diff_init=tuple(float(st["l"].mean() - st["g"].mean()) for st in ce_init),
    loc_kept=tuple(int(st["keep"].sum()) for st in ce_end),
    loc_kept_local=tuple(kept_mean(st["l"], st["keep"]) for st in ce_end),
    loc_kept_local_init=tuple(kept_mean(st["l"], st["keep"]) for st in ce_init),
    loc_kept_diff=tuple(kept_mean(st["l"], st["keep"]) - kept_mean(st["g"], st["keep"]) for st in ce_end),
    loc_kept_diff_init=tuple(kept_mean(st["l"], st["keep"]) - kept_mean(st["g"], st["keep"]) for st in ce_init),
    # C9
    reg_last=tuple(float(rg[:, -1].mean()) for rg in regs),
    reg_init=tuple(float(r.corr[: cfg.reg_trials, 0].mean()) for r in runs_a),
)
table = claims(m)
tally = table.tally()
glue("n_paper", tally.paper, display=False)
glue("n_holds", tally.verdicts["holds in our reconstruction"], display=False)
glue("n_partly", tally.verdicts["partly"], display=False)
glue("n_method", sum(tally.method.values()), display=False)
glue("w_loc_kept_local", min(m.loc_kept_local), display=False)
glue("w_c_corr", min(m.c_corr), display=False)
glue("w_b_corr", min(m.b_corr), display=False)
glue("proj_resid", m.proj_identity_residual, display=False)
glue("c_pw_max_min", min(m.c_pw_max), display=False)
glue("c_pw_growth_max", max(m.c_pw_growth), display=False)
glue("w_loc_kept_diff", min(m.loc_kept_diff), display=False)
glue("max_loc_kept_diff_init", max(m.loc_kept_diff_init), display=False)
glue("c8b_verdict", next(c.verdict for c in table.claims if c.id == "C8b"), display=False)
glue("m9_outcome", next(c.verdict for c in table.claims if c.id == "M9"), display=False)
table.display()

# %% [markdown]
# ## Method checks
#
# Identities, implementation tests and the book's own extra tests. They are shown for
# transparency and never counted as paper claims.

# %%
table.display_method_checks()

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
