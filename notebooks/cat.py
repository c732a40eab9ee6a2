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
# training length (quick profile); C4 one CAT layer solves N-gram recall (window W = N + 1). Each is
# graded over 3 seeds against a computed null. Method checks, not counted as paper claims: one attention
# layer without convolution (RoPE, no positional encoding) stays near chance (formerly C2; in our
# one-layer model this follows from an impossibility argument); which stream needs the convolution,
# with the Q-only and V-only failures graded (formerly C5, the book's own ablation); windows W ≤ N
# track a suffix oracle; an exact hand-built CAT construction matches its closed form (formerly C6).
# The chapter's figures are analogues of the paper's synthetic-task results (the
# figure numbers could not be read): one-layer accuracy, accuracy against test length, loss curves,
# the stream ablation, window against N-gram order, and the hand-built construction.
# The Mamba comparison (C7), APE attention and selective copying (C9, exploratory) run in the full
# profile only, which we have not run; Landmark CAT (C8) and language modelling (C10) are not attempted.
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

# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import Markdown, display
from shared.repro import glue

from shared.attention import cat as ct
from shared.repro import key_numbers, start

cfg = start("cat", ct.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())

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
# profile, four times more in the full one). Runs are independent, so they go to worker processes of
# one thread each.

# %%
for name in ("d_model", "vocab", "train_pairs", "train_len", "steps", "lr", "batch", "window", "baseline_steps",
             "n_test", "n_test_long", "long_from"):
    glue(name, getattr(cfg, name), display=False)

chance = 1.0 / cfg.train_pairs
common = dict(task="mqar", steps=cfg.steps, lr=cfg.lr, batch=cfg.batch, weight_decay=cfg.weight_decay,
              warmup=cfg.warmup, d_model=cfg.d_model, window=cfg.window, device=cfg.device, vocab=cfg.vocab,
              train_len=cfg.train_len, train_pairs=cfg.train_pairs, test_grid=cfg.test_grid, n_test=cfg.n_test,
              n_test_long=cfg.n_test_long, long_from=cfg.long_from)
# Independent seeds for the runs: children of SeedSequence(SEED); profile entries name them by index
# (run i of every model uses seed i, so models with the same index see the same training stream).
n_seeds = 1 + max([*cfg.cat_seeds, *cfg.ssm_seeds, *(i for _, ii in cfg.baseline_runs for i in ii)])
run_seeds = [int(c.generate_state(1)[0]) for c in np.random.SeedSequence(SEED).spawn(n_seeds)]
print("run seeds (index: seed):", dict(enumerate(run_seeds)))
specs = []
for s in cfg.cat_seeds:
    specs.append(dict(common, kind="cat", seed=run_seeds[s], seed_index=s, return_state=(s == cfg.cat_seeds[0])))
baselines = [kind for kind, _ in cfg.baseline_runs]
for kind, seeds in cfg.baseline_runs:
    for s in seeds:
        specs.append(dict(common, kind=kind, seed=run_seeds[s], seed_index=s, steps=cfg.baseline_steps))
s0 = cfg.cat_seeds[0]
for stream in cfg.stream_runs:  # single-stream ablation, same seed as the first CAT run
    specs.append(dict(common, kind=f"cat-{stream}", seed=run_seeds[s0], seed_index=s0,
                      test_grid=(cfg.test_grid[0], cfg.test_grid[-1])))
if cfg.ssm:
    for s in cfg.ssm_seeds:
        specs.append(dict(common, kind="ssm", seed=run_seeds[s], seed_index=s, steps=cfg.ssm_steps))
for N in cfg.nar_orders:
    for W in cfg.nar_windows:
        # the window the claim is about (W = N + 1) gets every CAT seed; the shorter ones seed 0
        for s in (cfg.cat_seeds if W == N + 1 else (s0,)):
            specs.append(dict(task="nar", kind="cat", seed=run_seeds[s], seed_index=s, steps=cfg.nar_steps,
                              lr=cfg.lr, batch=cfg.batch, weight_decay=cfg.weight_decay, warmup=cfg.warmup,
                              d_model=cfg.d_model, window=W, device=cfg.device, vocab=cfg.nar_vocab,
                              train_len=cfg.nar_len, order=N,
                              test_lens=tuple(m * cfg.nar_len for m in cfg.nar_test_mult), n_test=cfg.nar_n_test))
if cfg.sc:  # selective copying (exploratory): one long causal filter spanning the context
    for s in cfg.cat_seeds:
        specs.append(dict(task="sc", kind="cat", seed=run_seeds[s], seed_index=s, steps=cfg.sc_steps, lr=cfg.lr,
                          batch=cfg.batch,
                          weight_decay=cfg.weight_decay, warmup=cfg.warmup, d_model=cfg.d_model,
                          window=cfg.sc_len - cfg.sc_tokens, device=cfg.device, vocab=cfg.sc_vocab,
                          train_len=cfg.sc_len, num_tokens=cfg.sc_tokens, test_lens=cfg.sc_test_lens,
                          n_test=cfg.n_test))
workers = 1 if cfg.device == "cuda" else cfg.workers
t0 = time.perf_counter()
results = ct.run_jobs(specs, workers=workers)
train_wall = time.perf_counter() - t0
print(f"{len(specs)} training runs in {train_wall:.0f} s wall with {workers} worker(s), "
      f"{sum(r['cpu_seconds'] for r in results):.0f} CPU-s in the workers")


def runs(kind, task="mqar"):
    return [r for r in results if r["spec"]["kind"] == kind and r["spec"]["task"] == task]


mqar_runs = [r for r in results if r["spec"]["task"] == "mqar"]
for r in mqar_runs:
    if r["spec"]["kind"] in ("cat", "cat-k") and not ct.converged(r):
        print("NOT CONVERGED:", ct.plateau_hint(r))

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
grid_names = [f"{L}/{n}" for L, n in cfg.test_grid]
rows = ["| model | seed | " + " | ".join(grid_names) + " | jump step | value mass |",
        "|---|---|" + "---|" * len(grid_names) + "---|---|"]
for r in mqar_runs:
    js = ct.jump_step(r["train_acc"])
    got = dict(zip(r["spec"]["test_grid"], r["test"]))
    accs = " | ".join("—" if p not in got else "n/a" if math.isnan(got[p]) else f"{got[p]:.3f}"
                      for p in cfg.test_grid)
    vm = r.get("value_mass", float("nan"))
    rows.append(f"| {r['spec']['kind']} | {r['spec']['seed_index']} | {accs} | {'—' if js is None else js} | "
                f"{'—' if math.isnan(vm) else f'{vm:.2f}'} |")
display(Markdown("\n".join(rows)))

# %% [markdown]
# ## One layer: CAT against attention without convolution
#
# {numref}`fig-cat-one-layer` shows the accuracy at the training length. CAT reaches a mean of
# {glue:text}`cat_acc_train:.3f` over {glue:text}`n_cat_seeds` seeds (worst seed
# {glue:text}`cat_acc_train_min:.3f`), while the best attention run without convolution reaches
# {glue:text}`base_acc_max:.3f` against a chance level of {glue:text}`chance:.3f`.

# %% mystnb={"figure": {"caption": "Analogue of the paper's one-layer synthetic-recall comparison: MQAR accuracy at the training length for one CAT layer and one attention layer without convolution (RoPE, NoPE); dots are seeds, the dashed line is chance (1 / number of pairs).", "name": "fig-cat-one-layer"}}
kinds = ["cat"] + list(baselines) + (["ssm"] if cfg.ssm else [])
labels = {"cat": "CAT (QKV conv)", "rope": "attention + RoPE", "nope": "attention, NoPE", "ape": "attention + APE",
          "ssm": "Mamba-style SSM"}
acc_train = {k: np.array([r["test"][0] for r in runs(k)]) for k in kinds}
fig, ax = plt.subplots(figsize=(6, 3.2))
for i, k in enumerate(kinds):
    ax.bar(i, acc_train[k].mean(), color="C0" if k == "cat" else "C7", alpha=0.8)
    ax.plot(np.full(len(acc_train[k]), i), acc_train[k], "ko", ms=4)
ax.axhline(chance, ls="--", color="k", lw=1, label="chance")
ax.set_xticks(range(len(kinds)), [labels[k] for k in kinds], rotation=15)
ax.set_ylabel(f"accuracy (L={cfg.train_len}, {cfg.train_pairs} pairs)")
ax.set_ylim(0, 1.05)
ax.legend(loc="upper right")
fig.tight_layout()
glue("cat_acc_train", float(acc_train["cat"].mean()), display=False)
glue("cat_acc_train_min", float(acc_train["cat"].min()), display=False)
glue("n_cat_seeds", len(acc_train["cat"]), display=False)
base_acc_max = float(max(acc_train[k].max() for k in baselines))
glue("base_acc_max", base_acc_max, display=False)
glue("chance", chance, display=False)
plt.show()

# %% [markdown]
# ## Length generalization
#
# The models trained at length {glue:text}`train_len` are tested, without any change, on longer
# sequences with more pairs ({numref}`fig-cat-length`). The worst CAT accuracy over all seeds and all
# test lengths up to {glue:text}`max_mult`× the training length is {glue:text}`cat_min_all:.3f`.

# %% mystnb={"figure": {"caption": "Analogue of the paper's length-generalization claim: MQAR accuracy against test length (pairs grow with length, labels 'length/pairs'); models trained at the first length. One line per seed; dashed: chance at each length.", "name": "fig-cat-length"}}
Ls = np.array([L for L, _ in cfg.test_grid])
fig, ax = plt.subplots(figsize=(6, 3.4))
for j, k in enumerate(kinds):
    for i, r in enumerate(runs(k)):
        ax.plot(Ls, r["test"], "o-", color=f"C{j}", alpha=0.8, label=labels[k] if i == 0 else None)
ax.plot(Ls, [1 / n for _, n in cfg.test_grid], "k--", lw=1, label="chance")
ax.set_xscale("log", base=2)
ax.set_xticks(Ls, grid_names)
ax.set_xlabel("test length / pairs")
ax.set_ylabel("accuracy")
ax.set_ylim(0, 1.05)
ax.legend(fontsize=8)
fig.tight_layout()
cat_min_all = float(min(min(r["test"]) for r in runs("cat")))
glue("cat_min_all", cat_min_all, display=False)
glue("max_mult", int(Ls.max() // cfg.train_len), display=False)
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

# %% mystnb={"figure": {"caption": "Training loss (log scale) against step for every MQAR run of this chapter (one line per run and seed); the dotted line is ln(number of value tokens), the loss of guessing among the values.", "name": "fig-cat-loss"}}
fig, ax = plt.subplots(figsize=(6, 3.2))
styles = {"cat": ("C0", "-"), "cat-q": ("C3", ":"), "cat-k": ("C2", ":"), "cat-v": ("C4", ":"), "rope": ("C1", "-"),
          "nope": ("C7", "-"), "ape": ("C5", "-"), "ssm": ("C6", "-")}
seen = set()
for r in mqar_runs:
    k = r["spec"]["kind"]
    col, ls = styles[k]
    ax.plot(r["loss"], color=col, ls=ls, lw=1, label=None if k in seen else k)
    seen.add(k)
ax.axhline(math.log(cfg.vocab - cfg.vocab // 2), color="k", ls=":", lw=1)
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("training loss")
ax.legend(fontsize=8, ncol=2)
fig.tight_layout()
cat_jumps = [ct.jump_step(r["train_acc"]) for r in runs("cat")]
no_key = [r for r in mqar_runs if r["spec"]["kind"] in ("rope", "nope", "ape", "cat-q", "cat-v")]
glue("n_base_runs", len(no_key), display=False)
glue("n_base_jumped", sum(ct.jump_step(r["train_acc"]) is not None for r in no_key), display=False)
glue("cat_jumps", ", ".join("never" if j is None else str(j) for j in cat_jumps), display=False)
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
stream_kinds = ["cat-q", "cat-k", "cat-v", "cat"]
stream_runs = {k: runs(k)[0] for k in stream_kinds}
main = stream_runs["cat"]
model = ct.make_model("cat", cfg.vocab, cfg.d_model, window=cfg.window, max_len=cfg.train_len,
                     seed=main["spec"]["seed"], device="cpu")
model.load_state_dict(main["state"])
x_ex, y_ex = ct.mqar(np.random.default_rng(10**7 + SEED), 1, cfg.train_len, cfg.train_pairs, cfg.vocab)
with torch.no_grad():
    _, A_ex = model(torch.from_numpy(x_ex), return_weights=True)
A_ex = A_ex[0].numpy()

# %% mystnb={"figure": {"caption": "Analogue of the paper's mechanism (which stream carries the convolution): (a) MQAR accuracy at the training length and at the longest test length with the filter on Q, K, V or all three streams, same seed; (b) mean absolute filter tap per stream and offset; (c) attention map of the QKV model on one training-length sequence (rows: positions, columns: attended positions); circles mark each query's value position.", "name": "fig-cat-streams"}}
fig = plt.figure(figsize=(8, 6.4))
ax1 = fig.add_subplot(2, 2, 1)
xs = np.arange(len(stream_kinds))
ax1.bar(xs - 0.18, [stream_runs[k]["test"][0] for k in stream_kinds], 0.36, label=f"L={cfg.train_len}")
ax1.bar(xs + 0.18, [stream_runs[k]["test"][-1] for k in stream_kinds], 0.36, label=f"L={cfg.test_grid[-1][0]}")
ax1.axhline(chance, ls="--", color="k", lw=1)
ax1.set_xticks(xs, ["Q", "K", "V", "QKV"])
ax1.set_ylabel("accuracy")
ax1.set_ylim(0, 1.05)
ax1.set_title("(a) conv on stream", fontsize=9)
ax1.legend(fontsize=7)
ax2 = fig.add_subplot(2, 2, 2)
tap_rows, tap_names = [], []
for k in stream_kinds:
    for s, taps in stream_runs[k]["taps"].items():
        tap_rows.append(taps)
        tap_names.append(f"{k}: {s}")
im = ax2.imshow(np.array(tap_rows), cmap="viridis", aspect="auto")
ax2.set_yticks(range(len(tap_names)), tap_names, fontsize=7)
ax2.set_xticks(range(cfg.window), [f"t−{i}" if i else "t" for i in range(cfg.window)])
ax2.set_title("(b) mean |tap| per offset", fontsize=9)
fig.colorbar(im, ax=ax2)
ax3 = fig.add_subplot(2, 1, 2)
ax3.imshow(A_ex, cmap="magma", aspect="auto")
qs = np.nonzero(y_ex[0] != -100)[0]
vpos = [int(np.argmax(x_ex[0] == x_ex[0, t])) + 1 for t in qs]
ax3.plot(vpos, qs, "o", mfc="none", mec="c", ms=6)
ax3.set_xlabel("attended position")
ax3.set_ylabel("position")
ax3.set_title("(c) attention of the QKV model", fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# Accuracy at the training length with the filter on Q, K, V and QKV:
# {glue:text}`stream_accs`. Mean attention mass on the value position: {glue:text}`stream_masses`.

# %%
short = {"cat-q": "Q", "cat-k": "K", "cat-v": "V", "cat": "QKV"}
glue("stream_accs", ", ".join(f"{short[k]} {stream_runs[k]['test'][0]:.3f}" for k in stream_kinds), display=False)
glue("stream_masses", ", ".join(f"{short[k]} {stream_runs[k]['value_mass']:.2f}" for k in stream_kinds),
     display=False)

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
glue("nar_vocab", cfg.nar_vocab, display=False)
orders, windows = list(cfg.nar_orders), list(cfg.nar_windows)
nar_acc = np.full((len(cfg.nar_test_mult), len(orders), len(windows)), np.nan)
nar_seed_acc = {}  # (N, W) -> per-seed test accuracies [seeds, len(nar_test_mult)]
for r in results:
    if r["spec"]["task"] == "nar":
        nar_seed_acc.setdefault((r["spec"]["order"], r["spec"]["window"]), []).append(r["test"])
        if r["spec"]["seed_index"] == s0:  # the heat map shows seed 0
            nar_acc[:, orders.index(r["spec"]["order"]), windows.index(r["spec"]["window"])] = r["test"]
oracle = np.full((len(orders), len(windows)), np.nan)
for a, N in enumerate(orders):
    xo, yo = ct.ngram_recall(np.random.default_rng(2 * 10**6 + SEED), cfg.oracle_n, cfg.nar_len, N, cfg.nar_vocab)
    for b, W in enumerate(windows):
        oracle[a, b] = ct.suffix_oracle(xo, yo, W).mean()

# %% mystnb={"figure": {"caption": "Analogue of the paper's N-gram recall result: accuracy of one CAT layer for N-gram order N (rows) and filter window W (columns), trained at the first length and tested at 1×, 2× and 4× it. Cells with W ≤ N also print the suffix oracle's expected accuracy (o=...).", "name": "fig-cat-nar"}}
fig, axes = plt.subplots(1, len(cfg.nar_test_mult), figsize=(3.0 * len(cfg.nar_test_mult), 1.0 + 0.9 * len(orders)),
                         squeeze=False)
for m, ax in enumerate(axes[0]):
    ax.imshow(nar_acc[m], vmin=0, vmax=1, cmap="viridis", aspect="auto")
    for a, N in enumerate(orders):
        for b, W in enumerate(windows):
            txt = f"{nar_acc[m, a, b]:.2f}" + (f"\no={oracle[a, b]:.2f}" if W <= N and m == 0 else "")
            ax.text(b, a, txt, ha="center", va="center", fontsize=8,
                    color="k" if nar_acc[m, a, b] > 0.6 else "w")
    ax.set_xticks(range(len(windows)), [f"W={w}" for w in windows])
    ax.set_yticks(range(len(orders)), [f"N={n}" for n in orders])
    ax.set_title(f"test L = {cfg.nar_test_mult[m] * cfg.nar_len}", fontsize=9)
fig.tight_layout()
plt.show()

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
t0 = time.perf_counter()
hb = ct.hand_built_sweep(cfg.hb_betas, cfg.hb_lengths, num_kv=cfg.hb_pairs, vocab=cfg.vocab,
                        tokens=cfg.hb_tokens, seed=3 * 10**6 + SEED)
hb_agree = bool(hb["agree"].all())
limit = np.array([[math.exp(b**2) > L for L in cfg.hb_lengths] for b in cfg.hb_betas])
hb_exact_below_limit = bool((hb["measured"][limit] == 1.0).all())
print(f"hand-built sweep: {time.perf_counter() - t0:.1f} s; queries per length: {hb['n_queries']}")

# Null of the length-generalization claim C3: the narrowest-margin construction of the sweep that is
# still exact at the training length, tested on the trained models' own test grid.
j_train = list(cfg.hb_lengths).index(cfg.train_len)
narrow_beta = min(b for i, b in enumerate(cfg.hb_betas) if hb["measured"][i, j_train] == 1.0)
narrow = ct.hand_built_cat(narrow_beta, cfg.vocab)
narrow_acc = [ct.evaluate(narrow, lambda rr, b, L=L, n=n: ct.mqar(rr, b, L, n, cfg.vocab),
                          cfg.n_test_long if L >= cfg.long_from else cfg.n_test, 4 * 10**6 + SEED + i,
                          batch=16 if L >= cfg.long_from else 64)["acc"] for i, (L, n) in enumerate(cfg.test_grid)]
print(f"hand-built β={narrow_beta} on the test grid {grid_names}: " + ", ".join(f"{a:.3f}" for a in narrow_acc))
glue("narrow_beta", narrow_beta, display=False)
glue("narrow_margin", math.exp(narrow_beta**2), display=False)
glue("narrow_min_longer", min(narrow_acc[1:]), display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's length-generalization theorem: accuracy of the hand-built CAT on zero-filler MQAR (8 pairs) against sequence length for four β (markers: measured; lines: the closed form F_t < exp(β²) evaluated on the same sequences; vertical lines: L = exp(β²)).", "name": "fig-cat-handbuilt"}}
fig, ax = plt.subplots(figsize=(6, 3.4))
hL = np.array(cfg.hb_lengths)
for i, b in enumerate(cfg.hb_betas):
    ax.plot(hL, hb["predicted"][i], "-", color=f"C{i}", lw=1.5)
    ax.plot(hL, hb["measured"][i], "o", color=f"C{i}", mfc="none", label=f"β={b}")
    if math.exp(b**2) < hL.max() * 1.5:
        ax.axvline(math.exp(b**2), color=f"C{i}", ls=":", lw=1)
ax.set_xscale("log", base=2)
ax.set_xlabel("sequence length L")
ax.set_ylabel("accuracy")
ax.set_ylim(0, 1.05)
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
kn = {}
for r in mqar_runs:
    k, s = r["spec"]["kind"], r["spec"]["seed_index"]
    kn[f"{k}_s{s}_acc_L{cfg.test_grid[0][0]}"] = round(r["test"][0], 2)
    kn[f"{k}_s{s}_acc_L{cfg.test_grid[-1][0]}"] = round(r["test"][-1], 2)
for a, N in enumerate(orders):
    for b, W in enumerate(windows):
        kn[f"nar_N{N}_W{W}_acc"] = round(float(nar_acc[0, a, b]), 2)
        kn[f"oracle_N{N}_W{W}"] = round(float(oracle[a, b]), 2)
    for i, accs in enumerate(nar_seed_acc[(N, N + 1)]):
        kn[f"nar_N{N}_W{N + 1}_s{i}_acc_4x"] = round(float(accs[-1]), 2)
kn[f"handbuilt_beta{narrow_beta}_min_acc_longer"] = round(float(min(narrow_acc[1:])), 2)
for i, b in enumerate(cfg.hb_betas):
    kn[f"handbuilt_beta{b}_acc_L{cfg.hb_lengths[-1]}"] = round(float(hb["measured"][i, -1]), 3)
kn["handbuilt_matches_closed_form"] = hb_agree
key_numbers(kn, digits=2)

# %% [markdown]
# ## Claims

# %% [markdown]
# Every paper claim below is at the **reconstruction** level: only the paper's opening was read, and the
# task settings are ours. Each check shows its computed null (the value measured where the claim is false)
# and the criterion grades it 0; a claim needs 3 seeds to escape the "one seed" cap.

# %%
from shared.attention.cat_claims import Measured
from shared.attention.cat_claims import claims as cat_claims

N0 = max(N for N in orders if N + 1 in windows and N in windows)  # the claim's order (quick: the only one)
fit, nar_short = np.array(nar_seed_acc[(N0, N0 + 1)]), nar_seed_acc[(N0, N0)][0]
extra = {}
if cfg.ssm:  # full profile: reported, not graded (no computed null is defined for "CAT >= Mamba")
    for r in runs("ssm"):
        print(f"SSM seed {r['spec']['seed_index']}: accuracy {np.round(r['test'], 3).tolist()}"
              + ("" if ct.converged(r) else " -- " + ct.plateau_hint(r)))
    extra["ssm_note"] = "full profile: SSM accuracies printed above; exploratory, not graded"
if cfg.sc:
    for r in results:
        if r["spec"]["task"] == "sc":
            print(f"selective copying, seed {r['spec']['seed_index']}: accuracy {r['test']} at {cfg.sc_test_lens}")
    extra["sc_note"] = "full profile: selective-copying accuracies printed above; exploratory, not graded"
measured = Measured(
    chance=chance, train_len=cfg.train_len, train_pairs=cfg.train_pairs, vocab=cfg.vocab,
    max_mult=int(Ls.max() // cfg.train_len),
    cat_acc_train=tuple(float(r["test"][0]) for r in runs("cat")),
    cat_min_longer=tuple(float(min(r["test"][1:])) for r in runs("cat")),
    baseline_acc_train={k: tuple(float(r["test"][0]) for r in runs(k)) for k in baselines},
    narrow_beta=float(narrow_beta), narrow_acc_train=float(narrow_acc[0]),
    narrow_min_longer=float(min(narrow_acc[1:])),
    stream_acc={short[k].lower(): float(stream_runs[k]["test"][0]) for k in ("cat-q", "cat-k", "cat-v")},
    stream_value_mass={short[k].lower(): float(stream_runs[k]["value_mass"]) for k in stream_kinds},
    nar_order=N0, nar_vocab=cfg.nar_vocab, nar_len=cfg.nar_len,
    nar_fit_acc_1x=tuple(float(a) for a in fit[:, 0]), nar_fit_acc_4x=tuple(float(a) for a in fit[:, -1]),
    nar_short_acc_1x=float(nar_short[0]), nar_short_acc_4x=float(nar_short[-1]),
    nar_short_rows=tuple((W, float(nar_acc[0, orders.index(N0), b]), float(oracle[orders.index(N0), b]))
                         for b, W in enumerate(windows) if W <= N0),
    hb_agree=hb_agree, hb_exact_below_limit=hb_exact_below_limit,
    hb_betas=tuple(cfg.hb_betas), hb_lengths=tuple(cfg.hb_lengths), **extra)
table = cat_claims(measured)
tl = table.tally()
glue("n_paper_top", tl.verdicts["holds in our reconstruction"], display=False)
glue("n_paper_other", tl.verdicts["partly"] + tl.verdicts["not reproduced"], display=False)
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
# trains the baselines four times longer than CAT; we have not run it.
#
# **What we could not check.** The paper's own numbers, settings and figures could not be read, so
# no comparison with reported values is possible. Mamba, APE attention and selective copying run only
# in the full profile (written and smoke-tested, not run for this book; there their accuracies are
# printed but not graded, since no computed null is defined for them yet); Landmark CAT and the
# language-modelling results are not attempted. The baselines and the stream ablation have fewer than
# 3 seeds in the quick profile; as method checks they are not capped, but a seed on which RoPE attention
# left its plateau would be worth knowing about, and the full profile runs 3 seeds of each baseline.
#
# **Easy and hard.** The mechanism is easy to get: CAT leaves its plateau within tens of steps at this
# scale. The hard parts were deciding what the paper's tasks are (we follow the Zoology MQAR generator)
# and keeping the attention baselines honest: they get exactly the same layer, recipe and steps.
