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
# # From self-attention to Markov models: context-conditioned chains and winner-takes-all
#
# {cite:p}`attnmarkov` study the simplest generative transformer, one self-attention layer whose
# key–query product is one matrix $W$, whose value is the token embedding and whose output head
# $C$ satisfies $C E^\top = I$. They show that feeding it a prompt samples the next token from a
# *context-conditioned Markov chain* (CCMC): a fixed base chain $P$ whose row is re-weighted by how
# often each token occurs in the prompt. On that view, learning $W$ from prompts is a convex
# maximum-likelihood problem that is consistent when the prompts *cover* the vocabulary. Generating
# one long trajectory, the layer instead drifts into a *winner-takes-all* regime in which a few
# tokens take over the context.
#
# **Scope.** **Only the abstracts could be read** (arXiv and ICML versions, and the abstract of an
# earlier version); the paper's body, figures, theorem statements and constants could not. Every
# paper claim below is therefore graded at the evidence level *reconstruction*: the statement comes
# from the abstract, but the setup, the metrics and every threshold are ours, built with the
# conventions of the same group's companion paper (the `attn-automaton` chapter). The best verdict
# such a claim can earn is "holds in our reconstruction". We grade four of the abstract's
# statements as paper claims, each against a computed null: consistency and the $K^2/n$ rate of the
# convex MLE under coverage (C3), that training the attention layer itself reaches the convex answer
# (C5), winner-takes-all, non-mixing generation (C6), and that learning from one trajectory is worse
# than learning from IID prompts (C8). The abstract's positional-encoding statement (C2) is not
# attempted, because the paper's encoding could not be read. Everything else is a *method check*,
# shown in its own table and never counted: the CCMC identity itself (M1, formerly C1, an algebraic
# identity), its position-weighted form (M2), solver and identifiability checks (M3), the failure
# without coverage (M4, formerly C4, true by construction), sanity checks of generation (M6) and a
# mean-field rule for *which* token a one-token collapse picks (M7, formerly C7, derived for this
# book). Four parts are **derived for this book, not taken from the paper**: the additive
# position-only bias $b_t$, the identifiability graph, the mean-field rule behind M7, and every
# numerical threshold. Every seed-dependent number is measured on three seeds. All six figures are
# analogues of figures we could not see.

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
import scipy.stats
from IPython.display import Markdown, display
from shared.repro import glue

from shared.attention import markov as mk
from shared.attention import markov_claims as mkc
from shared.repro import key_numbers, progress, start

cfg = start("attn-markov", mk.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
rng = cfg.rng  # section 1 (the identity) uses the chapter's generator
# sections 2-5 are repeated on independent seeds spawned from SEED
seed_rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(cfg.seeds)]
glue("n_seeds", cfg.seeds, display=False)


def seed_from(rng):
    """A fresh integer seed for torch-side sampling, drawn from the given generator."""
    return int(rng.integers(2**31))


def rng_text(values, fmt=".2f"):
    """'a–b' over seeds (or one value when all agree at this precision)."""
    lo, hi = format(min(values), fmt), format(max(values), fmt)
    return lo if lo == hi else f"{lo}–{hi}"


# %% [markdown]
# ## 1. The layer is a context-conditioned Markov chain
#
# Tokens are $0,\dots,K-1$ with embeddings $e_k$ (rows of $E \in \mathbb{R}^{K\times d}$,
# orthonormal here) and head $C = E$, so $C E^\top = I_K$. For a prompt $k_1,\dots,k_L$ with last
# token $q = k_L$ the layer attends with weights $s_t \propto \exp(e_{k_t}^\top W e_q + b_t)$
# ($b_t = 0$ without positional encoding) and outputs $p = C X^\top s = \sum_t s_t\, \mathbf 1_{k_t}$,
# which is already a distribution over tokens. Write $\Theta_{kq} = e_k^\top W e_q$ and call
# $P[q,k] = e^{\Theta_{kq}} / \sum_j e^{\Theta_{jq}}$ the *base chain*. Summing the attention weights
# of equal tokens,
#
# $$ p_k \;=\; \frac{m_k\, P[q,k]}{\sum_j m_j\, P[q,j]}, \qquad m_k = \sum_{t:\,k_t = k} e^{b_t}, $$
#
# because the row normaliser of $P$ cancels. So the layer samples from row $q$ of $P$ re-weighted by
# the prompt's token counts $m$: tokens absent from the prompt get probability zero, and a prompt in
# which every token occurs once gives exactly $P[q]$. With a position bias the counts become
# position-weighted; this *additive, position-only* form of positional encoding is our reconstruction
# (it corresponds to token and position embeddings in orthogonal subspaces with no cross terms in $W$).
#
# We check the identity by running the shared attention module (`shared.attention.model`, float64,
# no $1/\sqrt d$ scaling) and the CCMC formula side by side on {glue:text}`id_draws` random
# $(W, \text{prompt})$ pairs with $K$ = {glue:text}`id_K`, $d$ = {glue:text}`id_d`, $L$ =
# {glue:text}`id_L` and $W$ entries {glue:text}`id_sigma`$\cdot\mathcal N(0,1)$, once without and
# once with the recency bias $b_t = \gamma t/L$, $\gamma$ = {glue:text}`gamma_c2`.

# %%
K1, d1, L1 = cfg.id_K, cfg.id_d, cfg.id_L
gamma_c2 = 3.0
b_recency = gamma_c2 * np.arange(1, L1 + 1) / L1
p_attn, p_ccmc, p_attn_b, p_ccmc_b = [], [], [], []
full_prompt_err, absent_max, absent_onehot, sum_err = 0.0, 0.0, 0.0, 0.0
id_err_null, pe_err_null = 0.0, 0.0  # nulls: the plain Markov row; the CCMC with plain counts
E1 = mk.orthonormal_embedding(K1, d1, rng)
for _ in range(cfg.id_draws):
    W = cfg.id_sigma * rng.standard_normal((d1, d1))
    P = mk.base_chain(W, E1)
    tok = rng.integers(0, K1, size=(1, L1))
    for b, out_a, out_c in ((None, p_attn, p_ccmc), (b_recency, p_attn_b, p_ccmc_b)):
        out_a.append(mk.attention_probs(W, E1, tok, pos_bias=b, device=cfg.device)[0])
        out_c.append(mk.ccmc_probs(P, tok[0], pos_bias=b))
    id_err_null = max(id_err_null, float(np.abs(p_attn[-1] - P[tok[0, -1]]).max()))
    pe_err_null = max(pe_err_null, float(np.abs(p_attn_b[-1] - mk.ccmc_probs(P, tok[0])).max()))
    absent = np.bincount(tok[0], minlength=K1) == 0
    absent_max = max(absent_max, float(np.abs(p_attn[-1][absent]).max(initial=0.0)))
    # with one-hot embeddings (E = C = I) the absent mass is exactly zero, not just round-off
    p_onehot = mk.attention_probs(cfg.id_sigma * rng.standard_normal((K1, K1)), np.eye(K1), tok, device=cfg.device)[0]
    absent_onehot = max(absent_onehot, float(np.abs(p_onehot[absent]).max(initial=0.0)))
    sum_err = max(sum_err, abs(p_attn[-1].sum() - 1.0), abs(p_attn_b[-1].sum() - 1.0))
    perm = rng.permutation(K1)[None, :]  # every token once: the output is the row P[q]
    full_prompt_err = max(full_prompt_err, float(np.abs(
        mk.attention_probs(W, E1, perm, device=cfg.device)[0] - P[perm[0, -1]]).max()))
p_attn, p_ccmc, p_attn_b, p_ccmc_b = map(np.array, (p_attn, p_ccmc, p_attn_b, p_ccmc_b))
c1_err = float(np.abs(p_attn - p_ccmc).max())
c2_err = float(np.abs(p_attn_b - p_ccmc_b).max())

# C2: with b = 0 the order of the first L-1 positions is irrelevant; with the recency bias it matters.
tok = rng.integers(0, K1, size=(50, L1))
shuffled = np.concatenate([tok[:, rng.permutation(L1 - 1)], tok[:, -1:]], axis=1)
W = cfg.id_sigma * rng.standard_normal((d1, d1))
order_change_nobias = float(np.abs(mk.attention_probs(W, E1, tok) - mk.attention_probs(W, E1, shuffled)).max())
order_change_bias = float(np.abs(mk.attention_probs(W, E1, tok, b_recency)
                                 - mk.attention_probs(W, E1, shuffled, b_recency)).max())
for name, v in dict(id_draws=cfg.id_draws, id_K=K1, id_d=d1, id_L=L1, id_sigma=cfg.id_sigma,
                    gamma_c2=gamma_c2).items():
    glue(name, v, display=False)
glue("c1_err", c1_err, display=False)
glue("c2_err", c2_err, display=False)
glue("id_err_null", id_err_null, display=False)
glue("pe_err_null", pe_err_null, display=False)
glue("absent_max", absent_max, display=False)
glue("absent_onehot", absent_onehot, display=False)
glue("full_prompt_err", full_prompt_err, display=False)
glue("order_nobias", order_change_nobias, display=False)
glue("order_bias", order_change_bias, display=False)
glue("sum_err", sum_err, display=False)


# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's attention-to-CCMC map: the next-token probabilities of the one-layer attention model (x) against the CCMC formula (y) for every token of the random (W, prompt) pairs described in the text. Inset: the same with the additive recency bias b_t = γ t/L (our positional-encoding form; γ in the text). The maximal differences are printed in the panels.", "name": "fig-attn-markov-identity"}}
fig, ax = plt.subplots(figsize=(5.2, 4.6))
ax.plot([0, 1], [0, 1], color="0.7", lw=1)
ax.scatter(p_attn.ravel(), p_ccmc.ravel(), s=6, alpha=0.5, color="C0")
ax.set_xlabel("attention output $p_k$ (shared.attention.model)")
ax.set_ylabel(r"CCMC $m_k P[q,k] / \sum_j m_j P[q,j]$")
ax.text(0.03, 0.93, f"b = 0: max |diff| = {c1_err:.1e}", transform=ax.transAxes)
ins = ax.inset_axes([0.58, 0.1, 0.38, 0.38])
ins.plot([0, 1], [0, 1], color="0.7", lw=1)
ins.scatter(p_attn_b.ravel(), p_ccmc_b.ravel(), s=3, alpha=0.5, color="C1")
ins.set_title(f"recency bias\nmax |diff| = {c2_err:.1e}", fontsize=8)
ins.tick_params(labelsize=7)
plt.show()

# %% [markdown]
# Over all draws and tokens the attention layer and the CCMC formula differ by at most
# {glue:text}`c1_err:.1e` without and {glue:text}`c2_err:.1e` with the position bias, which is
# float64 round-off. The mass on tokens absent from the prompt is {glue:text}`absent_max:.1e` with
# the rotated embeddings (round-off of the projection $C X^\top s$) and exactly
# {glue:text}`absent_onehot` with one-hot embeddings, the probabilities sum to one within
# {glue:text}`sum_err:.1e`, and a prompt holding every token once returns the base row $P[q]$ to
# {glue:text}`full_prompt_err:.1e`. Positional encoding makes the weights depend on *where* a token
# sits: shuffling the first $L-1$ positions changes the output by at most
# {glue:text}`order_nobias:.1e` without the bias and by up to {glue:text}`order_bias:.3f` with it.
# The second number holds by construction: any bias that depends on position changes the weights
# when tokens move. That is why the abstract's positional-encoding statement (C2) is not graded as a
# paper claim. What can fail is that the layer still equals the CCMC formula, now with
# position-weighted counts (method check M2). For scale, the errors become
# {glue:text}`id_err_null:.2f` if the prompt counts are ignored (plain Markov row $P[q]$) and
# {glue:text}`pe_err_null:.2f` if the biased layer is compared with the CCMC of plain counts. All of
# section 1 is an identity, so it sits among the method checks (M1, M2).
# The next figure shows this for one prompt in which one token occurs three times, first early and
# then late in the prompt.

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the positional-encoding claim: next-token probabilities for one prompt under the recency bias b_t = γ t / L for the γ values in the legend (bars: attention layer; black ticks: CCMC formula with position-weighted counts). Left: the repeated token 2 sits early in the prompt; right: the same tokens with token 2 moved to the end. Without the bias (γ = 0) both prompts give the same law; the bias favours recent tokens.", "name": "fig-attn-markov-pe"}}
K2 = 6
E2 = mk.orthonormal_embedding(K2, K2 + 2, rng)
W2 = 1.0 * rng.standard_normal((K2 + 2, K2 + 2))
P2 = mk.base_chain(W2, E2)
early = np.array([[2, 2, 2, 0, 1, 3, 4, 5]])
late = np.array([[0, 1, 3, 4, 2, 2, 2, 5]])
Lp = early.shape[1]
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), sharey=True)
width = 0.27
pe_probs = {}
for ax, prompt, title in zip(axes, (early, late), ("token 2 early", "token 2 late")):
    for i, g in enumerate(cfg.pe_gammas):
        b = g * np.arange(1, Lp + 1) / Lp
        pa = mk.attention_probs(W2, E2, prompt, pos_bias=b)[0]
        pc = mk.ccmc_probs(P2, prompt[0], pos_bias=b)
        pe_probs[(title, g)] = pa
        x = np.arange(K2) + (i - 1) * width
        ax.bar(x, pa, width, label=f"γ = {g:g}", color=f"C{i}")
        ax.scatter(x, pc, marker="_", color="k", s=60, zorder=3)
    ax.set_xticks(range(K2))
    ax.set_xlabel("next token")
    ax.set_title(f"prompt {' '.join(map(str, prompt[0]))} ({title})", fontsize=9)
axes[0].set_ylabel("probability")
axes[0].legend(fontsize=8)
plt.show()
g_max = max(cfg.pe_gammas)
pe_shift = float(pe_probs[("token 2 late", g_max)][2] - pe_probs[("token 2 early", g_max)][2])
glue("pe_shift", pe_shift, display=False)
glue("pe_gmax", g_max, display=False)

# %% [markdown]
# With $\gamma$ = {glue:text}`pe_gmax:g` moving the three copies of token 2 from the start to the end
# of the prompt raises its next-token probability by {glue:text}`pe_shift:.3f`; with $\gamma = 0$ the
# two prompts are the same multiset and give identical laws.
#
# ## 2. Learning from prompts: a convex MLE, consistent under coverage
#
# Because every logit matrix $\Theta$ is reachable from some $W$ when $E$ has orthonormal rows, we can
# fit the model directly in $\Theta$. One labelled prompt contributes
# $-A_y + \log\sum_k e^{A_k}$ with $A_k = \Theta_{kq} + \log m_k$ for tokens present in the prompt
# ($-\infty$ otherwise): a log-sum-exp of affine functions, hence convex. Only differences within a
# column of $\Theta$ matter, so we add a ridge $10^{-6}\cdot\tfrac12\|\Theta\|^2$ and compare fitted
# chains $\hat P$ (never $\Theta$), by the mean over rows of the total variation distance to the
# teacher. We solve with L-BFGS-B and the analytic gradient (checked against autograd in the tests).
#
# *Coverage* (our formalisation). Let $H_q$ join tokens $a$ and $b$ whenever some prompt ending in
# $q$ contains both. $\Theta_{aq}-\Theta_{bq}$ is identified exactly when $a$ and $b$ are connected
# in $H_q$; since $q$ itself is in each of its prompts, row $q$ is identified iff every token appears
# in some prompt ending in $q$. Uniform IID prompts satisfy this; our *coverage-broken* generator
# draws each prompt entirely from one half of the vocabulary, so no row is identified: the mass a
# row puts on the other half is never observed.
#
# Teachers have $W^*$ entries {glue:text}`rate_sigma`$\cdot\mathcal N(0,1)$ (with $E = I$), prompts
# have length {glue:text}`rate_L` and {glue:text}`rate_teachers` teachers are averaged per point.
# Heuristically each of the $K$ rows has $K-1$ free parameters and receives about $n/K$ samples,
# so the squared error summed over $P$ scales like $K^2/n$ (the rate the secondary summaries quote)
# and the mean row-TV like $K/\sqrt n$; we test the exponents of the latter.

#
# Each experiment from here on is repeated on {glue:text}`n_seeds` independent seeds; the figures
# show the first seed and the text gives the range over seeds. Each measurement comes with a *null*,
# the same measurement where the claim is false. For the $n$-slope the null is the same MLE with
# coverage broken. For the $K$-exponent it is the untrained model, the uniform chain, whose error
# does not grow with $K$. The $K$-exponent is fitted on {glue:text}`n_K_grid` vocabulary sizes. Its
# band $[0.6, 1.5]$ was fixed in the chapter's brief before any result and is kept as it was.
# %%
def teachers(K, sigma, count, rng):
    return [mk.base_chain(sigma * rng.standard_normal((K, K))) for _ in range(count)]


def loglog_fit(x, y):
    """Slope and its standard error of log y against log x."""
    fit = scipy.stats.linregress(np.log(x), np.log(y))
    return float(fit.slope), float(fit.stderr)


K3 = cfg.rate_K
ns = np.array(cfg.rate_n)
Ks = np.array(cfg.rate_K_grid)


def rate_experiment(rng):
    """C3/M3/M4 on one seed: error vs n (coverage kept and broken) and vs K, with the uniform-chain null."""
    T3 = teachers(K3, cfg.rate_sigma, cfg.rate_teachers, rng)
    tv_ok = np.zeros((len(ns), len(T3)))
    tv_broken = np.zeros_like(tv_ok)
    ident_ok, ident_broken, grad_norms = [], [], []
    for i, n in enumerate(ns):
        for j, P in enumerate(T3):
            ok = mk.learn_from_prompts(P, int(n), cfg.rate_L, rng)
            br = mk.learn_from_prompts(P, int(n), cfg.rate_L, rng, blocks=2)
            tv_ok[i, j], tv_broken[i, j] = ok.tv, br.tv
            ident_ok.append(ok.identified.mean())
            ident_broken.append(br.identified.mean())
            grad_norms.append(ok.fit.grad_norm)
    tv_K, tv_K_uniform = [], []
    for K in Ks:
        TK = teachers(int(K), cfg.rate_sigma, cfg.rate_teachers, rng)
        tv_K.append(np.mean([mk.learn_from_prompts(P, cfg.rate_K_n, cfg.rate_L, rng).tv for P in TK]))
        # null: the untrained model, whose chain is uniform (W = 0), on the same teachers
        tv_K_uniform.append(np.mean([mk.row_tv(np.full((K, K), 1.0 / K), P) for P in TK]))
    tv_K, tv_K_uniform = np.array(tv_K), np.array(tv_K_uniform)
    slope_K, slope_K_se = loglog_fit(Ks, tv_K)
    return dict(tv_ok=tv_ok, tv_broken=tv_broken, slope_ok=loglog_fit(ns, tv_ok.mean(1))[0],
                slope_broken=loglog_fit(ns, tv_broken.mean(1))[0],
                gap_ratio=float(tv_broken[-1].mean() / tv_ok[-1].mean()),
                tv_K=tv_K, tv_K_uniform=tv_K_uniform, slope_K=slope_K, slope_K_se=slope_K_se,
                slope_K_uniform=loglog_fit(Ks, tv_K_uniform)[0], max_grad=float(max(grad_norms)),
                ident_ok=float(np.mean(ident_ok)), ident_broken=float(np.mean(ident_broken)))


rate = [rate_experiment(r) for r in progress(seed_rngs, desc="seeds (rate)")]
R = {k: tuple(d[k] for d in rate) for k in ("slope_ok", "slope_broken", "gap_ratio", "slope_K",
                                            "slope_K_se", "slope_K_uniform", "max_grad",
                                            "ident_ok", "ident_broken")}
r0 = rate[0]  # the figure shows the first seed
for name, v in dict(rate_sigma=cfg.rate_sigma, rate_L=cfg.rate_L, rate_teachers=cfg.rate_teachers,
                    rate_K_n=cfg.rate_K_n, rate_K=K3, n_K_grid=len(Ks),
                    K_grid_text=", ".join(map(str, Ks)),
                    slope_ok_r=rng_text(R["slope_ok"]), slope_broken_r=rng_text(R["slope_broken"]),
                    gap_ratio_r=rng_text(R["gap_ratio"], ".1f"), slope_K_r=rng_text(R["slope_K"]),
                    slope_K_se_r=rng_text(R["slope_K_se"]),
                    slope_K_uniform_r=rng_text(R["slope_K_uniform"]),
                    max_grad=max(R["max_grad"]), ident_ok=min(R["ident_ok"]),
                    ident_broken=max(R["ident_broken"])).items():
    glue(name, v, display=False)

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's consistency / sample-complexity result, first seed: mean row-TV error of the convex MLE against the number of IID prompts n (left; K and prompt length in the text; mean over teachers, dots are single teachers) with uniform prompts (coverage holds) and with prompts confined to one half of the vocabulary (coverage broken), and against the vocabulary size K at fixed n (right), with the untrained (uniform) chain's error as the null. Fitted log-log slopes in the legends; the dotted guides have slope -1/2 (left) and 1 (right).", "name": "fig-attn-markov-rate"}}
fig, (ax, bx) = plt.subplots(1, 2, figsize=(9.5, 3.8))
for key, lab, col in (("tv_ok", "coverage", "C0"), ("tv_broken", "coverage broken", "C3")):
    tv = r0[key]
    slope = r0["slope_ok" if key == "tv_ok" else "slope_broken"]
    ax.loglog(ns, tv.mean(1), "o-", color=col, label=f"{lab}: slope {slope:.2f}")
    for j in range(tv.shape[1]):
        ax.scatter(ns, tv[:, j], s=8, color=col, alpha=0.4)
ax.loglog(ns, r0["tv_ok"].mean(1)[0] * (ns / ns[0]) ** -0.5, ":", color="0.5")
ax.set_xlabel("number of prompts n")
ax.set_ylabel("mean row TV($\\hat P$, $P^*$)")
ax.legend(fontsize=8)
bx.loglog(Ks, r0["tv_K"], "s-", color="C2", label=f"MLE, n = {cfg.rate_K_n}: exponent {r0['slope_K']:.2f}")
bx.loglog(Ks, r0["tv_K_uniform"], "^--", color="0.4",
          label=f"untrained (uniform): exponent {r0['slope_K_uniform']:.2f}")
bx.loglog(Ks, r0["tv_K"][0] * Ks / Ks[0], ":", color="0.5")
bx.set_xticks(Ks, [str(k) for k in Ks])
bx.minorticks_off()
bx.set_xlabel("vocabulary size K")
bx.set_ylabel("mean row TV")
bx.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# Under coverage the error falls like $n^{s}$ with fitted $s$ = {glue:text}`slope_ok_r` over the
# seeds, the $1/\sqrt n$ of a consistent parametric estimator. At $n$ = {glue:text}`rate_K_n` it
# grows with the vocabulary ($K$ ∈ {{glue:text}`K_grid_text`}) with exponent
# {glue:text}`slope_K_r` (standard error of each fit {glue:text}`slope_K_se_r`), close to the
# linear growth in $K$ that the $K^2/n$ rate implies for the row-TV. The untrained chain's error has
# exponent {glue:text}`slope_K_uniform_r`. Every fit is a stationary point of the convex loss
# (largest gradient norm {glue:text}`max_grad:.1e`). The identifiability test finds at least
# {glue:text}`ident_ok:.2f` of the rows identified with uniform prompts and at most
# {glue:text}`ident_broken:.2f` with the half-vocabulary prompts. Their error stalls (slope
# {glue:text}`slope_broken_r`) and ends {glue:text}`gap_ratio_r` times above the covered case. That
# failure holds by construction: a half-vocabulary prompt never shows how a row splits its mass
# between the two halves, so no amount of data can pin it. It is therefore method check M4, not a
# paper claim; the stalled slope serves as the null of C3's $n$-slope.
#
# ## 3. The attention layer itself reaches the convex answer
#
# The convexity lives in $\Theta$; the layer is trained in $W$. With orthonormal $E$ the map
# $W \mapsto \Theta = E W E^\top$ is linear and onto, so gradient-based training of the layer on its
# own negative log-likelihood should land on the same chain. We train $W$ from zero with full-batch
# L-BFGS (strong-Wolfe line search) through `shared.attention.model` on $n$ = {glue:text}`attn_n`
# prompts ($K$ = {glue:text}`attn_K`, $d$ = {glue:text}`attn_d`, $L$ = {glue:text}`attn_L`, teacher
# entries {glue:text}`attn_sigma`$\cdot\mathcal N(0,1)$) and compare the induced chain with the
# $\Theta$-space MLE fitted on the same data. The null is the untrained layer ($W = 0$, the uniform
# chain), the starting point of the training.
#
# *Tolerance.* Both fits are numerical optima of the same convex problem, found by
# different optimisers with different stopping rules, so they agree only up to an optimisation gap;
# the claim holds if that gap is negligible next to the statistical error of the MLE itself. Each row
# of $\hat P$ is estimated from about $n/K$ prompts, so an entry has standard error of at most roughly
# $\tfrac12/\sqrt{n/K}$ = {glue:text}`c5_se:.3f`. We require the largest entry-wise gap between the
# two chains to be below a tenth of that, {glue:text}`c5_tol:.1e`.

# %%
Ka, da = cfg.attn_K, cfg.attn_d


def attention_experiment(rng):
    """C5 on one seed: the L-BFGS-trained layer against the Θ-space MLE on the same prompts."""
    Ea = mk.orthonormal_embedding(Ka, da, rng)
    Pa_star = mk.base_chain(cfg.attn_sigma * rng.standard_normal((da, da)), Ea)
    tok_a = mk.sample_prompts(cfg.attn_n, cfg.attn_L, Ka, rng)
    y_a = mk.sample_ccmc(Pa_star, tok_a, rng)
    mle_a = mk.fit_ccmc_mle(mk.token_counts(tok_a, Ka), tok_a[:, -1], y_a)
    _, P_fit, nll = mk.fit_attention_layer(Ea, tok_a, y_a, max_iter=cfg.attn_max_iter, device=cfg.device)
    P_untrained = mk.base_chain(np.zeros((da, da)), Ea)
    return dict(P_star=Pa_star, P_mle=mle_a.P, P_attn=P_fit, gap=float(np.abs(P_fit - mle_a.P).max()),
                gap_untrained=float(np.abs(P_untrained - mle_a.P).max()),
                nll_gap=float(nll - mle_a.nll), tv_teacher=mk.row_tv(mle_a.P, Pa_star))


att_runs = [attention_experiment(r) for r in progress(seed_rngs, desc="seeds (attention)")]
A = {k: tuple(d[k] for d in att_runs) for k in ("gap", "gap_untrained", "nll_gap", "tv_teacher")}
c5_se = 0.5 / np.sqrt(cfg.attn_n / Ka)  # largest standard error of an entry of a row seen ~n/K times
c5_tol = mkc.c5_tolerance(cfg.attn_n, Ka)
for name, v in dict(attn_K=Ka, attn_d=da, attn_L=cfg.attn_L, attn_sigma=cfg.attn_sigma,
                    attn_n=cfg.attn_n, c5_se=c5_se, c5_tol=c5_tol, c5_gap=max(A["gap"]),
                    c5_nll_gap=max(abs(x) for x in A["nll_gap"]),
                    c5_tv_teacher_r=rng_text(A["tv_teacher"], ".3f"),
                    c5_gap_untrained_r=rng_text(A["gap_untrained"])).items():
    glue(name, v, display=False)

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup), first seed: entries of the base chain induced by the attention layer trained with L-BFGS (x) against the convex Θ-space MLE on the same prompts (y; settings in the text). Grey: the teacher's entries against the MLE, for scale.", "name": "fig-attn-markov-train"}}
a0 = att_runs[0]
fig, ax = plt.subplots(figsize=(4.6, 4.2))
ax.plot([0, 1], [0, 1], color="0.8", lw=1)
ax.scatter(a0["P_star"].ravel(), a0["P_mle"].ravel(), s=12, color="0.6", label="teacher $P^*$")
ax.scatter(a0["P_attn"].ravel(), a0["P_mle"].ravel(), s=14, color="C0", label="trained attention")
ax.set_xlabel("entry of $P$")
ax.set_ylabel("entry of $\\hat P_{\\rm MLE}$")
ax.text(0.03, 0.92, f"max |attention − MLE| = {a0['gap']:.1e}", transform=ax.transAxes, fontsize=9)
ax.legend(loc="lower right", fontsize=8)
plt.show()

# %% [markdown]
# On every seed the trained layer's chain matches the MLE to at most {glue:text}`c5_gap:.1e` in every
# entry; its NLL differs from the MLE's by at most {glue:text}`c5_nll_gap:.1e` nats, the MLE's value
# including its tiny ridge. The untrained layer is {glue:text}`c5_gap_untrained_r` away, and both
# fits sit {glue:text}`c5_tv_teacher_r` in mean row-TV from the teacher: the remaining error is
# statistical, not an optimisation gap.
#
# ## 4. Generating one long trajectory: winner-takes-all
#
# Now let the layer write. Start from the prompt $0,1,\dots,K-1$ (every token once), sample the next
# token from the CCMC, append it and repeat, with the context growing without truncation. Only the
# counts $m$ and the last token matter, so each step costs $O(K)$; runs are batched with Gumbel-max
# sampling in torch. The baseline, and the null of both checks, is the plain Markov chain with the
# same $P$ from the same start token. We use $K$ = {glue:text}`wta_K`, $E = I$, $W$ = σ·𝒩(0,1) with
# a fresh teacher per run, {glue:text}`wta_runs` runs per σ and seed and {glue:text}`wta_steps`
# generated tokens. A token is *active* in a window if its frequency there exceeds
# {glue:text}`wta_thresh_pct`; the final window holds the last {glue:text}`wta_window` tokens and the
# time course uses windows of {glue:text}`wta_time_window`. Both samplers are measured the same way.
#
# *Non-mixing* is measured by running every chain twice with independent noise: a mixing process
# forgets its history, so both runs end up sampling the same stationary law, whereas a non-mixing one
# keeps whatever winners its history picked. The statistic is the TV between the token frequencies
# of the two runs' final windows, averaged over runs. The bound, at least
# {glue:text}`nonmix_bound:.1f` for σ ≥ {glue:text}`collapse_sigma:g`, was set before this
# measurement was first made.
#
# Which token can a run collapse onto? A mean-field reading (**derived for this book, not the
# paper's theorem**): with context frequencies $f = m/N$, the expected change of $f$ per step is
# $F(f) - f$ with $F_k(f) = \sum_q \pi_f(q)\, f_k P[q,k] / \sum_j f_j P[q,j]$, where $\pi_f$ is the
# law of the last token at frozen $f$. The support of $f$ can only shrink. Near the vertex
# "only token $k$", a rare token $j$ is proposed at rate $\propto P[k,j]/P[k,k]$ times its own
# frequency, so its frequency scales like $N^{P[k,j]/P[k,k]-1}$ and dies out iff
# $P[k,k] > P[k,j]$. Hence a one-token collapse should land on a *self-dominant* token,
# $P[k,k] = \max_j P[k,j]$; pairs of tokens that prefer each other can instead form stable
# multi-token winner sets. We test this rule, as the book's own method check M7, on
# {glue:text}`c7_runs` further runs per seed at σ = {glue:text}`c7_sigma`, each with its own teacher.


# %%
K4, steps4, runs4 = cfg.wta_K, cfg.wta_steps, cfg.wta_runs
start4 = np.arange(K4)
sig = np.array(cfg.wta_sigmas)
assert np.all(np.diff(sig) > 0), "wta_sigmas must be increasing"


def final_freq(res):
    return mk.token_frequencies(res.tokens, K4, end=steps4, window=cfg.wta_window)


def active(res, end=None, window=None):
    return mk.active_tokens(res.tokens, K4, end=end, window=window or cfg.wta_window, thresh=cfg.wta_thresh)


def wta_experiment(rng):
    """C6/M6/M7 on one seed: attention vs Markov sampler per σ, twin runs, and the M7 batch."""
    out = {}
    for sigma in sig:
        P = mk.base_chain(sigma * rng.standard_normal((runs4, K4, K4)))
        res = {key: mk.trajectory(P, start4, steps4, runs4, mode=mode, seed=seed_from(rng), device=cfg.device)
               for key, mode in (("att", "ccmc"), ("att2", "ccmc"), ("mar", "markov"), ("mar2", "markov"))}
        twin_tv = {k: float(0.5 * np.abs(final_freq(res[k]) - final_freq(res[k + "2"])).sum(1).mean())
                   for k in ("att", "mar")}
        out[sigma] = dict(
            att=res["att"], act_att=active(res["att"]), act_mar=active(res["mar"]),
            nonmix_att=twin_tv["att"], nonmix_mar=twin_tv["mar"],
            course_att=np.array([active(res["att"], t, cfg.wta_time_window).mean() for t in cfg.wta_times]),
            course_mar=np.array([active(res["mar"], t, cfg.wta_time_window).mean() for t in cfg.wta_times]))
    # M7: which token does a one-token collapse pick?
    P7 = mk.base_chain(cfg.c7_sigma * rng.standard_normal((cfg.c7_runs, K4, K4)))
    att7 = mk.trajectory(P7, start4, steps4, cfg.c7_runs, mode="ccmc", seed=seed_from(rng), device=cfg.device)
    act7 = active(att7)
    freq7 = final_freq(att7)
    sd7 = mk.self_dominant(P7)
    single = np.flatnonzero(act7 == 1)
    winner = freq7[single].argmax(1)
    on_sd = sd7[single, winner]
    exceptions = [(int(r), int(w), float(P7[r, w, w]), float(P7[r, w].max()))
                  for r, w, ok in zip(single, winner, on_sd) if not ok]
    return dict(by_sigma=out, act7=act7, n_single=int(single.size), n_on_sd=int(on_sd.sum()),
                exceptions=exceptions, runs_without_sd=int((~sd7.any(1)).sum()),
                single_without_sd=int((~sd7[single].any(1)).sum()))


wta_runs = [wta_experiment(r) for r in progress(seed_rngs, desc="seeds (generation)")]
W_ = {key: tuple(tuple(float(np.mean(w["by_sigma"][s][key])) for w in wta_runs) for s in sig)
      for key in ("act_att", "act_mar", "nonmix_att", "nonmix_mar")}  # [σ][seed]
max_rise = tuple(float(max(np.diff(w["by_sigma"][s]["course_att"]).max() for s in sig)) for w in wta_runs)
n_single_s = tuple(w["n_single"] for w in wta_runs)
n_on_sd_s = tuple(w["n_on_sd"] for w in wta_runs)
frac_on_sd = tuple(a / b if b else float("nan") for a, b in zip(n_on_sd_s, n_single_s))
w0 = wta_runs[0]
wta = w0["by_sigma"]  # the figure shows the first seed
for name, v in dict(wta_K=K4, wta_runs=runs4, wta_steps=steps4, wta_window=cfg.wta_window,
                    wta_time_window=cfg.wta_time_window, wta_thresh_pct=f"{100 * cfg.wta_thresh:g} %",
                    max_rise=max(max_rise), nonmix_bound=mkc.C6_NONMIX_TV,
                    collapse_sigma=mkc.C6_COLLAPSE_SIGMA, c7_runs=cfg.c7_runs, c7_sigma=cfg.c7_sigma,
                    n_single=sum(n_single_s), n_on_sd=sum(n_on_sd_s),
                    n_exceptions=sum(len(w["exceptions"]) for w in wta_runs),
                    runs_without_sd=sum(w["runs_without_sd"] for w in wta_runs),
                    single_without_sd=sum(w["single_without_sd"] for w in wta_runs)).items():
    glue(name, v, display=False)
glue("act_mar_min", min(min(v) for v in W_["act_mar"]), display=False)
glue("act_att_by_sigma", ", ".join(f"{rng_text(a, '.1f')} at σ = {s:g}" for s, a in zip(sig, W_["act_att"])),
     display=False)
glue("nonmix_by_sigma", ", ".join(f"{rng_text(a)} (Markov {rng_text(b)}) at σ = {s:g}"
                                  for s, a, b in zip(sig, W_["nonmix_att"], W_["nonmix_mar"])), display=False)
glue("nonmix_first_steep_r", rng_text(W_["nonmix_att"][int(np.argmax(sig >= mkc.C6_COLLAPSE_SIGMA))]), display=False)
glue("nonmix_top_r", rng_text(W_["nonmix_att"][-1]), display=False)
glue("sigma_top", float(sig[-1]), display=False)
exceptions = [(i, *e) for i, w in enumerate(wta_runs) for e in w["exceptions"]]
if exceptions:  # one-token collapses onto a token that is not self-dominant
    display(Markdown("| seed | run | winner k | P[k,k] | max_j P[k,j] |\n|---|---|---|---|---|\n"
                     + "\n".join(f"| {i} | {r} | {w} | {pkk:.3f} | {pmax:.3f} |"
                                 for i, r, w, pkk, pmax in exceptions)))

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's winner-takes-all figures; start prompt 0, …, K−1, E = I, first seed; settings (K, σ, runs, windows, threshold) in the text and the panel titles. (a) Share of each token in the growing context (start prompt included) for the run at the largest σ with the median final winner-set size. (b) Mean number of active tokens in windows ending at t for the attention sampler (solid) and the plain Markov chain with the same P (dashed). (c) Mean ± sd of active tokens in the final window against σ. (d) Sizes of the final winner sets of the M7 runs; the one-token collapses are split by whether the winner is self-dominant (P[k,k] = max_j P[k,j], the derived mean-field rule).", "name": "fig-attn-markov-wta"}}
fig, axes = plt.subplots(2, 2, figsize=(10, 7.2))
ax = axes[0, 0]
s_a = sig[-1]
act_a = wta[s_a]["act_att"]
run_a = int(np.argsort(act_a, kind="stable")[len(act_a) // 2])  # the median run by final winner-set size
tok_a_run = wta[s_a]["att"].tokens[run_a].astype(np.int64)
ctx = np.cumsum(np.eye(K4)[tok_a_run], axis=0) + 1.0  # counts of the context after each step
ctx /= ctx.sum(1, keepdims=True)
tgrid = np.unique(np.geomspace(1, steps4, 200).astype(int))
ax.stackplot(tgrid, ctx[tgrid - 1].T, colors=plt.cm.tab20(np.arange(K4) % 20))
ax.set_xscale("log")
ax.set_xlim(1, steps4)
ax.set_ylim(0, 1)
ax.set_xlabel("generated tokens t")
ax.set_ylabel("share of the context $m_k / N$")
ax.set_title(f"(a) context of the median run, σ = {s_a:g} ({act_a[run_a]} active at the end)", fontsize=10)
ax = axes[0, 1]
for i, s in enumerate(sig):
    ax.plot(cfg.wta_times, wta[s]["course_att"], "o-", color=f"C{i}", label=f"attention σ = {s:g}")
    ax.plot(cfg.wta_times, wta[s]["course_mar"], "s--", color=f"C{i}", alpha=0.6, label=f"Markov σ = {s:g}")
ax.set_xscale("log")
ax.set_xticks(cfg.wta_times, [str(t) for t in cfg.wta_times])
ax.minorticks_off()
ax.set_xlabel("t (end of the window)")
ax.set_ylabel("active tokens")
ax.set_ylim(0, K4 + 1)
ax.set_title("(b) active tokens over time", fontsize=10)
ax.legend(fontsize=7, ncol=2)
ax = axes[1, 0]
mean_att = np.array([wta[s]["act_att"].mean() for s in sig])
mean_mar = np.array([wta[s]["act_mar"].mean() for s in sig])
sd_att = np.array([wta[s]["act_att"].std() for s in sig])
sd_mar = np.array([wta[s]["act_mar"].std() for s in sig])
ax.errorbar(sig, mean_att, sd_att, fmt="o-", capsize=3, label="attention (CCMC)")
ax.errorbar(sig, mean_mar, sd_mar, fmt="s--", capsize=3, label="Markov chain, same P")
ax.axhline(0.5 * K4, color="0.7", ls=":", lw=1)
ax.set_xlabel("σ (scale of W)")
ax.set_ylabel(f"active tokens, last {cfg.wta_window}")
ax.set_ylim(0, K4 + 1)
ax.set_title("(c) collapse against σ", fontsize=10)
ax.legend(fontsize=8)
ax = axes[1, 1]
sizes = np.arange(1, K4 + 1)
act7, n_single, n_on_sd = w0["act7"], w0["n_single"], w0["n_on_sd"]
hist = np.array([(act7 == k).sum() for k in sizes])
ax.bar(sizes, hist, color="C0", label="runs")
ax.bar([1], [n_on_sd], color="C2", label="1 token, self-dominant")
ax.bar([1], [n_single - n_on_sd], bottom=[n_on_sd], color="C3", label="1 token, not self-dominant")
ax.set_xlabel("final winner-set size (active tokens)")
ax.set_ylabel("runs")
ax.set_xlim(0.3, max(2, act7.max()) + 0.7)
ax.set_title(f"(d) {cfg.c7_runs} runs at σ = {cfg.c7_sigma:g}", fontsize=10)
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# The Markov chain keeps almost the whole vocabulary in play (at least {glue:text}`act_mar_min:.1f`
# of {glue:text}`wta_K` tokens active on average at every σ and seed), while the attention sampler,
# fed its own output, narrows to {glue:text}`act_att_by_sigma` active tokens (ranges over seeds).
# It does not mix: two runs on the same chain end {glue:text}`nonmix_by_sigma` apart in TV. The
# number of active tokens only falls over time (largest rise between successive windows, averaged
# over runs: {glue:text}`max_rise:.2f`), and the collapse is stronger for peakier chains. Over the
# seeds, {glue:text}`n_single` of the M7 runs ended on a single token, {glue:text}`n_on_sd` of them
# on a self-dominant one ({glue:text}`n_exceptions` exceptions); {glue:text}`runs_without_sd`
# teachers had no self-dominant token at all, and {glue:text}`single_without_sd` of those collapsed
# onto one token. Within {glue:text}`wta_steps` steps most runs are still on their way: the escape
# from a non-stable vertex is only polynomially fast in the mean-field picture, so the winner sets
# keep shrinking slowly.
#
# ## 5. Learning from one trajectory
#
# Finally, can the model be learned from its own single output? Every step of one trajectory gives a
# (context, next-token) pair, so we fit the same convex MLE on the {glue:text}`single_pairs` pairs of
# one trajectory (with $K$ = {glue:text}`single_K`, starting from the all-tokens prompt) and compare
# with {glue:text}`single_pairs` IID prompts of length {glue:text}`single_L_iid` from the same teacher.
# The trajectory's contexts are long, growing prefixes, the IID prompts are short and fixed-length,
# but the number of labelled pairs is equal. The null is a second, independent IID sample of the same
# size: its error ratio to the first is what sampling noise alone produces.

# %%
K5 = cfg.single_K
start5 = np.arange(K5)


def single_experiment(rng):
    """C8 on one seed: MLE from one trajectory vs from IID prompts (and a second IID sample, the null)."""
    rows = []
    for sigma in cfg.single_sigmas:
        for P in teachers(K5, sigma, cfg.single_teachers, rng):
            traj = mk.trajectory(P, start5, cfg.single_pairs, 1, seed=seed_from(rng), device=cfg.device)
            counts, last, y = mk.trajectory_pairs(start5, traj.tokens[0], K5)
            fit_traj = mk.fit_ccmc_mle(counts, last, y, K=K5)
            iid = mk.learn_from_prompts(P, cfg.single_pairs, cfg.single_L_iid, rng)
            iid2 = mk.learn_from_prompts(P, cfg.single_pairs, cfg.single_L_iid, rng)
            rows.append(dict(sigma=sigma, tv_single=mk.row_tv(fit_traj.P, P), tv_iid=iid.tv, tv_iid2=iid2.tv,
                             active=int(active_k5(traj)[0]),
                             identified=int(mk.identifiable_rows_from_counts(counts, last).sum())))
    ratios = np.array([r["tv_single"] / r["tv_iid"] for r in rows])
    null = np.array([r["tv_iid2"] / r["tv_iid"] for r in rows])
    return dict(rows=rows, median=float(np.median(ratios)), min=float(ratios.min()),
                null_median=float(np.median(null)))


def active_k5(traj):
    return mk.active_tokens(traj.tokens, K5, window=cfg.wta_window, thresh=cfg.wta_thresh)


single_runs = [single_experiment(r) for r in progress(seed_rngs, desc="seeds (one trajectory)")]
S = {k: tuple(d[k] for d in single_runs) for k in ("median", "min", "null_median")}
rows5 = single_runs[0]["rows"]  # the table and figure show the first seed
for name, v in dict(single_pairs=cfg.single_pairs, single_K=K5, single_L_iid=cfg.single_L_iid,
                    median_ratio_r=rng_text(S["median"], ".1f"), min_ratio=min(S["min"]),
                    null_median_r=rng_text(S["null_median"]),
                    n_teachers5=len(rows5)).items():
    glue(name, v, display=False)
display(Markdown("| σ | TV, one trajectory | TV, IID prompts | TV, 2nd IID sample | ratio | active at end | rows identified |\n"
                 "|---|---|---|---|---|---|---|\n"
                 + "\n".join(f"| {r['sigma']:g} | {r['tv_single']:.3f} | {r['tv_iid']:.3f} | {r['tv_iid2']:.3f} | "
                              f"{r['tv_single'] / r['tv_iid']:.1f} | {r['active']} | {r['identified']}/{K5} |"
                              for r in rows5)))

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the single-trajectory learning result, first seed: mean row-TV of the convex MLE fitted on the (context, next-token) pairs of one generated trajectory against the same fit on as many IID prompts (numbers of pairs, prompt length and K in the text), one dot per teacher, labelled with the number of active tokens in the trajectory's final window.", "name": "fig-attn-markov-single"}}
fig, ax = plt.subplots(figsize=(5, 4.2))
for i, sigma in enumerate(cfg.single_sigmas):
    rs = [r for r in rows5 if r["sigma"] == sigma]
    ax.scatter([r["tv_iid"] for r in rs], [r["tv_single"] for r in rs], s=40, color=f"C{i}", label=f"σ = {sigma:g}")
    for r in rs:
        ax.annotate(str(r["active"]), (r["tv_iid"], r["tv_single"]), textcoords="offset points",
                    xytext=(5, 3), fontsize=8)
lim = 1.1 * max(max(r["tv_single"] for r in rows5), max(r["tv_iid"] for r in rows5))
ax.plot([0, lim], [0, lim], color="0.7", lw=1, label="equal error")
ax.set_xlim(0, lim)
ax.set_ylim(0, lim)
ax.set_xlabel("TV, MLE from IID prompts")
ax.set_ylabel("TV, MLE from one trajectory")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The single-trajectory estimate is worse by a median factor of {glue:text}`median_ratio_r` over
# the {glue:text}`n_teachers5` teachers of each seed, against {glue:text}`null_median_r` for a
# second IID sample; the smallest ratio on any seed is {glue:text}`min_ratio:.1f`. Once the
# trajectory has collapsed onto a few winners, the rows of the other tokens stop receiving data, and
# the winners' rows are observed only inside contexts dominated by the winners themselves; how much
# is learned depends on where the trajectory happens to collapse, which is the problem dependence the
# abstract describes.
#
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
# Each value is formatted to the precision at which it is meaningful and reproducible. The M1/M2
# round-off errors (~1e-16) depend on the BLAS library and summation order, so they are shown as
# pass/fail against 1e-12; the C5 optimisation gap depends on where L-BFGS stops, so it is shown as a
# log10 to one decimal. Seed-dependent values are listed per seed.
per_seed = lambda vals, fmt=".2f": " / ".join(format(v, fmt) for v in vals)  # noqa: E731
key_numbers({
    "M1 max |attention - CCMC| <= 1e-12 (round-off)": bool(c1_err <= 1e-12),
    "M2 max |attention - CCMC| with bias <= 1e-12 (round-off)": bool(c2_err <= 1e-12),
    "C3 slope of TV vs n (coverage), per seed": per_seed(R["slope_ok"]),
    "C3 exponent of TV in K, per seed": per_seed(R["slope_K"]),
    "C3 null: exponent of uniform-chain TV in K": per_seed(R["slope_K_uniform"]),
    "M4 slope of TV vs n (broken), per seed": per_seed(R["slope_broken"]),
    "M4 broken / ok error at largest n": per_seed(R["gap_ratio"], ".1f"),
    "C5 log10 max |P_attn - P_mle|, per seed": per_seed(np.log10(A["gap"]), ".1f"),
    "C5 null: max |uniform - P_mle|": per_seed(A["gap_untrained"]),
    **{f"C6 active tokens attention / Markov, sigma={s:g}": f"{per_seed(a, '.1f')} | {per_seed(b, '.1f')}"
       for s, a, b in zip(sig, W_["act_att"], W_["act_mar"])},
    **{f"C6 twin-run TV attention / Markov, sigma={s:g}": f"{per_seed(a)} | {per_seed(b)}"
       for s, a, b in zip(sig, W_["nonmix_att"], W_["nonmix_mar"])},
    "M7 single-token collapses / on self-dominant, per seed": " / ".join(
        f"{a}:{b}" for a, b in zip(n_single_s, n_on_sd_s)),
    "C8 median TV ratio single / IID, per seed": per_seed(S["median"], ".1f"),
    "C8 null: median TV ratio IID2 / IID": per_seed(S["null_median"]),
})

# %% [markdown]
# ## Claims
#
# The claims are built by `shared.attention.markov_claims.claims` from the measured values below
# (criteria, nulls, evidence levels and notes live there and are unit-tested). Every paper claim is
# a reconstruction: only the abstract was read.

# %%
measured = mkc.Measured(
    rate_K=K3, rate_n=tuple(cfg.rate_n), rate_K_grid=tuple(cfg.rate_K_grid), rate_K_n=cfg.rate_K_n,
    rate_teachers=cfg.rate_teachers, attn_n=cfg.attn_n, attn_K=Ka, wta_K=K4,
    wta_sigmas=tuple(float(s) for s in sig), wta_runs=runs4, wta_steps=steps4,
    wta_window=cfg.wta_window, wta_thresh=cfg.wta_thresh, c7_runs=cfg.c7_runs,
    c7_sigma=cfg.c7_sigma, single_teachers=len(rows5), single_pairs=cfg.single_pairs,
    id_draws=cfg.id_draws,
    id_err=c1_err, id_err_null=id_err_null, sum_err=sum_err, absent_max=absent_max,
    absent_onehot=absent_onehot, full_prompt_err=full_prompt_err, pe_err=c2_err,
    pe_err_null=pe_err_null, order_nobias=order_change_nobias, order_bias=order_change_bias,
    slope_ok=R["slope_ok"], slope_broken=R["slope_broken"], slope_K=R["slope_K"],
    slope_K_se=R["slope_K_se"], slope_K_uniform=R["slope_K_uniform"], gap_ratio=R["gap_ratio"],
    max_grad=R["max_grad"], ident_ok=R["ident_ok"], ident_broken=R["ident_broken"],
    c5_gap=A["gap"], c5_gap_untrained=A["gap_untrained"],
    act_att=W_["act_att"], act_mar=W_["act_mar"], nonmix_att=W_["nonmix_att"],
    nonmix_mar=W_["nonmix_mar"], max_rise=max_rise,
    frac_on_sd=frac_on_sd, n_single=sum(n_single_s), n_on_sd=sum(n_on_sd_s),
    c8_median=S["median"], c8_min=S["min"], c8_null_median=S["null_median"],
)
claims = mkc.claims(measured)
claims.display()

# %% [markdown]
# ## Method checks
#
# Identities, checks that hold by construction, and the book's own extra experiments: shown for
# transparency, never counted as paper claims.

# %%
claims.display_method_checks()

# %%
verdicts = {c.id: c.verdict for c in claims.claims}
glue("verdicts_paper", "; ".join(f"{c.id}: {c.verdict}" for c in claims.paper_claims), display=False)
glue("verdicts_method", "; ".join(f"{c.id}: {c.verdict}" for c in claims.method_checks), display=False)

# %% [markdown]
# ## Discussion
#
# **What changed in the verdicts, and why.** Before this revision the table had eight rows, seven
# graded "reproduced" and one "partly" (C2). They rested on one seed, carried no nulls and drew no
# line between what the paper says and what holds by construction. Now the verdicts are
# {glue:text}`verdicts_paper`, and the method checks read {glue:text}`verdicts_method`. The reasons:
#
# - *Evidence level.* Only the abstracts were read, so every paper claim is a reconstruction and
#   can at best "hold in our reconstruction"; none can be "reproduced".
# - *C1 → M1.* The CCMC formula is an algebraic identity of the layer (section 1). Checking it
#   numerically tests our code, not the paper, so it is a method check.
# - *C2 → not attempted.* The paper's positional encoding could not be read. With our additive bias,
#   position dependence holds by construction. The part that can fail, the CCMC form with
#   position-weighted counts, is method check M2.
# - *C4 → M4.* Half-vocabulary prompts never show how a row splits its mass between the halves, so
#   no row is identified and the error cannot vanish: true by construction. Its stalled slope now
#   serves as the null of C3's $n$-slope, which is where the abstract's coverage condition is tested.
# - *C7 → M7.* The self-dominance rule is our own mean-field derivation, not a statement of the
#   paper, so it is the book's experiment and counts as a method check.
# - *C3's K-exponent* is now fitted on {glue:text}`n_K_grid` vocabulary sizes on each of
#   {glue:text}`n_seeds` seeds instead of 3 sizes on one seed. The band $[0.6, 1.5]$ is the one fixed
#   in the chapter's brief before any result. It was not narrowed after seeing the fits, since a
#   band chosen now would be post hoc. The band is wide: it tells a linear growth in $K$ (the
#   row-TV analogue of $K^2/n$) from no growth (the uniform-chain null) and from quadratic growth
#   (exponent 2), but not from, say, $K^{0.8}$.
# - *C6* now tests the abstract's two words, collapse and non-mixing, against the plain Markov chain
#   with the same $P$ as the null. The non-mixing statistic (TV between twin runs) and its bound are
#   new in this revision and were fixed before the first measurement. The old checks that the σ
#   ordering holds and that the active count never rises moved to M6, because the Markov null passes
#   them too.
#   The twin-run TV is smallest at the largest σ ({glue:text}`nonmix_top_r` at σ =
#   {glue:text}`sigma_top:g`, against {glue:text}`nonmix_first_steep_r` at the smallest σ the check
#   covers). Peaky chains more often have a single strongly self-dominant token, so both twins
#   collapse onto the same winner. Non-mixing is then a statement about *which* winner set the
#   history picks, and it shows most clearly at moderate σ. That margin is the thinnest in the table.
# - *C5 and C8* now carry nulls (the untrained layer; a second IID sample) and three seeds.
#
# **What to keep in mind.** The paper's figures, constants and theorem statements could not be read,
# so every threshold above is ours. In the quick profile's few thousand steps the collapse is well
# under way but not finished: several tokens are still active in most runs, and the counts fall
# slowly (the mean-field picture predicts polynomial, not exponential, escape from unstable
# vertices). The active-token metric depends on the {glue:text}`wta_thresh_pct` threshold and the
# window length, which we fixed in advance and applied identically to both samplers.
#
# **Easy and hard.** The identity and the convex MLE were easy once the data are written as
# (counts, last token, label) triples; the key-query orientation of the shared module (it scores
# $x_q^\top W x_t$ where we write $e_{k_t}^\top W e_q$) needed a transpose. The delicate part is
# generation: its results depend on run length, window and threshold, so we report them as counts
# with the settings beside them rather than as a single number.
