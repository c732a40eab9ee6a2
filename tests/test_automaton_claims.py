"""Tests for shared.attention.automaton_claims: every claim at its bound, just inside,
just outside and at its null, with Measured built by hand (no training)."""

import math

import pytest

from shared.attention.automaton_claims import Measured
from shared.attention.automaton_claims import claims
from shared.repro.claims import FAILS
from shared.repro.claims import HOLDS_IN_RECONSTRUCTION
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED


def S3(v):
    return (v, v, v)


def good(**kw) -> Measured:
    """A Measured in which every paper claim and method check holds, with plausible
    nulls."""
    base = {
        "acyclic": (4, 6, 8, 8),
        "cyclic": (6, 4, 6, 8),
        "big_cyclic": (10, 6, 8, 8),
        "acyclic_lr": (6, 4, 6, 8),
        "local": (4, 6, 8, 8),
        "record_every": 20,
        "local_losses": ("ce", "sq"),
        "reg_radii": (1.0, 4.0, 16.0, 64.0),
        "n_seeds": 3,
        "n_trials": 10,
        "iters": 4000,
        "lr": 0.01,
        "it_mid": 500,
        "it_late": 2000,
        "big_trials": 10,
        "lr_big": 0.1,
        "iters_big_lr": 2000,
        "local_trials": 8,
        "local_iters": 2000,
        "local_lr": 0.1,
        "filter_threshold": 0.95,
        "reg_rho_max": 64.0,
        "reg_trials": 3,
        "reg_iters": 400,
        "convexity_pairs": 200,
        "sd_log_min": 1e-5,
        "sd_ce_min": -0.02,
        "kkt_margin_min": 1.0,
        "kkt_compl_max": 1e-9,
        "a_norm_ratio": S3(7.0),
        "a_dip": S3(0.0),
        "a_decades": S3(2.0),
        "proj_identity_residual": 1e-14,
        "c_proj": S3(0.99),
        "c_fin_minus_corr": S3(1e-4),
        "c_nd_below_peak": S3(True),
        "loc_nd_local_below": S3(True),
        "loc_nd_local_below_kept": S3(True),
        "loc_multi": S3(6),
        "loc_informative": S3(2),
        "loc_nd_local_worse": S3(0),
        "loc_nd_local_max": S3(0.1),
        "reg_monotone": S3(True),
        "a_corr": S3(0.99),
        "a_corr_init": S3(0.0),
        "a_corr_min": S3(0.98),
        "a_corr_min_init": S3(-0.15),
        "a_mass": S3(0.9999),
        "a_mass_init": S3(0.16),
        "a_argmax": S3(1.0),
        "a_argmax_init": S3(0.12),
        "c_corr": S3(0.987),
        "c_corr_init": S3(0.02),
        "c_corr_fin": S3(0.987),
        "c_corr_fin_init": S3(0.1),
        "c_nd_max": S3(0.015),
        "c_pw_max": S3(0.5),
        "c_R_growth": S3(5.5),
        "c_pw_growth": S3(0.4),
        "c_mass": S3(0.9995),
        "c_mass_init": S3(0.39),
        "c_soft": S3(0.004),
        "c_soft_uniform": S3(0.15),
        "c_tv": S3(0.004),
        "c_tv_uniform": S3(0.15),
        "b_corr": S3(0.978),
        "b_corr_init": S3(0.0),
        "b_nd": S3(0.015),
        "b_pw": S3(0.3),
        "l_corr": S3(0.9995),
        "l_corr_init": S3(0.0),
        "loc_diff": S3(0.2),
        "loc_diff_init": S3(0.0),
        "loc_kept": S3(6),
        "loc_kept_local": S3(0.985),
        "loc_kept_local_init": S3(0.1),
        "loc_kept_diff": S3(0.2),
        "loc_kept_diff_init": S3(0.02),
        "sq_loc_diff": S3(0.25),
        "sq_loc_diff_init": S3(0.01),
        "sq_loc_kept": S3(20),
        "sq_loc_kept_local": S3(0.99),
        "sq_loc_kept_local_init": S3(0.1),
        "sq_loc_kept_diff": S3(0.3),
        "sq_loc_kept_diff_init": S3(0.02),
        "sq_loc_nd_local_below": S3(True),
        "sq_loc_informative": S3(3),
        "reg_last": S3(0.998),
        "reg_init": S3(0.0),
    }
    base.update(kw)
    return Measured(**base)


def verdicts(m):
    return {c.id: c.verdict for c in claims(m).claims}


PAPER = ["C2", "C3", "C4", "C5", "C6", "C7", "C8a", "C8b", "C8c", "C8d", "C9"]
METHOD = [f"M{i}" for i in range(1, 12)]


def test_all_hold_gives_reconstruction_top_verdict_never_reproduced():
    t = claims(good())
    paper = {c.id: c for c in t.paper_claims}
    assert list(paper) == PAPER and [c.id for c in t.method_checks] == METHOD
    for c in paper.values():
        assert c.evidence == RECONSTRUCTION
        assert c.verdict == HOLDS_IN_RECONSTRUCTION != REPRODUCED
        assert c.seeds == 3 and not c.caps
        assert all(r.null_grade == 0 for r in c.checks)
    assert all(c.verdict == PASSES for c in t.method_checks)


def test_one_seed_caps_at_partly():
    one = {
        f: (getattr(good(), f)[0],)
        for f in Measured.__dataclass_fields__
        if isinstance(getattr(good(), f), tuple)
    }
    t = claims(good(**one))
    assert all(c.verdict == PARTLY and "one seed" in c.caps for c in t.paper_claims)


# (claim, field, bound, inside, outside-but-partial-or-None, fully outside) for
# AtLeast / AtMost checks
CASES = [
    ("C2", "a_corr", 0.98, 0.981, 0.96, 0.94),
    ("C2", "a_corr_min", 0.97, 0.971, 0.95, 0.89),
    ("C3", "a_mass", 0.999, 0.9995, 0.995, 0.98),
    ("C3", "a_argmax", 1.0, 1.0, None, 0.99),
    ("C4", "c_corr", 0.98, 0.981, 0.96, 0.94),
    ("C4", "c_corr_fin", 0.98, 0.981, 0.96, 0.94),
    ("C4", "c_nd_max", 0.05, 0.049, 0.08, 0.11),
    ("C4", "c_R_growth", 2.0, 2.01, None, 1.99),
    ("C4", "c_mass", 0.99, 0.991, None, 0.989),
    ("C5", "c_soft", 1e-2, 0.0099, 0.03, 0.06),
    ("C5", "c_tv", 1e-2, 0.0099, 0.03, 0.06),
    ("C6", "b_corr", 0.96, 0.961, 0.94, 0.92),
    ("C6", "b_nd", 0.05, 0.049, 0.08, 0.11),
    ("C7", "l_corr", 0.98, 0.981, 0.96, 0.94),
    ("C8a", "loc_diff", 0.1, 0.101, None, 0.099),
    ("C8b", "loc_kept_local", 0.98, 0.981, 0.96, 0.94),
    ("C8b", "loc_kept_diff", 0.05, 0.051, None, 0.049),
    ("C8c", "sq_loc_diff", 0.1, 0.101, None, 0.099),
    ("C8d", "sq_loc_kept_local", 0.98, 0.981, 0.96, 0.94),
    ("C8d", "sq_loc_kept_diff", 0.05, 0.051, None, 0.049),
    ("C9", "reg_last", 0.99, 0.991, 0.96, 0.94),
]


@pytest.mark.parametrize("cid,field,bound,inside,partial,outside", CASES)
def test_check_at_bound_inside_and_outside(cid, field, bound, inside, partial, outside):
    assert verdicts(good(**{field: S3(bound)}))[cid] == HOLDS_IN_RECONSTRUCTION
    assert verdicts(good(**{field: S3(inside)}))[cid] == HOLDS_IN_RECONSTRUCTION
    single = (
        len(next(c for c in claims(good()).paper_claims if c.id == cid).checks) == 1
    )
    if partial is not None:
        assert verdicts(good(**{field: S3(partial)}))[cid] == PARTLY
    # fully outside: a claim with one check fails, a claim with several holds partly
    assert verdicts(good(**{field: S3(outside)}))[cid] == (
        NOT_REPRODUCED if single else PARTLY
    )


@pytest.mark.parametrize("cid,field,bound,inside,partial,outside", CASES)
def test_worst_seed_is_graded(cid, field, bound, inside, partial, outside):
    assert (
        verdicts(good(**{field: (inside, inside, outside)}))[cid]
        != HOLDS_IN_RECONSTRUCTION
    )


def test_measured_at_its_null_is_not_reproduced():
    g = good()
    nulls = {
        "a_corr": g.a_corr_init,
        "a_corr_min": g.a_corr_min_init,
        "a_mass": g.a_mass_init,
        "a_argmax": g.a_argmax_init,
        "c_corr": g.c_corr_init,
        "c_corr_fin": g.c_corr_fin_init,
        "c_nd_max": g.c_pw_max,
        "c_R_growth": g.c_pw_growth,
        "c_mass": g.c_mass_init,
        "c_soft": g.c_soft_uniform,
        "c_tv": g.c_tv_uniform,
        "b_corr": g.b_corr_init,
        "b_nd": g.b_pw,
        "l_corr": g.l_corr_init,
        "loc_diff": g.loc_diff_init,
        "loc_kept_local": g.loc_kept_local_init,
        "loc_kept_diff": g.loc_kept_diff_init,
        "sq_loc_diff": g.sq_loc_diff_init,
        "sq_loc_kept_local": g.sq_loc_kept_local_init,
        "sq_loc_kept_diff": g.sq_loc_kept_diff_init,
        "reg_last": g.reg_init,
    }
    v = verdicts(good(**nulls))
    assert all(v[c] == NOT_REPRODUCED for c in PAPER)


@pytest.mark.parametrize(
    "field,bad",
    [
        ("a_corr_init", 0.99),
        ("c_pw_max", 0.04),
        ("c_pw_growth", 2.5),
        ("c_soft_uniform", 0.005),
        ("loc_kept_diff_init", 0.06),
        ("sq_loc_diff_init", 0.11),
        ("sq_loc_kept_local_init", 0.96),
        ("reg_init", 0.995),
    ],
)
def test_null_that_passes_in_any_one_seed_is_refused(field, bad):
    ok = getattr(good(), field)[0]
    with pytest.raises(ValueError, match="null"):
        claims(good(**{field: (ok, ok, bad)}))


def test_no_kept_trial_gives_nan_and_fails_c8b():
    nan = math.nan
    v = verdicts(
        good(
            loc_kept=S3(0),
            loc_kept_local=S3(nan),
            loc_kept_diff=S3(nan),
            loc_kept_local_init=S3(nan),
            loc_kept_diff_init=S3(nan),
        )
    )
    assert v["C8b"] == NOT_REPRODUCED


def test_no_kept_squared_loss_trial_fails_c8d_only():
    nan = math.nan
    v = verdicts(
        good(
            sq_loc_kept=S3(0),
            sq_loc_kept_local=S3(nan),
            sq_loc_kept_diff=S3(nan),
            sq_loc_kept_local_init=S3(nan),
            sq_loc_kept_diff_init=S3(nan),
        )
    )
    assert v["C8d"] == NOT_REPRODUCED
    assert v["C8c"] == v["C8b"] == HOLDS_IN_RECONSTRUCTION


def test_squared_loss_claims_name_their_loss_and_trial_counts():
    t = {c.id: c for c in claims(good()).claims}
    assert "squared loss" in t["C8c"].statement and "CE" in t["C8a"].statement
    assert "20/8" in t["C8d"].note and "≈0.995" in t["C8d"].reported


def test_method_checks_at_bounds_and_nulls():
    v = verdicts(good(sd_log_min=-1e-10, proj_identity_residual=1e-8))
    assert v["M1"] == PASSES and v["M5"] == PASSES
    v = verdicts(
        good(
            sd_log_min=-2e-10,
            proj_identity_residual=2e-8,
            kkt_compl_max=2e-6,
            a_dip=(0.0, 0.0, 0.002),
            c_fin_minus_corr=S3(-0.006),
            c_nd_below_peak=(True, False, True),
            reg_monotone=(True, True, False),
        )
    )
    assert v["M1"] == v["M5"] == v["M4"] == v["M7"] == v["M8"] == v["M10"] == FAILS
    assert v["M2"] == PARTLY
    assert verdicts(good(a_decades=S3(0.7)))["M6"] == PARTLY
    assert verdicts(good(a_norm_ratio=S3(1.9)))["M3"] == FAILS
    assert verdicts(good(loc_nd_local_below_kept=S3(False)))["M9"] == PARTLY
    assert verdicts(good(sq_loc_nd_local_below=(True, False, True)))["M11"] == FAILS
    with pytest.raises(
        ValueError, match="null"
    ):  # the tied-head null must fail M1's bound
        claims(good(sd_ce_min=0.0))


def test_method_checks_never_counted_as_paper_claims():
    t = claims(good()).tally()
    assert t.paper == len(PAPER) and sum(t.method.values()) == len(METHOD)
    assert t.ungraded == 0
