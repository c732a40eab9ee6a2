"""Tests for shared.quantum.spin1_experiment: profiles, tiny runs, invariants, bad
input."""

import dataclasses

import numpy as np
import pytest

from shared.quantum import spin1_claims as spc
from shared.quantum import spin1_experiment as spe

#: A profile small enough to run every section in a few seconds.
TINY = spe.Profile(
    n_phase=(40, 1000),
    n_q_phase=21,
    n_squeeze=(20, 40),
    n_q_squeeze=12,
    n_scaling=(20, 40, 80),
    n_q_qfi=15,
    parity_pairs=((20, 21),),
    parity_nmax=12,
    n_q_parity=21,
    n_quench=40,
    n_times=61,
    t_max=6.0,
    n_q_map=6,
    n_steady=(40, 80),
    n_validity=(40, 80, 160),
    t_validity=4.0,
    n_c2=40,
    n_ba=(40, 80),
    n_c7=(40, 80),
)


def _run_all(p):
    r = dict(
        phase=spe.run_phase(p),
        gs=spe.run_ground_squeezing(p),
        scaling=spe.run_critical_scaling(p),
        qfi=spe.run_qfi(p),
        parity=spe.run_parity(p),
        qmap=spe.run_quench_map(p),
        steady=spe.run_steady(p),
        val=spe.run_validity(p),
    )
    m = spe.measured(**r, dipolar_err=spe.dipolar_error(atom_numbers=(4,)))
    keys = spe.key_numbers(m, r["gs"], r["scaling"], r["parity"], r["steady"])
    return r, m, keys


@pytest.fixture(scope="module")
def tiny():
    return _run_all(TINY)


def test_profiles_quick_and_full_keep_the_former_values():
    quick = spe.PROFILES["quick"]
    assert set(spe.PROFILES) == {"quick", "full"}
    assert quick.n_squeeze == (100, 1000, 10000) and quick.n_times == 301
    assert spe.PROFILES["full"].n_scaling[-1] == 100000
    for prof in spe.PROFILES.values():
        assert prof.n_c2 in prof.n_squeeze
        assert set(prof.n_ba) <= set(prof.n_scaling)
        assert set(prof.n_c7) <= set(prof.n_validity)
        with pytest.raises(dataclasses.FrozenInstanceError):
            prof.n_quench = 3


def test_profile_rejects_acceptance_atom_numbers_missing_from_the_scan():
    with pytest.raises(ValueError, match="n_c2=.*must be listed"):
        dataclasses.replace(TINY, n_c2=10000)
    with pytest.raises(ValueError, match="n_c7=.*must be listed"):
        dataclasses.replace(TINY, n_c7=(1000, 4000))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("n_quench", 1, "n_quench=1: must be an integer >= 2"),
        ("n_times", 10.0, "n_times=10.0"),
        ("t_max", -1.0, "t_max"),
        ("n_steady", [40, 80], "must be a non-empty tuple"),
        ("n_steady", (80, 40), "must increase"),
        ("parity_pairs", ((20, 22),), r"must be \(N, N \+ 1\)"),
    ],
)
def test_profile_bad_field_raises_with_its_name(field, value, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(TINY, **{field: value})


def test_result_shapes(tiny):
    r, m, _ = tiny
    assert r["phase"].scans[(spe.FERRO, 1000)]["rho0"].shape == r["phase"].q.shape
    assert len(r["gs"].best_q) == len(TINY.n_squeeze)
    assert r["scaling"].series["fq"].shape == (len(TINY.n_scaling),)
    assert r["parity"].x.size == TINY.n_q_parity
    assert r["qmap"].q[spe.AFM].size == TINY.n_q_map
    assert r["steady"].ed[80]["xi2"].shape == (TINY.n_times,)
    assert r["val"].dev[(0.5, spe.AFM)].shape == (len(TINY.n_validity),)
    assert isinstance(m, spc.Measured)
    assert m.n_steady == TINY.n_steady and m.t_max == TINY.t_max
    assert m.n_quench == TINY.n_quench and m.t_validity == TINY.t_validity


def test_invariants_of_the_tiny_run(tiny):
    r, m, _ = tiny
    # closed forms are exact; the other parity's are not
    assert m.c4_cf_err < 1e-9 < m.c4_cf_err_null
    # the dipolar term only renormalises c
    assert m.m2_dipolar_err < 1e-12
    # the polar null has F_Q = 4N exactly, interacting ground states are entangled
    assert m.c3_witness_null == pytest.approx(1.0)
    assert m.c3_witness > 1.0
    # the non-interacting quench does not evolve: F_Q/(4N) stays 1
    assert m.c5_fq_min_null == pytest.approx(1.0)
    assert not m.c5_monotone_null
    # squeezing never exceeds the Heisenberg-limited range, QFI never above 4N^2
    for N, obs in r["steady"].ed.items():
        assert np.all(obs["xi2"] > 0) and np.all(obs["fq_over_4n"] <= N + 1e-9)


def test_same_profile_gives_identical_key_numbers(tiny):
    _, _, keys = tiny
    _, _, again = _run_all(TINY)
    assert list(keys) == list(again)
    assert all(np.array_equal(keys[k], again[k]) for k in keys)


def test_prose_numbers_are_plain_python_values(tiny):
    r, _, _ = tiny
    for result in r.values():
        for name, value in result.prose().items():
            assert type(value) in (float, int), (name, type(value))
