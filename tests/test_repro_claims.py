import json
import math

import nbformat
import numpy as np
import pytest

from shared.repro.claims import (
    METADATA_KEY, NOT_ATTEMPTED, NOT_REPRODUCED, PARTLY, REPRODUCED, AtLeast, AtMost, Between,
    ClaimTable, IsTrue, Within, format_value, notebook_title, read_book_claims,
    read_notebook_claims, tally, verdict_from_grades,
)


@pytest.mark.parametrize(
    "criterion, value, grade",
    [
        (AtMost(1.0), 1.0, 2), (AtMost(1.0), 1.5, 0), (AtMost(1.0, partial=2.0), 1.5, 1),
        (AtLeast(0.9), 0.95, 2), (AtLeast(0.9, partial=0.5), 0.6, 1), (AtLeast(0.9), 0.1, 0),
        (Within(10, 1), 10.9, 2), (Within(10, 0.1, rel=True), 10.9, 2), (Within(10, 0.05, rel=True), 10.9, 0),
        (Within(10, 1, partial=2), 11.5, 1), (Between(0, 1), 0.5, 2), (Between(0, 1), 1.5, 0),
        (IsTrue(), True, 2), (IsTrue(), np.bool_(False), 0), (AtMost(1.0), np.float64(0.5), 2),
    ],
)
def test_criteria_grades(criterion, value, grade):
    assert criterion.grade(value) == grade


@pytest.mark.parametrize("criterion", [AtMost(1), AtLeast(0), Within(0, 1), Between(-1, 1)])
def test_nan_never_passes(criterion):
    assert criterion.grade(math.nan) == 0


def test_criteria_reject_inconsistent_bounds_and_wrong_types():
    with pytest.raises(ValueError):
        AtMost(1, partial=0.5)
    with pytest.raises(ValueError):
        AtLeast(1, partial=2)
    with pytest.raises(ValueError):
        Within(0, -1)
    with pytest.raises(ValueError):
        Between(2, 1)
    with pytest.raises(ValueError, match="bool"):
        IsTrue().grade(1)
    with pytest.raises(ValueError, match="real number"):
        AtMost(1).grade("0.5")
    with pytest.raises(ValueError, match="real number"):
        AtMost(1).grade(True)


def test_verdict_combination():
    assert verdict_from_grades([2, 2]) == REPRODUCED
    assert verdict_from_grades([2, 0]) == PARTLY
    assert verdict_from_grades([1]) == PARTLY
    assert verdict_from_grades([0, 0]) == NOT_REPRODUCED
    with pytest.raises(ValueError):
        verdict_from_grades([])


def test_table_computes_verdicts_and_rejects_duplicates():
    t = ClaimTable("demo")
    assert t.add("C1", "a", reported="1.0 (Table 1)", measured=1.02, criterion=Within(1.0, 0.05)).verdict == REPRODUCED
    c2 = t.add_checks("C2", "b", reported="qualitative",
                      checks=[("gap", 0.3, AtMost(0.1)), ("monotone", True, IsTrue())])
    assert c2.verdict == PARTLY and c2.measured == "gap: 0.3; monotone: yes"
    assert t.add_not_attempted("C3", "c", reported="87 %", reason="needs an LLM").verdict == NOT_ATTEMPTED
    with pytest.raises(ValueError, match="already used"):
        t.add("C1", "again", reported="", measured=1, criterion=AtMost(2))
    with pytest.raises(ValueError, match="not a Criterion"):
        t.add("C4", "d", reported="", measured=1, criterion=2)
    with pytest.raises(ValueError, match="say why"):
        t.add_not_attempted("C5", "e", reported="", reason="")
    assert t.counts() == {REPRODUCED: 1, PARTLY: 1, NOT_REPRODUCED: 0, NOT_ATTEMPTED: 1}
    md = t.to_markdown()
    assert md.count("\n| C") == 3 and "**partly**" in md


def test_format_value():
    assert format_value(True) == "yes"
    assert format_value(np.int64(3)) == "3"
    assert format_value(0.123456) == "0.1235"
    assert format_value(float("nan")) == "nan"
    assert format_value("12 %") == "12 %"


def _notebook_with(table: ClaimTable, title: str = "# My chapter") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(title + "\n\ntext"))
    cell = nbformat.v4.new_code_cell("claims.display()")
    md = table.to_markdown()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": md},
                                           metadata={METADATA_KEY: json.loads(json.dumps(table.to_json()))})]
    nb.cells.append(cell)
    return nb


def test_reader_round_trip(tmp_path):
    t = ClaimTable("demo")
    t.add("C1", "a", reported="r", measured=0.5, criterion=AtMost(1))
    t.add_checks("C2", "b", reported="r", checks=[("x", 0.5, AtLeast(1))])
    nbformat.write(_notebook_with(t), str(tmp_path / "demo.ipynb"))
    nbformat.write(nbformat.v4.new_notebook(), str(tmp_path / "empty.ipynb"))
    found = read_notebook_claims(tmp_path / "demo.ipynb")
    assert [(c.id, c.verdict) for c in found] == [("C1", REPRODUCED), ("C2", NOT_REPRODUCED)]
    assert found[1].checks[0].label == "x"
    book = read_book_claims(tmp_path)
    assert set(book) == {"demo", "empty"} and book["empty"] == []
    assert tally(found)[REPRODUCED] == 1
    assert notebook_title(tmp_path / "demo.ipynb") == "My chapter"
    assert notebook_title(tmp_path / "empty.ipynb") == "empty"
    with pytest.raises(ValueError, match="not a folder"):
        read_book_claims(tmp_path / "missing")


def test_display_embeds_json(monkeypatch):
    shown = {}
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda data, raw, metadata: shown.update(data=data, metadata=metadata))
    t = ClaimTable("demo")
    t.add("C1", "a", reported="r", measured=0.5, criterion=AtMost(1))
    t.display()
    assert shown["metadata"][METADATA_KEY]["claims"][0]["verdict"] == REPRODUCED
    assert "text/markdown" in shown["data"]
    html = shown["data"]["text/html"]
    assert html.count("<tr>") == 2 and "reproduced</b>" in html
    with pytest.raises(ValueError, match="no claims"):
        ClaimTable("empty").display()


def test_cap_reason_limits_the_verdict_and_is_shown():
    t = ClaimTable("demo")
    capped = t.add("C1", "a", reported="r", measured=0.5, criterion=AtMost(1), cap_reason="synthetic data only")
    assert capped.verdict == PARTLY and "at most partly: synthetic data only" in capped.note
    failed = t.add("C2", "b", reported="r", measured=5, criterion=AtMost(1), cap_reason="synthetic data only")
    assert failed.verdict == NOT_REPRODUCED
