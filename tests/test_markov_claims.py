"""Claims of the attn-markov chapter at their bounds and nulls (hand-built
measurements).
"""

import dataclasses
import math

import pytest

from shared.attention import markov_claims as mc
from shared.repro.claims import FAILS
from shared.repro.claims import HOLDS_IN_RECONSTRUCTION
from shared.repro.claims import NOT_ATTEMPTED
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED

SIGMAS = (0.5, 1.0, 2.0)
COLL_SIGMAS = (0.25, 1.0, 4.0)


def s3(v):
    return (v, v, v)


def measured(**over) -> mc.Measured:
    """A measurement in which every claim and check holds comfortably (3 seeds)."""
    base = dict(
        rate_K=8,
        rate_n=(250, 1000, 4000, 16000),
        rate_K_grid=(4, 5, 6, 8, 11, 16),
        rate_K_n=4000,
        rate_teachers=3,
        attn_n=1000,
        attn_K=6,
        wta_K=20,
        wta_sigmas=SIGMAS,
        wta_runs=10,
        wta_steps=5000,
        wta_window=1000,
        wta_thresh=0.01,
        c7_runs=60,
        c7_sigma=2.0,
        single_teachers=6,
        single_pairs=3000,
        id_draws=200,
        id_err=5e-16,
        id_err_null=0.3,
        sum_err=6e-16,
        absent_max=2e-16,
        absent_onehot=0.0,
        full_prompt_err=3e-16,
        pe_err=5e-16,
        pe_err_null=0.2,
        order_nobias=7e-16,
        order_bias=0.1,
        slope_ok=(-0.5, -0.51, -0.49),
        slope_broken=(-0.03, -0.02, -0.04),
        slope_K=(1.1, 1.2, 1.0),
        slope_K_se=(0.05, 0.05, 0.05),
        slope_K_uniform=(0.05, 0.1, 0.0),
        gap_ratio=s3(11.0),
        max_grad=s3(1e-9),
        ident_ok=s3(1.0),
        ident_broken=s3(0.0),
        c5_gap=s3(5e-5),
        c5_gap_untrained=s3(0.4),
        act_att=(s3(13.5), s3(6.9), s3(4.9)),
        act_mar=(s3(20.0), s3(20.0), s3(19.4)),
        nonmix_att=(s3(0.3), s3(0.5), s3(0.6)),
        nonmix_mar=(s3(0.08), s3(0.1), s3(0.15)),
        max_rise=s3(0.1),
        frac_on_sd=s3(1.0),
        n_single=21,
        n_on_sd=21,
        c8_median=s3(8.0),
        c8_min=s3(5.0),
        c8_null_median=s3(1.0),
        coll_sigmas=COLL_SIGMAS,
        coll_runs=80,
        coll_att=(s3(0.0), s3(0.1), s3(0.3)),
        coll_mar=(s3(0.0), s3(0.0), s3(0.01)),
        coll_sd_share=s3(s3(0.64)),
    )
    base.update(over)
    return mc.Measured(**base)


def verdict(m, cid):
    return next(c for c in mc.claims(m).claims if c.id == cid).verdict


def test_good_measurement_holds_in_reconstruction_never_reproduced():
    t = mc.claims(measured())
    paper = {c.id: c for c in t.paper_claims}
    assert set(paper) == {"C2", "C3", "C5", "C6", "C8"}
    for cid in ("C3", "C5", "C6", "C8"):
        assert paper[cid].verdict == HOLDS_IN_RECONSTRUCTION
        assert paper[cid].evidence == RECONSTRUCTION
        assert paper[cid].verdict != REPRODUCED
    assert paper["C2"].verdict == NOT_ATTEMPTED
    assert {c.id for c in t.method_checks} == {
        "M1",
        "M2",
        "M3",
        "M4",
        "M6",
        "M7",
        "M8",
    }
    assert all(c.verdict == PASSES for c in t.method_checks)
    tl = t.tally()
    assert tl.verdicts[HOLDS_IN_RECONSTRUCTION] == 4 and tl.verdicts[NOT_ATTEMPTED] == 1
    assert tl.verdicts[REPRODUCED] == 0


def test_identity_and_coverage_failure_are_method_checks_not_paper_claims():
    t = mc.claims(measured())
    assert all(c.id not in ("C1", "C4", "C7") for c in t.paper_claims)
    ids = {c.id: c.statement for c in t.method_checks}
    assert "was C1" in ids["M1"] and "was C4" in ids["M4"] and "was C7" in ids["M7"]


# --------------------------------------------------------------------------- C3
@pytest.mark.parametrize("v", [-0.6, -0.4, -0.55])
def test_c3_n_slope_at_and_inside_its_band_holds(v):
    assert verdict(measured(slope_ok=s3(v)), "C3") == HOLDS_IN_RECONSTRUCTION


@pytest.mark.parametrize("v", [-0.61, -0.39])
def test_c3_n_slope_just_outside_band_is_partly(v):
    assert verdict(measured(slope_ok=s3(v)), "C3") == PARTLY


@pytest.mark.parametrize("v", [0.6, 1.5, 1.0])
def test_c3_k_exponent_at_and_inside_band_holds(v):
    assert verdict(measured(slope_K=s3(v)), "C3") == HOLDS_IN_RECONSTRUCTION


@pytest.mark.parametrize("v", [0.59, 1.51, 2.0])
def test_c3_k_exponent_outside_band_is_partly(v):
    # 2.0 would be a TV growing like K² (the squared-error exponent in the wrong norm)
    assert verdict(measured(slope_K=s3(v)), "C3") == PARTLY


def test_c3_one_bad_seed_fails_that_check():
    assert verdict(measured(slope_K=(1.0, 1.0, 1.6)), "C3") == PARTLY


def test_c3_at_its_nulls_is_not_reproduced():
    m = measured()
    assert (
        verdict(measured(slope_ok=m.slope_broken, slope_K=m.slope_K_uniform), "C3")
        == NOT_REPRODUCED
    )


def test_c3_null_inside_band_is_refused():
    with pytest.raises(ValueError, match="null"):
        mc.claims(measured(slope_K_uniform=s3(1.0)))


def test_c3_with_fewer_than_three_seeds_is_capped():
    m = measured(
        slope_ok=(-0.5,), slope_broken=(-0.03,), slope_K=(1.1,), slope_K_uniform=(0.0,)
    )
    c = next(c for c in mc.claims(m).paper_claims if c.id == "C3")
    assert c.verdict == PARTLY and "one seed" in c.caps


# --------------------------------------------------------------------------- C5
def test_c5_tolerance_is_a_tenth_of_the_standard_error():
    assert math.isclose(mc.c5_tolerance(1000, 6), 0.1 * 0.5 / math.sqrt(1000 / 6))


def test_c5_at_bound_inside_and_outside():
    tol = mc.c5_tolerance(1000, 6)
    assert verdict(measured(c5_gap=s3(tol)), "C5") == HOLDS_IN_RECONSTRUCTION
    assert verdict(measured(c5_gap=s3(0.99 * tol)), "C5") == HOLDS_IN_RECONSTRUCTION
    assert verdict(measured(c5_gap=s3(1.01 * tol)), "C5") == NOT_REPRODUCED


def test_c5_at_null_is_not_reproduced_and_a_passing_null_is_refused():
    assert verdict(measured(c5_gap=s3(0.4)), "C5") == NOT_REPRODUCED
    with pytest.raises(ValueError, match="null"):
        mc.claims(measured(c5_gap_untrained=s3(1e-6)))


# --------------------------------------------------------------------------- C6
def test_c6_collapse_at_half_vocabulary_holds_just_above_is_partly():
    att = (s3(13.5), s3(10.0), s3(4.9))
    assert verdict(measured(act_att=att), "C6") == HOLDS_IN_RECONSTRUCTION
    att = (s3(13.5), s3(10.01), s3(4.9))
    assert verdict(measured(act_att=att), "C6") == PARTLY


def test_c6_small_sigma_is_not_required_to_collapse():
    att = (s3(19.0), s3(6.9), s3(4.9))
    assert verdict(measured(act_att=att), "C6") == HOLDS_IN_RECONSTRUCTION


def test_c6_nonmixing_bound():
    nm = (s3(0.0), s3(mc.C6_NONMIX_TV), s3(0.6))
    assert verdict(measured(nonmix_att=nm), "C6") == HOLDS_IN_RECONSTRUCTION
    nm = (s3(0.0), s3(mc.C6_NONMIX_TV - 0.01), s3(0.6))
    assert verdict(measured(nonmix_att=nm), "C6") == PARTLY


def test_c6_at_its_markov_null_is_not_reproduced():
    m = measured()
    assert (
        verdict(measured(act_att=m.act_mar, nonmix_att=m.nonmix_mar), "C6")
        == NOT_REPRODUCED
    )


def test_c6_refuses_a_markov_null_that_collapses():
    with pytest.raises(ValueError, match="null"):
        mc.claims(measured(act_mar=(s3(20.0), s3(8.0), s3(19.4))))


def test_c6_needs_a_steep_sigma():
    with pytest.raises(ValueError, match="σ"):
        mc.claims(
            measured(
                wta_sigmas=(0.5,),
                act_att=(s3(13.0),),
                act_mar=(s3(20.0),),
                nonmix_att=(s3(0.3),),
                nonmix_mar=(s3(0.1),),
            )
        )


# --------------------------------------------------------------------------- C8
def test_c8_bound_inside_outside_and_null():
    assert verdict(measured(c8_median=s3(2.0)), "C8") == HOLDS_IN_RECONSTRUCTION
    assert verdict(measured(c8_median=s3(2.5)), "C8") == HOLDS_IN_RECONSTRUCTION
    assert verdict(measured(c8_median=s3(1.99)), "C8") == NOT_REPRODUCED
    assert verdict(measured(c8_median=s3(1.0)), "C8") == NOT_REPRODUCED
    with pytest.raises(ValueError, match="null"):
        mc.claims(measured(c8_null_median=s3(2.0)))


# --------------------------------------------------------------------------- method
# checks
def test_m1_identity_fails_above_round_off():
    assert verdict(measured(id_err=1e-12), "M1") == PASSES
    assert verdict(measured(id_err=2e-12), "M1") != PASSES
    assert verdict(measured(absent_onehot=1e-300), "M1") != PASSES


def test_m4_coverage_failure_and_m7_rule():
    assert (
        verdict(
            measured(slope_broken=s3(-0.3), gap_ratio=s3(1.0), ident_broken=s3(0.5)),
            "M4",
        )
        == FAILS
    )
    assert verdict(measured(frac_on_sd=(1.0, 1.0, math.nan)), "M7") == FAILS
    assert verdict(measured(frac_on_sd=s3(0.9)), "M7") == PASSES


def test_m6_markov_baseline_and_order():
    assert verdict(measured(act_mar=(s3(17.0), s3(20.0), s3(19.4))), "M6") == PARTLY
    assert verdict(measured(act_att=(s3(4.0), s3(6.9), s3(4.9))), "M6") == PARTLY


def coll(lo, mid, hi):
    return (s3(lo), s3(mid), s3(hi))


def test_m8_collapse_curve_passes_at_its_bounds():
    top, rise = mc.M8_TOP, mc.M8_RISE
    assert verdict(measured(coll_att=coll(0.0, 0.1, top)), "M8") == PASSES
    assert verdict(measured(coll_att=coll(0.05, 0.1, 0.05 + rise)), "M8") == PASSES
    assert verdict(measured(coll_att=coll(0.0, 0.1, 0.5)), "M8") == PASSES


def test_m8_just_outside_each_bound_is_partly():
    assert verdict(measured(coll_att=coll(0.0, 0.1, 0.19)), "M8") == PARTLY
    assert verdict(measured(coll_att=coll(0.1, 0.2, 0.24)), "M8") == PARTLY
    assert verdict(measured(coll_att=coll(0.06, 0.2, 0.5)), "M8") == PARTLY


def test_m8_one_bad_seed_grades_that_check():
    att = (s3(0.0), s3(0.1), (0.4, 0.4, 0.1))
    assert verdict(measured(coll_att=att), "M8") == PARTLY


def test_m8_at_its_markov_null_fails_top_and_rise():
    m = measured()
    t = mc.claims(measured(coll_att=m.coll_mar))
    m8 = next(c for c in t.method_checks if c.id == "M8")
    grades = [r.grade for r in m8.checks]
    assert grades[:2] == [0, 0] and m8.verdict == PARTLY


def test_m8_refuses_a_markov_null_that_collapses():
    with pytest.raises(ValueError, match="null"):
        mc.claims(measured(coll_mar=coll(0.0, 0.1, 0.3)))


def test_m8_is_a_method_check_and_needs_two_sigmas():
    t = mc.claims(measured())
    assert "M8" not in {c.id for c in t.paper_claims}
    with pytest.raises(ValueError, match="σ"):
        mc.claims(
            measured(
                coll_sigmas=(1.0,),
                coll_att=(s3(0.3),),
                coll_mar=(s3(0.0),),
                coll_sd_share=(s3(0.6),),
            )
        )


def test_measured_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        measured().id_err = 1.0
