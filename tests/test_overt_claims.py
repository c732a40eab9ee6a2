"""Grading of the OVERT chapter's claims (shared.overt.claims) on hand-made
measurements."""

import pytest

from shared.overt import claims as OC
from shared.repro.claims import NOT_ATTEMPTED
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PAPER_SETUP
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED


def good(**kw):
    """Measurements where every check holds (values near the chapter's own)."""
    base = dict(
        full_rows=4600,
        full_rows_null=4566,
        unsafe_rows=1785,
        unsafe_rows_null=1784,
        mini_200_each=True,
        mini_200_null=False,
        shares_match=True,
        shares_match_null=False,
        dev_benign_pp=0.2,
        dev_benign_null_pp=34.1,
        dev_unsafe_pp=0.5,
        dev_unsafe_null_pp=51.3,
        rho=0.8977,
        rho_null=0.004,
        dev_x_pp=0.6,
        dev_x_null_pp=80.8,
        y_gap_pp=0.3,
        y_gap_null_pp=-78.7,
        n_inversions=3,
        n_inversions_null=0,
        safe_ge_refusal=True,
        concave=True,
        rewrite_lowers=True,
        rewrite_loses=True,
        dedup_monotone=True,
        kw_inversions=("illegal activities",),
        kw_inversions_ci=(),
        prof_benign=0.01,
        prof_harmful=0.02,
        auc_lr=0.9,
        auc_sim=0.7,
        cat_acc=0.9,
        sweeps_monotone=True,
        n_pairs=180,
        profile="quick",
    )
    base.update(kw)
    return OC.Measured(**base)


def claim(m, cid):
    return next(c for c in OC.claims(m).claims if c.id == cid)


def grades(m, cid):
    return [r.grade for r in claim(m, cid).checks]


def test_all_good_gives_c1_reproduced_and_reported_only_claims_capped():
    t = OC.claims(good())
    v = {c.id: c.verdict for c in t.claims}
    assert v["C1"] == REPRODUCED
    for cid in ("C2", "C3", "C4", "C5"):
        assert v[cid] == PARTLY and OC.REPORTED_ONLY in claim(good(), cid).caps
        assert all(g == 2 for g in grades(good(), cid))
    assert v["C6"] == v["C7"] == v["C9"] == NOT_ATTEMPTED
    assert all(v[f"M{i}"] == PASSES for i in range(1, 6))


def test_evidence_levels_and_that_no_reconstruction_is_reproduced():
    t = OC.claims(good())
    levels = {c.id: c.evidence for c in t.paper_claims}
    assert levels["C1"] == PAPER_SETUP
    assert all(
        levels[c] == RECONSTRUCTION for c in ("C2", "C3", "C4", "C5", "C6", "C7", "C9")
    )
    assert all(
        c.verdict != REPRODUCED for c in t.paper_claims if c.evidence != PAPER_SETUP
    )
    assert not any(c.id == "C8" for c in t.claims)  # the filter experiment is M5
    assert {c.id for c in t.method_checks} == {"M1", "M2", "M3", "M4", "M5"}
    assert all(
        r.null_label for c in t.paper_claims for r in c.checks
    )  # every paper check has a null


def test_c1_counts_exact_bound_and_off_by_one():
    assert grades(good(), "C1") == [2, 2, 2, 2]
    for n in (4599, 4601):
        assert claim(good(full_rows=n), "C1").verdict == PARTLY
    for n in (1784, 1786):
        assert claim(good(unsafe_rows=n), "C1").verdict == PARTLY
    assert claim(good(shares_match=False), "C1").checks[3].grade == 0
    nulls = good(
        full_rows=4566, unsafe_rows=1784, mini_200_each=False, shares_match=False
    )
    assert claim(nulls, "C1").verdict == NOT_REPRODUCED


def test_c1_null_that_passes_is_refused():
    with pytest.raises(ValueError, match="null"):
        OC.claims(good(full_rows_null=4600))
    with pytest.raises(ValueError, match="null"):
        OC.claims(good(shares_match_null=True))


def test_c2_tolerances_at_inside_outside_and_null():
    assert grades(good(dev_benign_pp=0.5, dev_unsafe_pp=1.5), "C2") == [2, 2]
    assert grades(good(dev_benign_pp=0.49, dev_unsafe_pp=1.49), "C2") == [2, 2]
    assert grades(good(dev_benign_pp=0.51, dev_unsafe_pp=1.51), "C2") == [0, 0]
    assert (
        claim(good(dev_benign_pp=0.51, dev_unsafe_pp=1.51), "C2").verdict
        == NOT_REPRODUCED
    )
    assert (
        claim(good(dev_benign_pp=34.1, dev_unsafe_pp=51.3), "C2").verdict
        == NOT_REPRODUCED
    )
    with pytest.raises(ValueError):
        OC.claims(good(dev_benign_null_pp=0.3))


def test_c3_rho_window_and_shuffled_null():
    assert grades(good(rho=0.8885), "C3") == [2]
    assert grades(good(rho=0.9075), "C3") == [2]
    assert grades(good(rho=0.887), "C3") == [0]
    assert grades(good(rho=0.909), "C3") == [0]
    assert claim(good(rho=0.004), "C3").verdict == NOT_REPRODUCED
    with pytest.raises(ValueError):
        OC.claims(good(rho_null=0.9))


def test_c4_is_capped_like_c2_and_c3_and_graded_at_its_bounds():
    c = claim(good(), "C4")
    assert (
        c.verdict == PARTLY
        and OC.REPORTED_ONLY in c.caps
        and c.evidence == RECONSTRUCTION
    )
    assert grades(good(dev_x_pp=1.0, y_gap_pp=-1.5), "C4") == [2, 2]
    assert grades(good(dev_x_pp=1.01, y_gap_pp=-1.51), "C4") == [0, 0]
    assert claim(good(dev_x_pp=80.8, y_gap_pp=-78.7), "C4").verdict == NOT_REPRODUCED


def test_c5_needs_one_inversion_and_null_of_zero_fails():
    assert grades(good(n_inversions=1), "C5") == [2]
    assert claim(good(n_inversions=0), "C5").verdict == NOT_REPRODUCED
    with pytest.raises(ValueError):
        OC.claims(good(n_inversions_null=1))


def test_m5_filter_experiment_is_a_method_check_with_profile_bounds():
    assert claim(good(), "M5").kind == "method"
    assert grades(good(auc_lr=0.75, auc_sim=0.6, cat_acc=0.85), "M5")[3:] == [2, 2, 2]
    assert grades(good(auc_lr=0.7499, auc_sim=0.6, cat_acc=0.8499), "M5")[3:] == [
        0,
        2,
        0,
    ]
    assert grades(good(profile="full", auc_lr=0.79, cat_acc=0.89), "M5")[3:6:2] == [
        0,
        0,
    ]
    assert grades(good(kw_inversions=()), "M5")[0] == 0
    assert grades(good(prof_benign=0.051, prof_harmful=0.05), "M5")[1:3] == [0, 2]
    with pytest.raises(ValueError):
        OC.claims(good(profile="medium"))
