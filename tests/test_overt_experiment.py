"""The OVERT chapter's experiment module (shared.overt.experiment) on a tiny profile.

A hashed bag-of-words encoder stands in for MiniLM and the keyword filter for the
profanity model, so these tests need neither package, only the released data files.
"""

import dataclasses
import zlib

import numpy as np
import pytest

from shared.overt import claims as OC
from shared.overt import data as D
from shared.overt import embed as E
from shared.overt import experiment as X
from shared.overt import harness as H
from shared.overt import pipeline as P

HAVE_DATA = all((D.candidate_dirs()[0] / f).is_file() for f in D.FILES.values())
needs_data = pytest.mark.skipif(not HAVE_DATA, reason="needs the released OVERT files")

TINY = dataclasses.replace(
    X.PROFILES["quick"],
    n_full_per_category=6,
    n_pairs_per_category=6,
    cv_folds=2,
    demo_seeds=3,
    policy_prompts=9,
    n_rewrite_per_category=5,
)


class HashedWords:
    """Sum of fixed random word vectors (CRC-32 seeded), a deterministic MiniLM
    stand-in."""

    def encode(self, texts, **_):
        out = np.zeros((len(texts), E.DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                rng = np.random.default_rng(zlib.crc32(w.encode()))
                out[i] += rng.normal(size=E.DIM)
        return E.normalize_rows(out)


@pytest.fixture(scope="module")
def tables():
    if not HAVE_DATA:
        pytest.skip("needs the released OVERT files")
    full = D.load_all()
    rng = np.random.default_rng(0)
    return {
        s: t.take(D.stratified_sample(t["category"], 40, rng)) for s, t in full.items()
    }


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv(E.ENV_EMBED_CACHE, str(tmp_path_factory.mktemp("emb")))
    yield E.Encoder(HashedWords(), "cpu", name="hashed-words-test")
    mp.undo()


def _run(tables, encoder, seed=0):
    sample = X.embed_sample(TINY, tables, encoder, seed)
    return X.Results(
        "quick",
        X.check_data(tables),
        sample,
        X.run_workflow(TINY, seed, tables, encoder, sample),
        X.run_dedup(TINY, tables["full"], encoder),
        X.check_reported(seed, 50),
        X.run_filters(TINY, seed, tables, encoder, sample, profanity=H.KeywordFilter),
        X.run_rewrite(TINY, tables["mini"], encoder, seed),
    )


@pytest.fixture(scope="module")
def results(tables, encoder):
    return _run(tables, encoder)


def test_quick_profile_keeps_the_chapter_settings():
    q, f = X.PROFILES["quick"], X.PROFILES["full"]
    assert (q.n_full_per_category, q.n_pairs_per_category, q.demo_seeds) == (30, 20, 20)
    assert (q.policy_prompts, q.n_rewrite_per_category, q.batch_size) == (60, 60, 64)
    assert (q.n_queries, q.cv_folds, q.lr_c) == (8, 5, 1.0)
    assert q.dedup_categories == ("violence",) and f.dedup_categories == D.CATEGORIES
    assert q.n_pairs_per_category < f.n_pairs_per_category


@pytest.mark.parametrize(
    "change, message",
    [
        ({"cv_folds": 1}, "cv_folds"),
        ({"n_queries": 0}, "n_queries"),
        ({"lr_c": -1.0}, "lr_c"),
        ({"dedup_thresholds": (0.8, 0.9)}, "paper's threshold"),
        ({"demo_categories": ("weapons",)}, "category"),
    ],
)
def test_profile_rejects_bad_settings_with_the_setting_named(change, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(TINY, **change)


def test_run_rejects_a_dict_profile():
    with pytest.raises(ValueError, match="Profile"):
        X.run({"n_full_per_category": 3}, 0, encoder=None)


def test_check_reported_is_deterministic_and_its_nulls_fail():
    a, b = X.check_reported(0, 50), X.check_reported(0, 50)
    assert a.rho_null == b.rho_null and a.trade.rho == b.trade.rho
    assert a.rho_null < a.trade.rho - 0.5
    assert a.dev_a_null.max() > a.dev_a.max() and a.dev_x_null > a.dev_x
    with pytest.raises(ValueError, match="n_permutations"):
        X.check_reported(0, 0)


@needs_data
def test_sample_shapes(results):
    s = results.sample
    assert s.n_pairs == 9 * 6 and len(s.full_idx) == 9 * 6
    assert s.emb_benign.shape == s.emb_harm.shape == (54, E.DIM)
    assert s.emb_full.shape == (54, E.DIM) and s.n_embedded == 3 * 54


@needs_data
def test_funnels_only_narrow(results):
    wf = results.workflow
    assert [f.category for f in wf.funnels] == [*TINY.demo_categories, "gambling"]
    for f in wf.funnels:
        counts = [f.counts[s] for s in P.STAGES[1:]]
        assert counts == sorted(counts, reverse=True)
    assert 0 <= wf.judge_drop <= wf.judge_in
    assert "| stage |" in wf.table()


@needs_data
def test_invariants_of_dedup_filters_and_rewrite(results):
    assert results.dedup.monotone and 0 < results.dedup.kept("violence", 0.9) <= 1
    f = results.filters
    assert f.sweeps_monotone and set(f.rates) >= {"keyword", "profanity"}
    for rb, rh in f.rates.values():
        assert 0 <= rb.overall <= 1 and 0 <= rh.overall <= 1
    assert set(f.kw_inversions_ci) <= set(f.kw_inversions)
    assert 0 <= f.auc_sim <= 1 and 0 <= f.auc_lr <= 1 and 0 <= f.cat_acc <= 1
    assert set(results.rewrite.rows) == set(X.REWRITE_CATEGORIES)
    assert results.rewrite.lowers


@needs_data
def test_measured_feeds_the_claims_and_key_numbers_are_complete(results):
    m = X.measured(results)
    assert isinstance(m, OC.Measured) and m.n_pairs == 54
    assert OC.claims(m) is not None
    keys = X.key_numbers(results)
    assert len(keys) == 15 and keys["pairs exact / substring / none"].count("/") == 2


@needs_data
def test_same_seed_gives_identical_key_numbers_and_another_seed_another_sample(
    tables, encoder, results
):
    again = _run(tables, encoder, seed=0)
    assert X.key_numbers(again) == X.key_numbers(results)
    other = X.embed_sample(TINY, tables, encoder, 1)
    assert not np.array_equal(other.pair_idx, results.sample.pair_idx)
