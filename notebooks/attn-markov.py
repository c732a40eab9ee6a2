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
# book) and the book's own curve of how likely a one-token collapse is at each scale of $W$ (M8).
# Four parts are **derived for this book, not taken from the paper**: the additive
# position-only bias $b_t$, the identifiability graph, the mean-field rule behind M7, and every
# numerical threshold. Every seed-dependent number is measured on three seeds. Six of the
# seven figures are analogues of figures we could not see; the seventh (M8) is our own
# experiment.

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
import matplotlib.pyplot as plt
from IPython.display import Markdown
from IPython.display import display

from shared.attention import markov_claims as mkc
from shared.attention import markov_experiment as mx
from shared.attention import markov_figures as mf
from shared.repro import glue
from shared.repro import key_numbers
from shared.repro import start

cfg = start("attn-markov", mx.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
profile = cfg.spec
# every run draws from its own named stream of SEED (shared.repro.seeds); sections 2-5
# are repeated on profile.seeds independent child streams
glue("n_seeds", profile.seeds)


def glue_all(values):
    """Glue every number of a section's prose (shared.repro.glue)."""
    for name, value in values.items():
        glue(name, value)


# %% [markdown]
# The settings of this run (`shared.attention.markov_experiment.Profile`; its docstring gives
# the units), which the sections below refer to:

# %%
print(profile)

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
ident = mx.run_identity(profile, SEED, cfg.device)
pos = mx.run_positional_example(profile, SEED)
glue_all(ident.prose(profile) | pos.prose())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's attention-to-CCMC map: the next-token probabilities of the one-layer attention model (x) against the CCMC formula (y) for every token of the random (W, prompt) pairs described in the text. Inset: the same with the additive recency bias b_t = γ t/L (our positional-encoding form; γ in the text). The maximal differences are printed in the panels.", "name": "fig-attn-markov-identity"}}
mf.identity(ident)
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

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the positional-encoding claim: next-token probabilities for one prompt under the recency bias b_t = γ t / L for the γ values in the legend (bars: attention layer; black ticks: CCMC formula with position-weighted counts). Left: the repeated token 2 sits early in the prompt; right: the same tokens with token 2 moved to the end. Without the bias (γ = 0) both prompts give the same law; the bias favours recent tokens.", "name": "fig-attn-markov-pe"}}
mf.positional(pos)
plt.show()

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
rate = mx.run_rate(profile, SEED)
glue_all(rate.prose(profile))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's consistency / sample-complexity result, first seed: mean row-TV error of the convex MLE against the number of IID prompts n (left; K and prompt length in the text; mean over teachers, dots are single teachers) with uniform prompts (coverage holds) and with prompts confined to one half of the vocabulary (coverage broken), and against the vocabulary size K at fixed n (right), with the untrained (uniform) chain's error as the null. Fitted log-log slopes in the legends; the dotted guides have slope -1/2 (left) and 1 (right).", "name": "fig-attn-markov-rate"}}
mf.rate(rate, profile)
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
att = mx.run_attention(profile, SEED, cfg.device)
glue_all(att.prose(profile))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue (reconstructed setup), first seed: entries of the base chain induced by the attention layer trained with L-BFGS (x) against the convex Θ-space MLE on the same prompts (y; settings in the text). Grey: the teacher's entries against the MLE, for scale.", "name": "fig-attn-markov-train"}}
mf.trained_layer(att)
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
gen = mx.run_generation(profile, SEED, cfg.device)
glue_all(gen.prose(profile))
if (
    gen.exceptions_markdown()
):  # one-token collapses onto a token that is not self-dominant
    display(Markdown(gen.exceptions_markdown()))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the paper's winner-takes-all figures; start prompt 0, …, K−1, E = I, first seed; settings (K, σ, runs, windows, threshold) in the text and the panel titles. (a) Share of each token in the growing context (start prompt included) for the run at the largest σ with the median final winner-set size. (b) Mean number of active tokens in windows ending at t for the attention sampler (solid) and the plain Markov chain with the same P (dashed). (c) Mean ± sd of active tokens in the final window against σ. (d) Sizes of the final winner sets of the M7 runs; the one-token collapses are split by whether the winner is self-dominant (P[k,k] = max_j P[k,j], the derived mean-field rule).", "name": "fig-attn-markov-wta"}}
mf.winner_takes_all(gen, profile)
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

# %% [markdown]
# **How likely is a one-token collapse?** The abstract speaks of a *small set* of winners; how
# often the set shrinks to a single token, and how that depends on the scale σ of $W$, is our own
# question, asked with our own collapse rule (exactly one token above the
# {glue:text}`wta_thresh_pct` threshold in the final window, as in M7). It is therefore method
# check M8, not a paper claim. Two limits frame it. At σ → 0 the chain is uniform and the sampler is
# a Pólya urn, whose token frequencies converge to a random mixture, not to a vertex, so no run
# should collapse. At any σ the mean-field rule allows a one-token collapse only onto a
# self-dominant token, and self-dominance does not depend on σ (each row's largest entry is on the
# diagonal with probability $1/K$), so the share of teachers that have one is a ceiling that σ
# cannot lift. In between, a larger σ makes the winners' advantage larger and the escape from
# unstable vertices faster, so more runs should finish collapsing within the
# {glue:text}`wta_steps` steps. We run {glue:text}`coll_runs` runs per σ and seed, each with a
# fresh teacher, for σ ∈ {{glue:text}`coll_sigmas_text`}, and the plain Markov chain with the same
# P as the null. The bounds (at least 0.2 at the largest σ, a rise of at least 0.15 over the grid,
# at most 0.05 at the smallest σ) were committed before the first measurement.

# %%
coll = mx.run_collapse(profile, SEED, cfg.device)
glue_all(coll.prose(profile))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "The book's own experiment (M8): share of runs whose final window holds exactly one active token, against the scale σ of W (K, steps, window and threshold as in the previous figure; runs per σ in the title); attention sampler, the plain Markov chain with the same P (the null), and the share of those teachers that have a self-dominant token, the ceiling of the mean-field rule. Mean over seeds; bars span the seeds.", "name": "fig-attn-markov-collapse"}}
mf.collapse(coll)
plt.show()

# %% [markdown]
# The share of one-token collapses is {glue:text}`coll_by_sigma` (ranges over seeds): none at
# σ = {glue:text}`coll_sigma_min:g`, as the Pólya-urn limit predicts, rising to
# {glue:text}`coll_att_max_r` at σ = {glue:text}`coll_sigma_max:g`. The Markov chain with the same
# P collapses in at most {glue:text}`coll_mar_max:.2f` of its runs at any σ. The curve stays well
# under its ceiling: {glue:text}`coll_sd_r` of the teachers have a self-dominant token at each σ,
# and at least {glue:text}`coll_on_sd_min:.2f` of the collapses land on one. So σ sets how *fast*
# a run collapses, not *whether* it can: within a finite run, most teachers that allow a one-token
# collapse have not reached it yet, and the gap between the curve and its ceiling is the part of
# the collapse still under way.
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
single = mx.run_single_trajectory(profile, SEED, cfg.device)
glue_all(single.prose(profile))
display(Markdown(single.table_markdown(seed=0)))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue (reconstructed setup) of the single-trajectory learning result, first seed: mean row-TV of the convex MLE fitted on the (context, next-token) pairs of one generated trajectory against the same fit on as many IID prompts (numbers of pairs, prompt length and K in the text), one dot per teacher, labelled with the number of active tokens in the trajectory's final window.", "name": "fig-attn-markov-single"}}
mf.single_trajectory(single)
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
# Each value is formatted to the precision at which it is meaningful and reproducible
# (see shared.attention.markov_experiment.key_numbers); seed-dependent values per seed.
key_numbers(mx.key_numbers(ident, rate, att, gen, single, coll))

# %% [markdown]
# ## Claims
#
# The claims are built by `shared.attention.markov_claims.claims` from the measured values below
# (criteria, nulls, evidence levels and notes live there and are unit-tested). Every paper claim is
# a reconstruction: only the abstract was read.

# %%
claims = mkc.claims(mx.measured(profile, ident, rate, att, gen, single, coll))
claims.display()

# %% [markdown]
# ## Method checks
#
# Identities, checks that hold by construction, and the book's own extra experiments: shown for
# transparency, never counted as paper claims.

# %%
claims.display_method_checks()

# %% [markdown]
# ## Full profile (archived run)
#
# The full profile fits the MLE on larger vocabularies and more data (K up to 64, n up to
# 256 000 prompts), generates four times longer with more runs, and draws the collapse curve on
# more runs per σ; it runs too long for this page, so its numbers below come from an archived
# run whose provenance (commit, date, device, wall time, packages) is printed with them.

# %%
from shared.repro import archive

archive.show("attn-markov")

# %% tags=["hide-input"]
glue("verdicts_paper", "; ".join(f"{c.id}: {c.verdict}" for c in claims.paper_claims))
glue("verdicts_method", "; ".join(f"{c.id}: {c.verdict}" for c in claims.method_checks))
glue("m8_verdict", next(c.verdict for c in claims.method_checks if c.id == "M8"))

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
#   Over the σ the check covers, the twin-run TV is {glue:text}`nonmix_first_steep_r` at σ =
#   {glue:text}`collapse_sigma:g` and {glue:text}`nonmix_top_r` at σ = {glue:text}`sigma_top:g`,
#   mostly below its values at the smallest σ. Peaky chains more often have a single strongly
#   self-dominant token, so both twins can collapse onto the same winner. Non-mixing is then a
#   statement about *which* winner set the history picks. Its worst seed,
#   {glue:text}`nonmix_worst:.2f` at σ = {glue:text}`nonmix_worst_sigma:g` against the bound
#   {glue:text}`nonmix_bound:.1f`, is the thinnest margin in the table.
# - *M8 (new, issue 15)* is the curve of one-token collapses against σ. It is a method check,
#   not a paper claim: the abstract says nothing about σ or about single winners, and the
#   collapse rule is ours. Its bounds were committed before the first measurement; it reads
#   {glue:text}`m8_verdict`.
# - *C5 and C8* now carry nulls (the untrained layer; a second IID sample) and three seeds.
#
# **Named seed streams (issue 14).** Each section now draws from its own named stream of
# `SEED` (`shared.repro.seeds`: `identity`, `positional`, `rate`, `attention`, `generation`,
# `single`; sections 2-5 use that stream's children, one per seed). Before, section 1 used the
# chapter's generator and sections 2-5 carried one generator per seed through all four
# sections in turn, so each section's numbers depended on how much randomness the sections
# before it had used. The switch changed every seed-dependent key number and no verdict. The
# M1/M2 pass/fail lines are unchanged. With the previous streams the numbers that moved most
# were: C6's worst twin-run TV, 0.34 at σ = 2 (now the value above); the C3 K-exponents,
# 1.01 / 1.24 / 1.18 (now {glue:text}`slope_K_r`); the C8 median ratios, 9.1 / 9.4 / 3.7
# (now {glue:text}`median_ratio_r`); the M7 one-token collapses, 41 in all (14 / 14 / 13), all
# on a self-dominant token (now {glue:text}`n_single` in all, {glue:text}`n_on_sd` of them on one).
# The other key numbers moved by about their seed-to-seed spread; the key-numbers cell lists
# the new values per seed.
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
