"""Papermill with a bad parameter fails fast, naming the parameter and the allowed values."""

import time

import pytest
from papermill.exceptions import PapermillExecutionError

from shared.repro import book

pytestmark = pytest.mark.book

CASES = {
    "unknown profile": ({"PROFILE": "bogus"}, ["PROFILE='bogus'", "'quick'", "'full'"]),
    "negative seed": ({"SEED": -1}, ["SEED=-1", "non-negative integer"]),
    "misspelled parameter": ({"PROFIL": "quick"}, ["PROFIL", "PROFILE, SEED"]),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("key", book.chapter_keys())
def test_bad_parameter_fails_fast(key, case, tmp_path):
    params, expected = CASES[case]
    t0 = time.perf_counter()
    with pytest.raises(PapermillExecutionError) as info:
        book.execute_chapter(key, "quick", out_dir=tmp_path, parameters=params, timeout=120)
    elapsed = time.perf_counter() - t0
    message = str(info.value)
    assert "ValueError" in message, f"{key}/{case}: expected a ValueError, got:\n{message[-800:]}"
    for text in expected:
        assert text in message, f"{key}/{case}: message lacks {text!r}:\n{message[-800:]}"
    assert elapsed < 60, f"{key}/{case}: took {elapsed:.0f} s to fail; the parameter check must come first"
