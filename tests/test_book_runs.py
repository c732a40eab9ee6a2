"""Checks on the chapters as executed by `make test-notebooks` (marker `book`).

`make test-notebooks` executes every chapter from its jupytext twin into
`_build/executed` with the network guard of `tests/offline` active; these tests compare
that run with the committed notebooks and read the evidence the guard left.
"""

import json

import nbformat
import pytest
from bookkit import book

pytestmark = pytest.mark.book
KEYS = book.chapter_keys()
EXECUTED = book.BUILD / "executed"


def _key_cell_text(path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.lstrip().startswith(
            "# NBVAL_CHECK_OUTPUT"
        ):
            return "".join(
                o.get("text", "")
                for o in cell.outputs
                if o.get("output_type") == "stream"
            )
    raise AssertionError(f"{path}: no key-numbers cell")


@pytest.mark.parametrize("key", KEYS)
def test_key_numbers_are_byte_identical_across_runs(key):
    """Two executions (the committed one and today's) print the same key numbers."""
    fresh = EXECUTED / f"{key}.ipynb"
    assert fresh.exists(), f"{key}: not executed; run `make test-notebooks` first"
    committed = _key_cell_text(book.NOTEBOOKS / f"{key}.ipynb").splitlines()
    today = _key_cell_text(fresh).splitlines()
    diffs = [
        f"line {i + 1}: committed {a!r} != today {b!r}"
        for i, (a, b) in enumerate(zip(committed, today))
        if a != b
    ]
    if len(committed) != len(today):
        diffs.append(f"{len(committed)} lines committed, {len(today)} today")
    assert not diffs, f"{key}: key numbers differ between runs:\n" + "\n".join(diffs)


def test_chapters_ran_offline():
    """Every kernel of the test run started with the network guard active."""
    log = book.BUILD / "offline-guard.log"
    assert log.exists(), (
        "no guard log: `make test-notebooks` must run with REPRO_OFFLINE=1"
    )
    pids = set(log.read_text().split())
    assert len(pids) >= len(KEYS), (
        f"guard active in {len(pids)} processes, expected at least {len(KEYS)}"
    )


def test_runtimes_recorded(capsys):
    """Every chapter's run time is recorded, and reported; never asserted against a
    budget.

    Wall-clock time depends on how loaded the machine is, so a budget here would make CI
    fail on a busy machine. The times are printed for the log and shown on the
    How-to-run page; the 120 s quick-profile budget is checked by hand (`make execute`),
    not in CI.
    """
    data = json.loads(book.RUNTIMES.read_text())
    quick = data["quick"]
    missing = [k for k in KEYS if k not in quick]
    assert not missing, f"no recorded run time for {missing}"
    assert all(isinstance(v, (int, float)) and v >= 0 for v in quick.values()), quick
    with capsys.disabled():
        print(
            "\nquick-profile run times (s, wall clock, informational): "
            + ", ".join(f"{k} {quick[k]:.0f}" for k in KEYS)
        )
