# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Fast adversarial training against l0 perturbations: catastrophic overfitting and loss smoothing
#
# This chapter re-runs, from code, the statements of {cite:p}`fastlsl0`: one-step adversarial
# training against sparse (l0) perturbations overfits catastrophically; the reason is that the
# one-step attack finds poor pixel *locations*; the l0 adversarial loss landscape is craggier than
# for l∞, l2 and l1; and soft labels plus a trade-off loss (Fast-LS-l0) smooth it and remove the
# overfitting.
#
# ```{important}
# **What could be read.** The brief for this chapter was written from the abstracts of the two
# versions of the paper and public reviews. While building the chapter we found the text of
# version 2 (NeurIPS 2025) and read its tables and stated settings; version 1's tables were not
# read. This corrected the brief in three places: Fast-LS-l0 is *one-step sTRADES plus soft labels
# plus random sparse noise* (the brief had no noise component), the TRADES weight is 6 (brief: 3),
# and soft labels start at half of the epochs (brief: a quarter). We follow version 2. Still
# **our reconstructions**: the one-step attack's step sizes (the paper says they are those of the
# Sparse-PGD paper, whose values we did not read for one step), the exact form of the noise
# (random pixels, up to $2k_\text{train}$, uniform values), and everything about the digits scale.
# The *reported* numbers below come from version 2's Tables 1, 4, 5a and 17 (CIFAR-10,
# PreActResNet-18, $k=20$); no paper code exists, and all code here is ours.
# **Scale.** All measured numbers in the quick profile come from 8×8 digits with small CNNs on a
# CPU, training budget $k_\text{train}=8$ pixels and test budget $k=3$ of 64 (the paper: CIFAR-10,
# $k=20$ of 1024). The full profile adds CIFAR-10 at the paper's settings when the data can be
# read and a GPU is at hand.
# ```
#
# **Scope and evidence.** We read version 2's text and tables, so each statement tested here was
# read; our setup is the digits analogue (8×8 digits, TinyCNN, CPU), so the digits claims are
# *analogue* claims, at best "holds in our analogue". Every model comes from one training seed,
# so each claim is capped at "partly" ("one seed"). CIFAR-10 at the paper's settings (C10) is the
# paper's setup and runs in the full profile only. Implementation checks and the book's own
# landscape diagnostics are listed separately as method checks.
#
# **Claims.** C1–C8 and C10 of the brief: one-step training is worse than multi-step (C1)
# and shows catastrophic overfitting, CO (C2); CO comes from sub-optimal locations (C3); the l0
# landscape is craggier than the l∞/l2/l1 ones (C4); soft labels + trade-off loss smooth it (C5);
# Fast-LS-l0 removes CO and narrows the gap to multi-step training (C6); its components are all
# needed (C7, one seed in the quick profile); a larger training budget changes CO (C8); the
# CIFAR-10 results (C10, full profile only). l_p fast-training fixes (C9) are not attempted.
# Figures and tables: CO curves (F1), main table (T1), location vs magnitude (F2), landscape by
# norm (F3), smoothing (F4), training budget (F5) and component ablation (T2).

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
CIFAR_EPOCHS = None  # full profile: shortens the 100 CIFAR-10 epochs (e.g. 30 on Colab)

# %%
from shared.adversarial.cifar import check_cifar_epochs
from shared.adversarial.profiles import FASTLS_PROFILES
from shared.repro import start

cfg = start("fast-ls-l0", FASTLS_PROFILES, profile=PROFILE, seed=SEED, namespace=globals(),
            extra_params={"CIFAR_EPOCHS": CIFAR_EPOCHS})
check_cifar_epochs(CIFAR_EPOCHS)

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import Markdown, display
from shared.repro import glue

from shared.adversarial import sparse_autoattack, sparse_rs, spgd
from shared.adversarial.ablation import location_vs_magnitude
from shared.adversarial.autoattack import default_stages
from shared.adversarial.cifar import run_cifar_suite
from shared.adversarial.common import predict
from shared.adversarial.data import load_digits
from shared.adversarial.landscape import calibrate, curve_1d, probe
from shared.adversarial.reported import TABLE_1, TABLE_4, TABLE_5A
from shared.adversarial.training import co_eval_fn, train_digits_model
from shared.repro import key_numbers

T_START = time.perf_counter()
plt.rcParams.update({"figure.dpi": 90, "axes.grid": True, "grid.alpha": 0.3})
dev = cfg.device

# %% [markdown]
# ## Three training methods
#
# All models are `TinyCNN`s (ReLU) trained on the digits for {glue:text}`epochs` epochs with the
# recipe of the companion chapter (SGD 0.05, momentum 0.9, weight decay $5\cdot10^{-4}$, batch 64,
# learning rate ×0.1 at 50 % and 75 %), training budget $k_\text{train}=$ {glue:text}`k_train`:
#
# * **1-step sAT**: cross-entropy on the output of *one-step* sPGD: random start, one gradient
#   pass, one update of magnitudes and mask, one pass to score it (2 passes). The first fooling
#   image is used, otherwise the highest-loss of the clean image, the random start and the updated
#   one (the best-iterate rule of sPGD). Setting "S": the evaluation step sizes
#   $\alpha=\beta=0.25$, the literal reading of "1-step sPGD" (our choice; unverified).
# * **Fast-LS-l0** ({cite:t}`fastlsl0`, version 2): the same one-step attack, started from a
#   randomly noised image (a random number of pixels, up to $2k_\text{train}$, set to uniform random
#   values: the "N" component), and trained with the TRADES loss on soft labels:
#   $L=\frac1B\sum_i w_i\,\mathrm{CE}(f(x_i),T_i)+\beta\,\mathrm{KL}(f(x)\,\|\,f(x_\text{adv}))$,
#   $\beta=$ {glue:text}`beta_t` (the "T" loss; the attack itself maximises the cross-entropy).
#   The soft labels $T_i$ ("S") start one-hot; from epoch {glue:text}`es` (counted from 0, half of
#   the epochs as in the paper) they move towards the model's clean predictions,
#   $T_i\leftarrow0.9\,T_i+0.1\,\mathrm{softmax}(f(x_i))$, and $w_i=\max_jT_{ij}$ divided by its
#   batch mean (self-adaptive training).
# * **multi-step sAT**: {glue:text}`multi`-step sPGD (patience 10), the reference.
#
# During training, every {glue:text}`ev` epochs, a fixed set of {glue:text}`n_co` test images with
# fixed attack seeds measures (a) accuracy under the one-step training attack (worst of the two
# variants) and (b) accuracy under a strong attack, per point the worst case of (a) and
# sPGD-unproj ({glue:text}`co_it` iterations) followed by Sparse-RS ({glue:text}`co_q` queries), at
# the test budget $k=$ {glue:text}`k_test`. The CO gap is (a) − (b).

# %%
for name, v in (("epochs", cfg.epochs), ("k_train", cfg.k_train), ("beta_t", cfg.beta_trade),
                ("multi", cfg.multi_steps), ("ev", cfg.eval_every), ("n_co", cfg.n_co),
                ("co_it", cfg.co_iters), ("co_q", cfg.co_queries), ("k_test", cfg.k_test),
                ("es", int(round(cfg.sat_start * cfg.epochs)))):
    glue(name, v, display=False)
x_tr, y_tr, x_te, y_te = (t.to(dev) for t in load_digits(0))
K = cfg.k_test
co_fn = co_eval_fn(x_te[:cfg.n_co], y_te[:cfg.n_co], K, iters=cfg.co_iters, queries=cfg.co_queries,
                   alpha=cfg.alpha_1step, beta=cfg.alpha_1step, seed=cfg.seed)
common = dict(k_train=cfg.k_train, epochs=cfg.epochs, width=cfg.width, device=dev,
              data=(x_tr, y_tr), eval_fn=co_fn, eval_every=cfg.eval_every,
              alpha=cfg.alpha_1step, beta=cfg.alpha_1step, beta_trade=cfg.beta_trade,
              sat_start=cfg.sat_start)
recipes = {"1-step sAT": ("sat", 1, {}), "Fast-LS-l0": ("fast_ls", 1, dict(noise=True)),
           f"{cfg.multi_steps}-step sAT": ("sat", cfg.multi_steps, {})}
models, hist, train_s = {}, {}, {}
for name, (method, steps, extra) in recipes.items():
    t0 = time.perf_counter()
    models[name], hist[name] = train_digits_model(cfg.seed, method, attack_steps=steps, **common,
                                                  **extra)
    train_s[name] = time.perf_counter() - t0
ONE, FAST, MULTI = list(recipes)
for name in models:
    for h in hist[name]:
        if h.eval:
            assert h.eval["strong"] <= h.eval["one_step"] + 1e-12  # (b) <= (a) by construction
print({n: f"{s:.1f} s" for n, s in train_s.items()}, "training wall time")

# %% [markdown]
# ## Catastrophic overfitting (F1)

# %% mystnb={"figure": {"caption": "Analogue of the paper's CO figure: accuracy under the one-step training attack (a, solid) and under the strong attack (b, dashed) at k = 3 during training; the shaded band is the CO gap (a) − (b).", "name": "fig-fastls-co"}}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), sharey=True)
for ax, name in zip(axes, models):
    ev = [h for h in hist[name] if h.eval]
    ep = [h.epoch for h in ev]
    a = np.array([100 * h.eval["one_step"] for h in ev])
    b = np.array([100 * h.eval["strong"] for h in ev])
    ax.plot(ep, [100 * h.eval["clean"] for h in ev], ":", color="gray", label="clean")
    ax.plot(ep, a, "-o", label="(a) one-step attack")
    ax.plot(ep, b, "--s", label="(b) strong attack")
    ax.fill_between(ep, b, a, alpha=0.2)
    ax.set_title(name)
    ax.set_xlabel("epoch")
axes[0].set_ylabel(f"accuracy at k = {K} (%)")
axes[0].legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Final evaluation (T1)
#
# First {glue:text}`n_final` test images, $k=$ {glue:text}`k_test`; sAA-lite
# {glue:text}`saa_budget`. The sPGD-proj column is sAA's first stage (the same run); sPGD-unproj
# and Sparse-RS run alone on all points; "one-step" is the CO measure (a) at the last epoch on its
# {glue:text}`n_co` images. "clean returns" is the share of training examples per epoch whose
# training attack returned the clean image unchanged (clean errors, or, by the best-iterate rule,
# neither the random start nor the update raised the loss); s/epoch is wall time on this machine.
# The last column gives the paper's CIFAR-10 values ({cite:t}`fastlsl0`, version 2, $k=20$, PreActResNet-18), for
# orientation only: a different dataset, model and budget.

# %%
xf, yf = x_te[:cfg.n_final], y_te[:cfg.n_final]
glue("n_final", cfg.n_final, display=False)
glue("saa_budget", "{}/{}/{}".format(*cfg.saa), display=False)
final = {}
for name, m in models.items():
    s = sparse_autoattack(m, xf, yf, K, stages=default_stages(cfg.saa[0], cfg.saa[2]), seed=cfg.seed)
    s.check(xf, K, model=m, y=yf)
    u = spgd(m, xf, yf, K, iters=cfg.saa[1], variant="unproj", seed=cfg.seed + 1)
    rs = sparse_rs(m, xf, yf, K, queries=cfg.saa[2], seed=cfg.seed + 2)
    last = hist[name][-1].eval
    final[name] = {"clean": float((predict(m, xf) == yf).double().mean()),
                   "one-step": last["one_step"], "sPGD-proj": s.extra["stage_accuracy"][0],
                   "sPGD-unproj": u.robust_accuracy(), "Sparse-RS": rs.robust_accuracy(),
                   "sAA": s.robust_accuracy(), "CO gap": last["one_step"] - last["strong"],
                   "s/epoch": float(np.mean([h.seconds for h in hist[name]])),
                   "passes/example": float(np.mean([h.passes_per_batch for h in hist[name]])),
                   "clean returns": float(np.mean([h.unchanged for h in hist[name]])) / len(x_tr)}
cols = ["clean", "one-step", "sPGD-proj", "sPGD-unproj", "Sparse-RS", "sAA", "CO gap"]
lines = ["| model | " + " | ".join(c + " (%)" for c in cols) +
         " | s/epoch | passes/example | clean returns (%) | paper |", "|" + "---|" * (len(cols) + 5)]
paper = {ONE: f"sAA {TABLE_1['sAT t=1']:.1f} (v2 Table 1)",
         FAST: "clean {clean:.1f}, sAA {sAA:.1f} (v2 Table 5a)".format(**TABLE_5A["Fast-LS-l0"]),
         MULTI: "20-step: clean {clean:.1f}, sAA {sAA:.1f} (v2 Table 5a)".format(**TABLE_5A["sAT"])}
for name, f in final.items():
    lines.append(f"| {name} | " + " | ".join(f"{100 * f[c]:.1f}" for c in cols) +
                 f" | {f['s/epoch']:.2f} | {f['passes/example']:.1f} | {100 * f['clean returns']:.1f}"
                 f" | {paper[name]} |")
display(Markdown("\n".join(lines)))

# %% [markdown]
# A stronger evaluation for claim C6 (whose sAA-lite gain sat on the edge of its bound): the same
# cascade with {glue:text}`strong_q` Sparse-RS queries (10×) and other seeds. Only points that
# survive both sPGD stages reach the black-box stage, so this costs little.

# %%
strong_q = 10 * cfg.saa[2]
glue("strong_q", strong_q, display=False)
strong = {}
for name, m in models.items():
    s = sparse_autoattack(m, xf, yf, K, stages=default_stages(cfg.saa[0], strong_q), seed=cfg.seed + 100)
    s.check(xf, K, model=m, y=yf)
    strong[name] = s.robust_accuracy()
display(Markdown("| model | sAA-lite (%) | stronger sAA (%) |\n|---|---|---|\n" + "\n".join(
    f"| {n} | {100 * final[n]['sAA']:.1f} | {100 * strong[n]:.1f} |" for n in models)))

# %% [markdown]
# ## Location or magnitude? (F2)
#
# From one random start on {glue:text}`n_abl` test images ($k=$ {glue:text}`k_test`, unprojected
# variant, final iterates, no re-initialisation): A is the one-step perturbation; B keeps its
# pixel locations and refines its magnitudes for {glue:text}`abl_steps` steps; C puts the one-step
# magnitudes on the locations found by {glue:text}`abl_steps`-step sPGD; D is the
# {glue:text}`abl_steps`-step perturbation. If one-step training fails because of locations,
# B stays far above D (a large *location gap*), while C is close to D (a small *magnitude gap*).

# %% mystnb={"figure": {"caption": "Analogue of the paper's location ablation: robust accuracy under the four perturbations A–D for the 1-step sAT and the multi-step sAT models.", "name": "fig-fastls-location"}}
glue("n_abl", cfg.n_ablation, display=False)
glue("abl_steps", cfg.ablation_steps, display=False)
xa, ya = x_te[:cfg.n_ablation], y_te[:cfg.n_ablation]
abl = {n: location_vs_magnitude(models[n], xa, ya, K, steps=cfg.ablation_steps, seed=cfg.seed)
       for n in (ONE, MULTI)}
fig, ax = plt.subplots(figsize=(6.5, 3.6))
w = 0.38
for i, n in enumerate(abl):
    vals = [100 * abl[n][c] for c in "ABCD"]
    ax.bar(np.arange(4) + (i - 0.5) * w, vals, w, label=n)
ax.set_xticks(range(4), ["A: 1-step", "B: 1-step loc.\n+ refined mag.", "C: 1-step mag.\n+ best loc.",
                         "D: 100-step"])
ax.set_ylabel("robust accuracy (%)")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Landscape by norm (F3)
#
# The landscape probes need a smooth network: a vanilla `TinyCNN` with softplus activations and
# average pooling, trained for {glue:text}`ls_epochs` epochs on clean images, evaluated in float64
# on {glue:text}`n_ls` test images. For each norm the attack that defines $\delta^\star(\theta)$ is
# deterministic (same seed, {glue:text}`ls_iters` iterations, final iterate, no early stop or
# re-initialisation), and its budget is the grid value whose robust accuracy is closest to 30 %, so
# that the norms are compared at equal attack strength. Along {glue:text}`n_dirs`
# filter-normalised random directions $d$ in weight space we measure the gradient-change rate
# $R(h)=\|\nabla L_\text{adv}(\theta+hd)-\nabla L_\text{adv}(\theta)\|/(h\|d\|)$, the same rate
# $R_\text{frozen}$ with $\delta$ held fixed (the smooth part), the jump $J$ of $\delta^\star$
# relative to its size, and the loss along a line with its roughness.

# %%
glue("ls_epochs", cfg.landscape_epochs, display=False)
glue("n_ls", cfg.n_landscape, display=False)
glue("ls_iters", cfg.landscape_iters, display=False)
glue("n_dirs", cfg.n_dirs, display=False)
smooth, _ = train_digits_model(cfg.seed, "clean", epochs=cfg.landscape_epochs, width=cfg.width,
                               act="softplus", device=dev, data=(x_tr, y_tr))
smooth = smooth.double()
xl, yl = x_te[:cfg.n_landscape].double(), y_te[:cfg.n_landscape]
GRIDS = {"linf": [0.03, 0.05, 0.08, 0.1, 0.15, 0.2], "l2": [0.25, 0.35, 0.5, 0.75, 1.0, 1.5],
         "l1": [0.5, 1.0, 1.5, 2.0, 3.0, 4.0], "l0": [1, 2, 3, 4]}
budget, cal, prb, curves = {}, {}, {}, {}
ts = np.linspace(-0.1, 0.1, cfg.curve_points)
for norm, grid in GRIDS.items():
    budget[norm], cal[norm] = calibrate(smooth, xl, yl, norm, grid, 0.3, cfg.landscape_iters, cfg.seed)
    prb[norm] = probe(smooth, xl, yl, norm, budget[norm], hs=cfg.hs, n_dirs=cfg.n_dirs,
                      iters=cfg.landscape_iters, seed=cfg.seed)
    curves[norm] = curve_1d(smooth, xl, yl, norm, budget[norm], ts, cfg.landscape_iters, cfg.seed)
print("calibrated budgets:", budget)
print("robust accuracy at those budgets:", {n: round(cal[n][budget[n]], 3) for n in GRIDS})

# %% mystnb={"figure": {"caption": "Analogue of the paper's landscape figure: (a) gradient-change rate R (solid) and its frozen-perturbation part (dashed) against the step h; (b) relative jump of the optimal perturbation; (c) adversarial loss along one direction, for l∞, l2, l1 and l0 attacks with budgets calibrated towards 30 % robust accuracy, on a smooth TinyCNN.", "name": "fig-fastls-landscape"}}
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for i, norm in enumerate(GRIDS):
    col = f"C{i}"
    p = prb[norm]
    axes[0].loglog(p["h"], p["R"], "-o", color=col, label=f"{norm} (budget {budget[norm]})")
    axes[0].loglog(p["h"], p["R_frozen"], "--", color=col)
    axes[1].semilogx(p["h"], p["J_rel"], "-o", color=col, label=norm)
    t, loss, rough = curves[norm]
    axes[2].plot(t, loss - loss[len(t) // 2], color=col, label=f"{norm}: roughness {rough:.3f}")
axes[0].set_xlabel("h"); axes[0].set_ylabel("R(h)  (dashed: R_frozen)")
axes[1].set_xlabel("h"); axes[1].set_ylabel("J / mean ||δ*||")
axes[2].set_xlabel("t"); axes[2].set_ylabel("L_adv(θ + t d) − L_adv(θ)")
for ax in axes:
    ax.legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Does Fast-LS-l0 smooth the l0 landscape? (F4)
#
# The l0 probe on the two one-step models (ReLU networks, so $R_\text{frozen}$ is not flat in
# $h$; we compare the part $R-R_\text{frozen}$ due to jumps of $\delta^\star$, and $J$), at
# $k=$ {glue:text}`k_test`.

# %% mystnb={"figure": {"caption": "Analogue of the paper's smoothing comparison: the perturbation-jump part of the gradient change, R − R_frozen, and the jump J of the optimal l0 perturbation, for 1-step sAT and Fast-LS-l0.", "name": "fig-fastls-smoothing"}}
prb_m = {}
for n in (ONE, FAST):
    md = models[n].double()
    prb_m[n] = probe(md, xl, yl, "l0", K, hs=cfg.hs, n_dirs=cfg.n_dirs, iters=cfg.landscape_iters,
                     seed=cfg.seed)
    models[n].float()
# the probe's own noise on the 1-step model (other random directions): the null of claim C5
prb_one_b = probe(models[ONE].double(), xl, yl, "l0", K, hs=cfg.hs, n_dirs=cfg.n_dirs,
                  iters=cfg.landscape_iters, seed=cfg.seed + 1)
models[ONE].float()
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
for n in prb_m:
    p = prb_m[n]
    axes[0].loglog(p["h"], np.maximum(p["R"] - p["R_frozen"], 1e-12), "-o", label=n)
    axes[1].semilogx(p["h"], p["J"], "-o", label=n)
axes[0].set_xlabel("h"); axes[0].set_ylabel("R − R_frozen")
axes[1].set_xlabel("h"); axes[1].set_ylabel("J (mean ||Δδ*||₂)")
axes[0].legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Training budget (F5)
#
# Version 2 of the paper states that a larger training budget eases the location problem of the
# one-step attack but destabilises training. We train 1-step sAT with $k_\text{train}\in$
# {glue:text}`kt_grid` (everything else as above) and track the same CO measure at $k=$
# {glue:text}`k_test`; "instability" is the largest fall of clean accuracy between two
# consecutive evaluations.

# %% mystnb={"figure": {"caption": "Analogue of the paper's multi-budget study: CO curves of 1-step sAT for each training budget k_train, as in F1 (accuracy under the one-step attack (a), under the strong attack (b), clean accuracy dotted).", "name": "fig-fastls-budget"}}
glue("kt_grid", ", ".join(map(str, cfg.k_train_grid)), display=False)
stages_final = default_stages(cfg.saa[0], cfg.saa[2])
budget_runs = {}
for kt in cfg.k_train_grid:
    if kt == cfg.k_train:
        budget_runs[kt] = (models[ONE], hist[ONE])
    else:
        budget_runs[kt] = train_digits_model(cfg.seed, "sat", attack_steps=1,
                                             **dict(common, k_train=kt))
f5 = {}
for kt, (m, h) in budget_runs.items():
    ev = [e for e in h if e.eval]
    if kt == cfg.k_train:  # the 1-step sAT model of T1, already evaluated the same way
        saa_kt = final[ONE]["sAA"]
        s2 = sparse_autoattack(m, xf, yf, K, stages=stages_final, seed=cfg.seed + 1)
        saa_seed2 = s2.robust_accuracy()  # attack-seed noise: the null of claim C8
    else:
        s = sparse_autoattack(m, xf, yf, K, stages=stages_final, seed=cfg.seed)
        s.check(xf, K, model=m, y=yf)
        saa_kt = s.robust_accuracy()
    clean_curve = [e.eval["clean"] for e in ev]
    f5[kt] = {"sAA": saa_kt, "clean": float((predict(m, xf) == yf).double().mean()),
              "CO gap": ev[-1].eval["one_step"] - ev[-1].eval["strong"],
              "largest drop": max([0.0] + [a - b for a, b in zip(clean_curve, clean_curve[1:])])}
fig, axes = plt.subplots(1, len(budget_runs), figsize=(4 * len(budget_runs), 3.6), sharey=True)
for ax, (kt, (_, h)) in zip(np.atleast_1d(axes), budget_runs.items()):
    ev = [e for e in h if e.eval]
    ep = [e.epoch for e in ev]
    ax.plot(ep, [100 * e.eval["clean"] for e in ev], ":", color="gray", label="clean")
    ax.plot(ep, [100 * e.eval["one_step"] for e in ev], "-o", label="(a) one-step attack")
    ax.plot(ep, [100 * e.eval["strong"] for e in ev], "--s", label="(b) strong attack")
    ax.set_title(f"1-step sAT, k_train = {kt}")
    ax.set_xlabel("epoch")
np.atleast_1d(axes)[0].set_ylabel(f"accuracy at k = {K} (%)")
np.atleast_1d(axes)[0].legend(fontsize=8)
plt.tight_layout()
plt.show()

# %%
display(Markdown("\n".join(
    ["| k_train | clean (%) | sAA-lite (%) | CO gap (pp) | largest clean drop (pp) | paper (1-step sAT, CIFAR-10) |",
     "|---|---|---|---|---|---|"] +
    [f"| {kt} | {100 * v['clean']:.1f} | {100 * v['sAA']:.1f} | {100 * v['CO gap']:.1f} | "
     f"{100 * v['largest drop']:.1f} | sAA 0.0 at k_train 20, 40, 120 (v2 Table 3) |" for kt, v in f5.items()])))

# %% [markdown]
# ## Which component matters? (T2)
#
# The paper's component ablation (its Table 4) adds the noise (N), the soft labels (S) or both
# (S&N) to one-step sTRADES, whose attack maximises the cross-entropy. We repeat that row at
# digits scale over {glue:text}`abl_n_seeds` seed(s); S&N is Fast-LS-l0 (for the chapter's seed,
# the model trained above). sAA-lite on the first {glue:text}`n_final` test images, $k=$
# {glue:text}`k_test`.

# %%
glue("abl_n_seeds", cfg.ablation_n_seeds, display=False)
REPORTED_T4 = TABLE_4["sTRADES (T)"]
COMPONENTS = {"-": ("strades", {}), "N": ("strades", dict(noise=True)),
              "S": ("fast_ls", {}), "S&N": ("fast_ls", dict(noise=True))}
t2_common = {key: v for key, v in common.items() if key not in ("eval_fn", "eval_every")}
t2 = {comp: [] for comp in COMPONENTS}
for seed in range(cfg.seed, cfg.seed + cfg.ablation_n_seeds):
    for comp, (method, extra) in COMPONENTS.items():
        if seed == cfg.seed and comp == "S&N":
            t2[comp].append((final[FAST]["sAA"], final[FAST]["clean"]))
            continue
        m, _ = train_digits_model(seed, method, attack_steps=1, **t2_common, **extra)
        s = sparse_autoattack(m, xf, yf, K, stages=stages_final, seed=cfg.seed)
        s.check(xf, K, model=m, y=yf)
        t2[comp].append((s.robust_accuracy(), float((predict(m, xf) == yf).double().mean())))
t2_mean = {comp: np.mean([v[0] for v in vals]) for comp, vals in t2.items()}
t2_sd = {comp: np.std([v[0] for v in vals]) for comp, vals in t2.items()}
display(Markdown("\n".join(
    ["| 1-step sTRADES + | sAA-lite (%), seed mean | ± sd | clean (%) | paper sAA (CIFAR-10, v2 Table 4) |",
     "|---|---|---|---|---|"] +
    [f"| {comp} | {100 * t2_mean[comp]:.1f} | {100 * t2_sd[comp]:.1f} | "
     f"{100 * np.mean([v[1] for v in t2[comp]]):.1f} | {REPORTED_T4[comp]:.1f} |" for comp in COMPONENTS])))

# %% [markdown]
# ## CIFAR-10 at the paper's settings (full profile)
#
# In the full profile this section trains 1-step sAT, Fast-LS-l0 and 20-step sAT on CIFAR-10 with
# the paper's stated recipe (PreActResNet-18 with softplus, 100 epochs, batch 128, SGD 0.05 with
# drops at 25 % and 75 %, $k_\text{train}=120$, soft labels from epoch 50, TRADES weight 6),
# follows the CO measure every epoch on 500 test images, and evaluates 1,000 test images with
# sAA (1000/1000/3000) at $k=10$ and $20$. It needs the CIFAR-10 archive (downloaded once when
# online, or read from `$REPRO_CIFAR10_ROOT`) and, in practice, a GPU: hours of training.
# `CIFAR_EPOCHS` shortens the schedule (for example 30 on Colab); the claims then say so.

# %%
cifar_suite = None
if cfg.cifar is None:
    print(f"CIFAR-10 runs in the full profile only; skipped in the {cfg.profile!r} profile.")
else:
    cifar_suite = run_cifar_suite(
        cfg.cifar, {"1-step sAT": ("sat", dict(attack_steps=1)),
                    "Fast-LS-l0": ("fast_ls", dict(attack_steps=1, noise=True,
                                                   beta_trade=cfg.beta_trade, sat_start=cfg.sat_start)),
                    f"{cfg.cifar['attack_steps']}-step sAT": ("sat", {})},
        seed=cfg.seed, device=dev, co_curves=True, epochs=CIFAR_EPOCHS)
    display(Markdown(cifar_suite.summary()))
    if cifar_suite.ran:
        fig, ax = plt.subplots(figsize=(6.5, 3.6))
        for i, (name, h) in enumerate(cifar_suite.history.items()):
            ev = [e for e in h if e.eval]
            ax.plot([e.epoch for e in ev], [100 * e.eval["one_step"] for e in ev], "-", color=f"C{i}",
                    label=f"{name} (a)")
            ax.plot([e.epoch for e in ev], [100 * e.eval["strong"] for e in ev], "--", color=f"C{i}",
                    label=f"{name} (b)")
        ax.set_xlabel("epoch")
        ax.set_ylabel(f"accuracy at k = {max(cifar_suite.settings['ks'])} (%)")
        ax.legend(fontsize=7)
        plt.show()

# %% [markdown]
# ## Key numbers

# %%
rnd = lambda v: round(100 * v, 2)
kn = {}
for name, f in final.items():
    for c in ("clean", "one-step", "sAA", "CO gap"):
        kn[f"{name}: {c} (%)"] = rnd(f[c])
    kn[f"{name}: stronger sAA (%)"] = rnd(strong[name])
for n in abl:
    kn[f"{n}: location gap (pp)"] = rnd(abl[n]["location_gap"])
    kn[f"{n}: magnitude gap (pp)"] = rnd(abl[n]["magnitude_gap"])
for norm in GRIDS:
    kn[f"calibrated budget {norm}"] = budget[norm]
    kn[f"R({cfg.hs[0]:g}) {norm}"] = round(float(prb[norm]["R"][0]), 2)
key_ratio_l0 = float(prb["l0"]["R"][0] / max(prb[n]["R"][0] for n in ("linf", "l2", "l1")))
for kt, v in f5.items():
    kn[f"F5 k_train={kt}: sAA (%)"] = rnd(v["sAA"])
for comp in COMPONENTS:
    kn[f"T2 1-step sTRADES + {comp}: sAA (%)"] = rnd(t2_mean[comp])
kn["R_l0 / max other R at smallest h"] = round(key_ratio_l0, 2)

# %%
# NBVAL_CHECK_OUTPUT
key_numbers(kn)

# %% [markdown]
# ## Claims
#
# Measured: digits scale (C1–C8) or CIFAR-10 (C10, full profile); robust accuracy in % of the
# evaluated test points, pp = percentage points. Reported: the paper's CIFAR-10 values
# (version 2, $k=20$), which we read; since our setup is the digits analogue, these are
# *analogue* claims (at best "holds in our analogue"), and with one training seed each is capped
# at "partly". The criteria, nulls and caps are in `shared.adversarial.fastls_claims`
# (unit-tested); this cell only collects the measurements.

# %%
from shared.adversarial.fastls_claims import Measured, claims as fastls_claims

sa = {n: 100 * final[n]["sAA"] for n in final}
gap = {n: 100 * final[n]["CO gap"] for n in final}
cl = {n: 100 * final[n]["clean"] for n in final}


def strong_fall(name):
    """Peak minus last strong-attack accuracy during training (pp)."""
    b = [100 * h.eval["strong"] for h in hist[name] if h.eval]
    return max(b) - b[-1]


def ratio_lm(a):
    return a["location_gap"] / a["magnitude_gap"] if a["magnitude_gap"] > 0 else float("inf")


others = ("linf", "l2", "l1")
jump = {n: prb_m[n]["R"][0] - prb_m[n]["R_frozen"][0] for n in prb_m}
frozen_m = {n: prb_m[n]["R_frozen"][0] for n in prb_m}
share = {n: jump[n] / frozen_m[n] for n in prb_m}  # jump part relative to the smooth part
share_one_b = (prb_one_b["R"][0] - prb_one_b["R_frozen"][0]) / prb_one_b["R_frozen"][0]
rf = [prb[n]["R_frozen"][0] for n in GRIDS]
kts = sorted(f5)
cc = [e.eval["clean"] for e in hist[MULTI] if e.eval]
multi_drop = max([0.0] + [a - b for a, b in zip(cc, cc[1:])])
loc, mag = abl[ONE]["location_gap"], abl[ONE]["magnitude_gap"]
cifar_m, cifar_reason = None, "full profile only (CIFAR-10 download, GPU hours)"
if cifar_suite is not None and cifar_suite.ran:
    names = list(cifar_suite.history)
    cifar_m = {"saa": {n: 100 * cifar_suite.results[n, cfg.cifar["k_main"]]["sAA"] for n in names},
               "passes": {n: float(np.mean([e.passes_per_batch for e in cifar_suite.history[n]])) for n in names},
               "multi": names[2],
               "short": cifar_suite.settings["epochs"] < cfg.cifar["epochs"] or cifar_suite.settings["arch"] != "prn18",
               "note": f"{cifar_suite.settings['epochs']} epochs, {cifar_suite.settings['arch']}, "
                       f"{cfg.cifar['n_eval']} test images, sAA {cfg.cifar['iters']}/{cfg.cifar['iters']}/{cfg.cifar['queries']}"}
elif cifar_suite is not None:
    cifar_reason = cifar_suite.reason
measured = Measured(
    c1_gap=sa[ONE] - sa[MULTI], c1_null=cl[ONE] - cl[MULTI],
    c2_fall_one=strong_fall(ONE), c2_fall_multi=strong_fall(MULTI),
    c2_gap_diff=gap[ONE] - gap[MULTI], c2_gap_null=gap[FAST] - gap[MULTI],
    c3_ratio=ratio_lm(abl[ONE]), c3_null=ratio_lm(abl[MULTI]),
    c4_ratio=key_ratio_l0, c4_null=float(prb["l0"]["R_frozen"][0] / max(prb[n]["R_frozen"][0] for n in others)),
    c5_drop=1 - share[FAST] / share[ONE], c5_null=1 - share_one_b / share[ONE],
    c5_raw_drop=1 - jump[FAST] / jump[ONE], c5_frozen_drop=1 - frozen_m[FAST] / frozen_m[ONE],
    c6_gain_strong=100 * (strong[FAST] - strong[ONE]), c6_gain_lite=sa[FAST] - sa[ONE],
    c6_null=cl[FAST] - cl[ONE],
    t2={comp: 100 * v for comp, v in t2_mean.items()},
    c8_saa_diff=100 * (f5[kts[-1]]["sAA"] - f5[kts[0]]["sAA"]),
    c8_saa_null=100 * abs(saa_seed2 - f5[cfg.k_train]["sAA"]),
    c8_drop_diff=100 * (f5[kts[-1]]["largest drop"] - f5[kts[0]]["largest drop"]),
    c8_drop_null=100 * (multi_drop - f5[kts[0]]["largest drop"]),
    strong_le_one_step=all(h.eval["strong"] <= h.eval["one_step"] + 1e-12
                           for n in hist for h in hist[n] if h.eval),
    c4_frozen_spread=max(rf) / min(rf),
    c4_jrel_l0_largest=bool(prb["l0"]["J_rel"][0] >= max(prb[n]["J_rel"][0] for n in others)),
    c4_rough_l0_largest=bool(curves["l0"][2] >= max(curves[n][2] for n in others)),
    cifar=cifar_m, cifar_reason=cifar_reason,
    setting=dict(multi=cfg.multi_steps, k=K, n_final=cfg.n_final, n_co=cfg.n_co, h0=f"{cfg.hs[0]:g}",
                 strong_q=strong_q, n_seeds_t2=cfg.ablation_n_seeds,
                 kt_grid=" vs ".join(map(str, kts)), toy=cfg.profile == "smoke"))
table = fastls_claims(measured)
table.display()
print(f"chapter wall time {time.perf_counter() - T_START:.0f} s, CPU time {time.process_time():.0f} s")

# %% [markdown]
# ## Method checks
#
# Checks of the implementation and the book's own landscape diagnostics; not paper claims and not
# counted.

# %%
table.display_method_checks()

# %% [markdown]
# ## Discussion
#
# See the claims table for the computed verdicts; the paragraphs below describe the quick-profile
# run at digits scale.
#
# **What changed in the verdicts, and why (before → after).** Before this revision four claims
# read "reproduced" (C1, C2, C5, C6), three "partly" (C3, C4, C8) and one "not reproduced" (C7),
# with no evidence levels and no nulls. Now every claim is an analogue claim with one seed, so
# none can be "reproduced" and every claim that holds is capped at "partly". Beyond that:
# (i) C2 (catastrophic overfitting) was graded generously: the 10-step model also shows a large
# "CO gap" (the one-step attack is weak against every model), and the one-step model's
# strong-attack accuracy does not collapse during training (F1: it falls by
# {glue:text}`one_fall:.1f` pp from its peak to the last evaluation, the 10-step model by
# {glue:text}`multi_fall:.1f` pp). C2 now asks for that collapse (≥ 10 pp, null: the 10-step
# model) next to the CO-gap difference (null: Fast-LS-l0, which the paper says does not
# overfit); the verdict shows what holds. (ii) C6's gain over 1-step sAT
# ({glue:text}`c6_lite:.1f` pp under sAA-lite) sat on its 5-pp bound; it is now graded under a
# stronger cascade with 10× the Sparse-RS queries, where the gain is {glue:text}`c6_strong:.1f`
# pp; the fraction-of-gap, CO-gap and clean-accuracy rows, which had no computable null, left
# the claim. (iii) C8 rested on one seed and a 0.01-pp bound: the bound is now 2 pp, above the
# attack-seed noise (its null), and the claim is marked as restated after the results (post hoc).
# (iv) C4's sanity row (R_frozen agrees across norms) and its two extra diagnostics (J_rel,
# roughness) are the book's own measures and became method checks; C4 is graded on the l0 rate
# against the same ratio of the smooth part. C3 and C4 lost their "partly" band because the
# null (the 10-step model's ratio, the R_frozen ratio) would have fallen inside it.
# (v) C5's raw drop of the jump part was as large as the drop of the smooth part, its first
# null, so the check could not tell the claim from it; C5 is restated on the ratio of the two
# (post hoc, see below).
# (vi) The Sparse-RS fix (official forced colour change) and the released sPGD stagnation rule
# strengthen every evaluation and the multi-step training attack, so all numbers moved.
#
# **Catastrophic overfitting (C1, C2, C6).** With our one-step setting the 1-step sAT model looks
# robust against the attack it trains with ({glue:text}`one_a:.0f` % at $k=3$) but not against a
# strong attack: sAA-lite leaves {glue:text}`one_saa:.1f` %, against {glue:text}`multi_saa:.1f` %
# for {glue:text}`multi`-step sAT, and its CO gap is the largest of the three models (F1). On a
# 12-epoch digits schedule CO shows as a persistent gap from the first evaluations on, not as the
# complete collapse to 0 % that the paper reports on CIFAR-10. Fast-LS-l0 reaches
# {glue:text}`fast_saa:.1f` % under sAA-lite, between the two, with a smaller CO gap; on CIFAR-10
# the paper has it *above* 20-step sAT (63.0 % against 36.2 %), which we do not see at this scale.
# Even the multi-step model scores far higher under the weak one-step attack than under sAA-lite:
# at step size 0.25 one step barely moves the random start.
#
# **Components (C7) and training budget (C8).** At digits scale the three additions to one-step
# sTRADES move sAA-lite by a few points only (T2: {glue:text}`t2_plain:.1f` % without, noise
# {glue:text}`t2_n:.1f` %, soft labels {glue:text}`t2_s:.1f` %, both {glue:text}`t2_sn:.1f` %),
# within what one seed can resolve; most of Fast-LS-l0's gain over 1-step sAT comes from the
# trade-off loss itself. The paper's Table 4 shows large gains from each component on CIFAR-10
# (31.0 → 63.0 %). Doubling the training budget of 1-step sAT (F5) moves its sAA-lite from
# {glue:text}`f5_lo:.1f` % to {glue:text}`f5_hi:.1f` %; the collapse the paper reports at every
# budget (its Table 3) has no digits counterpart beyond the persistent CO gap.
#
# **Locations (C3).** On the 1-step model the location gap is {glue:text}`loc_gap:.1f` pp and the
# magnitude gap {glue:text}`mag_gap:.1f` pp (F2). Locations matter more, but one-step magnitudes are
# poor as well: on grey digits many random start magnitudes clip to zero on dark pixels, a risk
# the brief anticipated. With the evaluation step size the "2× larger" criterion is not met.
#
# **Landscape (C4, C5).** With budgets calibrated on the grids of the brief (robust accuracy as
# close to 30 % as the grid allows; the printout above shows how close: the l0 budget can only be
# an integer, and at this model $k=1$ is too weak and $k=2$ stronger than the other attacks, a
# confound that favours a larger l0 rate), the l0 gradient-change
# rate at the smallest step is {glue:text}`l0_ratio:.2f` times the largest of the l∞, l2, l1 rates
# (F3), while the frozen-perturbation rates of the four norms agree: the extra change comes from
# jumps of the optimal perturbation, as the theory says, but at this scale it is smaller than the
# factor 2 we asked for, and the relative jump size is not the largest for l0 (dense attacks also
# move when the weights move). Fast-LS-l0 lowers the jump part of the l0 gradient change relative
# to 1-step sAT (F4), but its smooth part $R_\text{frozen}$ falls by as much (the Fast-LS-l0
# model's loss is flatter everywhere), so the raw drop is no evidence of smoothing *of the l0
# jumps*. C5 is therefore graded on the jump part relative to the smooth part, against the
# noise of the probe itself (two sets of random directions on the 1-step model); that
# restatement came after the results and is marked as such.
#
# **Caveats.** The soft-label schedule (from half the epochs, momentum 0.9) and the TRADES weight
# (6) follow the paper's version 2; the one-step step sizes and the form of the noise are our
# reconstructions, and a different one-step step size (the brief's setting "L") may weaken or
# remove CO. Single seed and small test sets in the quick profile; seeds move robust accuracy by a few
# points. The smooth model used for F3 is He-initialised (with PyTorch's default initialisation the
# softplus network stayed at chance accuracy for the whole schedule).

# %%
glue("one_a", 100 * final[ONE]["one-step"], display=False)
glue("one_fall", measured.c2_fall_one, display=False)
glue("multi_fall", measured.c2_fall_multi, display=False)
glue("c6_lite", measured.c6_gain_lite, display=False)
glue("c6_strong", measured.c6_gain_strong, display=False)
glue("one_saa", sa[ONE], display=False)
glue("multi_saa", sa[MULTI], display=False)
glue("fast_saa", sa[FAST], display=False)
glue("loc_gap", 100 * loc, display=False)
glue("mag_gap", 100 * mag, display=False)
glue("l0_ratio", key_ratio_l0, display=False)
for comp, name in (("-", "t2_plain"), ("N", "t2_n"), ("S", "t2_s"), ("S&N", "t2_sn")):
    glue(name, 100 * t2_mean[comp], display=False)
glue("f5_lo", 100 * f5[min(f5)]["sAA"], display=False)
glue("f5_hi", 100 * f5[max(f5)]["sAA"], display=False)
