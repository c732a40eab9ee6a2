# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Generalization or hallucination? Out-of-context reasoning in a one-layer transformer
#
# {cite:p}`ocr` argue that a fine-tuned language model that infers "Alice speaks French" from
# "Alice lives in Paris" (generalization) and one that infers "Alice codes in Java" from the same
# fact (hallucination) use one mechanism, *out-of-context reasoning* (OCR): it links an implication
# to a fact by association, whether or not the link is causal. They reduce it to a symbolic task
# solved by a one-layer, single-head, attention-only transformer and trace it to the implicit bias
# of gradient descent on a *factorized* output-value matrix $W_O W_V$, which favours a small nuclear
# norm, while a *combined* matrix $W_{OV}$ is biased towards a small Frobenius norm and does not
# transfer.
#
# **Scope.** We re-implement the synthetic task and model from the authors' public code (their code
# needs CUDA and Weights & Biases; none of it is reused) and test claims C1–C6 below: factorized
# OCR (C1), no OCR with a combined matrix (C2), the weight structure behind it (C3), the implicit
# bias of gradient descent on one matrix and on a product (C4a–C4c), sample efficiency (C5) and OCR
# at reduced inner rank (C6, the paper's Fig. 6). Blindness to meaning (C7) reduces to an exact
# symmetry of the symbolic model, so it is run as a method check and not counted. The five-LLM
# experiment (C8) cannot run offline; C7 and C8 are listed as not attempted.
#
# **Evidence level.** Of the paper only the abstract and the opening of the introduction could be
# read; its figures, theorems and numbers could not. The task, model and optimizer come from the
# authors' code, so the full-model runs use their setup, but under the book's policy a claim whose
# paper body was not read is a *reconstruction*: every paper claim below is graded at the
# reconstruction level (at best "holds in our reconstruction"). The theorem wording, the **reduced
# attention-frozen model and its two λ-regularized reference solutions, the transfer ratio ρ, the
# toy closed form $t^* = 1/\sqrt{k}$ and the LLM rank metric are ours**, and every figure other than
# Fig. 1 and Fig. 6 is an *analogue* of a figure we could not read. Claim logic (criteria, nulls,
# evidence levels) lives in `shared.attention.ocr_claims`, tested in `tests/test_ocr_claims.py`.

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

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown, display

from shared.attention import ocr
from shared.attention.ocr import OCRTask, ocr_model
from shared.repro import glue, key_numbers, progress, start

cfg = start("ocr", ocr.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
ln20 = math.log(20)

# %% [markdown]
# ## The task
#
# There are $G = 20$ groups. Group $g$ has a fact answer $b_g$ (a "city") and an implication answer
# $c_g$ (a "language"). Each of the 80 subjects belongs to group $j \bmod 20$, four per group. The
# model is trained on every subject's fact $(s, r_1) \to b_{g(s)}$ but on the implication
# $(s, r_2) \to c_{g(s)}$ of one subject per group only; OCR means answering the implication for the
# other 60 subjects, whose facts it saw but whose implications it never did. A sequence holds 13
# noise tokens, the subject and, later, the relation, followed by an end token at which the answer is
# read. The vocabulary has 128 tokens.

# %% mystnb={"figure": {"caption": "Analogue of Fig. 1: the symbolic OCR task. Left, which (subject, relation) pairs are trained (subjects ordered by group); right, one sampled sequence of each kind with its label.", "name": "fig-ocr-task"}}
task = OCRTask()
examples = task.example_table(np.random.default_rng(cfg.seed))
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 3.4), gridspec_kw={"width_ratios": [1, 1.9]})
order = np.argsort(task.group_of(np.arange(task.n_subjects)), kind="stable")
trained = np.zeros((2, task.n_subjects))
trained[0] = 1  # every fact is trained
trained[1, task.train_subjects] = 1
ax0.imshow(trained[:, order], aspect="auto", cmap="Greys", vmin=0, vmax=1.4, interpolation="nearest")
ax0.set_yticks([0, 1], ["fact $r_1$", "impl. $r_2$"])
ax0.set_xlabel("subject (grouped: 4 per group)")
ax0.set_title("trained pairs (dark); held-out implications (white)", fontsize=9)
ax1.axis("off")
rows = [[k.replace("_", " "), " ".join(t), lab] for k, t, lab in examples]
tab = ax1.table(cellText=rows, colLabels=["kind", "tokens (T = 16)", "label"], loc="center",
                colWidths=[0.14, 0.76, 0.1], cellLoc="left")
tab.auto_set_font_size(False)
tab.set_fontsize(7.5)
tab.scale(1, 1.6)
plt.show()

# %% [markdown]
# ## Model and training
#
# The model is `shared.attention.model.OneLayerAttention` with a one-hot embedding,
# no positional encoding, one merged query-key matrix $W$ (the key map is frozen to the identity, so
# the score of token $x_t$ seen from the end token is $W[\mathrm{EOS}, x_t]$), **linear** attention
# (raw scores, no softmax), and the output $\mathrm{logits} = W_{OV}\sum_t a_t e_{x_t}$. The
# *factorized* model trains $W_{OV} = W_O W_V$ (both $128\times128$), the *combined* one trains
# $W_{OV}$ directly. Both start from a tiny constant initialization ($10^{-4}$ entries, $W_V =
# 10^{-4} I$) and train with AdamW (learning rate $5\cdot10^{-3}$, weight decay 0.03) for
# {glue:text}`steps` steps on batches of 84 training facts, 84 training implications and 84
# test-subject facts. We evaluate on {glue:text}`n_eval` fresh samples of each kind: cross-entropy
# over all 128 tokens, accuracy (argmax over all tokens) and, for implications, accuracy *among the
# 20 c's* (a tie counts as a miss) and the rank of the right c among them.

# %%
glue("steps", cfg.steps, display=False)
glue("n_eval", cfg.n_eval, display=False)
glue("n_seeds", cfg.n_seeds, display=False)
# independent per-run seeds derived from SEED (no seed arithmetic); the last child seeds the
# random b<->c pairing
n_children = max(cfg.n_seeds, cfg.reduced_seeds, cfg.spg_seeds, cfg.rank_seeds, cfg.ablation_seeds)
children = np.random.SeedSequence(cfg.seed).spawn(n_children + 1)
seeds = [int(c.generate_state(1)[0]) for c in children[:n_children]]
pairing_seed = int(children[-1].generate_state(1)[0])


def run(task, ov, seed, steps=None, weight_decay=0.03, desc="", **model_kw):
    """Build and train one model; returns (model, history)."""
    model = ocr_model(task, ov=ov, seed=seed, device=cfg.device, **model_kw)
    hist = ocr.train_ocr(task, model, steps=steps or cfg.steps, weight_decay=weight_decay,
                     eval_every=cfg.eval_every, n_eval=cfg.n_eval, seed=seed,
                     progress=lambda it: progress(it, desc=desc or ov))
    return model, hist


main = {ov: [run(task, ov, s, desc=f"{ov} seed {i}") for i, s in enumerate(seeds[:cfg.n_seeds])]
        for ov in ("factorized", "combined")}
long = ({ov: run(task, ov, seeds[0], steps=cfg.long_steps, desc=f"{ov} long") for ov in ("factorized", "combined")}
        if cfg.long_steps else {})


def final(ov, key, runs=main, at=-1):
    """Value of `key` at the end (`at=-1`) or at step 0 (`at=0`, untrained) for every seed of model `ov`."""
    return np.array([h[key][at] for _, h in runs[ov]])


# %% mystnb={"figure": {"caption": "Analogue of the paper's synthetic-task figure: test-implication cross-entropy (left) and accuracy among the 20 c answers (right) against training step. Solid: held-out subjects; faint: training implications; dotted: chance (ln 20, 1/20). Mean ± sd over seeds where there are several.", "name": "fig-ocr-curves"}}
colors = {"factorized": "C0", "combined": "C3"}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
for ov, runs in main.items():
    steps_axis = runs[0][1]["step"]
    for ax, key in zip(axes, ("test_impl_ce", "test_impl_acc_c")):
        vals = np.array([h[key] for _, h in runs])
        m, sd = vals.mean(0), vals.std(0)
        ax.plot(steps_axis, m, color=colors[ov], label=f"{ov}, test subjects")
        ax.fill_between(steps_axis, m - sd, m + sd, color=colors[ov], alpha=0.2)
        train_key = key.replace("test_", "train_")
        ax.plot(steps_axis, np.mean([h[train_key] for _, h in runs], 0), color=colors[ov], alpha=0.3, lw=1,
                label=f"{ov}, training subjects")
    if ov in long:
        h = long[ov][1]
        axes[0].plot(h["step"], h["test_impl_ce"], color=colors[ov], ls="--", lw=1, label=f"{ov}, long run")
        axes[1].plot(h["step"], h["test_impl_acc_c"], color=colors[ov], ls="--", lw=1)
axes[0].axhline(ln20, color="k", ls=":", lw=1, label="ln 20")
axes[1].axhline(1 / 20, color="k", ls=":", lw=1)
axes[0].set(xlabel="step", ylabel="test-implication CE (nats)", yscale="log")
axes[1].set(xlabel="step", ylabel="accuracy among the c's", ylim=(-0.03, 1.03))
axes[0].legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# The factorized model answers the held-out implications: after {glue:text}`steps` steps its
# test-implication accuracy is at least {glue:text}`fact_acc:.3f` over {glue:text}`n_seeds` seeds
# (cross-entropy at most {glue:text}`fact_ce:.3f` nats), while the combined model, which fits everything it is shown (training-implication accuracy
# {glue:text}`comb_train_impl:.3f`, test-subject fact accuracy {glue:text}`comb_test_fact:.3f`),
# picks the right c for only {glue:text}`comb_acc_c:.3f` of the held-out subjects — chance is 0.05 —
# with cross-entropy {glue:text}`comb_ce:.3f` against ln 20 = 2.996. It has learnt that $r_2$ calls
# for *some* c, and nothing about which one.

# %%
glue("fact_acc", final("factorized", "test_impl_acc").min(), display=False)
glue("fact_ce", final("factorized", "test_impl_ce").max(), display=False)
glue("comb_acc_c", final("combined", "test_impl_acc_c").max(), display=False)
glue("comb_ce", final("combined", "test_impl_ce").mean(), display=False)
glue("comb_train_impl", final("combined", "train_impl_acc").min(), display=False)
glue("comb_test_fact", final("combined", "test_fact_acc").min(), display=False)

# %% [markdown]
# ## Where the implication is stored
#
# Column $s$ of $W_{OV}$ is what subject $s$ writes into the logits. Let the *transfer ratio*
# $\rho(s)$ (our name) be the contrast of the subject's own c against the other c's in that column,
# divided by the same contrast for its b:
#
# $$\rho(s) = \frac{W[c_g,s] - \operatorname{mean}_{j\ne g} W[c_j,s]}{W[b_g,s] - \operatorname{mean}_{j\ne g} W[b_j,s]}.$$
#
# $\rho \approx 1$ means the implication is written into the column as strongly as the fact; $\rho
# \approx 0$ means nothing is. We also report the effective rank $(\sum\sigma)^2/\sum\sigma^2$.

# %%
def weight_stats(model):
    W = model.ov_matrix().detach().double().cpu().numpy()
    out = {"W": W, "eff_rank": ocr.effective_rank(W), "sv": np.linalg.svd(W, compute_uv=False)}
    for name, subj in (("train", task.train_subjects), ("test", task.test_subjects)):
        out[f"rho_{name}"] = ocr.transfer_ratio(W, task.b_ids, task.impl_answer(np.arange(task.n_groups)),
                                                task.subject_ids[subj], task.group_of(subj)).mean()
    return out


stats = {ov: [weight_stats(m) for m, _ in runs] for ov, runs in main.items()}
mean_stat = {ov: {k: float(np.mean([s[k] for s in st])) for k in ("eff_rank", "rho_train", "rho_test")}
             for ov, st in stats.items()}
for ov, v in mean_stat.items():
    for k, x in v.items():
        glue(f"{ov}_{k}", x, display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's weight figure: the b and c rows of the trained W_OV (first seed) against the subject columns, training subjects (left of the white line) then held-out subjects, both ordered by group. The factorized model copies each group's c pattern into the held-out columns; the combined model leaves them flat.", "name": "fig-ocr-weights"}}
col_subj = np.concatenate([task.train_subjects, task.test_subjects[np.argsort(task.group_of(task.test_subjects), kind="stable")]])
rows_bc = np.concatenate([task.b_ids, task.impl_answer(np.arange(task.n_groups))])
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
for ax, ov in zip(axes, ("factorized", "combined")):
    block = stats[ov][0]["W"][np.ix_(rows_bc, task.subject_ids[col_subj])]
    block = block - block.mean(0, keepdims=True)  # remove the per-column offset (does not change argmax)
    lim = np.abs(block).max()
    im = ax.imshow(block, aspect="auto", cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
    ax.axvline(len(task.train_subjects) - 0.5, color="w", lw=2)
    ax.axhline(task.n_groups - 0.5, color="k", lw=0.8)
    ax.set_yticks([task.n_groups / 2, 1.5 * task.n_groups], ["b rows", "c rows"])
    ax.set_xlabel("subject column (training | held out)")
    ax.set_title(f"{ov}: mean ρ train {mean_stat[ov]['rho_train']:.2f}, test {mean_stat[ov]['rho_test']:.2f}", fontsize=9)
    fig.colorbar(im, ax=ax, shrink=0.8)
plt.tight_layout()
plt.show()

# %% mystnb={"figure": {"caption": "Analogue of the paper's low-rank argument: singular values of the trained W_OV (first seed), effective rank (mean over seeds) in the legend. Raw norms of the two full models are not comparable (the attention scores rescale the columns), so the margin-normalized norms are compared in the reduced model below.", "name": "fig-ocr-spectra"}}
fig, ax = plt.subplots(figsize=(5.5, 3.6))
for ov in ("factorized", "combined"):
    sv = stats[ov][0]["sv"]
    ax.semilogy(np.arange(1, len(sv) + 1), sv, ".-", color=colors[ov], ms=3,
                label=f"{ov} (effective rank {mean_stat[ov]['eff_rank']:.1f})")
ax.set(xlabel="index", ylabel="singular value of $W_{OV}$",
       ylim=(1e-6, 3 * max(stats[ov][0]["sv"][0] for ov in stats)))
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The factorized model writes the implication into the held-out columns (mean $\rho$ on held-out
# subjects {glue:text}`factorized_rho_test:.2f`, on training subjects
# {glue:text}`factorized_rho_train:.2f`) with a spectrum of effective rank
# {glue:text}`factorized_eff_rank:.1f`; the combined model writes it only where it was trained
# ($\rho$ = {glue:text}`combined_rho_train:.2f` on training, {glue:text}`combined_rho_test:.3f` on
# held-out subjects), effective rank {glue:text}`combined_eff_rank:.1f`.
#
# ## The implicit-bias explanation, in a reduced model
#
# *This section is our reconstruction of the theory.* Freeze the attention so that it delivers
# exactly the subject and the relation, $x = e_s + e_r \in \mathbb{R}^{D}$ ($D$ = subjects + 2), and
# let the logits over the $K = 2G$ answers be $Wx$. With one training subject and $m_{\text{test}}$
# held-out subjects per group, the training set (all facts, the training implications) is separable.
# Full-batch gradient descent on the cross-entropy (learning rate 2) then drives $W$ to infinity along
# a max-margin direction, and *which* max-margin direction depends on the parametrization: for one
# matrix from zero, the minimum-Frobenius one (multiclass version of Soudry et al. 2018); for a
# product $AB$ from small initialization, one of minimum nuclear norm (Gunasekar et al. 2017; Lyu &
# Li 2020). We compare with two **λ-regularized** references: the *λ-nuclear reference* minimizes
# $\mathrm{CE} + \lambda\|W\|_*$ (FISTA with singular-value soft-thresholding, λ = 10⁻³) and the
# *λ-Frobenius reference* minimizes $\mathrm{CE} + \lambda\|W\|_F^2$ (L-BFGS, λ = 10⁻⁴). They are
# **not** the minimum-nuclear-norm and minimum-Frobenius-norm max-margin solutions the theory names;
# their directions approach those only as $\lambda\to0$, so a cosine below 1 mixes the gap between GD
# and the limit with the gap between finite λ and the limit (the exact hard-margin references are
# left to a later revision). Gradient descent on one matrix from zero gives every held-out subject
# *tied* c-logits by symmetry: nothing couples column $s$ to one c row more than to another, so the
# tie is a property of the construction (method check M1), not evidence. The nuclear-type solution
# prefers to reuse the training subjects' direction, which puts the right c on top. Gradient descent
# on the product starts from a random small $A, B$; we run {glue:text}`red_seeds` initializations.

# %%
c_rows = lambda d: d.G + np.arange(d.G)
red_seeds = seeds[: cfg.reduced_seeds]
glue("red_seeds", len(red_seeds), display=False)


def solution_stats(W, d):
    """Margin-normalized norms, held-out c-margins and mean held-out ρ of one reduced solution."""
    gam = ocr.margins(W, d.X_train, d.y_train).min()
    tm = ocr.margins(W, d.X_test, d.y_test, c_rows(d))
    rho = ocr.transfer_ratio(W, np.arange(d.G), c_rows(d), d.test_subjects, d.test_subjects % d.G)
    return {"gamma": gam, "nuc_g": ocr.nuclear_norm(W) / gam, "fro_g": np.linalg.norm(W) / gam,
            "tm_min_g": tm.min() / gam, "tm_max_abs_g": np.abs(tm).max() / gam, "rho": rho.mean()}


def reduced_study(m_test):
    """GD on W (from 0), GD on A B (one run per seed) and the two λ-regularized references."""
    d = ocr.reduced_data(20, 1, m_test)
    comb = ocr.gd_reduced(d, "combined", lr=2.0, steps=cfg.reduced_steps)
    fact = [ocr.gd_reduced(d, "factorized", lr=2.0, steps=cfg.reduced_steps, seed=s) for s in red_seeds]
    refs = {lam: {"nuclear": ocr.prox_nuclear_ce(d, lam, 3000), "ridge": ocr.ridge_ce(d, lam * 0.1)} for lam in cfg.reduced_lams}
    lam0 = 1e-3 if 1e-3 in cfg.reduced_lams else cfg.reduced_lams[0]
    nuc, ridge = refs[lam0]["nuclear"], refs[lam0]["ridge"]
    res = {"data": d, "gd": {"combined": comb, "factorized": fact[0]}, "gd_fact": fact, "refs": refs}
    res["cos_comb"] = {"nuclear": ocr.cosine(comb["W"], nuc), "ridge": ocr.cosine(comb["W"], ridge)}
    res["cos_fact"] = {"nuclear": [ocr.cosine(g["W"], nuc) for g in fact], "ridge": [ocr.cosine(g["W"], ridge) for g in fact]}
    res["cos_by_lam"] = {lam: (np.mean([ocr.cosine(g["W"], v["nuclear"]) for g in fact]), ocr.cosine(comb["W"], v["ridge"]))
                         for lam, v in refs.items()}
    res["combined"] = solution_stats(comb["W"], d)
    res["fact_all"] = [solution_stats(g["W"], d) for g in fact]
    res["factorized"] = {k: float(np.mean([x[k] for x in res["fact_all"]])) for k in res["combined"]}
    res["nuclear"], res["ridge"] = solution_stats(nuc, d), solution_stats(ridge, d)
    return res


def fit_ok(runs_and_stats):
    """Every GD run separates its training set, its logged loss never increases and ends below 0.05."""
    return all(st["gamma"] > 0 and np.all(np.diff(h["loss"]) <= 1e-12) and h["loss"][-1] < 0.05
               for h, st in runs_and_stats)


reduced = {m: reduced_study(m) for m in progress(cfg.reduced_m_test, desc="reduced model")}
red_fit = [fit_ok([(r["gd"]["combined"], r["combined"])] + list(zip(r["gd_fact"], r["fact_all"]))) for r in reduced.values()]
m_show = 3 if 3 in reduced else cfg.reduced_m_test[0]
R = reduced[m_show]
glue("m_show", m_show, display=False)
glue("red_steps", cfg.reduced_steps, display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's implicit-bias result (reduced model, our reconstruction; G = 20, one training subject per group). Left and middle: nuclear and Frobenius norms divided by the minimum training margin γ along gradient descent (GD on A B: first initialization), with the λ-regularized references (not the hard-margin minima) as horizontal lines. Right: minimum held-out test margin among the c's, divided by γ.", "name": "fig-ocr-reduced"}}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.5))
for mode, col in (("factorized", "C0"), ("combined", "C3")):
    h = R["gd"][mode]
    ok = np.isfinite(h["nuc_over_gamma"])
    axes[0].plot(h["step"][ok], h["nuc_over_gamma"][ok], color=col, label=f"GD {mode}")
    axes[1].plot(h["step"][ok], h["fro_over_gamma"][ok], color=col, label=f"GD {mode}")
    axes[2].plot(h["step"][ok], h["test_margin_over_gamma"][ok], color=col, label=f"GD {mode}")
for name, ls in (("nuclear", "--"), ("ridge", ":")):
    for ax, key in zip(axes, ("nuc_g", "fro_g", "tm_min_g")):
        ax.axhline(R[name][key], color="k", ls=ls, lw=1, label=f"{'λ-nuclear' if name == 'nuclear' else 'λ-Frobenius'} ref.")
axes[0].set(xlabel="GD step", ylabel=r"$\|W\|_*/\gamma$", ylim=(0, 3 * R["nuclear"]["nuc_g"]))
axes[1].set(xlabel="GD step", ylabel=r"$\|W\|_F/\gamma$", ylim=(0, 3 * R["ridge"]["fro_g"]))
axes[2].set(xlabel="GD step", ylabel="min test margin among c's / γ")
axes[0].legend(fontsize=7)
plt.tight_layout()
plt.show()

# %%
rows = ["| m_test | solution | ‖W‖*/γ | ‖W‖_F/γ | min test margin/γ | mean ρ (test) | cos to λ-nuclear ref. | cos to λ-Frobenius ref. |",
        "|---|---|---|---|---|---|---|---|"]
for m, r in reduced.items():
    for name in ("factorized", "combined", "nuclear", "ridge"):
        label = {"factorized": f"GD on AB (mean of {len(red_seeds)} inits)", "combined": "GD on W",
                 "nuclear": "λ-nuclear ref. (λ = 1e-3)", "ridge": "λ-Frobenius ref. (λ = 1e-4)"}[name]
        cos = {"factorized": f"{np.mean(r['cos_fact']['nuclear']):.3f} | {np.mean(r['cos_fact']['ridge']):.3f}",
               "combined": f"{r['cos_comb']['nuclear']:.3f} | {r['cos_comb']['ridge']:.3f}"}.get(name, "— | —")
        rows.append(f"| {m} | {label} | {r[name]['nuc_g']:.1f} | {r[name]['fro_g']:.2f} | {r[name]['tm_min_g']:.3g} | "
                    f"{r[name]['rho']:.3f} | {cos} |")
display(Markdown("\n".join(rows)))
if len(cfg.reduced_lams) > 1:  # full profile: how the cosines depend on the references' λ
    display(Markdown("\n".join(["| m_test | λ (nuclear; Frobenius λ/10) | cos(GD on AB, λ-nuclear ref.), init mean | cos(GD on W, λ-Frobenius ref.) |", "|---|---|---|---|"]
                               + [f"| {m} | {lam:g} | {cn:.3f} | {cr:.4f} |" for m, r in reduced.items() for lam, (cn, cr) in r["cos_by_lam"].items()])))

# %% [markdown]
# After {glue:text}`red_steps` steps with $m_{\text{test}} = $ {glue:text}`m_show`, gradient descent
# on one matrix is almost parallel to the λ-Frobenius reference (cosine
# {glue:text}`cos_comb_ridge:.4f`) and its held-out c-logits are tied to rounding
# ($|\text{margin}|/\gamma \le$ {glue:text}`comb_tie:.1e`, by construction). Gradient descent on the
# product is closer to the λ-nuclear reference (cosine at least {glue:text}`cos_fact_nuc:.3f` over
# {glue:text}`red_seeds` initializations, against at most {glue:text}`cos_fact_ridge:.3f` to the
# λ-Frobenius one) and has a positive margin on every held-out subject. At step
# {glue:text}`red_steps` each parametrization also has the lower value of "its own"
# margin-normalized norm; that ordering describes this **iterate**, not the limit the theory is
# about (the norms divided by γ are still moving in the figure), so it is a method check (M2), not
# evidence for C4.

# %%
glue("cos_comb_ridge", R["cos_comb"]["ridge"], display=False)
glue("cos_fact_nuc", min(R["cos_fact"]["nuclear"]), display=False)
glue("cos_fact_ridge", max(R["cos_fact"]["ridge"]), display=False)
glue("comb_tie", max(R["combined"]["tm_max_abs_g"], 1e-300), display=False)

# %% [markdown]
# ## Sample efficiency
#
# The theory needs only $m_{\text{train}} \ge 1$ trained implication per group. We keep one and add
# held-out subjects: in the full model, {glue:text}`spg_list` subjects per group; in the reduced
# model, $m_{\text{test}}$ held-out subjects per group. A toy case shows why the transfer shrinks as
# $m_{\text{test}} = k$ grows (our derivation): the matrix $M(t) = \begin{pmatrix}1 & 1\cdots1\\ 1 &
# t\cdots t\end{pmatrix}$ with one training column and $k$ test columns has
# $\|M(t)\|_* = \sqrt{k+2+kt^2+2\sqrt{k}\,|1-t|}$, minimized at $t^* = 1/\sqrt{k}$, whereas
# $\|M(t)\|_F$ is minimized at $t=0$.

# %%
glue("spg_list", ", ".join(str(s) for s in cfg.spg_list), display=False)
spg_acc = {ov: {} for ov in ("factorized", "combined")}
for spg in cfg.spg_list:
    t_spg = OCRTask(subjects_per_group=spg)
    for ov in ("factorized", "combined"):
        if spg == task.subjects_per_group:
            spg_acc[ov][spg] = final(ov, "test_impl_acc_c")[: cfg.spg_seeds]
        else:
            spg_acc[ov][spg] = np.array([run(t_spg, ov, s, desc=f"{ov} spg {spg}")[1]["test_impl_acc_c"][-1]
                                         for s in seeds[: cfg.spg_seeds]])
rho_m = sorted(set(cfg.reduced_m_test) | {1, 2, 3, 5, 7}) if cfg.profile == "full" else [1, 2, 3, 5]
rho_fact, rho_comb_margin, rho_fit = [], [], []  # per m: [(mean held-out ρ, min margin/γ) per init]; GD on W margin
for m in progress(rho_m, desc="reduced ρ"):
    d = ocr.reduced_data(20, 1, m)
    if m in reduced:  # already run above
        runs_m = list(zip(reduced[m]["gd_fact"], reduced[m]["fact_all"]))
        comb_m = (reduced[m]["gd"]["combined"], reduced[m]["combined"])
    else:
        gds = [ocr.gd_reduced(d, "factorized", lr=2.0, steps=cfg.reduced_steps, seed=s, log_every=cfg.reduced_steps)
               for s in red_seeds]
        runs_m = [(g, solution_stats(g["W"], d)) for g in gds]
        g = ocr.gd_reduced(d, "combined", lr=2.0, steps=cfg.reduced_steps, log_every=cfg.reduced_steps)
        comb_m = (g, solution_stats(g["W"], d))
    rho_fact.append([(st["rho"], st["tm_min_g"]) for _, st in runs_m])
    rho_comb_margin.append(comb_m[1]["tm_min_g"])
    rho_fit.append(fit_ok(runs_m + [comb_m]))
rho_fact = np.array(rho_fact)  # [m, init, (rho, margin)]
rho_gd = rho_fact.mean(axis=1)  # mean over initializations: [m, (rho, margin)]
inv_sqrt_k = 1 / np.sqrt(rho_m)
glue("rho_k_first", rho_gd[0, 0], display=False)
glue("rho_k_last", rho_gd[-1, 0], display=False)
glue("k_first", rho_m[0], display=False)
glue("k_last", rho_m[-1], display=False)
glue("inv_sqrt_k_last", inv_sqrt_k[-1], display=False)
glue("rho_vs_sqrt_max", float(np.max(np.abs(rho_gd[:, 0] - inv_sqrt_k))), display=False)
grid = np.linspace(-0.5, 1.5, 20001)
toy_argmin = [grid[np.argmin(ocr.toy_nuclear_norm(grid, k))] for k in rho_m]
toy_argmin_err = float(np.max(np.abs(np.array(toy_argmin) - inv_sqrt_k)))

# %% mystnb={"figure": {"caption": "Analogue of the paper's sample-efficiency result. Left: held-out implication accuracy among the c's against subjects per group, one trained implication per group. Right: reduced model, mean transfer ratio ρ of the held-out subjects after GD on the product (mean over initializations), against held-out subjects per group, with the toy optimum 1/√k.", "name": "fig-ocr-sample-efficiency"}}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for ov in ("factorized", "combined"):
    x = np.array(cfg.spg_list)
    y = np.array([spg_acc[ov][s].mean() for s in cfg.spg_list])
    axes[0].plot(x, y, "o-", color=colors[ov], label=ov)
axes[0].axhline(1 / 20, color="k", ls=":", lw=1, label="chance")
axes[0].set(xlabel="subjects per group (1 trained)", ylabel="held-out accuracy among c's", ylim=(-0.03, 1.03))
axes[0].legend(fontsize=8)
axes[1].plot(rho_m, rho_gd[:, 0], "o-", color="C0", label="GD on AB: mean ρ (test)")
axes[1].plot(rho_m, toy_argmin, "k--", label=r"toy $t^*$ (grid argmin)")
axes[1].plot(rho_m, inv_sqrt_k, "k:", lw=1, label=r"$1/\sqrt{k}$")
axes[1].set(xlabel=r"held-out subjects per group $m_{test} = k$", ylabel="transfer ratio", ylim=(0, 1.1))
axes[1].legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Low inner rank (the paper's Fig. 6)
#
# The repository's rank sweep trains the factorized model with an inner dimension $r$ and a Gaussian
# initialization (entries $\mathcal{N}(0, 1/128)$). We run $r \in$ {glue:text}`rank_list` for
# {glue:text}`rank_steps` steps; the authors' repository runs the sweep for {glue:text}`repo_rank_steps`
# steps ({glue:text}`rank_ratio:.3g` times as many). C6 is graded on every rank of this sweep,
# $r = 3$ included.

# %%
glue("rank_list", "{" + ", ".join(str(r) for r in cfg.rank_list) + "}", display=False)
glue("rank_steps", cfg.rank_steps, display=False)
REPO_RANK_STEPS = 20000  # training steps of the rank sweep in the authors' repository
glue("repo_rank_steps", f"{REPO_RANK_STEPS:,}".replace(",", " "), display=False)
glue("rank_ratio", REPO_RANK_STEPS / cfg.rank_steps, display=False)
rank_runs = {r: [run(task, "factorized", s, steps=cfg.rank_steps, rank=r, init="gaussian", desc=f"rank {r}")[1]
                 for s in seeds[: cfg.rank_seeds]] for r in cfg.rank_list}

# %% mystnb={"figure": {"caption": "Analogue of Fig. 6 (setup as in the authors' rank sweep, shorter run in the quick profile): held-out implication cross-entropy against step for several inner dimensions r of W_O W_V, Gaussian initialization. Faint: training implications.", "name": "fig-ocr-rank"}}
fig, ax = plt.subplots(figsize=(6, 3.6))
cmap = plt.get_cmap("viridis")
for i, (r, hs) in enumerate(rank_runs.items()):
    col = cmap(i / max(len(rank_runs) - 1, 1))
    ax.plot(hs[0]["step"], np.mean([h["test_impl_ce"] for h in hs], 0), color=col, label=f"r = {r}")
    ax.plot(hs[0]["step"], np.mean([h["train_impl_ce"] for h in hs], 0), color=col, alpha=0.3, lw=1)
ax.axhline(ln20, color="k", ls=":", lw=1, label="ln 20")
ax.set(xlabel="step", ylabel="test-implication CE (nats)", yscale="log")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Ablations and the meaning of the answers
#
# Random pairing relabels which c belongs to which group. This is the symbolic counterpart of the
# paper's point that the same mechanism produces hallucinations when the implication has no causal link
# to the fact (C7), but here it is only a method check: to the model a label is a label, and with the
# constant initialization and the same batches the relabelling is an exact symmetry, so OCR must be
# unchanged and the rerun cannot count as evidence. The other
# ablations switch off weight decay (the bias should come from gradient descent itself), use softmax
# attention, or give the combined model a Gaussian initialization (full profile).

# %%
perm_task = OCRTask(pairing="random", pairing_seed=pairing_seed)
perm_runs = {ov: run(perm_task, ov, seeds[0], desc=f"{ov} random pairing")[1] for ov in ("factorized", "combined")}
ablation_specs = {
    "wd0": [("factorized", dict(weight_decay=0.0))],
    "softmax": [("factorized", dict(attention="softmax")), ("combined", dict(attention="softmax"))],
    "gaussian_combined": [("combined", dict(init="gaussian"))],
}
ablations = {}
for name in cfg.ablations:
    if name == "random_pairing":
        continue
    for ov, kw in ablation_specs[name]:
        ablations[(name, ov)] = [run(task, ov, s, steps=cfg.ablation_steps, desc=f"{ov} {name}", **kw)[1]
                                 for s in seeds[: cfg.ablation_seeds]]

# %% mystnb={"figure": {"caption": "Analogue of the paper's ablations: held-out implication accuracy among the c's at the end of training (first seed) for the baseline, random b↔c pairing and the ablations run in this profile.", "name": "fig-ocr-ablations"}}
bars = [("baseline", ov, main[ov][0][1]) for ov in ("factorized", "combined")]
bars += [("random pairing", ov, perm_runs[ov]) for ov in ("factorized", "combined")]
bars += [({"wd0": "no weight decay", "softmax": "softmax", "gaussian_combined": "Gaussian init"}[n], ov, hs[0])
         for (n, ov), hs in ablations.items()]
fig, ax = plt.subplots(figsize=(max(5, 1.3 * len(bars)), 3.6))
ax.bar(range(len(bars)), [h["test_impl_acc_c"][-1] for _, _, h in bars], color=[colors[ov] for _, ov, _ in bars])
ax.set_xticks(range(len(bars)), [f"{n}\n{ov}" for n, ov, _ in bars], fontsize=7)
ax.axhline(1 / 20, color="k", ls=":", lw=1)
ax.set(ylabel="held-out accuracy among c's", ylim=(0, 1.05))
plt.show()

# %% [markdown]
# ## The LLM experiment (reported only)
#
# The paper fine-tunes five open-weight LLMs (`google/gemma-2-9b`, `allenai/OLMo-7B-0424-hf`,
# `Qwen/Qwen2-7B`, `mistralai/Mistral-7B-v0.3`, `meta-llama/Meta-Llama-3-8B`) on facts about
# fictitious people ("<name> lives in <city>") plus implications for some of them, either causal
# ("speaks <the city's language>") or not (an unrelated attribute), and measures how well the model
# ranks the implied answer for the people whose implication it never saw. That needs the model
# weights (tens of GB) and a large GPU, and this book builds offline, so it is not re-run. The
# paper's numbers could not be read and are **not transcribed**; the table below pairs each cell with
# the symbolic analogue measured above (mean 0-based rank of the right answer among the 20 c's,
# chance 9.5), where "causal" is the identity pairing and "non-causal" the random one.

# %%
rank_fact = {"identity": main["factorized"][0][1]["test_impl_rank_c"][-1], "random": perm_runs["factorized"]["test_impl_rank_c"][-1]}
rank_comb = {"identity": main["combined"][0][1]["test_impl_rank_c"][-1], "random": perm_runs["combined"]["test_impl_rank_c"][-1]}
llm_rows = ["| model | causal: mean rank (reported) | non-causal: mean rank (reported) |", "|---|---|---|"]
for name in ("Gemma-2-9B", "OLMo-7B", "Qwen2-7B", "Mistral-7B-v0.3", "Llama-3-8B"):
    llm_rows.append(f"| {name} | not transcribed | not transcribed |")
llm_rows.append(f"| *this book: one-layer attention, factorized* (measured) | {rank_fact['identity']:.2f} | {rank_fact['random']:.2f} |")
llm_rows.append(f"| *this book: one-layer attention, combined* (measured) | {rank_comb['identity']:.2f} | {rank_comb['random']:.2f} |")
display(Markdown("\n".join(llm_rows)))

# %% [markdown]
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
key_numbers({
    "factorized test-impl accuracy (min over seeds)": final("factorized", "test_impl_acc").min(),
    "factorized test-impl CE (max over seeds)": final("factorized", "test_impl_ce").max(),
    "combined test-impl accuracy among c's (max)": final("combined", "test_impl_acc_c").max(),
    "combined test-impl CE (mean)": final("combined", "test_impl_ce").mean(),
    "factorized mean rho, held-out subjects": mean_stat["factorized"]["rho_test"],
    "combined mean rho, held-out subjects (3 decimals)": round(mean_stat["combined"]["rho_test"], 3),
    "factorized effective rank": mean_stat["factorized"]["eff_rank"],
    "combined effective rank": mean_stat["combined"]["eff_rank"],
    f"reduced m_test={m_show}: cos(GD on W, λ-Frobenius ref.)": R["cos_comb"]["ridge"],
    f"reduced m_test={m_show}: cos(GD on AB, λ-nuclear ref.), min over inits": min(R["cos_fact"]["nuclear"]),
    f"reduced m_test={m_show}: min test margin/gamma, GD on AB, min over inits": min(x["tm_min_g"] for x in R["fact_all"]),
    f"spg={max(cfg.spg_list)}: factorized accuracy among c's": spg_acc["factorized"][max(cfg.spg_list)].min(),
    f"rank {min(cfg.rank_list)}: test-impl accuracy": np.mean([h["test_impl_acc"][-1] for h in rank_runs[min(cfg.rank_list)]]),
    "random pairing: factorized accuracy among c's": perm_runs["factorized"]["test_impl_acc_c"][-1],
}, digits=3)

# %% [markdown]
# ## Claims
#
# Each paper claim is graded against a computed null — the untrained model (step 0 of the same
# run), the other parametrization, or the other reference — that its criterion must fail. All
# are reconstruction-level (see Scope); seed-dependent checks are graded on their worst seed.

# %%
from shared.attention.ocr_claims import Measured
from shared.attention.ocr_claims import claims as ocr_claims


def seeds_of(runs, key, at=-1):
    return tuple(float(h[key][at]) for h in runs)


wd0_runs = ablations.get(("wd0", "factorized"), [])
measured = Measured(
    steps=cfg.steps, n_eval=cfg.n_eval,
    fact_test_impl_acc=tuple(final("factorized", "test_impl_acc")),
    fact_test_impl_acc_c=tuple(final("factorized", "test_impl_acc_c")),
    fact_test_impl_ce=tuple(final("factorized", "test_impl_ce")),
    fact_untrained_test_impl_acc=tuple(final("factorized", "test_impl_acc", at=0)),
    fact_untrained_test_impl_acc_c=tuple(final("factorized", "test_impl_acc_c", at=0)),
    fact_untrained_test_impl_ce=tuple(final("factorized", "test_impl_ce", at=0)),
    comb_train_fact_acc=tuple(final("combined", "train_fact_acc")),
    comb_train_impl_acc=tuple(final("combined", "train_impl_acc")),
    comb_test_fact_acc=tuple(final("combined", "test_fact_acc")),
    comb_test_impl_acc_c=tuple(final("combined", "test_impl_acc_c")),
    comb_test_impl_ce=tuple(final("combined", "test_impl_ce")),
    comb_untrained_train_fact_acc=tuple(final("combined", "train_fact_acc", at=0)),
    comb_untrained_train_impl_acc=tuple(final("combined", "train_impl_acc", at=0)),
    comb_untrained_test_fact_acc=tuple(final("combined", "test_fact_acc", at=0)),
    comb_untrained_test_impl_ce=tuple(final("combined", "test_impl_ce", at=0)),
    fact_rho_test=tuple(float(s["rho_test"]) for s in stats["factorized"]),
    comb_rho_test=tuple(float(s["rho_test"]) for s in stats["combined"]),
    fact_rho_train=tuple(float(s["rho_train"]) for s in stats["factorized"]),
    comb_rho_train=tuple(float(s["rho_train"]) for s in stats["combined"]),
    fact_eff_rank=tuple(float(s["eff_rank"]) for s in stats["factorized"]),
    comb_eff_rank=tuple(float(s["eff_rank"]) for s in stats["combined"]),
    red_m=tuple(reduced), red_steps=cfg.reduced_steps,
    red_comb_cos_fro=tuple(r["cos_comb"]["ridge"] for r in reduced.values()),
    red_comb_cos_nuc=tuple(r["cos_comb"]["nuclear"] for r in reduced.values()),
    red_fact_cos_fro=tuple(tuple(r["cos_fact"]["ridge"]) for r in reduced.values()),
    red_fact_cos_nuc=tuple(tuple(r["cos_fact"]["nuclear"]) for r in reduced.values()),
    red_fact_margin=tuple(tuple(float(x["tm_min_g"]) for x in r["fact_all"]) for r in reduced.values()),
    red_comb_margin=tuple(float(r["combined"]["tm_min_g"]) for r in reduced.values()),
    red_comb_tie=tuple(float(r["combined"]["tm_max_abs_g"]) for r in reduced.values()),
    red_fact_nuc_g=tuple(tuple(float(x["nuc_g"]) for x in r["fact_all"]) for r in reduced.values()),
    red_comb_nuc_g=tuple(float(r["combined"]["nuc_g"]) for r in reduced.values()),
    red_fact_fro_g=tuple(tuple(float(x["fro_g"]) for x in r["fact_all"]) for r in reduced.values()),
    red_comb_fro_g=tuple(float(r["combined"]["fro_g"]) for r in reduced.values()),
    red_fit_ok=bool(all(red_fit) and all(rho_fit)),
    spg=max(cfg.spg_list),
    spg_fact_acc_c=tuple(spg_acc["factorized"][max(cfg.spg_list)]),
    spg_comb_acc_c=tuple(spg_acc["combined"][max(cfg.spg_list)]),
    rho_m=tuple(rho_m), rho_fact_margin=tuple(tuple(row) for row in rho_fact[:, :, 1]),
    rho_comb_margin=tuple(rho_comb_margin), rho_fact_mean=tuple(rho_gd[:, 0]), toy_argmin_err=toy_argmin_err,
    ranks=tuple(cfg.rank_list), rank_steps=cfg.rank_steps, repo_rank_steps=REPO_RANK_STEPS,
    rank_train_impl_acc=tuple(seeds_of(hs, "train_impl_acc") for hs in rank_runs.values()),
    rank_test_impl_acc=tuple(seeds_of(hs, "test_impl_acc") for hs in rank_runs.values()),
    rank_untrained_train_impl_acc=tuple(seeds_of(hs, "train_impl_acc", 0) for hs in rank_runs.values()),
    rank_untrained_test_impl_acc=tuple(seeds_of(hs, "test_impl_acc", 0) for hs in rank_runs.values()),
    wd0_acc_c=seeds_of(wd0_runs, "test_impl_acc_c"), wd0_untrained_acc_c=seeds_of(wd0_runs, "test_impl_acc_c", 0),
    pair_delta_fact=abs(perm_runs["factorized"]["test_impl_acc_c"][-1] - main["factorized"][0][1]["test_impl_acc_c"][-1]),
    pair_delta_comb=abs(perm_runs["combined"]["test_impl_acc_c"][-1] - main["combined"][0][1]["test_impl_acc_c"][-1]),
)
table = ocr_claims(measured)
table.display()

# %%
# numbers quoted in the discussion
r_small = min(cfg.rank_list)
glue("r_small", r_small, display=False)
glue("r_small_acc", float(np.mean(measured.rank_test_impl_acc[0])), display=False)
glue("r_small_train", float(np.min(measured.rank_train_impl_acc[0])), display=False)
glue("d_fact", measured.pair_delta_fact, display=False)
glue("d_comb", measured.pair_delta_comb, display=False)
glue("cos_comb_nuc", R["cos_comb"]["nuclear"], display=False)
glue("wd0_acc", float(np.min(measured.wd0_acc_c)), display=False)
tl = table.tally()
glue("n_holds", tl.verdicts["holds in our reconstruction"], display=False)
glue("n_partly", tl.verdicts["partly"], display=False)
glue("n_method", sum(tl.method.values()), display=False)
glue("c6_verdict", next(c.verdict for c in table.claims if c.id == "C6"), display=False)

# %% [markdown]
# ## Method checks
#
# Identities, properties true by construction, sanity checks and the book's own diagnostics. They
# are shown for transparency and never counted as paper claims.

# %%
table.display_method_checks()

# %% [markdown]
# ## Discussion
#
# **What matched.** The central contrast holds on a CPU, now on {glue:text}`n_seeds` seeds: with the
# authors' task, initialization and optimizer, the factorized model answers implications for
# subjects it was never told about, and the combined model, which fits every training example and
# every held-out fact, stays at chance among the c answers with cross-entropy close to ln 20. The
# weights say why: only the factorized $W_{OV}$ writes each group's c into the held-out subjects'
# columns. In our reduced model the two parametrizations follow the two implicit biases — one matrix
# tracks the λ-Frobenius reference, the product tracks the λ-nuclear one and separates every
# held-out subject on every initialization — and OCR survives switching off weight decay
# (accuracy among c's {glue:text}`wd0_acc:.3f`).
#
# **What did not, or only partly.** With inner rank {glue:text}`r_small` and {glue:text}`rank_steps`
# steps the held-out accuracy is only {glue:text}`r_small_acc:.3f`, although the training
# implications are fitted ({glue:text}`r_small_train:.3f`); the authors' repository trains the sweep
# for {glue:text}`repo_rank_steps` steps ({glue:text}`rank_ratio:.3g` times as many), which the full
# profile runs. C6 now includes $r = 3$, as the paper's sweep does, and is graded
# *{glue:text}`c6_verdict`*; whether $r = 3$ reaches OCR with the repository's step count is for the
# full profile to say. The product's
# direction is close to, but not on, the λ-nuclear reference (cosine at least
# {glue:text}`cos_fact_nuc:.3f`): gradient descent reaches a max-margin direction only in a limit,
# and the reference carries a finite λ, so part of the gap is the reference's. The separation
# between the two parametrizations is clear but not large: GD on W has cosine
# {glue:text}`cos_comb_nuc:.3f` to the λ-nuclear reference, against the 0.9 threshold. The reduced
# model's held-out ρ falls as held-out subjects are added (mean ρ {glue:text}`rho_k_first:.3f` at
# $k=$ {glue:text}`k_first` to {glue:text}`rho_k_last:.3f` at $k=$ {glue:text}`k_last`), but not as
# $1/\sqrt{k}$ ({glue:text}`inv_sqrt_k_last:.3f` at $k=$ {glue:text}`k_last`; the largest gap is
# {glue:text}`rho_vs_sqrt_max:.3f`) — the toy is a two-row caricature of the 40-row problem. C7
# (answer meaning) is not counted: relabelling the c rows commutes with every operation of the
# model, so the random-pairing rerun (M7) can only confirm an exact symmetry; it does (|Δ accuracy|
# {glue:text}`d_fact:.3f` factorized, {glue:text}`d_comb:.3f` combined; the runs need not be
# bit-identical, as sums over the vocabulary are taken in another order). The LLM experiment is not re-run and
# none of the paper's numbers could be transcribed.
#
# **What changed in the verdicts (re-grading under the evidence policy).** Before, the table had
# six legacy rows marked "reproduced" (C1–C6), two not attempted and no method checks, all on one
# seed. Now:
#
# - *Evidence level.* The paper body was not read, so every claim is a reconstruction; the best
#   verdict is "holds in our reconstruction" ({glue:text}`n_holds` claims), never "reproduced".
# - *Seeds.* The main factorized/combined runs and the reduced model's random initializations run
#   on {glue:text}`n_seeds` seeds derived from `SEED` with `numpy.random.SeedSequence.spawn`, graded
#   on the worst seed; C1–C3 and C4b now carry {glue:text}`n_seeds` seeds each. C4a is
#   deterministic (GD from zero, references from zero). The sample-efficiency runs (C5), the rank
#   sweep (C6) and the no-weight-decay run (C4c) stay on one seed in the quick profile to keep it
#   within budget, so they are capped at *partly* ("one seed"); the full profile runs 3.
# - *C6* is no longer narrowed to $r \ge 8$ after $r = 3$ failed: the paper's sweep includes
#   $r = 3$ (held-out accuracy {glue:text}`r_small_acc:.3f` at {glue:text}`rank_steps` steps), so
#   C6 is graded on it.
# - *C4* is split. The held-out tie of GD on one matrix holds by symmetry and moved to method check
#   M1; the step-{glue:text}`red_steps` norm orderings describe an iterate, not the limit, and moved
#   to M2. What remains are the cosines to the two references and the held-out margins, each against
#   the other parametrization as null (C4a, C4b), plus the no-weight-decay run (C4c).
# - *References.* "min-nuclear" / "min-Frobenius" references are now named λ-nuclear / λ-Frobenius:
#   they are λ-regularized solutions, not the hard-margin minima.
# - *Nulls.* Every check has a computed null: the untrained model, the other parametrization or GD
#   on W. Checks without a meaningful null (training-column ρ, effective-rank ordering, the
#   sample-efficiency ρ trend, the toy argmin, the random-pairing symmetry) are method checks
#   M4–M7.
#
# In all: {glue:text}`n_holds` paper claims hold in our reconstruction, {glue:text}`n_partly` are
# partly supported, two are not attempted, and {glue:text}`n_method` method checks are listed apart.
#
# **Easy and hard.** The task and model are small and the official code fixes every setting; the
# traps are naming (the repository's `reparameterize_ov` flag means the *combined* model and its
# "identity" initialization is a tiny constant) and ties: with all c-logits equal, argmax picks the
# lowest index, so we count ties as misses and report margins. Because Adam rescales every
# coordinate, rounding differences between thread counts or devices change the trajectories, so the
# checked numbers are end-points on one CPU thread.
