"""coal-dewatering claims (shared.geomech.dewatering_claims) at their bounds and nulls,
by hand."""

from dataclasses import replace

import pytest

from shared.geomech import rockphysics as R
from shared.geomech.dewatering_claims import C1_R2_MIN
from shared.geomech.dewatering_claims import C2_SHARE_MIN
from shared.geomech.dewatering_claims import M2_R2_DROP
from shared.geomech.dewatering_claims import Measured
from shared.geomech.dewatering_claims import claims
from shared.repro.claims import FAILS
from shared.repro.claims import HOLDS_IN_RECONSTRUCTION
from shared.repro.claims import NOT_ATTEMPTED
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED


def base(**kw) -> Measured:
    m = Measured(
        vp_ratio=1.063,
        vp_ratio_null=0.982,
        vs_ratio=0.982,
        ed_ratio=1.025,
        ed_min_ratio=1.001,
        vp_share_min=0.74,
        vp_share_max=0.95,
        vp_share_null=0.0,
        r2_const=0.958,
        r2_const_vox=0.95,
        r2_varied=0.43,
        slope_ratio=0.92,
        worked_ok=True,
        es_err=1e-16,
        secant_below=True,
    )
    return replace(m, **kw)


def get(t, cid):
    return next(c for c in t.claims if c.id == cid)


def test_paper_claims_are_reconstructions_and_c2_is_the_only_tested_one():
    t = claims(base())
    assert [c.id for c in t.paper_claims] == ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]
    assert all(c.evidence == RECONSTRUCTION for c in t.paper_claims)
    assert get(t, "C2").verdict == HOLDS_IN_RECONSTRUCTION
    assert all(
        get(t, k).verdict == NOT_ATTEMPTED for k in ("C1", "C3", "C4", "C5", "C6", "C7")
    )
    assert not any(c.verdict == REPRODUCED for c in t.paper_claims)


def test_c2_is_deterministic_so_not_capped_by_seeds():
    assert get(claims(base()), "C2").caps == []


def test_method_rows_moved_to_method_table():
    t = claims(base())
    assert [c.id for c in t.method_checks] == ["C1g", "M1", "M2"]
    assert all(c.verdict == PASSES for c in t.method_checks)
    assert t.tally().paper == 7 and sum(t.tally().method.values()) == 3


@pytest.mark.parametrize(
    "share, verdict",
    [
        (C2_SHARE_MIN, HOLDS_IN_RECONSTRUCTION),
        (C2_SHARE_MIN + 0.01, HOLDS_IN_RECONSTRUCTION),
        (C2_SHARE_MIN - 0.01, PARTLY),
    ],
)
def test_c2_share_bound(share, verdict):
    assert get(claims(base(vp_share_min=share)), "C2").verdict == verdict


@pytest.mark.parametrize(
    "ratio, verdict",
    [(1.0, HOLDS_IN_RECONSTRUCTION), (1.001, HOLDS_IN_RECONSTRUCTION), (0.999, PARTLY)],
)
def test_c2_ratio_bound(ratio, verdict):
    assert get(claims(base(vp_ratio=ratio)), "C2").verdict == verdict


def test_c2_at_its_null_is_not_reproduced_and_a_passing_null_is_refused():
    assert (
        get(claims(base(vp_ratio=0.982, vp_share_min=0.0)), "C2").verdict
        == NOT_REPRODUCED
    )
    with pytest.raises(ValueError, match="null"):
        claims(base(vp_ratio_null=1.0))
    with pytest.raises(ValueError, match="null"):
        claims(base(vp_share_null=C2_SHARE_MIN))


def test_method_check_bounds():
    assert get(claims(base(r2_const=C1_R2_MIN)), "C1g").verdict == PASSES
    assert get(claims(base(r2_const=C1_R2_MIN - 0.01)), "C1g").verdict == PARTLY
    assert get(claims(base(slope_ratio=1.11)), "C1g").verdict == PARTLY
    assert (
        get(claims(base(r2_varied=0.958 - M2_R2_DROP - 1e-9)), "M2").verdict == PASSES
    )
    assert get(claims(base(r2_varied=0.958 - M2_R2_DROP + 0.01)), "M2").verdict == FAILS
    assert get(claims(base(es_err=0.02)), "M1").verdict == PARTLY


def test_vp_rise_share_known_values_and_null():
    args = (1350.0, 2250.0, 1150.0)
    kw = dict(n_phi=20, n_k=20)
    share = R.vp_rise_share(*args, (0.005, 0.15), (4.6e9, 10e9), **kw)
    assert 0.5 < share < 1.0
    assert (
        R.vp_rise_share(*args, (0.005, 0.15), (4.6e9, 10e9), k_fluid=0.0, **kw) == 0.0
    )
    assert (
        R.vp_rise_share(*args, (0.005, 0.20), (4.6e9, 8e9), **kw) < share
    )  # wider porosity box, smaller share
    with pytest.raises(ValueError):
        R.vp_rise_share(*args, (0.2, 0.1), (4.6e9, 10e9))
