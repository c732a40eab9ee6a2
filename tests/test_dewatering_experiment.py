"""shared.geomech.dewatering_experiment on a tiny profile: shapes, seeding, bad
input."""

import dataclasses

import numpy as np
import pytest

from shared.geomech import dewatering_experiment as D

TINY = D.Profile(n=24, n_volumes=3, n_sweep=2, n_boot=200)


def test_profiles_keep_the_chapter_values_and_are_frozen():
    assert D.PROFILES["quick"] == D.Profile(n=80, n_volumes=30, n_sweep=10, n_boot=2000)
    with pytest.raises(dataclasses.FrozenInstanceError):
        D.PROFILES["quick"].n = 10
    with pytest.raises(ValueError, match="n_volumes"):
        D.Profile(n=24, n_volumes=1, n_sweep=2, n_boot=10)


def test_sections_run_and_same_seed_gives_identical_key_numbers():
    def once(seed):
        rng = np.random.default_rng(seed)
        por = D.run_porosity(TINY, rng)
        pct = D.run_percentages(TINY, rng)
        return D.key_numbers(por, D.run_fluid(), pct, D.run_static()), por

    a, por = once(0)
    b, _ = once(0)
    assert a == b
    assert set(por.pops) == {D.CONST, D.VARIED}
    assert por.pops[D.CONST]["phi"].shape == (3,)
    im = D.run_imaging(TINY, 0)
    assert set(im.mean) == {(f, t) for f in D.FACTORS for t in D.THRESHOLDS}
    fl = D.run_fluid()
    assert fl.worked_ok and fl.vs_down and fl.grid_vp.shape == (55, 59)
    m = D.measured(
        TINY, por, fl, D.run_percentages(TINY, np.random.default_rng(1)), D.run_static()
    )
    assert m.n == 24 and m.n_volumes == 3
