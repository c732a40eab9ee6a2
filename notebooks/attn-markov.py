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
# **Scope.** We test eight claims (table at the end): the CCMC identity (C1) and its positional
# version (C2), consistency and the sample-complexity rate of the convex MLE under coverage (C3) and
# its failure without coverage (C4), that training the attention layer itself reaches the same
# answer (C5), winner-takes-all collapse of single-trajectory generation (C6), a mean-field rule for
# *which* token a one-token collapse picks (C7), and that learning from one trajectory is worse than
# learning from IID prompts (C8). **Only the abstracts could be read**; the paper's body, figures,
# theorem statements and constants could not. Every experiment here is therefore a reconstruction
# built to test the abstract's statements, with the conventions of the same group's companion paper
# (the `attn-automaton` chapter). Four parts are **derived for this book, not taken from the paper**:
# the additive position-only bias $b_t$ used for positional encoding, the identifiability graph, the
# mean-field stability rule behind C7, and every numerical threshold in the claims table. All six
# figures are analogues of figures we could not see.

# %%
# Colab set-up: installs this book's `shared` package when the notebook runs in Google Colab.
# Anywhere else it does nothing (see the README for the two set-up commands).
import subprocess
import sys

REPO_URL = "https://github.com/reprobook/executable-reproductions"
IN_COLAB = "google.colab" in sys.modules
if IN_COLAB:  # torch and numpy come with Colab; pip keeps them (lower bounds only)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"git+{REPO_URL}@main"], check=True)

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
from shared.repro import key_numbers, progress, start

cfg = start("attn-markov", mk.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
rng = cfg.rng


def seed_from(rng):
    """A fresh integer seed for torch-side sampling, drawn from the chapter's generator."""
    return int(rng.integers(2**31))


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
E1 = mk.orthonormal_embedding(K1, d1, rng)
for _ in range(cfg.id_draws):
    W = cfg.id_sigma * rng.standard_normal((d1, d1))
    P = mk.base_chain(W, E1)
    tok = rng.integers(0, K1, size=(1, L1))
    for b, out_a, out_c in ((None, p_attn, p_ccmc), (b_recency, p_attn_b, p_ccmc_b)):
        out_a.append(mk.attention_probs(W, E1, tok, pos_bias=b, device=cfg.device)[0])
        out_c.append(mk.ccmc_probs(P, tok[0], pos_bias=b))
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
# The second number is a construction check, not evidence: any bias that depends on position changes
# the weights when tokens move. What is tested is that the layer still equals the CCMC formula, now
# with position-weighted counts.
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

# %%
def teachers(K, sigma, count, rng):
    return [mk.base_chain(sigma * rng.standard_normal((K, K))) for _ in range(count)]


K3 = cfg.rate_K
T3 = teachers(K3, cfg.rate_sigma, cfg.rate_teachers, rng)
ns = np.array(cfg.rate_n)
tv_ok = np.zeros((len(ns), len(T3)))
tv_broken = np.zeros_like(tv_ok)
ident_ok, ident_broken, grad_norms = [], [], []
for i, n in enumerate(progress(ns, desc="sample sizes")):
    for j, P in enumerate(T3):
        ok = mk.learn_from_prompts(P, int(n), cfg.rate_L, rng)
        br = mk.learn_from_prompts(P, int(n), cfg.rate_L, rng, blocks=2)
        tv_ok[i, j], tv_broken[i, j] = ok.tv, br.tv
        ident_ok.append(ok.identified.mean())
        ident_broken.append(br.identified.mean())
        grad_norms.append(ok.fit.grad_norm)
slope_ok = scipy.stats.linregress(np.log(ns), np.log(tv_ok.mean(1))).slope
slope_broken = scipy.stats.linregress(np.log(ns), np.log(tv_broken.mean(1))).slope
gap_ratio = float(tv_broken[-1].mean() / tv_ok[-1].mean())

Ks = np.array(cfg.rate_K_grid)
tv_K = []
for K in progress(Ks, desc="vocabulary sizes"):
    errs = [mk.learn_from_prompts(P, cfg.rate_K_n, cfg.rate_L, rng).tv
            for P in teachers(int(K), cfg.rate_sigma, cfg.rate_teachers, rng)]
    tv_K.append(np.mean(errs))
tv_K = np.array(tv_K)
slope_K = scipy.stats.linregress(np.log(Ks), np.log(tv_K)).slope
max_grad = float(max(grad_norms))
for name, v in dict(rate_sigma=cfg.rate_sigma, rate_L=cfg.rate_L, rate_teachers=cfg.rate_teachers,
                    slope_ok=slope_ok, slope_broken=slope_broken, gap_ratio=gap_ratio, slope_K=slope_K,
                    max_grad=max_grad, ident_ok=float(np.mean(ident_ok)),
                    ident_broken=float(np.mean(ident_broken)), rate_K_n=cfg.rate_K_n, rate_K=K3,
                    n_K_grid=len(Ks)).items():
    glue(name, v, display=False)

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's consistency / sample-complexity result: mean row-TV error of the convex MLE against the number of IID prompts n (left; K and prompt length in the text; mean over teachers, dots are single teachers) with uniform prompts (coverage holds) and with prompts confined to one half of the vocabulary (coverage broken), and against the vocabulary size K at fixed n (right). Fitted log-log slopes in the legends; the dotted guides have slope -1/2 (left) and 1 (right).", "name": "fig-attn-markov-rate"}}
fig, (ax, bx) = plt.subplots(1, 2, figsize=(9.5, 3.8))
for tv, lab, col in ((tv_ok, f"coverage: slope {slope_ok:.2f}", "C0"),
                     (tv_broken, f"coverage broken: slope {slope_broken:.2f}", "C3")):
    ax.loglog(ns, tv.mean(1), "o-", color=col, label=lab)
    for j in range(tv.shape[1]):
        ax.scatter(ns, tv[:, j], s=8, color=col, alpha=0.4)
ax.loglog(ns, tv_ok.mean(1)[0] * (ns / ns[0]) ** -0.5, ":", color="0.5")
ax.set_xlabel("number of prompts n")
ax.set_ylabel("mean row TV($\\hat P$, $P^*$)")
ax.legend(fontsize=8)
bx.loglog(Ks, tv_K, "s-", color="C2", label=f"n = {cfg.rate_K_n}: exponent {slope_K:.2f}")
bx.loglog(Ks, tv_K[0] * Ks / Ks[0], ":", color="0.5")
bx.set_xticks(Ks, [str(k) for k in Ks])
bx.minorticks_off()
bx.set_xlabel("vocabulary size K")
bx.set_ylabel("mean row TV")
bx.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# Under coverage the error falls like $n^{s}$ with fitted $s$ = {glue:text}`slope_ok:.2f`, the
# $1/\sqrt n$ of a consistent parametric estimator, and grows with the vocabulary with exponent
# {glue:text}`slope_K:.2f` at $n$ = {glue:text}`rate_K_n`, close to the linear growth in $K$ that the
# $K^2/n$ rate implies for the row-TV. Every fit is a stationary point of the convex loss (largest
# gradient norm {glue:text}`max_grad:.1e`). The identifiability test finds
# {glue:text}`ident_ok:.2f` of the rows identified with uniform prompts and
# {glue:text}`ident_broken:.2f` with the half-vocabulary prompts, whose error stalls (slope
# {glue:text}`slope_broken:.2f`) and ends {glue:text}`gap_ratio:.1f` times above the covered case.
# (The share of identified rows is fixed by the prompt generators: half-vocabulary prompts can never
# identify a row, so that number is a construction check; the evidence for C4 is the stalled slope
# and the error ratio.)
#
# ## 3. The attention layer itself reaches the convex answer
#
# The convexity lives in $\Theta$; the layer is trained in $W$. With orthonormal $E$ the map
# $W \mapsto \Theta = E W E^\top$ is linear and onto, so gradient-based training of the layer on its
# own negative log-likelihood should land on the same chain. We train $W$ from zero with full-batch
# L-BFGS (strong-Wolfe line search) through `shared.attention.model` on $n$ = {glue:text}`attn_n`
# prompts ($K$ = {glue:text}`attn_K`, $d$ = {glue:text}`attn_d`, $L$ = {glue:text}`attn_L`, teacher
# entries {glue:text}`attn_sigma`$\cdot\mathcal N(0,1)$) and compare the induced chain with the
# $\Theta$-space MLE fitted on the same data.
#
# *Tolerance.* Both fits are numerical optima of the same convex problem, found by
# different optimisers with different stopping rules, so they agree only up to an optimisation gap;
# the claim holds if that gap is negligible next to the statistical error of the MLE itself. Each row
# of $\hat P$ is estimated from about $n/K$ prompts, so an entry has standard error of at most roughly
# $\tfrac12/\sqrt{n/K}$ = {glue:text}`c5_se:.3f`. We require the largest entry-wise gap between the
# two chains to be below a tenth of that, {glue:text}`c5_tol:.1e`.

# %%
Ka, da = cfg.attn_K, cfg.attn_d
Ea = mk.orthonormal_embedding(Ka, da, rng)
Pa_star = mk.base_chain(cfg.attn_sigma * rng.standard_normal((da, da)), Ea)
tok_a = mk.sample_prompts(cfg.attn_n, cfg.attn_L, Ka, rng)
y_a = mk.sample_ccmc(Pa_star, tok_a, rng)
mle_a = mk.fit_ccmc_mle(mk.token_counts(tok_a, Ka), tok_a[:, -1], y_a)
W_a, P_attn_fit, nll_attn = mk.fit_attention_layer(Ea, tok_a, y_a, max_iter=cfg.attn_max_iter,
                                                   device=cfg.device)
c5_gap = float(np.abs(P_attn_fit - mle_a.P).max())
c5_tv_teacher = mk.row_tv(mle_a.P, Pa_star)
c5_se = 0.5 / np.sqrt(cfg.attn_n / Ka)  # largest standard error of an entry of a row seen ~n/K times
c5_tol = 0.1 * c5_se
for name, v in dict(attn_K=Ka, attn_d=da, attn_L=cfg.attn_L, attn_sigma=cfg.attn_sigma,
                    c5_se=c5_se, c5_tol=c5_tol).items():
    glue(name, v, display=False)
glue("attn_n", cfg.attn_n, display=False)
glue("c5_gap", c5_gap, display=False)
glue("c5_nll_gap", float(nll_attn - mle_a.nll), display=False)
glue("c5_tv_teacher", c5_tv_teacher, display=False)

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup): entries of the base chain induced by the attention layer trained with L-BFGS (x) against the convex Θ-space MLE on the same prompts (y; settings in the text). Grey: the teacher's entries against the MLE, for scale.", "name": "fig-attn-markov-train"}}
fig, ax = plt.subplots(figsize=(4.6, 4.2))
ax.plot([0, 1], [0, 1], color="0.8", lw=1)
ax.scatter(Pa_star.ravel(), mle_a.P.ravel(), s=12, color="0.6", label="teacher $P^*$")
ax.scatter(P_attn_fit.ravel(), mle_a.P.ravel(), s=14, color="C0", label="trained attention")
ax.set_xlabel("entry of $P$")
ax.set_ylabel("entry of $\\hat P_{\\rm MLE}$")
ax.text(0.03, 0.92, f"max |attention − MLE| = {c5_gap:.1e}", transform=ax.transAxes, fontsize=9)
ax.legend(loc="lower right", fontsize=8)
plt.show()

# %% [markdown]
# The trained layer's chain matches the MLE to {glue:text}`c5_gap:.1e` in every entry (its NLL differs
# from the MLE's by {glue:text}`c5_nll_gap:.1e` nats, the MLE's value including its tiny ridge), while
# both sit {glue:text}`c5_tv_teacher:.3f` in mean row-TV from the teacher: the remaining error is
# statistical, not an optimisation gap.
#
# ## 4. Generating one long trajectory: winner-takes-all
#
# Now let the layer write. Start from the prompt $0,1,\dots,K-1$ (every token once), sample the next
# token from the CCMC, append it and repeat, with the context growing without truncation. Only the
# counts $m$ and the last token matter, so each step costs $O(K)$; runs are batched with Gumbel-max
# sampling in torch. The baseline is the plain Markov chain with the same $P$ from the same start
# token. We use $K$ = {glue:text}`wta_K`, $E = I$, $W$ = σ·𝒩(0,1) with a fresh teacher per run,
# {glue:text}`wta_runs` runs per σ and {glue:text}`wta_steps` generated tokens. A token is *active*
# in a window if its frequency there exceeds {glue:text}`wta_thresh_pct`; the final window holds the
# last {glue:text}`wta_window` tokens and the time course uses windows of
# {glue:text}`wta_time_window`. Both samplers are measured the same way.

# %%
K4, steps4, runs4 = cfg.wta_K, cfg.wta_steps, cfg.wta_runs
start4 = np.arange(K4)
wta = {}
for sigma in progress(cfg.wta_sigmas, desc="sigma"):
    P = mk.base_chain(sigma * rng.standard_normal((runs4, K4, K4)))
    att = mk.trajectory(P, start4, steps4, runs4, mode="ccmc", seed=seed_from(rng), device=cfg.device)
    mar = mk.trajectory(P, start4, steps4, runs4, mode="markov", seed=seed_from(rng), device=cfg.device)
    wta[sigma] = dict(
        P=P, att=att,
        act_att=mk.active_tokens(att.tokens, K4, window=cfg.wta_window, thresh=cfg.wta_thresh),
        act_mar=mk.active_tokens(mar.tokens, K4, window=cfg.wta_window, thresh=cfg.wta_thresh),
        course_att=np.array([mk.active_tokens(att.tokens, K4, end=t, window=cfg.wta_time_window,
                                              thresh=cfg.wta_thresh).mean() for t in cfg.wta_times]),
        course_mar=np.array([mk.active_tokens(mar.tokens, K4, end=t, window=cfg.wta_time_window,
                                              thresh=cfg.wta_thresh).mean() for t in cfg.wta_times]),
    )
sig = np.array(cfg.wta_sigmas)
assert np.all(np.diff(sig) > 0), "wta_sigmas must be increasing"
mean_att = np.array([wta[s]["act_att"].mean() for s in sig])
mean_mar = np.array([wta[s]["act_mar"].mean() for s in sig])
max_rise = float(max(np.diff(wta[s]["course_att"]).max() for s in sig))
for name, v in dict(wta_K=K4, wta_runs=runs4, wta_steps=steps4, wta_window=cfg.wta_window,
                    wta_time_window=cfg.wta_time_window, wta_thresh_pct=f"{100 * cfg.wta_thresh:g} %",
                    max_rise=max_rise).items():
    glue(name, v, display=False)
glue("act_mar_min", float(mean_mar.min()), display=False)
glue("act_att_by_sigma", ", ".join(f"{a:.1f} at σ = {s:g}" for s, a in zip(sig, mean_att)), display=False)

# %% [markdown]
# Which token can a run collapse onto? A mean-field reading (**derived for this book, not the
# paper's theorem**): with context frequencies $f = m/N$, the expected change of $f$ per step is
# $F(f) - f$ with $F_k(f) = \sum_q \pi_f(q)\, f_k P[q,k] / \sum_j f_j P[q,j]$, where $\pi_f$ is the
# law of the last token at frozen $f$. The support of $f$ can only shrink. Near the vertex
# "only token $k$", a rare token $j$ is proposed at rate $\propto P[k,j]/P[k,k]$ times its own
# frequency, so its frequency scales like $N^{P[k,j]/P[k,k]-1}$ and dies out iff
# $P[k,k] > P[k,j]$. Hence a one-token collapse should land on a *self-dominant* token,
# $P[k,k] = \max_j P[k,j]$; pairs of tokens that prefer each other can instead form stable
# multi-token winner sets. We test this on {glue:text}`c7_runs` further runs at
# σ = {glue:text}`c7_sigma`, each with its own teacher.

# %%
runs7 = cfg.c7_runs
P7 = mk.base_chain(cfg.c7_sigma * rng.standard_normal((runs7, K4, K4)))
att7 = mk.trajectory(P7, start4, steps4, runs7, mode="ccmc", seed=seed_from(rng), device=cfg.device)
act7 = mk.active_tokens(att7.tokens, K4, window=cfg.wta_window, thresh=cfg.wta_thresh)
freq7 = mk.token_frequencies(att7.tokens, K4, end=steps4, window=cfg.wta_window)
sd7 = mk.self_dominant(P7)
single = np.flatnonzero(act7 == 1)
winner = freq7[single].argmax(1)
on_sd = sd7[single, winner]
n_single, n_on_sd = int(single.size), int(on_sd.sum())
frac_on_sd = n_on_sd / n_single if n_single else float("nan")
exceptions = [(int(r), int(w), float(P7[r, w, w]), float(P7[r, w].max())) for r, w, ok in zip(single, winner, on_sd) if not ok]
runs_without_sd = int((~sd7.any(1)).sum())
single_without_sd = int((~sd7[single].any(1)).sum())
for name, v in dict(c7_runs=runs7, c7_sigma=cfg.c7_sigma, n_single=n_single, n_on_sd=n_on_sd,
                    runs_without_sd=runs_without_sd, single_without_sd=single_without_sd,
                    n_exceptions=len(exceptions)).items():
    glue(name, v, display=False)
if exceptions:  # one-token collapses onto a token that is not self-dominant
    display(Markdown("| run | winner k | P[k,k] | max_j P[k,j] |\n|---|---|---|---|\n"
                     + "\n".join(f"| {r} | {w} | {pkk:.3f} | {pmax:.3f} |" for r, w, pkk, pmax in exceptions)))

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's winner-takes-all figures; start prompt 0, …, K−1, E = I, settings (K, σ, runs, windows, threshold) in the text and the panel titles. (a) Share of each token in the growing context (start prompt included) for the run at the largest σ with the median final winner-set size. (b) Mean number of active tokens in windows ending at t for the attention sampler (solid) and the plain Markov chain with the same P (dashed). (c) Mean ± sd of active tokens in the final window against σ. (d) Sizes of the final winner sets of the C7 runs; the one-token collapses are split by whether the winner is self-dominant (P[k,k] = max_j P[k,j], the derived mean-field rule).", "name": "fig-attn-markov-wta"}}
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
hist = np.array([(act7 == k).sum() for k in sizes])
ax.bar(sizes, hist, color="C0", label="runs")
ax.bar([1], [n_on_sd], color="C2", label="1 token, self-dominant")
ax.bar([1], [n_single - n_on_sd], bottom=[n_on_sd], color="C3", label="1 token, not self-dominant")
ax.set_xlabel("final winner-set size (active tokens)")
ax.set_ylabel("runs")
ax.set_xlim(0.3, max(2, act7.max()) + 0.7)
ax.set_title(f"(d) {runs7} runs at σ = {cfg.c7_sigma:g}", fontsize=10)
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# The Markov chain keeps almost the whole vocabulary in play (at least {glue:text}`act_mar_min:.1f`
# of {glue:text}`wta_K` tokens active on average at every σ), while the attention sampler, fed its
# own output, narrows to {glue:text}`act_att_by_sigma` active tokens. The number of active tokens
# only falls over time (largest rise between successive windows, averaged over runs:
# {glue:text}`max_rise:.2f`), and the collapse is stronger for peakier chains. Of the
# {glue:text}`c7_runs` runs at σ = {glue:text}`c7_sigma:g`, {glue:text}`n_single` ended on a single
# token, {glue:text}`n_on_sd` of them on a self-dominant one ({glue:text}`n_exceptions` exceptions);
# {glue:text}`runs_without_sd` teachers had no self-dominant token at all, and
# {glue:text}`single_without_sd` of those collapsed onto one token. Within {glue:text}`wta_steps`
# steps most runs are still on their way: the escape from a non-stable vertex is only polynomially
# fast in the mean-field picture, so the winner sets keep shrinking slowly.
#
# ## 5. Learning from one trajectory
#
# Finally, can the model be learned from its own single output? Every step of one trajectory gives a
# (context, next-token) pair, so we fit the same convex MLE on the {glue:text}`single_pairs` pairs of
# one trajectory (with $K$ = {glue:text}`single_K`, starting from the all-tokens prompt) and compare
# with {glue:text}`single_pairs` IID prompts of length {glue:text}`single_L_iid` from the same teacher.
# The trajectory's contexts are long, growing prefixes, the IID prompts are short and fixed-length,
# but the number of labelled pairs is equal.

# %%
K5 = cfg.single_K
start5 = np.arange(K5)
rows5 = []
for sigma in cfg.single_sigmas:
    for P in progress(teachers(K5, sigma, cfg.single_teachers, rng), desc=f"σ = {sigma:g}"):
        traj = mk.trajectory(P, start5, cfg.single_pairs, 1, seed=seed_from(rng), device=cfg.device)
        counts, last, y = mk.trajectory_pairs(start5, traj.tokens[0], K5)
        fit_traj = mk.fit_ccmc_mle(counts, last, y, K=K5)
        iid = mk.learn_from_prompts(P, cfg.single_pairs, cfg.single_L_iid, rng)
        rows5.append(dict(sigma=sigma, tv_single=mk.row_tv(fit_traj.P, P), tv_iid=iid.tv,
                          active=int(mk.active_tokens(traj.tokens, K5, window=cfg.wta_window,
                                                      thresh=cfg.wta_thresh)[0]),
                          identified=int(mk.identifiable_rows_from_counts(counts, last).sum())))
ratios = np.array([r["tv_single"] / r["tv_iid"] for r in rows5])
median_ratio = float(np.median(ratios))
min_ratio = float(ratios.min())
for name, v in dict(single_pairs=cfg.single_pairs, single_K=K5, single_L_iid=cfg.single_L_iid,
                    median_ratio=median_ratio, min_ratio=min_ratio, n_teachers5=len(rows5)).items():
    glue(name, v, display=False)
display(Markdown("| σ | TV, one trajectory | TV, IID prompts | ratio | active at end | rows identified |\n"
                 "|---|---|---|---|---|---|\n"
                 + "\n".join(f"| {r['sigma']:g} | {r['tv_single']:.3f} | {r['tv_iid']:.3f} | "
                              f"{r['tv_single'] / r['tv_iid']:.1f} | {r['active']} | {r['identified']}/{K5} |"
                              for r in rows5)))

# %% mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the single-trajectory learning result: mean row-TV of the convex MLE fitted on the (context, next-token) pairs of one generated trajectory against the same fit on as many IID prompts (numbers of pairs, prompt length and K in the text), one dot per teacher, labelled with the number of active tokens in the trajectory's final window.", "name": "fig-attn-markov-single"}}
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
# The single-trajectory estimate is worse by a median factor of {glue:text}`median_ratio:.1f` over
# the {glue:text}`n_teachers5` teachers; the smallest ratio is {glue:text}`min_ratio:.1f`, and C8
# checks that it exceeds one, i.e. that the trajectory is worse for every teacher. Once the
# trajectory has collapsed onto a few winners, the rows of the other tokens stop receiving data, and
# the winners' rows are observed only inside contexts dominated by the winners themselves; how much
# is learned depends on where the trajectory happens to collapse, which is the problem dependence the
# abstract describes.
#
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
# Each value is formatted to the precision at which it is meaningful and reproducible. The C1/C2
# round-off errors (~1e-16) depend on the BLAS library and summation order, so they are shown as
# pass/fail against 1e-12; the C5 optimisation gap depends on where L-BFGS stops, so it is shown as a
# log10 to one decimal.
key_numbers({
    "C1 max |attention - CCMC| <= 1e-12 (round-off)": bool(c1_err <= 1e-12),
    "C2 max |attention - CCMC| with bias <= 1e-12 (round-off)": bool(c2_err <= 1e-12),
    "C3 slope of TV vs n (coverage)": f"{slope_ok:.2f}",
    "C3 exponent of TV in K": f"{slope_K:.2f}",
    "C4 slope of TV vs n (broken)": f"{slope_broken:.2f}",
    "C4 broken / ok error at largest n": f"{gap_ratio:.1f}",
    "C5 log10 max |P_attn - P_mle|": f"{np.log10(c5_gap):.1f}",
    f"C6 active tokens, attention, sigma={'/'.join(f'{x:g}' for x in sig)}": " / ".join(f"{a:.1f}" for a in mean_att),
    f"C6 active tokens, Markov, sigma={'/'.join(f'{x:g}' for x in sig)}": " / ".join(f"{a:.1f}" for a in mean_mar),
    "C7 single-token collapses / on self-dominant": f"{n_single} / {n_on_sd}",
    "C8 median / min TV ratio single / IID": f"{median_ratio:.1f} / {min_ratio:.1f}",
})

# %% [markdown]
# ## Claims

# %%
from shared.repro.claims import AtLeast, AtMost, Between, ClaimTable, IsTrue

claims = ClaimTable("attn-markov")
COLLAPSE_SIGMA = 1.0  # chains this peaky or more must collapse below half the vocabulary (C6)
claims.add_checks(
    "C1", "One attention layer samples from a CCMC: the base chain's row re-weighted by the prompt's token counts",
    reported="exact identity (theorem in the paper; numbering not verified)",
    checks=[("max |attn − CCMC|", c1_err, AtMost(1e-12)),
            ("max |Σp − 1|", sum_err, AtMost(1e-12)),
            ("mass on absent tokens (rotated E)", absent_max, AtMost(1e-12)),
            ("mass on absent tokens (one-hot E)", absent_onehot, AtMost(0.0)),
            ("all tokens once: max |p − P[q]|", full_prompt_err, AtMost(1e-12))],
    note=f"{cfg.id_draws} random (W, prompt) pairs, K = {K1}, d = {d1}, L = {L1}, float64, shared.attention.model")
claims.add_checks(
    "C2", "Positional encoding makes the transition weights position-dependent",
    reported="qualitative (abstract); bias form reconstructed",
    checks=[(f"max |attn − CCMC| with b_t = {gamma_c2:g}t/L", c2_err, AtMost(1e-12)),
            ("order change without bias", order_change_nobias, AtMost(1e-12))],
    note=f"additive position-only bias (our reconstruction); construction check, not counted: "
         f"shuffling the prompt changes the output by up to {order_change_bias:.3f} with the bias",
    cap_reason="the bias form is our reconstruction, under which position dependence holds by "
               "construction; only the position-weighted CCMC identity is tested")
claims.add_checks(
    "C3", "Under coverage the MLE is convex and consistent, error rate ∝ K²/n",
    reported="K²/n rate (secondary summaries; norm and constants not verified)",
    checks=[("slope of mean row-TV vs n", slope_ok, Between(-0.6, -0.4)),
            ("exponent of mean row-TV in K", slope_K, Between(0.6, 1.5)),
            ("method check: largest ‖∇‖ at the MLE", max_grad, AtMost(1e-6)),
            ("share of rows identified (uniform prompts)", float(np.mean(ident_ok)), AtLeast(1.0))],
    note=f"K = {K3}, n = {ns.min()}…{ns.max()}, {cfg.rate_teachers} teachers; row-TV ∝ K/√n is the analogue of squared error ∝ K²/n")
claims.add_checks(
    "C4", "Without coverage the estimate is not consistent",
    reported="coverage conditions named in the abstract",
    checks=[("slope of TV vs n, half-vocabulary prompts", slope_broken, AtLeast(-0.2)),
            ("error ratio broken / covered at largest n", gap_ratio, AtLeast(3.0))],
    note=f"prompts drawn inside one half of the vocabulary; construction check, not counted: "
         f"share of rows identified = {np.mean(ident_broken):.2f} (no half-vocabulary prompt can identify a row)")
claims.add(
    "C5", "Training the attention layer by gradient methods reaches the convex-MLE answer",
    reported="implied by the convex reformulation", measured=c5_gap, criterion=AtMost(c5_tol),
    note=f"max |P_attn − P_mle|, L-BFGS on W, n = {cfg.attn_n}; tolerance = a tenth of the largest "
         f"sampling standard error ½/√(n/K) = {c5_se:.3f} of an MLE entry")
claims.add_checks(
    "C6", "Winner-takes-all: generation from one prompt collapses onto a few winner tokens",
    reported="qualitative (abstract)",
    checks=[("Markov baseline min over σ of mean active", float(mean_mar.min()), AtLeast(0.9 * K4))]
    + [(f"attention mean active, σ = {s:g}", float(a), AtMost(0.5 * K4))
       for s, a in zip(sig, mean_att) if s >= COLLAPSE_SIGMA]
    + [("attention < Markov for every σ", bool(np.all(mean_att < mean_mar)), IsTrue()),
       (f"active(σ = {sig[0]:g}) > active(σ = {sig[-1]:g})", bool(mean_att[0] > mean_att[-1]), IsTrue()),
       ("largest rise across windows", max_rise, AtMost(0.5))],
    note=f"K = {K4}, {runs4} runs per σ, {steps4} steps, active = frequency > {100 * cfg.wta_thresh:g} % "
         f"in the last {cfg.wta_window}; collapse below K/2 required for σ ≥ {COLLAPSE_SIGMA:g}")
claims.add(
    "C7", "One-token collapses land on self-dominant tokens (P[k,k] = max_j P[k,j])",
    reported="derived for this book (mean-field), not the paper's theorem", measured=frac_on_sd,
    criterion=AtLeast(0.9), note=f"{n_on_sd} of {n_single} single-token collapses in {runs7} runs at σ = {cfg.c7_sigma:g}")
claims.add_checks(
    "C8", "Learning from one trajectory is worse than from IID prompts (not consistent in general)",
    reported="qualitative (earlier abstract: delicate, problem-dependent)",
    checks=[("median over teachers of TV_single / TV_IID", median_ratio, AtLeast(2.0)),
            ("smallest ratio (worse for every teacher)", min_ratio, AtLeast(1.0))],
    note=f"{len(rows5)} teachers, {cfg.single_pairs} pairs each")
claims.display()

# %% [markdown]
# ## Discussion
#
# **What matched.** The central identity (C1) is exact: the shared attention module and the CCMC
# formula agree to float64 round-off, the layer never emits a token missing from its prompt, and a
# prompt with every token once returns the base chain's row. The same algebra with an additive
# position bias (C2) turns counts into position-weighted counts, which is one concrete reading of
# "position-dependent scaling of the transition probabilities". Learning from prompts behaves as a
# convex, consistent estimation problem under coverage (C3) with the $1/\sqrt n$ and roughly linear
# in $K$ behaviour of the quoted $K^2/n$ rate, and fails without coverage (C4); training the layer
# itself by L-BFGS lands on the convex solution (C5). Generation collapses: the attention sampler
# keeps far fewer tokens alive than a Markov chain with the same transition matrix (C6), and the
# learned-from-one-trajectory estimator is markedly worse than the IID one (C8).
#
# **What to keep in mind.** The paper's figures, constants and theorem statements could not be read,
# so every threshold above is ours, and C7 tests a mean-field rule we derived rather than the paper's
# characterisation of winner sets. In the quick profile's few thousand steps the collapse is well under
# way but not finished: several tokens are still active in most runs, and the counts fall slowly
# (the mean-field picture predicts polynomial, not exponential, escape from unstable vertices). The
# active-token metric depends on the {glue:text}`wta_thresh_pct` threshold and the window length,
# which we fixed in advance and applied identically to both samplers. The K-exponent is fitted on
# {glue:text}`n_K_grid` vocabulary sizes only. C2 is capped at *partly*: with our additive bias,
# position dependence holds by construction, so the chapter tests only that the layer keeps its
# CCMC form with position-weighted counts, not the paper's own positional-encoding statement.
#
# **Easy and hard.** The identity and the convex MLE were easy once the data are written as
# (counts, last token, label) triples; the key-query orientation of the shared module (it scores
# $x_q^\top W x_t$ where we write $e_{k_t}^\top W e_q$) needed a transpose. The delicate part is
# generation: its results depend on run length, window and threshold, so we report them as counts
# with the settings beside them rather than as a single number.
