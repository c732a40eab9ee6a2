"""attn-markov experiment module and figures, on a tiny profile (seconds)."""

import dataclasses
import math

import numpy as np
import pytest

from shared.attention import markov_claims as mkc
from shared.attention import markov_experiment as mx

TINY = dataclasses.replace(
    mx.PROFILES["quick"],
    id_draws=4,
    rate_n=(100, 200),
    rate_teachers=1,
    rate_K_grid=(4, 5),
    rate_K_n=200,
    wta_runs=2,
    wta_steps=400,
    wta_times=(200, 400),
    wta_time_window=200,
    wta_window=200,
    c7_runs=3,
    collapse_sigmas=(0.25, 4.0),
    collapse_runs=3,
    single_teachers=1,
    single_pairs=200,
    attn_n=60,
    attn_max_iter=10,
    seeds=2,
)


def _run_all(seed=0):
    ident = mx.run_identity(TINY, seed)
    pos = mx.run_positional_example(TINY, seed)
    rate = mx.run_rate(TINY, seed)
    att = mx.run_attention(TINY, seed)
    gen = mx.run_generation(TINY, seed)
    single = mx.run_single_trajectory(TINY, seed)
    coll = mx.run_collapse(TINY, seed)
    return ident, pos, rate, att, gen, single, coll


@pytest.fixture(scope="module")
def results():
    return _run_all(0)


def test_profiles_are_frozen_with_the_same_fields_and_three_seeds():
    assert set(mx.PROFILES) == {"quick", "full"}
    for prof in mx.PROFILES.values():
        assert isinstance(prof, mx.Profile)
        assert prof.seeds == 3
        with pytest.raises(dataclasses.FrozenInstanceError):
            prof.seeds = 1


def test_quick_profile_keeps_the_chapter_settings():
    q = mx.PROFILES["quick"]
    assert (q.rate_n, q.rate_K_grid, q.rate_K_n) == (
        (250, 1000, 4000, 16000),
        (4, 5, 6, 8, 11, 16),
        4000,
    )
    assert (q.wta_K, q.wta_sigmas, q.wta_runs, q.wta_steps) == (
        20,
        (0.5, 1.0, 2.0),
        10,
        5000,
    )
    assert (q.attn_n, q.attn_max_iter, q.single_pairs, q.id_gamma) == (
        1000,
        500,
        3000,
        3.0,
    )


@pytest.mark.parametrize(
    "change, match",
    [
        (dict(seeds=0), "seeds"),
        (dict(wta_runs=1.5), "wta_runs"),
        (dict(id_sigma=-1.0), "id_sigma"),
        (dict(wta_sigmas=(2.0, 1.0)), "increasing"),
        (dict(wta_thresh=1.0), "wta_thresh"),
        (dict(wta_window=10**6), "exceed"),
        (dict(rate_n=(100,)), "two values"),
        (dict(collapse_sigmas=(1.0,)), "collapse_sigmas"),
        (dict(collapse_sigmas=(2.0, 1.0)), "increasing"),
        (dict(collapse_runs=0), "collapse_runs"),
    ],
)
def test_bad_profile_raises_with_the_field_name(change, match):
    with pytest.raises(ValueError, match=match):
        dataclasses.replace(TINY, **change)


def test_identity_section_is_round_off_and_its_nulls_are_not(results):
    ident, pos = results[0], results[1]
    assert ident.p_attn.shape == (TINY.id_draws, TINY.id_K)
    assert ident.err < 1e-12 and ident.pe_err < 1e-12
    assert ident.id_err_null > 1e-3 and ident.pe_err_null > 1e-3
    assert ident.absent_onehot == 0.0
    assert ident.order_nobias < 1e-12 < ident.order_bias
    assert pos.attention.shape == (2, len(TINY.pe_gammas), mx.PE_K)
    np.testing.assert_allclose(pos.attention, pos.ccmc, atol=1e-12)
    # gamma = 0: both prompts are the same multiset, so the laws agree
    np.testing.assert_allclose(pos.attention[0, 0], pos.attention[1, 0], atol=1e-12)


def test_seed_sections_have_one_result_per_seed(results):
    _, _, rate, att, gen, single, coll = results
    for res in (rate, att, gen, single, coll):
        assert len(res.seeds) == TINY.seeds
    assert rate.seeds[0].tv_ok.shape == (len(TINY.rate_n), TINY.rate_teachers)
    assert rate.seeds[0].tv_K.shape == (len(TINY.rate_K_grid),)
    assert att.seeds[0].P_attn.shape == (TINY.attn_K, TINY.attn_K)
    assert len(gen.by_sigma("act_att")) == len(TINY.wta_sigmas)
    assert all(len(v) == TINY.seeds for v in gen.by_sigma("nonmix_att"))
    g0 = gen.seeds[0]
    assert g0.by_sigma[0].tokens.shape == (TINY.wta_runs, TINY.wta_steps)
    assert g0.act7.shape == (TINY.c7_runs,)
    assert 0 <= g0.n_on_sd <= g0.n_single <= TINY.c7_runs
    n_rows = len(TINY.single_sigmas) * TINY.single_teachers
    assert len(single.seeds[0].rows) == n_rows
    assert single.table_markdown().count("\n") == n_rows + 1
    c0 = coll.seeds[0]
    for arr in (c0.p_att, c0.p_mar, c0.sd_share):
        assert arr.shape == (len(TINY.collapse_sigmas),)
        assert np.all((arr >= 0) & (arr <= 1))
        # shares of collapse_runs runs
        assert np.allclose(arr * TINY.collapse_runs, np.round(arr * TINY.collapse_runs))


def test_collapse_at_large_sigma_is_a_one_token_run_on_a_self_dominant_teacher():
    """A chain with a strongly self-dominant token collapses onto it; the Markov
    chain with a uniform P never has a single active token."""
    prof = dataclasses.replace(TINY, collapse_sigmas=(0.01, 30.0), collapse_runs=4)
    res = mx.run_collapse(prof, 3)
    for s in res.seeds:
        assert s.p_att[0] == 0.0 and s.p_mar[0] == 0.0
        assert np.isnan(s.on_sd[1]) or s.on_sd[1] == 1.0


def test_measured_holds_every_seed_and_key_numbers_cover_every_claim(results):
    m = mx.measured(TINY, *results[:1], *results[2:])
    assert isinstance(m, mkc.Measured)
    assert m.seeds == TINY.seeds
    # (grading needs the chapter's profile: a tiny run's nulls are not separated, so
    # claims() is exercised on hand-built values in test_markov_claims.py)
    assert m.rate_K_grid == TINY.rate_K_grid and len(m.act_att) == len(TINY.wta_sigmas)
    keys = mx.key_numbers(results[0], *results[2:])
    for claim in ("M1", "M2", "C3", "M4", "C5", "C6", "M7", "M8", "C8"):
        assert any(k.startswith(claim) for k in keys), claim
    assert math.isclose(m.c5_gap[0], results[3].seeds[0].gap)


def test_same_seed_gives_identical_key_numbers(results):
    again = _run_all(0)
    assert mx.key_numbers(again[0], *again[2:]) == mx.key_numbers(
        results[0], *results[2:]
    )


def test_prose_numbers_are_named_once():
    ident, pos, rate, att, gen, single, coll = _run_all(1)
    names = [
        *ident.prose(TINY),
        *pos.prose(),
        *rate.prose(TINY),
        *att.prose(TINY),
        *gen.prose(TINY),
        *single.prose(TINY),
        *coll.prose(TINY),
    ]
    assert len(names) == len(set(names))


def test_sections_draw_from_their_own_streams():
    """A section's result does not depend on which sections ran before it."""
    alone = mx.run_attention(TINY, 0)
    np.testing.assert_array_equal(alone.seeds[1].P_mle, _run_all(0)[3].seeds[1].P_mle)
    other = mx.run_attention(TINY, 1)
    assert not np.array_equal(alone.seeds[0].P_mle, other.seeds[0].P_mle)


def test_bad_seed_raises():
    with pytest.raises(ValueError, match="seed"):
        mx.run_rate(TINY, -1)


def test_range_text():
    assert mx.range_text((0.5, 0.5)) == "0.50"
    assert mx.range_text((0.1, 0.3, 0.2)) == "0.10–0.30"


def test_each_figure_is_a_figure_with_its_panels(results):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from shared.attention import markov_figures as mf

    ident, pos, rate, att, gen, single, coll = results
    figs = {
        mf.collapse(coll): 1,
        mf.identity(ident): 1,  # the inset is a child of the main axes
        mf.positional(pos): 2,
        mf.rate(rate, TINY): 2,
        mf.trained_layer(att): 1,
        mf.winner_takes_all(gen, TINY): 4,
        mf.single_trajectory(single): 1,
    }
    for fig, n_axes in figs.items():
        assert isinstance(fig, Figure)
        assert len(fig.axes) == n_axes
        plt.close(fig)
