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
# attention-frozen model and its two exact hard-margin references, the transfer ratio ρ, the
# toy closed form $t^* = 1/\sqrt{k}$ and the LLM rank metric are ours**, and every figure other than
# Fig. 1 and Fig. 6 is an *analogue* of a figure we could not read. Claim logic (criteria, nulls,
# evidence levels) lives in `shared.attention.ocr_claims`, tested in `tests/test_ocr_claims.py`;
# the runs, profiles and key numbers in `shared.attention.ocr_experiment` and the figures in
# `shared.attention.ocr_figures`, tested in `tests/test_ocr_experiment.py`.

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
import numpy as np
from IPython.display import Markdown
from IPython.display import display

from shared.attention import ocr_experiment as ex
from shared.attention import ocr_figures as figs
from shared.attention.ocr import OCRTask
from shared.attention.ocr_claims import claims
from shared.repro import glue
from shared.repro import key_numbers
from shared.repro import progress
from shared.repro import start

# %%
cfg = start("ocr", ex.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())
profile = cfg.spec  # the run settings of this profile
seeds = ex.seeds_for(profile, cfg.seed)  # per-run seeds: SeedSequence(SEED).spawn
run_kw = {"device": cfg.device, "progress": progress}
profile

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

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of Fig. 1: the symbolic OCR task. Left, which (subject, relation) pairs are trained (subjects ordered by group); right, one sampled sequence of each kind with its label.", "name": "fig-ocr-task"}}
task = OCRTask()
fig = figs.task_figure(task, np.random.default_rng(cfg.seed))
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
main = ex.run_main(profile, seeds, **run_kw)  # factorized and combined, n_seeds each

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's synthetic-task figure: test-implication cross-entropy (left) and accuracy among the 20 c answers (right) against training step. Solid: held-out subjects; faint: training implications; dotted: chance (ln 20, 1/20). Mean ± sd over seeds where there are several.", "name": "fig-ocr-curves"}}
fig = figs.curves_figure(main)
plt.show()

# %% [markdown]
# The factorized model answers the held-out implications: after {glue:text}`steps` steps its
# test-implication accuracy is at least {glue:text}`fact_acc:.3f` over {glue:text}`n_seeds` seeds
# (cross-entropy at most {glue:text}`fact_ce:.3f` nats), while the combined model, which fits everything it is shown (training-implication accuracy
# {glue:text}`comb_train_impl:.3f`, test-subject fact accuracy {glue:text}`comb_test_fact:.3f`),
# picks the right c for only {glue:text}`comb_acc_c:.3f` of the held-out subjects — chance is 0.05 —
# with cross-entropy {glue:text}`comb_ce:.3f` against ln 20 = 2.996. It has learnt that $r_2$ calls
# for *some* c, and nothing about which one.

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

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's weight figure: the b and c rows of the trained W_OV (first seed) against the subject columns, training subjects (left of the white line) then held-out subjects, both ordered by group. The factorized model copies each group's c pattern into the held-out columns; the combined model leaves them flat.", "name": "fig-ocr-weights"}}
fig = figs.weights_figure(main)
plt.show()

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's low-rank argument: singular values of the trained W_OV (first seed), effective rank (mean over seeds) in the legend. Raw norms of the two full models are not comparable (the attention scores rescale the columns), so the margin-normalized norms are compared in the reduced model below.", "name": "fig-ocr-spectra"}}
fig = figs.spectra_figure(main)
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
# Li 2020). We compare with the two solutions the theory names, computed **exactly** with cvxpy:
# the *min-Frobenius reference* minimizes $\|W\|_F$ subject to every training margin
# $(Wx)_y - (Wx)_{y'} \ge 1$ (a QP), the *min-nuclear reference* minimizes $\|W\|_*$ under the same
# margins (an SDP; the problem is invariant under relabelling the groups and permuting a group's
# subjects, so a symmetric minimizer exists and we solve for it in a 12-dimensional space, checked
# against the full SDP in M8). Gradient descent on one matrix from zero gives every held-out subject
# *tied* c-logits by symmetry: nothing couples column $s$ to one c row more than to another, so the
# tie is a property of the construction (method check M1), not evidence. The nuclear-type solution
# prefers to reuse the training subjects' direction, which puts the right c on top. Gradient descent
# on the product starts from a random small $A, B$; we run {glue:text}`red_seeds` initializations.

# %%
reduced = ex.run_reduced(profile, seeds, progress=progress)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's implicit-bias result (reduced model, our reconstruction; G = 20, one training subject per group). Left and middle: nuclear and Frobenius norms divided by the minimum training margin γ along gradient descent (GD on A B: first initialization), with the exact hard-margin references as horizontal lines. Right: minimum held-out test margin among the c's, divided by γ.", "name": "fig-ocr-reduced"}}
fig = figs.reduced_figure(reduced)
plt.show()

# %%
display(Markdown(ex.reduced_table(reduced)))

# %% [markdown]
# After {glue:text}`red_steps` steps with $m_{\text{test}} = $ {glue:text}`m_show`, gradient descent
# on one matrix is almost parallel to the min-Frobenius reference (cosine
# {glue:text}`cos_comb_fro:.4f`; the two references themselves have cosine
# {glue:text}`cos_refs:.4f`) and its held-out c-logits are tied to rounding
# ($|\text{margin}|/\gamma \le$ {glue:text}`comb_tie:.1e`, by construction), like the reference's.
# Gradient descent on the product is closer to the min-nuclear reference (cosine
# {glue:text}`cos_fact_nuc:.4f` to {glue:text}`cos_fact_nuc_max:.4f` over {glue:text}`red_seeds`
# initializations, against at most {glue:text}`cos_fact_fro:.4f` to the min-Frobenius one) and has a
# positive margin on every held-out subject, but it is **not on** the min-nuclear solution: its
# held-out margin is {glue:text}`fact_margin_min:.3f` to {glue:text}`fact_margin_max:.3f` of γ
# where the min-nuclear solution has {glue:text}`nuc_ref_margin:.4f`, which is exactly the toy's
# $1/\sqrt{m}$ = {glue:text}`inv_sqrt_m_show:.4f`. So the product transfers *more* than the minimum
# nuclear norm would. At step {glue:text}`red_steps` each parametrization also has the lower value of
# "its own" margin-normalized norm; that ordering describes this **iterate**, not the limit the
# theory is about (the norms divided by γ are still moving in the figure), so it is a method check
# (M2), not evidence for C4.

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
sample = ex.run_sample_efficiency(profile, seeds, main, reduced, **run_kw)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's sample-efficiency result. Left: held-out implication accuracy among the c's against subjects per group, one trained implication per group. Right: reduced model, mean transfer ratio ρ of the held-out subjects after GD on the product (mean over initializations), against held-out subjects per group, with the toy optimum 1/√k.", "name": "fig-ocr-sample-efficiency"}}
fig = figs.sample_efficiency_figure(profile, sample)
plt.show()

# %% [markdown]
# ## Low inner rank (the paper's Fig. 6)
#
# The repository's rank sweep trains the factorized model with an inner dimension $r$ and a Gaussian
# initialization (entries $\mathcal{N}(0, 1/128)$). We run $r \in$ {glue:text}`rank_list` for
# {glue:text}`rank_steps` steps; the authors' repository runs the sweep for {glue:text}`repo_rank_steps`
# steps ({glue:text}`rank_ratio:.3g` times as many). C6 is graded on every rank of this sweep,
# $r = 3$ included. The full profile runs $r \in \{3, 8, 32, 128\}$ on 3 seeds and trains each run
# until its held-out accuracy moves by less than 1 point (max − min over the evaluations of the last
# quarter of training), from 4 000 up to 20 000 steps; method check M9 reports that movement per $r$
# (in this quick profile, for its fixed step count: {glue:text}`rank_moves`).

# %%
rank = ex.run_rank(profile, seeds, **run_kw)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of Fig. 6 (setup as in the authors' rank sweep, shorter run in the quick profile): held-out implication cross-entropy against step for several inner dimensions r of W_O W_V, Gaussian initialization. Faint: training implications.", "name": "fig-ocr-rank"}}
fig = figs.rank_figure(rank)
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
abl = ex.run_ablations(profile, seeds, **run_kw)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's ablations: held-out implication accuracy among the c's at the end of training (first seed) for the baseline, random b↔c pairing and the ablations run in this profile.", "name": "fig-ocr-ablations"}}
fig = figs.ablations_figure(main, abl)
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
display(Markdown(ex.llm_table(main, abl)))

# %% [markdown]
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
results = ex.Results(profile, main, reduced, sample, rank, abl)
key_numbers(ex.key_numbers(results), digits=3)

# %% [markdown]
# ## Claims
#
# Each paper claim is graded against a computed null — the untrained model (step 0 of the same
# run), the other parametrization, or the other reference — that its criterion must fail. All
# are reconstruction-level (see Scope); seed-dependent checks are graded on their worst seed.

# %%
measured = ex.measured(results)
table = claims(measured)
table.display()

# %%
# numbers quoted in the prose
for name, value in ex.prose_numbers(results, measured).items():
    glue(name, value, display=False)
tl = table.tally()
glue("n_holds", tl.verdicts["holds in our reconstruction"], display=False)
glue("n_partly", tl.verdicts["partly"], display=False)
glue("n_notrep", tl.verdicts.get("not reproduced", 0), display=False)
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
# ## Full profile (archived run)
#
# The full profile runs 5 main seeds, three held-out counts in the reduced model with 20 000 GD
# steps, 3 seeds for the sample-efficiency, ablation and rank runs, and the rank sweep
# $r \in \{3, 8, 32, 128\}$ trained until stable. Its numbers come from an archived run whose
# provenance (date, device, commit, wall time, packages) is shown first, then the paper claims
# that it grades on 3 seeds where the quick profile has one: the dashboard takes those from it.

# %% tags=["hide-input"]
from shared.repro import archive

archive.show("ocr", quick=table)

# %% [markdown]
# ## Discussion
#
# **What matched.** The central contrast holds on a CPU, now on {glue:text}`n_seeds` seeds: with the
# authors' task, initialization and optimizer, the factorized model answers implications for
# subjects it was never told about, and the combined model, which fits every training example and
# every held-out fact, stays at chance among the c answers with cross-entropy close to ln 20. The
# weights say why: only the factorized $W_{OV}$ writes each group's c into the held-out subjects'
# columns. In our reduced model the two parametrizations follow the two implicit biases — one matrix
# converges in direction to the exact min-Frobenius max-margin solution (C4a), the product is
# closer to the exact min-nuclear one than to the min-Frobenius one and separates every held-out
# subject on every initialization (C4b) — and OCR survives switching off weight decay
# (accuracy among c's {glue:text}`wd0_acc:.3f`).
#
# **What did not, or only partly.** With inner rank {glue:text}`r_small` and {glue:text}`rank_steps`
# steps the held-out accuracy is only {glue:text}`r_small_acc:.3f`, although the training
# implications are fitted ({glue:text}`r_small_train:.3f`); the authors' repository trains the sweep
# for {glue:text}`repo_rank_steps` steps ({glue:text}`rank_ratio:.3g` times as many), which the full
# profile runs. C6 includes $r = 3$, as the paper's sweep does, and is graded
# *{glue:text}`c6_verdict`* here. The full profile settles $r = 3$: it trains each rank until the
# held-out accuracy moves by less than 1 point over the last quarter of training (criterion fixed
# before the run). The archived full-profile run (tables above, 3 seeds) settles it: every
# $r = 3$ run meets that criterion (M9) with its training implications fitted and its held-out
# accuracy below the 0.9 bound, while $r \ge 8$ reach the bound, so C6 is *partly* there too and
# **r = 3 does not reach OCR in our reconstruction: it settles, it is not merely slow**.
# What the gradient-descent solutions converge to, against the exact references: GD on W to the min-Frobenius solution
# (C4a holds); GD on the product does **not** reach the min-nuclear solution within
# {glue:text}`red_steps` steps (C4d, cosine {glue:text}`cos_fact_nuc:.4f` against the 0.99 that
# C4a meets, and held-out margins above the reference's $1/\sqrt{m}$); its cosine still rises
# slowly with training (the full profile runs 20 000 steps), as max-margin directions are reached
# only logarithmically, so whether the limit is the min-nuclear solution is left open by our runs.
# The null of the cosine checks is now the other exact reference (the two references have cosine
# {glue:text}`cos_refs:.4f`). The reduced
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
# - *References (issue 15).* The λ-regularized references (CE + λ‖W‖*, CE + λ‖W‖²_F) are replaced by
#   the exact hard-margin minima (cvxpy). C4a keeps its 0.99 cosine bound, now against the exact
#   min-Frobenius solution, with the min-nuclear solution as null. C4b's absolute cosine check
#   (≥ 0.9 to the λ-nuclear reference) is dropped: the exact min-Frobenius solution itself has a
#   cosine above 0.9 to the min-nuclear one, so the bound could not fail at its null; C4b keeps the
#   comparison and the held-out margins. The new C4d asks whether GD on the product *converges* to
#   the min-nuclear solution (cosine ≥ 0.99, held-out margin within 10 % of the reference's; the
#   10 % was set after the references were computed, so C4d is post hoc) and is not supported.
# - *Rank sweep (issue 15).* The full profile trains $r \in \{3, 8, 32, 128\}$ until stable; M9
#   reports the last-quarter movement per $r$.
# - *Nulls.* Every check has a computed null: the untrained model, the other parametrization or GD
#   on W. Checks without a meaningful null (training-column ρ, effective-rank ordering, the
#   sample-efficiency ρ trend, the toy argmin, the random-pairing symmetry) are method checks
#   M4–M7.
#
# **Named seed streams (issue 14).** Each run's evaluation samples and training batches used to
# come from `numpy.random.default_rng([seed, 7919])` and `[seed, 104729]`, a salted seed; they
# now come from the named streams `"ocr-eval"` and `"ocr-batches"` of `shared.repro.seeds`. The
# switch re-draws every sample and batch, so every key number moved a little (each before → after
# pair is listed in the commit that made the switch); the verdicts are those of the table above.
#
# In all: {glue:text}`n_holds` paper claims hold in our reconstruction, {glue:text}`n_partly` are
# partly supported, {glue:text}`n_notrep` not reproduced (C4d), two are not attempted, and
# {glue:text}`n_method` method checks are listed apart.
#
# **Easy and hard.** The task and model are small and the official code fixes every setting; the
# traps are naming (the repository's `reparameterize_ov` flag means the *combined* model and its
# "identity" initialization is a tiny constant) and ties: with all c-logits equal, argmax picks the
# lowest index, so we count ties as misses and report margins. Because Adam rescales every
# coordinate, rounding differences between thread counts or devices change the trajectories, so the
# checked numbers are end-points on one CPU thread.
