"""The attn-automaton experiment and figure modules on a tiny profile (seconds, no
papermill)."""

import dataclasses

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from shared.attention import automaton as A  # noqa: E402
from shared.attention import automaton_experiment as X  # noqa: E402
from shared.attention import automaton_figures as F  # noqa: E402
from shared.attention.automaton_claims import Measured  # noqa: E402
from shared.attention.automaton_claims import RunSettings  # noqa: E402

TINY = dataclasses.replace(
    X.PROFILES["quick"],
    acyclic=(3, 4, 5, 6),
    cyclic=(5, 3, 4, 6),
    big_cyclic=(5, 3, 4, 6),
    acyclic_lr=(3, 4, 5, 6),
    local=(3, 4, 5, 6),
    n_trials=2,
    iters=240,
    record_every=40,
    big_trials=2,
    iters_big_lr=40,
    local_trials=2,
    local_iters=40,
    reg_radii=(1.0, 8.0),
    reg_trials=1,
    reg_iters=20,
    convexity_pairs=3,
    n_seeds=2,
    it_mid=40,
    it_late=200,
)


@pytest.fixture(scope="module")
def res():
    return X.run(TINY, 0)


def test_profiles_keep_the_official_settings():
    q, f = X.PROFILES["quick"], X.PROFILES["full"]
    assert (q.acyclic, q.cyclic, q.big_cyclic) == (
        (4, 6, 8, 8),
        (6, 4, 6, 8),
        (10, 6, 8, 8),
    )
    assert (q.iters, q.n_trials, f.iters, f.n_trials) == (4000, 10, 20000, 100)
    assert q.local_losses == f.local_losses == ("ce", "sq")
    assert q.local_trials >= 16 and f.local_trials >= q.local_trials
    assert A.PROFILES is X.PROFILES and A.Profile is X.Profile  # re-exported


def test_run_shapes_and_invariants(res):
    assert len(res.seeds) == TINY.n_seeds
    f = res.first
    B, R = TINY.n_trials, TINY.iters // TINY.record_every + 1
    assert f.acyclic.corr.shape == (B, R) and f.cyclic.norm_diff.shape == (B, R)
    assert f.big.corr.shape == (TINY.big_trials, R)
    assert f.big_lr.steps[-1] == TINY.iters_big_lr
    assert set(f.local) == {"ce", "sq"} and len(f.local_data) == TINY.local_trials
    assert all(set(s.local) == {"ce", "sq"} for s in res.seeds)  # every seed
    assert f.reg.shape == (TINY.reg_trials, len(TINY.reg_radii))
    assert res.sd_log.shape == (TINY.convexity_pairs, B)
    assert res.sd_log.min() >= -1e-10  # the identity-head log-loss is convex
    for r in res.runs("acyclic") + res.runs("cyclic"):
        assert np.all(np.abs(r.corr) <= 1 + 1e-12)
        assert np.all((r.mass >= 0) & (r.mass <= 1 + 1e-12))
    dg = res.diagnostic
    assert dg.sel_end.shape == dg.sel_more.shape == f.local_data[dg.trial].X.shape


def test_measured_record_matches_the_runs(res):
    m = X.measured(res)
    assert isinstance(m, Measured)
    assert len(m.a_corr) == TINY.n_seeds and len(m.loc_kept) == TINY.n_seeds
    assert m.iters == TINY.iters and m.loc_kept == tuple(
        int(st.keep.sum()) for st in res.local_stats()
    )
    assert len(m.sq_loc_diff) == TINY.n_seeds and m.sq_loc_kept == tuple(
        int(st.keep.sum()) for st in res.local_stats(loss="sq")
    )
    assert m.sq_loc_diff != m.loc_diff  # its own trials and loss
    # the settings are declared once (RunSettings) and copied from the profile
    for f in dataclasses.fields(RunSettings):
        assert getattr(m, f.name) == getattr(TINY, f.name), f.name
    assert isinstance(TINY, RunSettings) and (m.it_mid, m.it_late) == (
        TINY.it_mid,
        TINY.it_late,
    )


def test_prose_and_key_numbers(res):
    pn = X.prose_numbers(res)
    assert pn["n_seeds"] == TINY.n_seeds and pn["loc_trials"] == TINY.local_trials
    assert pn["loc_kept"] + pn["loc_dropped"] == TINY.local_trials
    assert pn["sq_trials"] == TINY.local_trials and pn["sq_kept"] <= TINY.local_trials
    kn = X.key_numbers(res)
    assert len(kn) == 19
    assert kn["local CE trials kept by filter, per seed"].count("/") == TINY.n_seeds
    assert kn["local SQ trials kept by filter, per seed"].count("/") == TINY.n_seeds


def test_same_seed_same_key_numbers(res):
    # repr: NaN entries (a tiny run may keep no trial) compare equal as text
    assert repr(X.key_numbers(X.run(TINY, 0))) == repr(X.key_numbers(res))


def test_other_seed_other_data(res):
    other = X.run(dataclasses.replace(TINY, n_seeds=1), 1)
    assert not np.array_equal(
        other.first.acyclic.datasets[0].E, res.first.acyclic.datasets[0].E
    )


def test_bad_input_raises():
    with pytest.raises(ValueError, match="Profile"):
        X.run({"iters": 3}, 0)
    with pytest.raises(ValueError, match="n_seeds"):
        X.seed_streams(0, 0)
    with pytest.raises(ValueError, match="not recorded"):
        X.step_index(np.array([0, 20, 40]), 30)


def test_local_stats_informative_and_filter():
    run = X.LocalRun(
        steps=np.array([0, 1]),
        corr_global=np.array([[0.1, 0.5], [0.1, 0.9]]),
        corr_local=np.array([[0.1, 0.99], [0.1, 0.5]]),
        norm_diff_global=np.array([[0.0, 2.0], [0.0, 1.0]]),
        norm_diff_local=np.array([[0.0, 0.1], [0.0, 1.0]]),
        n_ambiguous=np.zeros(2, dtype=int),
        n_selected=np.array([5, 3]),
        W=np.zeros((2, 2, 2)),
    )
    st = X.local_stats(run, 1, 0.95, n_windows=3)
    assert st.keep.tolist() == [True, False] and st.multi.tolist() == [True, False]
    assert st.informative.tolist() == [True, False]
    assert st.nd_local_below_global(st.informative)
    assert not st.nd_local_below_global(np.zeros(2, dtype=bool))
    assert np.isnan(X.kept_mean(st.l, np.zeros(2, dtype=bool)))


@pytest.mark.parametrize(
    "make, n_axes",
    [
        (lambda f: F.acyclic(f.acyclic), 4),
        (lambda f: F.cyclic(f.cyclic), 4),
        (lambda f: F.schematic(f.cyclic), None),
        (lambda f: F.larger(f.big, f.big_lr, 0.1), 3),
        (lambda f: F.local(f.local, 0.95), 6),  # one row per loss
        (lambda f: F.regularization_path(TINY.reg_radii, f.reg), 1),
    ],
)
def test_each_figure_is_a_figure_with_its_axes(res, make, n_axes):
    fig = make(res.first)
    assert isinstance(fig, matplotlib.figure.Figure)
    if n_axes is None:  # schematic: 1-3 token-priority graphs and the window panel
        assert 2 <= len(fig.axes) <= 4
    else:
        assert len(fig.axes) == n_axes
    plt.close(fig)
