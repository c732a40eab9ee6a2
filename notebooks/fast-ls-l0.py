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
# *analogue* claims, at best "holds in our analogue". In the quick profile every model comes from
# one training seed, so each claim is capped at "partly" ("one seed"); the full profile (archived
# run) trains the three models over 3 seeds for the collapse claim C2b and grades C6 on the
# 3-seed mean, which lifts that cap there. CIFAR-10 at the paper's settings (C10) is the
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

# %% tags=["hide-input"]
import time
from dataclasses import asdict

import matplotlib.pyplot as plt
from IPython.display import Markdown
from IPython.display import display

from shared.adversarial import fastls_experiment as ex
from shared.adversarial import fastls_figures as figs
from shared.adversarial import saturation as sat
from shared.adversarial.cifar import check_cifar_epochs
from shared.adversarial.fastls_claims import claims
from shared.repro import glue
from shared.repro import key_numbers
from shared.repro import start

cfg = start(
    "fast-ls-l0",
    ex.PROFILES,
    profile=PROFILE,
    seed=SEED,
    namespace=globals(),
    extra_params={"CIFAR_EPOCHS": CIFAR_EPOCHS},
)
check_cifar_epochs(CIFAR_EPOCHS)
plt.rcParams.update({"figure.dpi": 90, "axes.grid": True, "grid.alpha": 0.3})
P = cfg.spec

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
{k: v for k, v in asdict(P).items() if k != "cifar"}  # the quick profile's settings

# %%
trained = ex.train(P, cfg.seed, cfg.device)
print({n: f"{s:.1f} s" for n, s in trained.train_seconds.items()}, "training wall time")

# %% [markdown]
# ## Catastrophic overfitting (F1)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's CO figure: accuracy under the one-step training attack (a, solid) and under the strong attack (b, dashed) at k = 3 during training; the shaded band is the CO gap (a) − (b).", "name": "fig-fastls-co"}}
fig = figs.co_curves(trained.hist, P.k_test)

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
final = ex.evaluate(P, cfg.seed, trained)  # T1 and the stronger sAA below
display(Markdown(ex.final_table(trained, final)))

# %% [markdown]
# A stronger evaluation for claim C6 (whose sAA-lite gain sat on the edge of its bound): the same
# cascade with {glue:text}`strong_q` Sparse-RS queries (10×) and other seeds. Only points that
# survive both sPGD stages reach the black-box stage, so this costs little.

# %%
display(Markdown(ex.strong_table(final)))

# %% [markdown]
# ## Attack-budget saturation (our check)
#
# For each of the three models we rerun sAA-lite with twice, four times, ... the iterations of
# both sPGD stages and the Sparse-RS queries (same seed; 1x is the T1 run), up to
# {glue:text}`sat_max`x, and stop at the first doubling that moves robust accuracy by at most one
# test image. A point counts as robust only if no run so far fooled it. Claims C1 and C6 use the
# robust accuracy at the largest budget run (1-step sAT {glue:text}`one_sat:.1f` %, Fast-LS-l0
# {glue:text}`fast_sat:.1f` %, multi-step sAT {glue:text}`multi_sat:.1f` %); method check M4 says
# whether each budget saturated (1-step sAT: {glue:text}`sat_one`; Fast-LS-l0:
# {glue:text}`sat_fast`; multi-step: {glue:text}`sat_multi`).

# %%
display(Markdown(sat.saturation_table(final.saturation, "{}/{}/{}".format(*P.saa))))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Attack-budget saturation (our check): robust accuracy at k = 3 under sAA-lite with 1x, 2x, 4x, ... its iterations and queries, one line per model.", "name": "fig-fastls-saturation"}}
fig = sat.saturation_figure(final.saturation, "{}/{}/{}".format(*P.saa))

# %% [markdown]
# ## Robust accuracy under sAA per epoch, 3 seeds (full profile)
#
# Does one-step training collapse when it runs longer? The full profile trains the three models
# for {glue:text}`co_epochs` epochs with {glue:text}`co_seeds` training seeds each (0: skipped in
# this profile) and measures clean accuracy and robust accuracy under sAA after every epoch.
# Claim C2b asks for a collapse of 1-step sAT (robust accuracy falling to near 0 from its peak
# while clean accuracy stays), against the multi-step run and the run's own peak as nulls; the
# last-epoch numbers also give C6's Fast-LS-l0 gain with its spread over seeds.

# %%
seeds = ex.seed_study(P, cfg.seed, trained)
if seeds is None:
    print(
        "per-epoch sAA over 3 seeds: full profile (archived run); skipped in the "
        f"{cfg.profile!r} profile."
    )
else:
    fig = figs.seed_curves(seeds, P.k_test)

# %% [markdown]
# ## Location or magnitude? (F2)
#
# From one random start on {glue:text}`n_abl` test images ($k=$ {glue:text}`k_test`, unprojected
# variant, final iterates, no re-initialisation): A is the one-step perturbation; B keeps its
# pixel locations and refines its magnitudes for {glue:text}`abl_steps` steps; C puts the one-step
# magnitudes on the locations found by {glue:text}`abl_steps`-step sPGD; D is the
# {glue:text}`abl_steps`-step perturbation. If one-step training fails because of locations,
# B stays far above D (a large *location gap*), while C is close to D (a small *magnitude gap*).

# %%
abl = ex.locate(P, cfg.seed, trained)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's location ablation: robust accuracy under the four perturbations A–D for the 1-step sAT and the multi-step sAT models.", "name": "fig-fastls-location"}}
fig = figs.location(abl, P.ablation_steps)

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
ls = ex.landscape(P, cfg.seed, trained)
print("calibrated budgets:", ls.budget)
print(
    "robust accuracy at those budgets:",
    {n: round(ls.cal[n][ls.budget[n]], 3) for n in ex.GRIDS},
)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's landscape figure: (a) gradient-change rate R (solid) and its frozen-perturbation part (dashed) against the step h; (b) relative jump of the optimal perturbation; (c) adversarial loss along one direction, for l∞, l2, l1 and l0 attacks with budgets calibrated towards 30 % robust accuracy, on a smooth TinyCNN.", "name": "fig-fastls-landscape"}}
fig = figs.landscape(ls)

# %% [markdown]
# ## Does Fast-LS-l0 smooth the l0 landscape? (F4)
#
# The l0 probe on the two one-step models (ReLU networks, so $R_\text{frozen}$ is not flat in
# $h$; we compare the part $R-R_\text{frozen}$ due to jumps of $\delta^\star$, and $J$), at
# $k=$ {glue:text}`k_test`.

# %%
sm = ex.smoothing(P, cfg.seed, trained, ls)  # ({model: l0 probe}, second 1-step probe)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's smoothing comparison: the perturbation-jump part of the gradient change, R − R_frozen, and the jump J of the optimal l0 perturbation, for 1-step sAT and Fast-LS-l0.", "name": "fig-fastls-smoothing"}}
fig = figs.smoothing(sm[0])

# %% [markdown]
# ## Training budget (F5)
#
# Version 2 of the paper states that a larger training budget eases the location problem of the
# one-step attack but destabilises training. We train 1-step sAT with $k_\text{train}\in$
# {glue:text}`kt_grid` (everything else as above) and track the same CO measure at $k=$
# {glue:text}`k_test`; "instability" is the largest fall of clean accuracy between two
# consecutive evaluations.

# %%
bud = ex.budget_study(P, cfg.seed, trained, final)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's multi-budget study: CO curves of 1-step sAT for each training budget k_train, as in F1 (accuracy under the one-step attack (a), under the strong attack (b), clean accuracy dotted).", "name": "fig-fastls-budget"}}
fig = figs.budget(bud, P.k_test)

# %%
display(Markdown(ex.budget_table(bud)))

# %% [markdown]
# ## Which component matters? (T2)
#
# The paper's component ablation (its Table 4) adds the noise (N), the soft labels (S) or both
# (S&N) to one-step sTRADES, whose attack maximises the cross-entropy. We repeat that row at
# digits scale over {glue:text}`abl_n_seeds` seed(s); S&N is Fast-LS-l0 (for the chapter's seed,
# the model trained above). sAA-lite on the first {glue:text}`n_final` test images, $k=$
# {glue:text}`k_test`.

# %%
comp = ex.components(P, cfg.seed, trained, final)
display(Markdown(ex.component_table(comp)))

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
cifar_suite = ex.run_cifar(P, cfg.seed, cfg.device, epochs=CIFAR_EPOCHS)
if cifar_suite is None:
    print(
        "CIFAR-10 runs in the full profile only; skipped in the "
        f"{cfg.profile!r} profile."
    )
else:
    display(Markdown(cifar_suite.summary()))
    if cifar_suite.ran:
        figs.cifar_co(cifar_suite)

# %% [markdown]
# ## Key numbers

# %%
m = ex.measured(
    P,
    trained,
    final,
    abl,
    ls,
    sm,
    bud,
    comp,
    cifar_suite,
    profile_name=cfg.profile,
    seeds=seeds,
)
for name, value in ex.prose_numbers(P, trained, final, abl, ls, bud, comp, m).items():
    glue(name, value, display=False)

# %%
# NBVAL_CHECK_OUTPUT
key_numbers(ex.key_numbers(P, final, abl, ls, bud, comp, seeds=seeds))

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
table = claims(m)
table.display()
print(f"chapter CPU time {time.process_time():.0f} s")

# %% [markdown]
# ## Method checks
#
# Checks of the implementation and the book's own landscape diagnostics; not paper claims and not
# counted.

# %%
table.display_method_checks()

# %% [markdown]
# ## Full profile (archived run)
#
# The full profile trains wider models for longer, evaluates more test images, doubles the
# saturation check up to 16x, runs T2 over three seeds and the per-epoch sAA study over three
# seeds (C2b, and C6 with its spread); it runs too long for this page, so its numbers below come
# from an archived run whose provenance (commit, date, device, wall time, packages) is printed
# with them. CIFAR-10 (C10) cannot be read on the machine that makes the archive and reports
# "not attempted" there.

# %%
from shared.repro import archive

archive.show("fast-ls-l0", quick=table)

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
# ({glue:text}`c6_lite:.1f` pp under sAA-lite) sat on its 5-pp bound; it was then graded under a
# stronger cascade with 10× the Sparse-RS queries and is now graded at the largest budget of the
# saturation check (below), where the gain is {glue:text}`c6_strong:.1f` pp; the fraction-of-gap, CO-gap and clean-accuracy rows, which had no computable null, left
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
# **Attack-budget saturation (this revision).** C1 and C6 are now graded on sAA at the largest
# budget of the saturation check (up to {glue:text}`sat_max`x the sAA-lite budget in the quick
# profile) instead of sAA-lite (C1) and sAA with 10x the Sparse-RS queries (C6); the 10x-query
# numbers stay in the table above and in C6's note. Under it, 1-step sAT keeps
# {glue:text}`one_sat:.1f` %, Fast-LS-l0 {glue:text}`fast_sat:.1f` % and the multi-step model
# {glue:text}`multi_sat:.1f` %; C1's gap is {glue:text}`c1_gap:.1f` pp. The collapse claim C2b
# and C6 over three seeds need the per-epoch study of the full profile (archived run); in the
# quick profile C2b is not attempted and C6 keeps its "one seed" cap.
#
# **Named seed streams and a shorter quick profile (an earlier revision).** Seeds no longer come from
# arithmetic (`seed + 1`, `seed + 2`, `seed + 100`, training generators `seed + 1..4`, sAA stage
# i on `seed + i`, T2 seeds `seed, seed + 1, ...`) but from named streams of
# `shared.repro.seeds`; F4's second probe now really draws other directions (before, only its
# attack seed changed). For run time the quick profile evaluates 100 instead of 150 test images
# and probes the landscape on 32 instead of 64 images with 5 instead of 7 curve points; every
# claim still has its computed null, which scales with the same noise. Key numbers (before →
# after): 1-step sAT clean 98.67 → 97.00, one-step 88 → 90, sAA 4.67 → 5.00, CO gap 79 → 84,
# stronger sAA 5.33 → 4.00; Fast-LS-l0 clean 91.33 → 90.00, one-step 85 → 83, sAA 10.00 → 12.00,
# CO gap 71 → 66, stronger sAA 7.33 → 10.00; 10-step sAT clean 90.67 → 92.00, one-step 86 → 85,
# sAA 18.67 → 28.00, CO gap 62 → 52, stronger sAA 17.33 → 26.00 %; location gap 1-step 58.00 →
# 50.00, magnitude gap 46.67 → 36.67, 10-step 40.00 → 37.33 and 34.00 → 26.00 pp; R(0.001) l∞
# 2.74 → 0.57, l2 0.68 → 0.65, l1 2.07 → 2.51, l0 3.84 → 10.85; F5 sAA k_train 8: 4.67 → 5.00,
# 16: 7.33 → 9.00 %; T2 sAA −: 12.00 → 13.00, N: 11.33 → 12.00, S: 11.33 → 11.00, S&N: 10.00 →
# 12.00 %; R_l0 / max other R 1.40 → 4.32 (calibrated budgets unchanged). One verdict changed:
# C4 went from not reproduced to partly (ratio 4.32 against the factor 2); all others kept theirs.
#
# **Catastrophic overfitting (C1, C2, C6).** With our one-step setting the 1-step sAT model looks
# robust against the attack it trains with ({glue:text}`one_a:.0f` % at $k=3$) but not against a
# strong attack: sAA-lite leaves {glue:text}`one_saa:.1f` %, against {glue:text}`multi_saa:.1f` %
# for {glue:text}`multi`-step sAT, and its CO gap is the largest of the three models (F1). On a
# 12-epoch digits schedule CO shows as a persistent gap from the first evaluations on, not as the
# complete collapse to 0 % that the paper reports on CIFAR-10. Fast-LS-l0 reaches
# {glue:text}`fast_saa:.1f` % under sAA-lite, between the two, with a smaller CO gap; on CIFAR-10
# the paper has it *above* 20-step sAT (63.0 % against 36.2 %), which we do not see at this scale.
# Whether longer training turns the gap into the paper's collapse is claim C2b: the full profile
# trains for {glue:text}`co_epochs` epochs over three seeds with sAA after every epoch, and the
# archived run's verdict stands in the section above, whichever way it comes out. It came out
# negative: in none of the three seeds does one-step training collapse over the full schedule,
# so C2b is *not reproduced*; the Fast-LS-l0 gain over one-step sAT holds over the three seeds
# (C6, graded on their mean and spread: holds in our analogue).
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
# jumps of the optimal perturbation, as the theory says. In this run the ratio clears the factor
# 2 we asked for (with the earlier seeds it was 1.40, below it: the ratio moves strongly with the
# probe's images and directions); see the method checks for whether the relative jump size is
# also the largest for l0 (dense attacks also move when the weights move). Fast-LS-l0 lowers the jump part of the l0 gradient change relative
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
