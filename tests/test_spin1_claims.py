"""Tests for shared.quantum.spin1_claims: every claim at its bound, just inside, just
outside and at its null, with values built by hand (no diagonalisation)."""

from dataclasses import replace

import pytest

from shared.quantum import spin1_claims as sc
from shared.repro.claims import FAILS
from shared.repro.claims import HOLDS_IN_RECONSTRUCTION
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED

#: Values like the quick profile's (all paper claims hold, except C6 as measured: see
#: below).
GOOD = sc.Measured(
    c2_gain_db=-12.5,
    c2_gain_null_db=0.0,
    c2_bog_dev_ferro_db=0.03,
    c2_bog_dev_ferro_null_db=6.6,
    c2_bog_dev_afm_db=0.002,
    c2_bog_dev_afm_null_db=10.0,
    c2_deepen_db=-3.0,
    c2_deepen_null_db=0.0,
    c3_witness=2.3,
    c3_witness_null=1.0,
    c3_ba_change=9e-4,
    c3_ba_change_null=0.9,
    c3_ba_vs_mf=1e-4,
    c3_ba_vs_mf_null=0.99,
    c4_cf_err=4e-13,
    c4_cf_err_null=1.0,
    c4_parity_small_db=15.4,
    c4_merge_polar_db=0.043,
    c5_monotone=True,
    c5_monotone_null=False,
    c5_fq_min=2.0,
    c5_fq_min_null=1.0,
    c6_level_db=-5.0,
    c6_level_null_db=0.0,
    c6_spread_db=0.5,
    c6_spread_null_db=6.8,
    c6_fq_min=10.0,
    c6_fq_min_null=1.02,
    c7_dev_afm_1000=0.13,
    c7_dev_afm_1000_null=7.0,
    c7_dev_ferro_1000=0.48,
    c7_dev_ferro_1000_null=1.25,
    c7_dev_4000=0.12,
    c7_dev_4000_null=7.0,
    c7_slope_err=0.03,
    c7_slope_err_null=1.0,
    m1_rho0_err=0.0013,
    m1_gap_shift=0.051,
    m1_gap_shrinks=True,
    m2_dipolar_err=2e-15,
    m3_powerlaw_resid=0.003,
    m3_exp_ab=0.01,
    m3_exp_fa=0.007,
    m4_best_q_ba_side=True,
    m5_opt_time_grows=True,
    m5_follow_dev_db=0.03,
    m5_period_err=0.004,
    m6_far_dev_afm_db=0.005,
    m6_far_dev_ferro_db=0.035,
    m7_fig_gap_db=0.001,
    m7_fig_gap_null_db=2.0,
)

# (claim, field, bound, direction): direction +1 means "holds when value <= bound"
# (AtMost), -1 means "holds when value >= bound" (AtLeast). Fields whose criterion has a
# looser partial bound list it as the 5th element.
NUMERIC = [
    ("C2", "c2_gain_db", -3.0, +1, None),
    ("C2", "c2_bog_dev_ferro_db", 0.05, +1, 0.2),
    ("C2", "c2_bog_dev_afm_db", 0.05, +1, 0.2),
    ("C2", "c2_deepen_db", -1.0, +1, None),
    ("C3", "c3_witness", 1.1, -1, None),
    ("C3", "c3_ba_change", 0.01, +1, None),
    ("C3", "c3_ba_vs_mf", 0.01, +1, None),
    ("C4", "c4_cf_err", 1e-9, +1, None),
    ("C5", "c5_fq_min", 1.1, -1, None),
    ("C6", "c6_level_db", sc.C6_LEVEL_DB, +1, None),
    ("C6", "c6_spread_db", sc.C6_SPREAD_DB, +1, None),
    ("C6", "c6_fq_min", sc.C6_FQ_MIN, -1, None),
    ("C7", "c7_dev_afm_1000", 0.2, +1, None),
    ("C7", "c7_dev_ferro_1000", 0.6, +1, None),
    ("C7", "c7_dev_4000", 0.15, +1, None),
    ("C7", "c7_slope_err", 0.2, +1, None),
]
NULLS = {
    "c2_gain_db": "c2_gain_null_db",
    "c2_bog_dev_ferro_db": "c2_bog_dev_ferro_null_db",
    "c2_bog_dev_afm_db": "c2_bog_dev_afm_null_db",
    "c2_deepen_db": "c2_deepen_null_db",
    "c3_witness": "c3_witness_null",
    "c3_ba_change": "c3_ba_change_null",
    "c3_ba_vs_mf": "c3_ba_vs_mf_null",
    "c4_cf_err": "c4_cf_err_null",
    "c5_fq_min": "c5_fq_min_null",
    "c6_level_db": "c6_level_null_db",
    "c6_spread_db": "c6_spread_null_db",
    "c6_fq_min": "c6_fq_min_null",
    "c7_dev_afm_1000": "c7_dev_afm_1000_null",
    "c7_dev_ferro_1000": "c7_dev_ferro_1000_null",
    "c7_dev_4000": "c7_dev_4000_null",
    "c7_slope_err": "c7_slope_err_null",
}


def verdict(m, claim_id):
    return next(c for c in sc.claims(m).claims if c.id == claim_id).verdict


def test_good_values_give_holds_in_our_reconstruction_for_every_paper_claim():
    t = sc.claims(GOOD)
    assert [c.id for c in t.paper_claims] == ["C2", "C3", "C4", "C5", "C6", "C7"]
    assert all(c.verdict == HOLDS_IN_RECONSTRUCTION for c in t.paper_claims)
    assert [c.id for c in t.method_checks] == [f"M{i}" for i in range(1, 8)]
    assert all(c.verdict == PASSES for c in t.method_checks)


def test_every_paper_claim_is_a_deterministic_reconstruction_never_reproduced():
    t = sc.claims(GOOD)
    for c in t.paper_claims:
        assert c.evidence == RECONSTRUCTION
        assert c.source == "abstract"
        assert c.caps == []  # deterministic ED: no seed cap, not post hoc
        assert c.verdict != REPRODUCED
        assert all(r.null_label and r.null_grade == 0 for r in c.checks)


def test_former_c1_and_c8_are_method_checks_not_paper_claims():
    t = sc.claims(GOOD)
    ids = {c.id for c in t.paper_claims}
    assert not {"C1", "C8"} & ids
    texts = {c.id: c.statement for c in t.method_checks}
    assert "was C1" in texts["M1"] and "was C8" in texts["M2"]


@pytest.mark.parametrize("claim_id, field, bound, direction, partial", NUMERIC)
def test_numeric_check_at_bound_inside_and_outside(
    claim_id, field, bound, direction, partial
):
    eps = max(abs(bound) * 1e-3, 1e-12)
    assert verdict(replace(GOOD, **{field: bound}), claim_id) == HOLDS_IN_RECONSTRUCTION
    inside = bound - direction * eps
    assert (
        verdict(replace(GOOD, **{field: inside}), claim_id) == HOLDS_IN_RECONSTRUCTION
    )
    outside = bound + direction * eps
    assert verdict(replace(GOOD, **{field: outside}), claim_id) == PARTLY
    if partial is not None:
        beyond = partial + direction * eps
        assert verdict(replace(GOOD, **{field: beyond}), claim_id) == PARTLY


@pytest.mark.parametrize("claim_id, field, bound, direction, partial", NUMERIC)
def test_numeric_check_at_its_null_fails(claim_id, field, bound, direction, partial):
    m = replace(GOOD, **{field: getattr(GOOD, NULLS[field])})
    claim = next(c for c in sc.claims(m).claims if c.id == claim_id)
    graded = {r.label: r.grade for r in claim.checks}
    assert 0 in graded.values()
    assert claim.verdict in (PARTLY, NOT_REPRODUCED)


def test_a_claim_whose_checks_all_sit_at_their_nulls_is_not_reproduced():
    m = replace(GOOD, c3_witness=1.0, c3_ba_change=0.9, c3_ba_vs_mf=0.99)
    assert verdict(m, "C3") == NOT_REPRODUCED
    m = replace(GOOD, c6_level_db=0.0, c6_spread_db=6.8, c6_fq_min=1.02)
    assert verdict(m, "C6") == NOT_REPRODUCED


def test_c4_parity_checks_use_each_other_as_null():
    assert verdict(replace(GOOD, c4_parity_small_db=2.0), "C4") == PARTLY  # partly band
    assert verdict(replace(GOOD, c4_merge_polar_db=0.1), "C4") == PARTLY  # partly band
    with pytest.raises(
        ValueError, match="null"
    ):  # a merge as large as the in-window gap
        sc.claims(replace(GOOD, c4_parity_small_db=0.04, c4_merge_polar_db=0.04))


def test_c5_monotone_flag():
    assert verdict(replace(GOOD, c5_monotone=False), "C5") == PARTLY
    assert (
        verdict(replace(GOOD, c5_monotone=False, c5_fq_min=1.0), "C5") == NOT_REPRODUCED
    )


def test_c6_as_measured_rebound_gives_partly():
    """The quick profile's exact dynamics: squeezing rebounds, the QFI stays high."""
    m = replace(GOOD, c6_level_db=-0.57, c6_spread_db=7.9, c6_fq_min=10.6)
    assert verdict(m, "C6") == PARTLY


def test_a_null_the_criterion_does_not_reject_raises():
    with pytest.raises(ValueError, match="null"):
        sc.claims(replace(GOOD, c5_fq_min_null=1.2))  # not an unentangled null
    with pytest.raises(ValueError, match="null"):
        sc.claims(replace(GOOD, c5_monotone_null=True))


@pytest.mark.parametrize(
    "field, value",
    [
        ("m1_rho0_err", 0.03),
        ("m1_gap_shrinks", False),
        ("m2_dipolar_err", 1e-10),
        ("m3_exp_ab", 0.05),
        ("m4_best_q_ba_side", False),
        ("m5_period_err", 0.05),
        ("m6_far_dev_ferro_db", 0.7),
        ("m7_fig_gap_db", 2.0),
    ],
)
def test_method_checks_fail_outside_their_bounds(field, value):
    t = sc.claims(replace(GOOD, **{field: value}))
    assert any(c.verdict in (FAILS, PARTLY) for c in t.method_checks)
    assert all(c.verdict == HOLDS_IN_RECONSTRUCTION for c in t.paper_claims)


def test_tally_counts_six_paper_claims_and_seven_method_checks():
    tl = sc.claims(GOOD).tally()
    assert tl.paper == 6 and tl.ungraded == 0
    assert sum(tl.method.values()) == 7
