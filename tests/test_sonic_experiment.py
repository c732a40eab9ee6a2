"""shared.geomech.sonic_experiment on tiny profiles: shapes, invariants, seeding, bad
input."""

import dataclasses

import numpy as np
import pytest

from shared.geomech import sonic_experiment as X

TINY = X.Profile(
    n=12,
    n_figure=12,
    n_cubes=2,
    n_cubes_sweep=2,
    fig_schemes=("nearest", "linear"),
    fa_coarsen=2,
    fa_cubes=2,
    fig_cubes=2,
)


def test_profiles_are_frozen_and_keep_the_chapter_values():
    q = X.PROFILES["quick"]
    assert (q.n, q.n_figure, q.n_cubes, q.n_cubes_sweep) == (60, 60, 10, 5)
    assert (q.fa_coarsen, q.fa_cubes, q.fig_cubes) == (2, 3, 1)
    assert X.PROFILES["full"].fig_schemes == X.SCHEMES
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.n = 30


def test_bad_profile_raises_with_the_field_name():
    with pytest.raises(ValueError, match="fa_cubes"):
        dataclasses.replace(TINY, fa_cubes=3)
    with pytest.raises(ValueError, match="fig_schemes"):
        dataclasses.replace(TINY, fig_schemes=("bicubic",))
    with pytest.raises(ValueError, match="n_cubes"):
        dataclasses.replace(TINY, n_cubes=1)


def test_sections_have_the_expected_shapes_and_invariants():
    st = X.streams(TINY, 0)
    fc = X.run_figure_cube(TINY, st)
    assert fc.n_vp == fc.n_vs == 27 and fc.vp_valid
    m2 = X.run_maps_2d(TINY, fc)
    assert m2.maps["vp"]["X"]["linear"].shape == (12, 12)
    assert m2.node_err < 1e-6 and m2.flat_ptp < 1e-9
    m3 = X.run_map_3d(TINY, st, fc)
    assert len(m3.panels) == 2 and set(m3.scores) == set(X.RULES)
    ps = X.run_point_spread(TINY)
    assert ps.rank_svd == ps.rank_count == 19
    assert ps.frac_avg == pytest.approx(1 / 3) and ps.frac_lsq == pytest.approx(19 / 27)
    fw = X.run_forward_models(TINY, st, m2.hom_fa_err)
    assert fw.pairs.shape == (2, 54) and fw.never_slower and fw.diffraction
    oc = X.run_open_cracks(TINY, fc)
    assert oc.sealed_missing and oc.straight_cut_missing and oc.detour


def test_same_seed_gives_identical_key_numbers_and_claims():
    def once(seed):
        st = X.streams(TINY, seed)
        fc = X.run_figure_cube(TINY, st)
        stats = X.run_statistics(TINY, st)
        return fc.vp_vs_min, stats.r(), stats.cube_sd

    assert once(3) == once(3)
    assert once(3) != once(4)


def test_replicate_metrics_needs_two_cubes_per_null():
    with pytest.raises(ValueError, match="fa_cubes"):
        X.replicate_metrics(np.random.SeedSequence(0), n_cubes=2, fa_cubes=3)
