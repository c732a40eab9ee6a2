"""Papermill with a bad parameter fails fast, naming the parameter and the allowed
values.

"Fast" is structural, not timed: the error must come from the cell that calls
``start(...)``, the first cell after the parameters, before any experiment runs.
"""

import pytest
from bookkit import book
from papermill.exceptions import PapermillExecutionError

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
    with pytest.raises(PapermillExecutionError) as info:
        book.execute_chapter(
            key, "quick", out_dir=tmp_path, parameters=params, timeout=600
        )
    message = str(info.value)
    assert "ValueError" in message, (
        f"{key}/{case}: expected a ValueError, got:\n{message[-800:]}"
    )
    for text in expected:
        assert text in message, (
            f"{key}/{case}: message lacks {text!r}:\n{message[-800:]}"
        )
    source = info.value.source or ""
    assert "start(" in source, (
        f"{key}/{case}: failed in cell {info.value.cell_index}, not in the "
        "`start(...)` cell; "
        f"the parameter check must come first:\n{source[:400]}"
    )
