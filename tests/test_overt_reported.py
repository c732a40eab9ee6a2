"""Reported values of the OVERT paper and their internal consistency
(shared.overt.reported)."""

import numpy as np
import pytest

from shared.overt import data as D
from shared.overt import harness as H
from shared.overt import reported as R


def test_tables_shape_and_sources():
    for name in ("A", "A_unsafe"):
        t = R.table(name)
        assert t.values.shape == (9, 5) and t.sources.shape == (9, 5)
        assert set(t.sources.ravel()) <= set(R.SOURCES.values())
        assert np.all((t.values >= 0) & (t.values <= 100))
    a = R.table("A")
    assert (
        a.sources[D.CATEGORIES.index("unethical_unsafe_action"), 0]
        == "solved-from-mean"
    )
    assert a.row("unethical")[0] == 19.6
    with pytest.raises(ValueError):
        R.table("B")


def test_model_means_match_headline_means():  # C2 tolerances
    means = np.array([R.MEANS[m] for m in R.MODELS])
    assert np.max(np.abs(R.table("A").model_means() - means[:, 0])) <= 0.5
    assert np.max(np.abs(R.table("A_unsafe").model_means() - means[:, 1])) <= 1.5
    assert np.all(means[:, 2] >= means[:, 1])


def test_rank_correlation_and_concave_fit():  # C3
    x, y = R.table_b_arrays()
    t = H.tradeoff(x, y)
    assert abs(t.rho - R.RHO_TRADEOFF) <= 0.01 and t.concave


def test_group_means_hand_example_and_table_b():  # C4
    v = np.arange(9, dtype=float)[:, None] * np.ones((1, 2))
    g = R.group_means(v)
    i = [D.CATEGORIES.index(c) for c in R.GROUPS["privacy"]]
    assert g["privacy"].tolist() == [np.mean(i)] * 2
    assert g["copyright"][0] == D.CATEGORIES.index("copyright_violations")
    x, y = R.table_b_arrays()
    ga, gu = (
        R.group_means(R.table("A").values / 100),
        R.group_means(R.table("A_unsafe").values / 100),
    )
    for k, grp in enumerate(R.GROUPS):
        assert np.max(np.abs(ga[grp] - x[k])) <= 0.01
        assert np.min(y[k] - gu[grp]) >= -0.015
    with pytest.raises(ValueError):
        R.group_means(np.ones((8, 5)))


def test_inversions():  # C5
    inv = R.inversions(R.table("A"), R.table("A_unsafe"), margin=2.5)
    pairs = {(c, m) for c, m, _, _ in inv}
    assert ("illegal_activities", "DALL-E-3-web") in pairs and (
        "illegal_activities",
        "FLUX1.1-Pro",
    ) in pairs
    assert all(b - h > 2.5 for _, _, b, h in inv)
    with pytest.raises(ValueError):
        R.inversions(R.table("A"), R.table("A_unsafe"), margin=-1)


def test_donut_shares_sum():
    assert sum(R.DONUT_SHARES.values()) == pytest.approx(100.0, abs=0.2)
    assert set(R.DONUT_SHARES) == set(D.CATEGORIES)
