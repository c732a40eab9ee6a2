"""Tests for shared.attention.cat_experiment and cat_figures: a tiny profile that trains
in seconds, result shapes and invariants, determinism, bad input, and one smoke test per
figure."""

import contextlib
import dataclasses
import io
import math

import matplotlib
import numpy as np
import pytest
import torch

from shared.attention import cat_experiment as cx
from shared.attention.cat_claims import claims
from shared.repro import key_numbers as print_key_numbers

matplotlib.use("Agg")
torch.set_num_threads(1)

TINY = dataclasses.replace(
    cx.PROFILES["quick"],
    vocab=32,
    d_model=16,
    train_len=16,
    train_pairs=4,
    steps=3,
    batch=8,
    test_grid=((16, 4), (32, 4)),
    n_test=8,
    n_test_long=8,
    long_from=32,
    baseline_runs=(("rope", (0,)), ("nope", (0,))),
    baseline_steps=3,
    nar_len=12,
    nar_steps=3,
    nar_n_test=8,
    oracle_n=20,
    hb_lengths=(16, 32),
    hb_pairs=4,
    hb_tokens=64,
    workers=1,
)


@pytest.fixture(scope="module")
def runs():
    tr = cx.run_training(TINY, 0)
    return tr, cx.run_ngram(tr, 0), cx.run_hand_built(TINY, 0)


def test_profiles_are_frozen_and_quick_matches_its_brief():
    p = cx.PROFILES["quick"]
    assert set(cx.PROFILES) == {"quick", "full"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.steps = 1
    assert p.cat_seeds == (0, 1, 2) and p.chance == 1 / p.train_pairs
    assert p.baselines == ("rope", "nope")


def test_training_jobs_cover_every_model_and_share_seeds_by_index():
    jobs = cx.training_jobs(TINY, 0)
    kinds = [j.kind for j in jobs if j.task == "mqar"]
    assert kinds == ["cat"] * 3 + ["rope", "nope", "cat-q", "cat-k", "cat-v"]
    by_index = {}
    for j in jobs:
        assert by_index.setdefault(j.seed_index, j.seed) == j.seed
    nar = [(j.order, j.window, j.seed_index) for j in jobs if j.task == "nar"]
    assert nar == [(2, 1, 0), (2, 2, 0), (2, 3, 0), (2, 3, 1), (2, 3, 2)]


def test_results_have_the_profile_shapes(runs):
    tr, ng, hb = runs
    assert len(tr.of("cat")) == 3 and all(len(r.test) == 2 for r in tr.of("cat"))
    assert all(0 <= a <= 1 for r in tr.mqar for a in r.test)
    assert ng.acc.shape == (3, 1, 3) and not np.isnan(ng.acc).any()
    assert ng.claim_order == 2 and np.allclose(ng.oracle[0, 2], 1.0)
    assert hb.measured.shape == (4, 2) and hb.agree and hb.exact_below_limit
    assert len(hb.narrow_acc) == 2 and hb.narrow_acc[0] == 1.0
    table = cx.per_seed_table(tr)
    assert table.count("\n") == 1 + len(tr.mqar) and "—" in table  # ablation: ends only


def test_measured_feeds_claims_and_key_numbers_are_reproducible(runs):
    tr, ng, hb = runs
    m = cx.measured(tr, ng, hb)
    assert len(m.cat_acc_train) == 3 and set(m.stream_value_mass) == {
        "q",
        "k",
        "v",
        "qkv",
    }
    t = claims(m)
    assert {c.id for c in t.method_checks} == {"M1", "M2", "M3", "M4"}
    kn = cx.key_numbers(tr, ng, hb)
    assert kn["handbuilt_matches_closed_form"] is True
    again = cx.run_training(TINY, 0)
    assert (
        cx.key_numbers(again, cx.run_ngram(again, 0), cx.run_hand_built(TINY, 0)) == kn
    )
    prose = cx.prose_numbers(tr, ng, hb)
    assert prose["n_cat_seeds"] == 3 and math.isclose(prose["chance"], 0.25)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="Profile"):
        cx.run_training({"steps": 3}, 0)
    with pytest.raises(ValueError, match="seed"):
        cx.run_training(TINY, -1)
    from shared.attention.cat_training import run_job

    with pytest.raises(ValueError, match="Job"):
        run_job({"task": "mqar"})
    bad = cx.training_jobs(TINY, 0)[0]
    with pytest.raises(ValueError, match="task"):
        run_job(dataclasses.replace(bad, task="lm"))


def test_each_figure_returns_a_figure_with_its_axes(runs):
    import matplotlib.pyplot as plt

    from shared.attention import cat_figures as cf

    tr, ng, hb = runs
    figs = {
        "one_layer": (cf.one_layer(tr), 1),
        "length": (cf.length(tr), 1),
        "loss": (cf.loss(tr), 1),
        "streams": (cf.streams(tr, cx.example_attention(tr, 0)), 4),  # 3 + colorbar
        "ngram": (cf.ngram(ng), 3),
        "hand_built": (cf.hand_built(hb), 1),
        "random_filler": (cf.random_filler(tr), 1),
    }
    for name, (fig, n_axes) in figs.items():
        assert isinstance(fig, matplotlib.figure.Figure), name
        assert len(fig.axes) == n_axes, name
        plt.close(fig)


def test_every_cat_and_baseline_run_is_also_tested_with_disjoint_random_filler(runs):
    tr, ng, hb = runs
    for k in tr.kinds:
        assert all(len(r.test_disjoint) == len(r.test) for r in tr.of(k))
    assert all(r.test_disjoint == () for r in tr.of("cat-k"))
    m = cx.measured(tr, ng, hb)
    assert len(m.cat_min_longer_disjoint) == 3 and m.rf_min_longer_disjoint == ()
    assert len(cx.random_filler_lines(tr)) == 3 + 2
    kn = cx.key_numbers(tr, ng, hb)
    assert "cat_zerotrained_s0_disjoint_min_longer" in kn


SWEEP = dataclasses.replace(
    TINY,
    cat_seeds=(0,),
    baseline_runs=(("rope", (0,)),),
    rf_seeds=(0,),
    nar_orders=(1, 2),
    ssm=True,
    sweep_len=16,
    sweep_pairs=(2, 4),
    sweep_kinds=("cat", "ssm", "mamba"),
    sweep_lrs=(1e-3, 1e-2),
    sweep_seeds=(0,),
    sweep_steps=3,
    sweep_batch=4,
)


def test_sweep_jobs_cover_models_pairs_and_the_shared_lr_grid():
    jobs = [j for j in cx.training_jobs(SWEEP, 0) if j.group == "sweep"]
    assert len(jobs) == 3 * 2 * 2
    assert {(j.kind, j.train_pairs, j.lr) for j in jobs} == {
        (k, n, lr)
        for k in ("cat", "ssm", "mamba")
        for n in (2, 4)
        for lr in (1e-3, 1e-2)
    }
    assert all(j.train_len == 16 for j in jobs)
    # the same data, steps and batch for every model
    assert {(j.steps, j.batch) for j in jobs} == {
        (SWEEP.sweep_steps, SWEEP.sweep_batch)
    }
    for n in (2, 4):
        for lr in (1e-3, 1e-2):
            at = [j for j in jobs if j.train_pairs == n and j.lr == lr]
            assert len({j.seed for j in at}) == 1
    rf = [j for j in cx.training_jobs(SWEEP, 0) if j.group == "rf"]
    assert [(j.filler, j.test_disjoint) for j in rf] == [("disjoint", True)]


def test_sweep_and_random_filler_training_run_and_are_graded():
    from shared.attention import cat_figures as cf

    p = dataclasses.replace(SWEEP, sweep_kinds=("cat", "mamba"), sweep_lrs=(1e-2,))
    tr = cx.run_training(p, 0)
    sw = cx.run_sweep(tr)
    assert sw.acc.shape == (2, 2, 1, 1) and not np.isnan(sw.acc).any()
    assert sw.best_lr == {"cat": 1e-2, "mamba": 1e-2}
    ng = cx.run_ngram(tr, 0)
    assert ng.graded_orders == (1, 2) and ng.claim_order == 2
    m = cx.measured(tr, ng, cx.run_hand_built(p, 0), sw)
    assert len(m.rf_min_longer_disjoint) == 1 and [r[0] for r in m.nar_extra] == [1]
    assert set(m.sweep_acc) == {"cat", "mamba"} and len(m.sweep_acc["cat"]) == 2
    # the claims table takes the sweep (graded, or not attempted when CAT itself
    # fails after 3 steps) without refusing a null
    c7 = next(c for c in claims(m).claims if c.id == "C7")
    assert ("CAT itself" in str(c7)) == (max(m.sweep_acc["cat"][-1]) <= 0.5)
    kn = cx.key_numbers(tr, ng, cx.run_hand_built(p, 0), sw)
    assert "sweep_mamba_n4_acc_mean" in kn and "sweep_cat_lr" in kn
    assert kn["sweep_len"] == 16 and "sweep_cat_n2_s0_acc" in kn
    fig = cf.sweep(sw)
    assert len(fig.axes) == 1
    # the archive keeps the printed key numbers: the figure's data come back from them
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print_key_numbers(kn, digits=2)  # as the notebook's key-numbers cell
    cv = cx.sweep_curves_from_key_numbers(buf.getvalue())
    assert cv.kinds == ("cat", "mamba") and cv.pairs == (2, 4) and cv.seq_len == 16
    assert cv.lr == {"cat": 1e-2, "mamba": 1e-2}
    np.testing.assert_allclose(cv.acc["cat"], np.round(sw.at_best("cat"), 2))
    assert len(cf.sweep(cv).axes) == 1
    assert cx.sweep_curves_from_key_numbers("cat_s0_acc_L64 = 1.00") is None
    with pytest.raises(ValueError, match="str"):
        cx.sweep_curves_from_key_numbers(None)
    assert cx.run_sweep(cx.run_training(dataclasses.replace(TINY, steps=3), 0)) is None


def test_full_profile_runs_the_cpu_sweep_and_cat_ssm_makes_it_gpu_size(monkeypatch):
    full, quick = cx.PROFILES["full"], cx.PROFILES["quick"]
    assert full.ssm and not quick.ssm
    assert set(full.sweep_kinds) == {"cat", "ape", "ssm", "mamba"}
    assert len(full.sweep_seeds) >= 3 and len(full.sweep_lrs) >= 3
    assert full.lr in full.sweep_lrs  # the chapter's CAT learning rate is in the grid
    n_sweep = sum(j.group == "sweep" for j in cx.training_jobs(full, 0))
    assert n_sweep == 4 * 3 * 3 * 3
    monkeypatch.delenv(cx.SSM_ENV, raising=False)
    assert cx.with_env(full, "full") is full
    monkeypatch.setenv(cx.SSM_ENV, "1")
    gpu = cx.with_env(full, "full")
    assert gpu.ssm and gpu.sweep_len > full.sweep_len
    assert gpu.sweep_steps > full.sweep_steps
    assert cx.with_env(quick, "quick") is quick


def test_full_differs_from_quick_only_where_the_full_profile_says():
    full, quick = cx.PROFILES["full"], cx.PROFILES["quick"]
    same = [
        f.name
        for f in dataclasses.fields(cx.Profile)
        if getattr(full, f.name) == getattr(quick, f.name)
    ]
    assert {"vocab", "d_model", "train_len", "lr", "sweep_len", "workers"} <= set(same)
    assert full.test_grid[: len(quick.test_grid)] == quick.test_grid


def test_full_profile_test_grid_fits_the_vocabulary_and_runs_n_gram_orders_1_to_3():
    full = cx.PROFILES["full"]
    assert max(n for _, n in full.test_grid) <= full.vocab // 2 - 1
    assert full.nar_orders == (1, 2, 3) and set(full.nar_windows) >= {1, 2, 3, 4}
