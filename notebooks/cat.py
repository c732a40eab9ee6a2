# %% [markdown]
# # On the power of convolution-augmented transformer
#
# {cite:p}`cat` propose CAT: a single attention layer whose query, key and value streams each pass
# through a short causal convolution before their projections. The paper argues that one such layer
# solves associative recall (AR), its multi-query (MQAR) and N-gram (NAR) forms and selective copying,
# with length generalization, where one layer of attention without the convolution (or one Mamba
# layer) does not.
#
# **Scope.** Paper claims, all at the **reconstruction** evidence level (only the paper's opening was
# read and the task settings are our own choice, so no claim can be better than "holds in our
# reconstruction"): C1 one CAT layer solves MQAR; C3 the CAT solution keeps working at up to 16 times the
# training length (quick profile); C3b the same with random filler tokens that never collide with keys
# or values (training on zero filler; the full profile also trains on random filler); C4 one CAT layer
# solves N-gram recall (window W = N + 1; N = 2 here, N = 1, 2, 3 in the full profile). Each is
# graded over 3 seeds against a computed null. Method checks, not counted as paper claims: one attention
# layer without convolution (RoPE, no positional encoding) stays near chance (formerly C2; in our
# one-layer model this follows from an impossibility argument); which stream needs the convolution,
# with the Q-only and V-only failures graded (formerly C5, the book's own ablation); windows W ≤ N
# track a suffix oracle; an exact hand-built CAT construction matches its closed form (formerly C6).
# The chapter's figures are analogues of the paper's synthetic-task results (the
# figure numbers could not be read): one-layer accuracy, accuracy against test length, loss curves,
# the stream ablation, window against N-gram order, and the hand-built construction.
# APE attention, selective copying (C9, exploratory) and the Mamba comparison (C7: one CAT layer
# against one Mamba layer and one APE attention layer as the number of MQAR pairs grows) run in the
# full profile and are graded on its archived run (section below); Landmark CAT (C8) and language
# modelling (C10) are not attempted.
#
# **What could not be read.** Only the paper's title block, abstract and the start of its introduction
# were available to us. Its theorems, experimental settings, figure data and tables were not, so this
# chapter prints **no paper numbers**: every "reported" entry below is qualitative. The task settings
# are reconstructed from the field's reference MQAR generator (the Zoology benchmark's semantics,
# restated in our own code); whether the paper used these exact settings is unknown. Statements
# attributed to secondary sources (Landmark CAT, the length-generalization theorem) are marked so.

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
from IPython.display import Markdown
from IPython.display import display

from shared.attention import cat_experiment as cx
from shared.attention import cat_figures as cf
from shared.attention.cat_claims import claims
from shared.repro import glue
from shared.repro import key_numbers
from shared.repro import start

cfg = start("cat", cx.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
P = cx.with_env(cfg.spec, PROFILE)  # CAT_SSM=1: the full profile's sweep at GPU size

# %% [markdown]
# ## Method
#
# **The layer.** Tokens are embedded (learned table, width d = {glue:text}`d_model`). For each stream
# s ∈ {q, k, v} a causal depthwise filter with W taps mixes the current and the W − 1 previous
# embeddings, $(f_s \star X)_t = \sum_{i=0}^{W-1} f_{s,i} \odot X_{t-i}$ (zeros before the start), and
# then the usual projections give $Q = (f_q\star X)W_Q$, $K = (f_k\star X)W_K$, $V = (f_v\star X)W_V$.
# One causal softmax head, an output projection to the vocabulary, and nothing else: no positional
# encoding, no MLP, no LayerNorm, no residual stream. The layer is the shared
# `shared.attention.model.OneLayerAttention` with its per-stream convolution option; filters start near
# the identity (tap 0 = 1). The baselines are the same layer without convolution, with no positional
# encoding (NoPE) or with rotary codes on Q and K (RoPE), so the convolution is the only difference.
#
# **Why a convolution helps.** To answer "what followed key κ?", the query at a later occurrence of κ
# must attend to the position *after* the first κ — the value. If the key at that position carries its
# predecessor (a filter tap at offset 1), a plain content match finds it. Without convolution or
# positions, a key only knows its own token and the layer cannot tell the value from anything else.
#
# **Task.** MQAR with vocabulary {glue:text}`vocab`, zero filler: {glue:text}`train_pairs` key–value
# pairs (keys from the lower half of the vocabulary, values from the upper half), then each key once
# more as a query at an even offset, gaps drawn with probability ∝ g^(−0.99). The model must output the
# bound value at each query; chance is 1/(number of pairs). We train at length {glue:text}`train_len` with
# {glue:text}`steps` AdamW steps (lr {glue:text}`lr`, one-cycle schedule, batch {glue:text}`batch` of
# fresh sequences) and test on fresh sequences at longer lengths with more pairs. The same recipe trains
# every model; the attention baselines get {glue:text}`baseline_steps` steps (as many as CAT in the quick
# profile, 1.5 times more in the full one). Runs are independent, so they go to worker processes of
# one thread each.

# %%
pprint.pprint(P, width=88, compact=True)
tr = cx.run_training(P, SEED, device=cfg.device)
print("run seeds (index: seed):", dict(enumerate(tr.run_seeds)))
n_runs = len(tr.mqar) + len(tr.nar) + len(tr.sc)
print(
    f"{n_runs} training runs in {tr.wall_seconds:.0f} s wall with {tr.workers} "
    f"worker(s), {tr.cpu_seconds:.0f} CPU-s in the workers"
)
for line in cx.plateau_warnings(tr):
    print(line)

# %% [markdown]
# ### Per-seed outcomes
#
# Training on recall tasks sits on a loss plateau and then drops abruptly; whether and when it jumps
# depends on the seed. Every run is therefore listed with its own seed: accuracy at each test length
# (length/pairs), the step at which the running batch accuracy first reached 0.9 ("jump"), and the
# mean attention weight each query puts on the position of its value at the training length. Seeds are
# numbered 0, 1, 2: run i of every model is seeded with the i-th child of `SeedSequence(SEED)` (printed
# above), so the same index means the same training stream. Each test
# point uses {glue:text}`n_test` fresh sequences ({glue:text}`n_test_long` at lengths of
# {glue:text}`long_from` and more; a test seed disjoint from training); the single-stream runs are tested
# at the shortest and longest length only (— marks lengths not tested).

# %%
display(Markdown(cx.per_seed_table(tr)))

# %% [markdown]
# ## One layer: CAT against attention without convolution
#
# {numref}`fig-cat-one-layer` shows the accuracy at the training length. CAT reaches a mean of
# {glue:text}`cat_acc_train:.3f` over {glue:text}`n_cat_seeds` seeds (worst seed
# {glue:text}`cat_acc_train_min:.3f`), while the best attention run without convolution reaches
# {glue:text}`base_acc_max:.3f` against a chance level of {glue:text}`chance:.3f`.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's one-layer synthetic-recall comparison: MQAR accuracy at the training length for one CAT layer and one attention layer without convolution (RoPE, NoPE); dots are seeds, the dashed line is chance (1 / number of pairs).", "name": "fig-cat-one-layer"}}
fig = cf.one_layer(tr)
plt.show()

# %% [markdown]
# ## Length generalization
#
# The models trained at length {glue:text}`train_len` are tested, without any change, on longer
# sequences with more pairs ({numref}`fig-cat-length`). The worst CAT accuracy over all seeds and all
# test lengths up to {glue:text}`max_mult`× the training length is {glue:text}`cat_min_all:.3f`.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's length-generalization claim: MQAR accuracy against test length (pairs grow with length, labels 'length/pairs'); models trained at the first length. One line per seed; dashed: chance at each length.", "name": "fig-cat-length"}}
fig = cf.length(tr)
plt.show()

# %% [markdown]
# ### Random filler
#
# Zero filler lets a model learn to ignore one fixed distractor token. Every CAT and baseline run
# above is therefore tested a second time on the same test points with **random filler**: each filler
# token is drawn uniformly from the tokens that are neither a key nor a value of its sequence, so a
# filler never collides with a pair (plain uniform filler would sometimes repeat a key and make the
# query ambiguous). In this profile training sees zero filler only; the full profile also trains
# {glue:text}`n_rf_seeds` CAT seeds on the random filler (none here when it is 0)
# ({numref}`fig-cat-random-filler`). The worst CAT accuracy over the longer lengths with random
# filler is {glue:text}`cat_min_disjoint:.3f`; the best accuracy of any attention run without
# convolution there is {glue:text}`base_max_disjoint:.3f`.

# %%
print("\n".join(cx.random_filler_lines(tr)))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Length generalization with random filler that never collides with keys or values (solid) against zero filler (dotted, same runs and test sequences otherwise): MQAR accuracy against test length/pairs; dashed: chance.", "name": "fig-cat-random-filler"}}
fig = cf.random_filler(tr)
plt.show()

# %% [markdown]
# ## Flat, then a jump
#
# {numref}`fig-cat-loss` shows the training loss of every MQAR run. CAT runs leave the plateau near
# ln(number of values) early (first reaching 0.9 running batch accuracy at steps
# {glue:text}`cat_jumps`), well before the end of the {glue:text}`steps`-step schedule, so the verdicts
# below do not depend on stopping at a lucky step. Of the {glue:text}`n_base_runs` runs without a
# key-stream filter (attention without convolution, and the Q-only and V-only filters),
# {glue:text}`n_base_jumped` reached that level.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Training loss (log scale) against step for every MQAR run of this chapter (one line per run and seed); the dotted line is ln(number of value tokens), the loss of guessing among the values.", "name": "fig-cat-loss"}}
fig = cf.loss(tr)
plt.show()

# %% [markdown]
# ## Which stream needs the convolution?
#
# The same recipe with the filter on one stream only (Q, K or V) and on all three, same seed
# ({numref}`fig-cat-streams`). The right panel shows the mean absolute tap per offset for each learned
# filter, the bottom panel the attention map of the QKV model on one test sequence. By the argument of
# the method section, the key stream is the one that must look back: a key that carries its predecessor
# lets a content match land on the value. Without positions, a filter on the query stream alone or on the
# value stream alone cannot work at all: the scores then depend only on the attended position's own
# token, so a query with key κ can single out only positions holding κ, and a causal value filter at
# those positions sees κ and what came *before* it, never the value that follows. Runs with the filter
# on Q or V only are therefore expected to stay on the plateau however long they train; a plateau there
# is the mechanism, not an optimisation failure.

# %%
example = cx.example_attention(tr, SEED)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's mechanism (which stream carries the convolution): (a) MQAR accuracy at the training length and at the longest test length with the filter on Q, K, V or all three streams, same seed; (b) mean absolute filter tap per stream and offset; (c) attention map of the QKV model on one training-length sequence (rows: positions, columns: attended positions); circles mark each query's value position.", "name": "fig-cat-streams"}}
fig = cf.streams(tr, example)
plt.show()

# %% [markdown]
# Accuracy at the training length with the filter on Q, K, V and QKV:
# {glue:text}`stream_accs`. Mean attention mass on the value position: {glue:text}`stream_masses`.

# %% [markdown]
# ## Window size against N-gram order
#
# In N-gram recall the last N tokens occurred once before, and the answer is the token that followed
# them (vocabulary {glue:text}`nar_vocab`, so single tokens repeat and only the whole N-gram identifies
# the answer). The key must then encode offsets 1..N and the query offsets 0..N−1, which one shared
# window covers only when W ≥ N + 1. The runs with W = N + 1 use all {glue:text}`n_cat_seeds` seeds (the claim
# is about them); the shorter windows, whose outcome the argument fixes, use seed 0. For W ≤ N we compare with a *suffix oracle*: an idealised layer that
# attends uniformly to every earlier position preceded by the query's last W − 1 tokens and outputs the
# token there; its expected accuracy is printed in each cell ({numref}`fig-cat-nar`).

# %%
ng = cx.run_ngram(tr, SEED)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's N-gram recall result: accuracy of one CAT layer for N-gram order N (rows) and filter window W (columns), trained at the first length and tested at 1×, 2× and 4× it. Cells with W ≤ N also print the suffix oracle's expected accuracy (o=...).", "name": "fig-cat-nar"}}
fig = cf.ngram(ng)
plt.show()

# %% [markdown]
# ## Mamba and APE as the number of pairs grows
#
# The abstract contrasts one CAT layer with one Mamba layer. The sweep trains CAT, attention with
# learned absolute positions (APE), the small selective SSM of this chapter (expand 1, state 8,
# full-rank Δ) and the same block at Mamba's defaults (expand 2, state 16, Δ of rank ⌈d/16⌉) on
# MQAR at one length with a growing number of pairs, with the same data streams and as many steps
# as every other model of the sweep, each at three seeds and at every learning rate of one grid
# shared by all models; each model is then shown at the learning rate with its best mean accuracy.
# On one CPU thread a training step of the small SSM costs about 7 times CAT's and one at Mamba's
# defaults about 25 times, so the sweep is sized for this CPU: length 64, 4, 8 and 16 pairs, 200 steps
# of 32 sequences, learning rates 0.003, 0.01 and 0.03, 108 runs, about 15 minutes on two cores. It
# runs in the full profile only, and claim C7 is graded on its archived run (section below);
# `CAT_SSM=1` runs a larger version of it (length 256, up to 32 pairs, 1000 steps) on a GPU.

# %%
sw = cx.run_sweep(tr)
print(cx.sweep_summary(sw))
if sw is not None:
    fig = cf.sweep(sw)
    plt.show()
    display(Markdown(cf.SWEEP_CAPTION))

# %% [markdown]
# ## The hand-built construction and its length limit
#
# No training: one-hot embeddings (d = V), a key filter that is a pure shift by one, identity query
# and value filters, $W_Q = W_K = \beta I$, identity value and read-out. At a query with key κ the only
# earlier key that matches is the value position right after κ (score β²); every other position scores
# 0. The output is the attention mass on each token: $e^{\beta^2}/Z$ on the correct value and
# $F_t/Z$ on the filler token, where F_t counts filler tokens up to the query, so the answer is right
# exactly when $F_t < e^{\beta^2}$. The construction is exact at every length below $e^{\beta^2}$ and then fails for
# queries far from the pairs: its length limit is a logit margin ({numref}`fig-cat-handbuilt`).
#
# The sweep also supplies the null of the length-generalization claim: a CAT solution that is exact at the
# training length but does *not* generalize. The narrowest margin of the sweep that is still exact at
# length {glue:text}`train_len` is β = {glue:text}`narrow_beta` (e^{β²} ≈ {glue:text}`narrow_margin:.0f`); on
# the trained models' test grid its lowest accuracy beyond the training length is
# {glue:text}`narrow_min_longer:.3f`. A trained CAT that had only learned "just enough" margin would look
# like this.

# %%
hb = cx.run_hand_built(P, SEED)
print(f"hand-built sweep: {hb.seconds:.1f} s; queries per length: {list(hb.n_queries)}")
acc = ", ".join(f"{a:.3f}" for a in hb.narrow_acc)
print(f"hand-built β={hb.narrow_beta} on the test grid: {acc}")
for name, value in cx.prose_numbers(tr, ng, hb).items():
    glue(name, value, display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's length-generalization theorem: accuracy of the hand-built CAT on zero-filler MQAR (8 pairs) against sequence length for four β (markers: measured; lines: the closed form F_t < exp(β²) evaluated on the same sequences; vertical lines: L = exp(β²)).", "name": "fig-cat-handbuilt"}}
fig = cf.hand_built(hb)
plt.show()

# %% [markdown]
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
key_numbers(cx.key_numbers(tr, ng, hb, sw), digits=2)

# %% [markdown]
# ## Claims

# %% [markdown]
# Every paper claim below is at the **reconstruction** level: only the paper's opening was read, and the
# task settings are ours. Each check shows its computed null (the value measured where the claim is false)
# and the criterion grades it 0; a claim needs 3 seeds to escape the "one seed" cap.

# %%
for line in cx.exploratory_report(tr):  # full profile only: SSM, selective copying
    print(line)
table = claims(cx.measured(tr, ng, hb, sw))
tl = table.tally()
glue("n_paper_top", tl.verdicts["holds in our reconstruction"], display=False)
glue(
    "n_paper_other",
    tl.verdicts["partly"] + tl.verdicts["not reproduced"],
    display=False,
)
glue("n_paper_na", tl.verdicts["not attempted"], display=False)
glue("n_method_pass", tl.method["passes"], display=False)
glue("n_method", len(table.method_checks), display=False)
table.display()

# %% [markdown]
# ## Method checks
#
# Checks of our own code, derivations and experiments (never counted as paper claims): the attention
# baselines' failure (formerly claim C2), the stream ablation with its Q-only and V-only failures
# (formerly C5), the window rule for W ≤ N, and the hand-built construction (formerly C6).

# %%
table.display_method_checks()

# %% [markdown]
# ## Full profile (archived run)
#
# The full profile adds five CAT seeds, three seeds of every baseline (APE included) trained 1.5
# times as long, test lengths up to 32×, CAT trained on random filler, N-gram recall for N = 1, 2 and 3
# with a window sweep for each, selective copying, and the Mamba/APE sweep that grades C7. Its numbers
# below come from an archived run whose provenance (date, device, commit, wall time, packages) is
# shown with them; the sweep's figure is redrawn from that run's key numbers (per-seed accuracy at
# each model's tuned learning rate).

# %% tags=["hide-input"]
from shared.repro import archive

arc = archive.show("cat", quick=table)
curves = None if arc is None else cx.sweep_curves_from_key_numbers(arc.key_numbers)
if sw is None and curves is not None:
    fig = cf.sweep(curves)
    plt.show()
    display(Markdown(cf.SWEEP_CAPTION))

# %% [markdown]
# ## Discussion
#
# **What changed in the verdicts (before → after).** Before this re-grading the table showed six
# claims "reproduced" (C1–C6) and four not attempted, with no method checks. Now no claim can be
# "reproduced": only the paper's opening was read, so every paper claim is a reconstruction. C1, C3
# and C4 remain paper claims, each graded over 3 seeds (C4 newly: its W = N + 1 runs went from one seed
# to three) against a computed null — the best attention baseline for C1, a hand-built CAT that is exact
# at the training length but has too little margin to generalize for C3, and the same layer one tap
# short (W = N) for C4. Of these, {glue:text}`n_paper_top` hold in our reconstruction and
# {glue:text}`n_paper_other` are partly or not reproduced; {glue:text}`n_paper_na` stay not attempted.
# Three former claims became method checks ({glue:text}`n_method_pass` of {glue:text}`n_method` pass):
# C2, because in our one-layer model the failure of attention without convolution follows from an
# impossibility argument, so it cannot fail for the reason the paper gives; C5, because which stream
# needs the filter is the book's own ablation (the paper's answer was not read) — and it now grades the
# Q-only and V-only failures against the key-filter success, where the old C5 graded only the
# placements that converged; C6, because the hand-built construction checks our code against our own
# closed form. The N-gram rule for W ≤ N (part of the old C4) is our derivation and moved there too.
# C3's looser "partly ≥ 0.5" band was dropped: the criterion is the brief's ≥ 0.90, set before any run.
# Seeds now come from `SeedSequence(SEED).spawn(...)` instead of `SEED + i`, so every run was retrained.
# Issue 14 then replaced the remaining seed offsets (training and test streams, filter initialisation,
# the suffix oracle's sample, the hand-built sweep and its test grid, the example sequence) with named
# streams from `shared.repro.seeds`. No verdict changed; the key numbers that moved are the baselines'
# near-chance accuracies (RoPE seed 0, NoPE, Q only), the W = 1 and W = 2 N-gram accuracies and the
# W = 2 oracle, the narrow hand-built null, and the hand-built accuracies at length 2048 for β = 1.5,
# 2.0 and 2.5 — the last rest on only four sequences (32 queries) per length, so they move most with
# the sample; the closed form still matches every query.
# To stay inside the quick-profile budget, 3 seeds go to the runs paper claims rest on (CAT on MQAR and
# the W = N + 1 window); the baselines keep 2 RoPE seeds and 1 NoPE seed, and the stream ablation and
# the shorter windows keep seed 0, as method checks whose outcome the argument fixes.
#
# **What matched.** The central claim holds at our small scale: one CAT layer with no positional
# encoding, trained at length {glue:text}`train_len`, answers MQAR queries with mean accuracy
# {glue:text}`cat_acc_train:.3f` and keeps at least {glue:text}`cat_min_all:.3f` up to
# {glue:text}`max_mult`× the training length, while the same layer without the convolution — with RoPE
# or without any position code — stays at {glue:text}`base_acc_max:.3f` or below, close to chance
# ({glue:text}`chance:.3f`). The learned attention map shows why: queries put most of their weight on
# the position right after their key's first occurrence, exactly as in the hand-built construction, and
# that content match does not care how long the sequence is. The stream ablation isolates the
# mechanism: the filter on the key stream alone is enough ({glue:text}`stream_accs`), while Q-only and
# V-only filters stay at chance, as the argument in the ablation section says they must. N-gram recall needs the window to reach one
# token past the N-gram: with W = N + 1 the layer is exact, with W ≤ N it tracks the suffix oracle, the
# best a layer can do when it sees only a W − 1-token suffix.
#
# **The construction and its limit.** The hand-built layer matches its closed form query by query.
# It shows what "length generalization" means for this mechanism: the correct value wins as long as its
# attention score margin $e^{\beta^2}$ outweighs the number of distracting positions. A trained model's
# margin sets how far it extrapolates; our trained layers kept their accuracy up to the longest length we
# tested, but nothing guarantees that at lengths far beyond it.
#
# **Why the baselines are not a matter of training time.** The attention runs without convolution
# never leave the plateau in {glue:text}`baseline_steps` steps, while CAT leaves it within about a
# hundred. This is
# not only a schedule effect: one softmax layer that sees tokens (and, with RoPE, relative positions) but
# no neighbouring token in its keys has no way to point a query at "the position after my key", which
# recall needs; two attention layers (an induction head) or a convolution supply that. The full profile
# trains the baselines 1.5 times longer than CAT (archived section above).
#
# **What we could not check.** The paper's own numbers, settings and figures could not be read, so
# no comparison with reported values is possible. Selective copying (printed, not graded) runs in
# the full profile. The Mamba comparison is graded there (C7, archived run): at the sweep's largest
# number of pairs CAT must solve MQAR on every seed (null: the best APE attention seed), and one
# Mamba layer at Mamba's defaults, and our smaller SSM, must stay at or below 0.5 accuracy on every
# seed (null: the best CAT seed); the 0.5 bound was set before any sweep ran. Both SSM sizes are kept
# so the chapter shows whether Mamba's larger defaults change the outcome. A Mamba failure here is
# a statement about one layer under the same data, steps and tuned learning rate as CAT (200 steps
# of 32 sequences on this CPU), not about Mamba trained to convergence; the GPU-size sweep
# (`CAT_SSM=1`) trains five times longer. In the archived run both SSM sizes and APE stay near
# chance at the largest number of pairs on every seed while CAT solves it, so C7 holds in our
# reconstruction, for this training budget. Landmark CAT and the language-modelling results are not
# attempted. The baselines and the stream ablation have fewer than
# 3 seeds in the quick profile; as method checks they are not capped, but a seed on which RoPE attention
# left its plateau would be worth knowing about, and the full profile runs 3 seeds of each baseline.
#
# **Issue 15.** Random filler: every CAT and baseline run is now tested a second time with filler
# tokens that never collide with the pairs. CAT trained on zero filler keeps at least
# {glue:text}`cat_min_disjoint:.3f` over every longer length (C3b), so the zero-filler result was not
# the model suppressing one distractor token; the attention layers without convolution stay at
# {glue:text}`base_max_disjoint:.3f` or below. Whether training on random filler changes this is
# answered by the full profile's three random-filler-trained seeds. N-gram recall is graded at
# N = 1, 2, 3 with a window sweep for each in the full profile (the quick profile keeps N = 2). The
# full profile's old test points with 64 and 128 pairs could not run (keys come from half of a
# 128-token vocabulary, at most 63 pairs), so it now stops at 2048 tokens with 32 pairs.
#
# **Easy and hard.** The mechanism is easy to get: CAT leaves its plateau within tens of steps at this
# scale. The hard parts were deciding what the paper's tasks are (we follow the Zoology MQAR generator)
# and keeping the attention baselines honest: they get exactly the same layer, recipe and steps.
