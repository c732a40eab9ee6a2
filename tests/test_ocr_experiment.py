"""Tests for shared.attention.ocr_experiment and ocr_figures on a tiny profile."""

import dataclasses

import numpy as np
import pytest
import torch

from shared.attention import ocr_experiment as ex
from shared.attention.ocr_claims import Measured

torch.set_num_threads(1)

TINY = ex.Profile(
    steps=12,
    eval_every=6,
    n_eval=20,
    n_seeds=2,
    long_steps=0,
    reduced_m_test=(1,),
    reduced_steps=40,
    reduced_seeds=2,
    spg_list=(4, 5),
    spg_seeds=1,
    rank_list=(3, 128),
    rank_steps=12,
    rank_seeds=1,
    ablations=("wd0",),
    ablation_steps=12,
    ablation_seeds=1,
    rho_m=(1, 2),
)


def run_all(profile=TINY, seed=0):
    seeds = ex.seeds_for(profile, seed)
    main = ex.run_main(profile, seeds)
    reduced = ex.run_reduced(profile, seeds)
    sample = ex.run_sample_efficiency(profile, seeds, main, reduced)
    rank = ex.run_rank(profile, seeds)
    abl = ex.run_ablations(profile, seeds)
    return ex.Results(profile, main, reduced, sample, rank, abl)


@pytest.fixture(scope="module")
def results():
    return run_all()


def test_profiles_are_frozen_and_quick_keeps_the_old_settings():
    q = ex.PROFILES["quick"]
    assert (q.steps, q.n_seeds, q.reduced_steps, q.rank_list) == (
        2000,
        3,
        3000,
        (3, 8, 128),
    )
    assert q.rho_m == (1, 2, 3, 5) and ex.PROFILES["full"].rho_m == (1, 2, 3, 5, 7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.steps = 1
    assert ex.QUICK is q and ex.FULL is ex.PROFILES["full"]
    assert (ex.FULL.n_seeds, ex.FULL.reduced_steps, ex.FULL.steps) == (5, 20000, 2000)


@pytest.mark.parametrize(
    "change, word",
    [
        ({"steps": 0}, "steps"),
        ({"ablations": ("dropout",)}, "ablations"),
        ({"rank_list": ()}, "rank_list"),
        ({"long_steps": -1}, "long_steps"),
    ],
)
def test_bad_profile_raises_naming_the_field(change, word):
    with pytest.raises(ValueError, match=word):
        dataclasses.replace(TINY, **change)


def test_seeds_are_spawned_and_a_bad_seed_raises():
    s = ex.seeds_for(TINY, 0)
    assert len(s.runs) == 2 and len(set(s.runs)) == 2 and s.pairing not in s.runs
    with pytest.raises(ValueError, match="seed"):
        ex.seeds_for(TINY, -1)


def test_result_shapes(results):
    main, reduced, sample = results.main, results.reduced, results.sample
    rank, abl = results.rank, results.abl
    assert all(len(main.runs[ov]) == 2 for ov in ex.OVS)
    assert main.final("factorized", "test_impl_acc").shape == (2,)
    assert set(reduced.studies) == {1} and reduced.m_show == 1
    assert len(reduced.studies[1]["fact_all"]) == 2
    assert sample.rho_fact.shape == (2, 2, 2) and sample.rho_gd.shape == (2, 2)
    assert set(sample.spg_acc["combined"]) == {4, 5}
    assert set(rank.runs) == {3, 128}
    assert set(abl.runs) == {("wd0", "factorized")} and set(abl.perm) == set(ex.OVS)
    with pytest.raises(ValueError, match="ov"):
        main.final("both", "test_impl_acc")


def test_invariants(results):
    main, reduced, sample = results.main, results.reduced, results.sample
    for ov in ex.OVS:
        acc = main.final(ov, "test_impl_acc_c")
        assert np.all((acc >= 0) & (acc <= 1))
    # the toy optimum is 1/sqrt(k) up to the grid spacing
    assert sample.toy_argmin_err < 1e-3
    # GD on W from zero ties the held-out c-logits (by symmetry)
    assert reduced.shown["combined"]["tm_max_abs_g"] < 1e-9


def test_measured_key_numbers_and_tables(results):
    m = ex.measured(results)
    assert isinstance(m, Measured)  # claims(m) is graded in test_ocr_claims.py
    assert len(m.fact_test_impl_acc) == 2 and m.red_m == (1,) and m.ranks == (3, 128)
    assert len(m.red_fact_cos_nuc[0]) == 2 and len(m.rho_fact_margin) == 2
    kn = ex.key_numbers(results)
    assert len(kn) == 14 and all(np.isfinite(float(v)) for v in kn.values())
    prose = ex.prose_numbers(results, m)
    assert prose["rank_list"] == "{3, 128}" and prose["k_last"] == 2
    assert "| 1 | GD on W |" in ex.reduced_table(results.reduced)
    assert ex.llm_table(results.main, results.abl).count("not transcribed") == 10


def test_same_seed_gives_identical_key_numbers(results):
    again = ex.key_numbers(run_all())
    assert again == ex.key_numbers(results)


def test_figures_return_figures_with_their_axes(results):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    from shared.attention import ocr_figures as figs
    from shared.attention.ocr import OCRTask

    main, reduced, sample = results.main, results.reduced, results.sample
    profile, rank, abl = results.profile, results.rank, results.abl
    made = {
        "task": (figs.task_figure(OCRTask(), np.random.default_rng(0)), 2),
        "curves": (figs.curves_figure(main), 2),
        "weights": (figs.weights_figure(main), 4),  # two panels and two colorbars
        "spectra": (figs.spectra_figure(main), 1),
        "reduced": (figs.reduced_figure(reduced), 3),
        "sample": (figs.sample_efficiency_figure(profile, sample), 2),
        "rank": (figs.rank_figure(rank), 1),
        "ablations": (figs.ablations_figure(main, abl), 1),
    }
    for name, (fig, n_axes) in made.items():
        assert isinstance(fig, mpl.figure.Figure), name
        assert len(fig.axes) == n_axes, name
        plt.close(fig)


def test_rank_sweep_trains_until_stable_and_reports_the_move():
    p = dataclasses.replace(
        TINY, rank_list=(3,), rank_steps=12, rank_max_steps=60, eval_every=6
    )
    rank = ex.run_rank(p, ex.seeds_for(p, 0))
    (steps,) = rank.trained[3]
    assert 12 <= steps <= 60 and rank.max_steps == 60
    (move,) = rank.move[3]
    assert (move < ex.RANK_TOL) or steps == 60
    h = rank.runs[3][0]
    assert len(h["train_loss"]) == steps
    with pytest.raises(ValueError, match="rank_max_steps"):
        dataclasses.replace(TINY, rank_max_steps=5)
