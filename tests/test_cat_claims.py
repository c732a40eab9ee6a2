"""Tests for shared.attention.cat_claims: every claim at its bound, just inside, just
outside and at its null, built from hand-made ``Measured`` values (no training)."""

import pytest

from shared.attention import cat_claims as cc
from shared.repro.claims import (
    HOLDS_IN_RECONSTRUCTION,
    NOT_ATTEMPTED,
    NOT_REPRODUCED,
    PARTLY,
    PASSES,
    RECONSTRUCTION,
    REPRODUCED,
)

EPS = 1e-6


def good(**kw) -> cc.Measured:
    """Values like the quick profile's (every claim holds)."""
    base = {
        "chance": 0.125,
        "train_len": 64,
        "train_pairs": 8,
        "vocab": 128,
        "max_mult": 16,
        "cat_acc_train": (1.0, 1.0, 1.0),
        "cat_min_longer": (1.0, 0.9995, 1.0),
        "baseline_acc_train": {"rope": (0.147, 0.150), "nope": (0.128,)},
        "narrow_beta": 2.0,
        "narrow_acc_train": 1.0,
        "narrow_min_longer": 0.46,
        "stream_acc": {"q": 0.128, "k": 1.0, "v": 0.121},
        "stream_value_mass": {"q": 0.12, "k": 0.99, "v": 0.12, "qkv": 0.99},
        "nar_order": 2,
        "nar_vocab": 16,
        "nar_len": 32,
        "nar_fit_acc_1x": (1.0, 1.0, 1.0),
        "nar_fit_acc_4x": (0.998, 0.996, 0.998),
        "nar_short_acc_1x": 0.54,
        "nar_short_acc_4x": 0.23,
        "nar_short_rows": ((1, 0.127, 0.09), (2, 0.50, 0.50)),
        "hb_agree": True,
        "hb_exact_below_limit": True,
        "hb_betas": (1.5, 2.0),
        "hb_lengths": (64, 128),
    }
    base.update(kw)
    return cc.Measured(**base)


def verdict(m, cid):
    return next(c for c in cc.claims(m).claims if c.id == cid).verdict


def test_quick_like_values_give_reconstruction_verdicts_and_passing_method_checks():
    t = cc.claims(good())
    paper = {c.id: c for c in t.paper_claims}
    assert [c.id for c in t.paper_claims] == ["C1", "C3", "C4", "C7", "C8", "C9", "C10"]
    assert {paper[i].verdict for i in ("C1", "C3", "C4")} == {HOLDS_IN_RECONSTRUCTION}
    assert {paper[i].verdict for i in ("C7", "C8", "C9", "C10")} == {NOT_ATTEMPTED}
    assert [c.id for c in t.method_checks] == ["M1", "M2", "M3", "M4"]
    assert all(c.verdict == PASSES for c in t.method_checks)


def test_no_paper_claim_is_ever_reproduced_and_all_are_reconstructions():
    t = cc.claims(good())
    assert all(c.evidence == RECONSTRUCTION for c in t.paper_claims)
    assert all(c.verdict != REPRODUCED for c in t.claims)


def test_former_c2_c5_c6_are_method_checks_not_paper_claims():
    ids = {c.id for c in cc.claims(good()).paper_claims}
    assert not ids & {"C2", "C5", "C6"}


# ---------------------------------------------------------------- C1
@pytest.mark.parametrize(
    "acc,expected",
    [
        (cc.SOLVED, HOLDS_IN_RECONSTRUCTION),
        (cc.SOLVED + EPS, HOLDS_IN_RECONSTRUCTION),
        (cc.SOLVED - EPS, PARTLY),
        (0.8 - EPS, NOT_REPRODUCED),
    ],
)
def test_c1_worst_seed_at_and_around_095(acc, expected):
    assert verdict(good(cat_acc_train=(1.0, acc, 1.0)), "C1") == expected


def test_c1_at_its_null_the_best_baseline_is_not_reproduced():
    m = good()
    null = max(max(v) for v in m.baseline_acc_train.values())
    assert verdict(good(cat_acc_train=(null,) * 3), "C1") == NOT_REPRODUCED


def test_c1_raises_when_a_baseline_solves_the_task_so_the_null_cannot_fail():
    with pytest.raises(ValueError, match="null"):
        cc.claims(good(baseline_acc_train={"rope": (0.99, 0.15), "nope": (0.13,)}))


def test_c1_with_one_seed_is_capped_at_partly():
    assert verdict(good(cat_acc_train=(1.0,)), "C1") == PARTLY


# ---------------------------------------------------------------- C3
@pytest.mark.parametrize(
    "acc,expected",
    [
        (cc.LENGTH_GEN, HOLDS_IN_RECONSTRUCTION),
        (cc.LENGTH_GEN + EPS, HOLDS_IN_RECONSTRUCTION),
        (cc.LENGTH_GEN - EPS, NOT_REPRODUCED),
    ],
)
def test_c3_worst_seed_min_over_longer_lengths_at_and_around_090(acc, expected):
    assert verdict(good(cat_min_longer=(1.0, 1.0, acc)), "C3") == expected


def test_c3_at_its_null_the_narrow_margin_construction_is_not_reproduced():
    assert verdict(good(cat_min_longer=(0.46,) * 3), "C3") == NOT_REPRODUCED


def test_c3_raises_when_the_narrow_margin_null_generalizes():
    with pytest.raises(ValueError, match="null"):
        cc.claims(good(narrow_min_longer=0.95))


# ---------------------------------------------------------------- C4
@pytest.mark.parametrize(
    "a1,a4,expected",
    [
        (cc.NAR_1X, cc.NAR_4X, HOLDS_IN_RECONSTRUCTION),
        (cc.NAR_1X + EPS, cc.NAR_4X + EPS, HOLDS_IN_RECONSTRUCTION),
        (cc.NAR_1X - EPS, cc.NAR_4X, PARTLY),
        (cc.NAR_1X, cc.NAR_4X - EPS, PARTLY),
        (cc.NAR_1X - EPS, cc.NAR_4X - EPS, NOT_REPRODUCED),
    ],
)
def test_c4_window_n_plus_1_at_and_around_its_bounds(a1, a4, expected):
    assert (
        verdict(
            good(nar_fit_acc_1x=(1.0, a1, 1.0), nar_fit_acc_4x=(a4, 1.0, 1.0)), "C4"
        )
        == expected
    )


def test_c4_at_its_null_the_window_one_short_is_not_reproduced():
    assert (
        verdict(good(nar_fit_acc_1x=(0.54,) * 3, nar_fit_acc_4x=(0.23,) * 3), "C4")
        == NOT_REPRODUCED
    )


def test_c4_with_two_seeds_is_capped_at_partly():
    assert (
        verdict(good(nar_fit_acc_1x=(1.0, 1.0), nar_fit_acc_4x=(1.0, 1.0)), "C4")
        == PARTLY
    )


# ---------------------------------------------------------------- method checks
@pytest.mark.parametrize(
    "acc,expected", [(0.25, PASSES), (0.25 - EPS, PASSES), (0.25 + EPS, PARTLY)]
)
def test_m1_baseline_near_chance_bound_is_two_times_chance(acc, expected):
    assert (
        verdict(good(baseline_acc_train={"rope": (0.13, acc), "nope": (0.13,)}), "M1")
        == expected
    )


def test_m1_gap_check_fails_when_cat_is_only_half_a_point_above_the_baselines():
    m = good(cat_acc_train=(0.64, 1.0, 1.0))  # worst CAT − best baseline 0.49 < 0.5
    assert verdict(m, "M1") == PARTLY


@pytest.mark.parametrize("q,expected", [(0.25, PASSES), (0.25 + EPS, PARTLY)])
def test_m2_q_only_failure_is_checked_against_the_key_filter_success(q, expected):
    assert verdict(good(stream_acc={"q": q, "k": 1.0, "v": 0.12}), "M2") == expected


@pytest.mark.parametrize("v,expected", [(0.25, PASSES), (0.25 + EPS, PARTLY)])
def test_m2_v_only_failure_is_checked(v, expected):
    assert verdict(good(stream_acc={"q": 0.12, "k": 1.0, "v": v}), "M2") == expected


def test_m2_shows_the_success_baseline_as_null_of_the_failure_checks():
    m2 = next(c for c in cc.claims(good()).claims if c.id == "M2")
    q = next(r for r in m2.checks if r.label == "Q only accuracy")
    assert q.null_label.startswith("best run with a key filter") and q.null_grade == 0


def test_m2_k_only_unsolved_fails_its_accuracy_check_instead_of_being_dropped():
    m = good(
        stream_acc={"q": 0.12, "k": 0.2, "v": 0.12},
        stream_value_mass={"q": 0.12, "k": 0.2, "v": 0.12, "qkv": 0.99},
    )
    assert verdict(m, "M2") == PARTLY


@pytest.mark.parametrize(
    "mass,expected", [(cc.VALUE_MASS, PASSES), (cc.VALUE_MASS - EPS, PARTLY)]
)
def test_m2_value_mass_bound(mass, expected):
    m = good(stream_value_mass={"q": 0.12, "k": mass, "v": 0.12, "qkv": 0.99})
    assert verdict(m, "M2") == expected


@pytest.mark.parametrize(
    "diff,expected",
    [
        (0.05 - 1e-12, PASSES),
        (-0.05 + 1e-12, PASSES),
        (0.05 + 1e-4, PARTLY),
        (0.1 + 1e-4, PARTLY),
    ],
)
def test_m3_window_n_tracks_the_suffix_oracle(diff, expected):
    assert (
        verdict(good(nar_short_rows=((1, 0.127, 0.09), (2, 0.5 + diff, 0.5))), "M3")
        == expected
    )


def test_m3_window_one_above_half_fails_that_check():
    assert (
        verdict(good(nar_short_rows=((1, 0.5 + EPS, 0.09), (2, 0.5, 0.5))), "M3")
        == PARTLY
    )


@pytest.mark.parametrize(
    "agree,exact,expected",
    [(True, True, PASSES), (False, True, PARTLY), (False, False, "fails")],
)
def test_m4_hand_built_consistency(agree, exact, expected):
    assert verdict(good(hb_agree=agree, hb_exact_below_limit=exact), "M4") == expected


def test_m3_window_n_at_0_9_fails_its_below_check_even_if_the_oracle_agrees():
    m = good(nar_short_rows=((1, 0.127, 0.09), (2, 0.9 + EPS, 0.9 + EPS)))
    assert verdict(m, "M3") == PARTLY
