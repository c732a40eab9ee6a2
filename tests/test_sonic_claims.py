"""sonic-map claims (shared.geomech.sonic_claims) at their bounds and nulls, built by
hand."""

from dataclasses import replace

import pytest

from shared.geomech.sonic_claims import C3_R_MIN
from shared.geomech.sonic_claims import C4_RHO_MAX
from shared.geomech.sonic_claims import Measured
from shared.geomech.sonic_claims import claims
from shared.repro.claims import FAILS
from shared.repro.claims import HOLDS_IN_RECONSTRUCTION
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED


def S3(v):
    return (v, v, v)


def base(**kw) -> Measured:
    """A measurement where every claim and method check holds."""
    m = Measured(
        n_vp=27,
        n_vs=27,
        vp_valid=True,
        vs_valid_or_missing=True,
        vs_missing=5,
        node_err=1e-12,
        flat_ptp=1e-15,
        r_nearest=S3(0.69),
        r_smooth_min=S3(0.72),
        r_default=S3(0.75),
        r_ct_sr=S3(0.7),
        null_ct_sr=S3(0.01),
        r_ct_fa=S3(0.7),
        null_ct_fa=S3(-0.02),
        r_ct_ceiling=S3(0.72),
        rho_sr=S3(-0.85),
        null_rho_sr=S3(-0.1),
        rho_fa=S3(-0.7),
        null_rho_fa=S3(0.02),
        blk_err=1e-15,
        frac_avg=1 / 3,
        frac_lsq=19 / 27,
        rank_svd=19,
        rank_count=19,
        scheme_spread=0.05,
        cube_sd=0.07,
        analytic_err=1e-15,
        diffraction=True,
        fa_never_slower=True,
        fa_mineral_ratio=1.01,
        s_sealed_missing=True,
        s_detour=True,
        s_straight_cut_missing=True,
    )
    return replace(m, **kw)


def get(t, cid):
    return next(c for c in t.claims if c.id == cid)


def test_all_paper_claims_are_reconstructions_and_never_reproduced():
    t = claims(base())
    paper = t.paper_claims
    assert [c.id for c in paper] == ["C2", "C3", "C4"]
    assert all(c.evidence == RECONSTRUCTION for c in paper)
    assert all(c.verdict == HOLDS_IN_RECONSTRUCTION for c in paper)
    assert not any(c.verdict == REPRODUCED for c in paper)
    assert all(c.seeds == 3 and not c.caps for c in paper)


def test_method_rows_are_method_checks_and_pass():
    t = claims(base())
    ids = [c.id for c in t.method_checks]
    assert ids == ["M1", "M2", "M3", "M4", "M5", "M6", "M7"]
    # method-check ids never look like paper-claim ids
    assert not any(i.startswith("C") for i in ids)
    assert all(c.verdict == PASSES for c in t.method_checks)


@pytest.mark.parametrize(
    "value, verdict",
    [
        (C3_R_MIN, HOLDS_IN_RECONSTRUCTION),
        (C3_R_MIN + 0.01, HOLDS_IN_RECONSTRUCTION),
        (C3_R_MIN - 0.01, PARTLY),
    ],
)
def test_c3_ct_proxy_bound_straight_ray(value, verdict):
    assert get(claims(base(r_ct_sr=(0.7, value, 0.7))), "C3").verdict == verdict


def test_c3_both_forward_models_below_bound_is_not_reproduced():
    t = claims(base(r_ct_sr=S3(0.45), r_ct_fa=S3(0.4)))
    assert get(t, "C3").verdict == NOT_REPRODUCED


def test_c3_scored_against_ct_proxy_not_velocity_truth():
    # a map perfect against the synthetic truth but poor against CT does not pass C3
    t = claims(
        base(
            r_smooth_min=S3(0.99), r_default=S3(0.99), r_ct_sr=S3(0.3), r_ct_fa=S3(0.3)
        )
    )
    assert get(t, "C3").verdict == NOT_REPRODUCED
    assert get(t, "M3").verdict == PASSES


def test_c3_null_at_the_bound_is_refused():
    with pytest.raises(ValueError, match="null"):
        claims(base(null_ct_sr=S3(C3_R_MIN)))


@pytest.mark.parametrize(
    "value, verdict",
    [
        (C4_RHO_MAX, HOLDS_IN_RECONSTRUCTION),
        (C4_RHO_MAX - 0.01, HOLDS_IN_RECONSTRUCTION),
        (C4_RHO_MAX + 0.01, PARTLY),
    ],
)
def test_c4_first_arrival_rho_is_graded(value, verdict):
    assert get(claims(base(rho_fa=(-0.7, -0.7, value))), "C4").verdict == verdict


def test_c4_null_refused_and_both_models_failing():
    with pytest.raises(ValueError, match="null"):
        claims(base(null_rho_fa=S3(C4_RHO_MAX)))
    assert (
        get(claims(base(rho_sr=S3(0.0), rho_fa=S3(0.1))), "C4").verdict
        == NOT_REPRODUCED
    )


def test_c2_refinement_worst_seed_decides():
    assert (
        get(claims(base(r_smooth_min=(0.72, 0.69, 0.72))), "C2").verdict
        == NOT_REPRODUCED
    )
    assert (
        get(claims(base(r_smooth_min=(0.72, 0.6901, 0.72))), "C2").verdict
        == HOLDS_IN_RECONSTRUCTION
    )


def test_fewer_than_three_seeds_caps_at_partly():
    t = claims(base(r_nearest=(0.69,), r_smooth_min=(0.72,)))
    assert get(t, "C2").verdict == PARTLY and get(t, "C2").caps


def test_method_check_bounds():
    assert get(claims(base(node_err=3e-6)), "M2").verdict == PASSES
    assert get(claims(base(node_err=3.1e-6)), "M2").verdict == PARTLY
    assert get(claims(base(scheme_spread=0.07, cube_sd=0.07)), "M5").verdict == PASSES
    assert get(claims(base(scheme_spread=0.08, cube_sd=0.07)), "M5").verdict == FAILS
    assert get(claims(base(analytic_err=0.011)), "M6").verdict == PARTLY
    assert get(claims(base(rank_svd=20)), "M4").verdict == PARTLY
    assert get(claims(base(s_detour=False)), "M7").verdict == PARTLY
    assert get(claims(base(n_vs=26)), "M1").verdict == PARTLY
    assert (
        get(claims(base(r_smooth_min=S3(0.59), r_default=S3(0.59))), "M3").verdict
        == FAILS
    )


def test_counts_method_checks_apart():
    tally = claims(base()).tally()
    assert tally.paper == 3
    assert sum(tally.method.values()) == 7
