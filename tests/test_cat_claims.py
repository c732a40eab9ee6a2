"""Tests for shared.attention.cat_claims: every claim at its bound, just inside, just
outside and at its null, built from hand-made ``Measured`` values (no training)."""

import pytest

from shared.attention import cat_claims as cc
from shared.repro.claims import HOLDS_IN_RECONSTRUCTION
from shared.repro.claims import NOT_ATTEMPTED
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED

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
        "cat_min_longer_disjoint": (0.99, 0.98, 0.97),
        "baseline_min_longer_disjoint": 0.05,
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
    ids = ["C1", "C3", "C3b", "C4", "C7", "C8", "C9", "C10"]
    assert [c.id for c in t.paper_claims] == ids
    graded = ("C1", "C3", "C3b", "C4")
    assert {paper[i].verdict for i in graded} == {HOLDS_IN_RECONSTRUCTION}
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


# ---------------------------------------------------------------- C3b (random filler)
@pytest.mark.parametrize(
    "acc,expected",
    [
        (cc.LENGTH_GEN, HOLDS_IN_RECONSTRUCTION),
        (cc.LENGTH_GEN + EPS, HOLDS_IN_RECONSTRUCTION),
        (cc.LENGTH_GEN - EPS, NOT_REPRODUCED),
    ],
)
def test_c3b_random_filler_worst_seed_at_and_around_090(acc, expected):
    assert verdict(good(cat_min_longer_disjoint=(1.0, acc, 1.0)), "C3b") == expected


def test_c3b_at_its_null_the_baseline_is_not_reproduced():
    m = good()
    null = (m.baseline_min_longer_disjoint,) * 3
    assert verdict(good(cat_min_longer_disjoint=null), "C3b") == NOT_REPRODUCED


def test_c3b_says_whether_training_saw_random_filler():
    quick = next(c for c in cc.claims(good()).claims if c.id == "C3b")
    assert "zero filler only" in quick.note
    full = good(rf_min_longer_disjoint=(0.99, 0.99, 0.99))
    row = next(c for c in cc.claims(full).claims if c.id == "C3b")
    assert len(row.checks) == 2 and "same random filler" in row.note


def test_c3b_random_filler_training_that_fails_is_kept_as_not_full_success():
    m = good(rf_min_longer_disjoint=(0.99, 0.2, 0.99))
    assert verdict(m, "C3b") in (PARTLY, NOT_REPRODUCED)


def test_c3b_with_one_seed_is_capped_at_partly():
    assert verdict(good(cat_min_longer_disjoint=(1.0,)), "C3b") == PARTLY


# ---------------------------------------------------------------- C4, other orders
def _extra(n, fit1=(1.0,) * 3, fit4=(1.0,) * 3, s1=0.3, s4=0.2):
    rows = tuple((w, 0.1, 0.1) if w == 1 else (w, 0.5, 0.5) for w in range(1, n + 1))
    return (n, fit1, fit4, s1, s4, rows)


def test_c4_grades_every_order_of_the_full_profile():
    m = good(nar_extra=(_extra(1), _extra(3)))
    row = next(c for c in cc.claims(m).claims if c.id == "C4")
    assert [c.label[:3] for c in row.checks] == ["N=1", "N=1", "N=2", "N=2", "N=3"] + [
        "N=3"
    ]
    assert row.verdict == HOLDS_IN_RECONSTRUCTION
    m3 = next(c for c in cc.claims(m).claims if c.id == "M3")
    assert any(c.label.startswith("N=3, W=3") for c in m3.checks)


def test_c4_fails_when_another_order_fails():
    m = good(nar_extra=(_extra(3, fit1=(0.5,) * 3, fit4=(0.3,) * 3),))
    assert verdict(m, "C4") != HOLDS_IN_RECONSTRUCTION


# ---------------------------------------------------------------- C7 (Mamba sweep)
def _sweep(mamba_last, ssm_last=(0.2,) * 3, ape_last=(0.1,) * 3, cat_last=(1.0,) * 3):
    acc = {
        "cat": ((1.0,) * 3, tuple(cat_last)),
        "ape": ((0.3,) * 3, tuple(ape_last)),
        "ssm": ((0.9,) * 3, tuple(ssm_last)),
        "mamba": ((0.9,) * 3, tuple(mamba_last)),
    }
    lr = {k: 1e-2 for k in acc}
    return dict(sweep_pairs=(4, 16), sweep_len=128, sweep_acc=acc, sweep_lr=lr)


def test_c7_is_not_attempted_without_the_sweep_and_names_the_archived_run():
    row = next(c for c in cc.claims(good()).claims if c.id == "C7")
    assert row.verdict == NOT_ATTEMPTED and "make archive CHAPTERS=cat" in str(row)


def test_c7_is_not_attempted_when_cat_itself_fails_at_the_most_pairs():
    m = good(**_sweep((0.1,) * 3, cat_last=(cc.MAMBA_FAILS,) * 3))
    row = next(c for c in cc.claims(m).claims if c.id == "C7")
    assert row.verdict == NOT_ATTEMPTED and "CAT itself" in str(row)


@pytest.mark.parametrize(
    "acc,expected",
    [
        (cc.MAMBA_FAILS, HOLDS_IN_RECONSTRUCTION),
        (cc.MAMBA_FAILS + EPS, NOT_REPRODUCED),
    ],
)
def test_c7_mamba_at_the_most_pairs_at_and_around_its_bound(acc, expected):
    last = (0.1, 0.1, acc)
    assert verdict(good(**_sweep(last, last, last)), "C7") == expected


def test_c7_is_partly_when_only_one_ssm_size_solves_the_task():
    assert verdict(good(**_sweep((1.0,) * 3)), "C7") == PARTLY


def test_c7_is_partly_when_only_ape_attention_fails():
    assert verdict(good(**_sweep((1.0,) * 3, (1.0,) * 3)), "C7") == PARTLY


def test_c7_at_its_null_cat_is_not_reproduced_and_every_model_is_checked():
    m = good(**_sweep((1.0,) * 3, (1.0,) * 3, (1.0,) * 3))
    row = next(c for c in cc.claims(m).claims if c.id == "C7")
    assert row.verdict == NOT_REPRODUCED and len(row.checks) == 3
