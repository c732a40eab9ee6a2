"""The full-profile code paths of the sparse-attack chapters, run at toy size
(``PROFILE="smoke"``).

The full profile needs CIFAR-10 and a GPU, so CI cannot run it. The ``smoke`` profile
walks the same branches (sTRADES, the step-size grid, the seed-averaged ablation, the
training-budget grid, the attack-budget saturation check (M8, M4), the per-epoch sAA
study over 3 seeds (C2b) and the CIFAR-10 section with a stand-in model) on a few random
images written in CIFAR-10's file format, offline. Its numbers mean nothing; the test
checks that every branch ran and produced computed claims.
"""

import pytest
from bookkit import book

from shared.adversarial.data import write_fake_cifar10
from shared.repro.claims import read_notebook_claims


def _claims(path):
    claims = {c.id: c for c in read_notebook_claims(path)}
    assert claims, f"no claims table in {path}"
    return claims


@pytest.mark.slow
@pytest.mark.parametrize(
    "key,cifar_claim,extra_claims",
    [
        ("spgd", "C8", ("C5", "C7", "M8")),
        ("fast-ls-l0", "C10", ("C7", "C8", "C2b", "M4")),
    ],
)
def test_smoke_profile_runs_every_full_branch(
    key, cifar_claim, extra_claims, tmp_path, monkeypatch
):
    write_fake_cifar10(tmp_path / "cifar", n_train=40, n_test=20)
    monkeypatch.setenv("REPRO_CIFAR10_ROOT", str(tmp_path / "cifar"))
    book.execute_chapter(key, out_dir=tmp_path, parameters={"PROFILE": "smoke"})
    claims = _claims(tmp_path / f"{key}.ipynb")
    assert claims[cifar_claim].verdict != "not attempted", claims[cifar_claim]
    assert (
        "stand-in model" in claims[cifar_claim].note
    )  # a toy run can never count as reproduced
    for cid in extra_claims:
        assert claims[cid].verdict != "not attempted", claims[cid]
    assert (
        "skipped in the 'smoke' profile" not in (tmp_path / f"{key}.ipynb").read_text()
    )


@pytest.mark.slow
def test_missing_cifar_is_reported_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setenv("REPRO_CIFAR10_ROOT", str(tmp_path / "absent"))
    book.execute_chapter("spgd", out_dir=tmp_path, parameters={"PROFILE": "smoke"})
    c8 = _claims(tmp_path / "spgd.ipynb")["C8"]
    assert c8.verdict == "not attempted" and "CIFAR-10 unavailable" in c8.note
