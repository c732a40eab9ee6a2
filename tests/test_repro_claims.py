import json
import math

import nbformat
import numpy as np
import pytest

from shared.repro.claims import ANALOGUE
from shared.repro.claims import EVIDENCE_LEVELS
from shared.repro.claims import FAILS
from shared.repro.claims import HOLDS_IN_ANALOGUE
from shared.repro.claims import HOLDS_IN_RECONSTRUCTION
from shared.repro.claims import METADATA_KEY
from shared.repro.claims import NOT_ATTEMPTED
from shared.repro.claims import NOT_REPRODUCED
from shared.repro.claims import PAPER_SETUP
from shared.repro.claims import PARTLY
from shared.repro.claims import PASSES
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import REPRODUCED
from shared.repro.claims import UNGRADED
from shared.repro.claims import AtLeast
from shared.repro.claims import AtMost
from shared.repro.claims import Between
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable
from shared.repro.claims import IsTrue
from shared.repro.claims import PerSeed
from shared.repro.claims import Within
from shared.repro.claims import format_value
from shared.repro.claims import notebook_title
from shared.repro.claims import read_book_claims
from shared.repro.claims import read_notebook_claims
from shared.repro.claims import tally
from shared.repro.claims import verdict_from_grades


@pytest.mark.parametrize(
    "criterion, value, grade",
    [
        (AtMost(1.0), 1.0, 2),
        (AtMost(1.0), 1.5, 0),
        (AtMost(1.0, partial=2.0), 1.5, 1),
        (AtLeast(0.9), 0.95, 2),
        (AtLeast(0.9, partial=0.5), 0.6, 1),
        (AtLeast(0.9), 0.1, 0),
        (Within(10, 1), 10.9, 2),
        (Within(10, 0.1, rel=True), 10.9, 2),
        (Within(10, 0.05, rel=True), 10.9, 0),
        (Within(10, 1, partial=2), 11.5, 1),
        (Between(0, 1), 0.5, 2),
        (Between(0, 1), 1.5, 0),
        (IsTrue(), True, 2),
        (IsTrue(), np.bool_(False), 0),
        (AtMost(1.0), np.float64(0.5), 2),
    ],
)
def test_criteria_grades(criterion, value, grade):
    assert criterion.grade(value) == grade


@pytest.mark.parametrize(
    "criterion", [AtMost(1), AtLeast(0), Within(0, 1), Between(-1, 1)]
)
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


def _deterministic(t, cid, checks, evidence=PAPER_SETUP, **kw):
    """A paper claim with a source, graded on values that do not depend on a seed."""
    return t.paper(
        cid,
        cid.lower(),
        evidence=evidence,
        reported="r",
        source="Table 1",
        checks=checks,
        deterministic=True,
        **kw,
    )


def test_table_computes_verdicts_and_rejects_duplicates():
    t = ClaimTable("demo")
    c1 = _deterministic(t, "C1", [Check("", 1.02, Within(1.0, 0.05), 2.0, "chance")])
    assert c1.verdict == REPRODUCED
    c2 = _deterministic(
        t,
        "C2",
        [
            Check("gap", 0.3, AtMost(0.1), 0.9, "shuffled"),
            Check("monotone", True, IsTrue(), False, "shuffled"),
        ],
    )
    assert c2.verdict == PARTLY and c2.measured == "gap: 0.3; monotone: yes"
    assert (
        t.not_attempted("C3", "c", reported="87 %", reason="needs an LLM").verdict
        == NOT_ATTEMPTED
    )
    with pytest.raises(ValueError, match="already used"):
        _deterministic(t, "C1", [Check("", 1, AtMost(2), 5, "chance")])
    with pytest.raises(ValueError, match="not a Criterion"):
        _deterministic(t, "C4", [("", 1, 2, 5, "chance")])
    with pytest.raises(ValueError, match="say why"):
        t.not_attempted("C5", "e", reported="", reason="")
    counts = t.tally()
    assert counts.ungraded == 0 and sum(counts.verdicts.values()) == 3
    md = t.to_markdown()
    assert md.count("\n| C") == 3 and "**partly**" in md


def test_format_value():
    assert format_value(True) == "yes"
    assert format_value(np.int64(3)) == "3"
    assert format_value(0.123456) == "0.1235"
    assert format_value(float("nan")) == "nan"
    assert format_value("12 %") == "12 %"


def _notebook_with(
    table: ClaimTable, title: str = "# My chapter"
) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(title + "\n\ntext"))
    cell = nbformat.v4.new_code_cell("claims.display()")
    md = table.to_markdown()
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/markdown": md},
            metadata={METADATA_KEY: json.loads(json.dumps(table.to_json()))},
        )
    ]
    nb.cells.append(cell)
    return nb


def _legacy_notebook(rows) -> nbformat.NotebookNode:
    """A notebook saved before the evidence policy: rows without kind or evidence."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# My chapter\n\ntext"))
    cell = nbformat.v4.new_code_cell("claims.display()")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/markdown": ""},
            metadata={METADATA_KEY: {"chapter": "demo", "claims": rows}},
        )
    ]
    nb.cells.append(cell)
    return nb


def _legacy_row(cid, verdict, checks=()):
    return {
        "chapter": "demo",
        "id": cid,
        "statement": "a",
        "reported": "r",
        "measured": "0.5",
        "criterion": "≤ 1",
        "verdict": verdict,
        "note": "",
        "checks": [
            {"label": lb, "measured": "0.5", "criterion": "≥ 1", "grade": 0}
            for lb in checks
        ],
    }


def test_reader_round_trip(tmp_path):
    rows = [_legacy_row("C1", REPRODUCED), _legacy_row("C2", NOT_REPRODUCED, ["x"])]
    nbformat.write(_legacy_notebook(rows), str(tmp_path / "demo.ipynb"))
    nbformat.write(nbformat.v4.new_notebook(), str(tmp_path / "empty.ipynb"))
    found = read_notebook_claims(tmp_path / "demo.ipynb")
    assert [(c.id, c.verdict) for c in found] == [
        ("C1", REPRODUCED),
        ("C2", NOT_REPRODUCED),
    ]
    assert found[1].checks[0].label == "x"
    book = read_book_claims(tmp_path)
    assert set(book) == {"demo", "empty"} and book["empty"] == []
    assert tally(found).ungraded == 2 and all(c.evidence == UNGRADED for c in found)
    assert notebook_title(tmp_path / "demo.ipynb") == "My chapter"
    assert notebook_title(tmp_path / "empty.ipynb") == "empty"
    with pytest.raises(ValueError, match="not a folder"):
        read_book_claims(tmp_path / "missing")


def test_display_embeds_json(monkeypatch):
    shown = {}
    import IPython.display

    monkeypatch.setattr(
        IPython.display,
        "display",
        lambda data, raw, metadata=None: shown.update(data=data, metadata=metadata),
    )
    t = ClaimTable("demo")
    _deterministic(t, "C1", [Check("", 0.5, AtMost(1), 5.0, "chance")])
    t.display()
    assert shown["metadata"][METADATA_KEY]["claims"][0]["verdict"] == REPRODUCED
    assert "text/markdown" in shown["data"]
    html = shown["data"]["text/html"]
    assert html.count("<tr>") == 2 and "reproduced</b>" in html
    with pytest.raises(ValueError, match="no paper claims"):
        ClaimTable("empty").display()


def test_cap_reason_limits_the_verdict_and_is_shown():
    t = ClaimTable("demo")
    ok, bad = (
        Check("", 0.5, AtMost(1), 5.0, "chance"),
        Check("", 5, AtMost(1), 6, "chance"),
    )
    capped = _deterministic(t, "C1", [ok], cap_reason="synthetic data only")
    assert capped.verdict == PARTLY and capped.caps == ["synthetic data only"]
    assert "capped at partly: synthetic data only" in t.to_markdown()
    failed = _deterministic(t, "C2", [bad], cap_reason="synthetic data only")
    assert failed.verdict == NOT_REPRODUCED


# --------------------------------------------------------------------------- evidence
# policy
def _chk(measured=0.9, null=0.1, criterion=None, label="acc"):
    return Check(
        label, measured, criterion or AtLeast(0.8), null=null, null_label="chance"
    )


def _seeds(*v, rule="worst"):
    return PerSeed(v, rule=rule)


def test_only_paper_setup_reaches_the_top_verdict():
    t = ClaimTable("demo")
    kw = dict(
        reported="0.9 (Table 1)", source="Table 1", checks=[_chk()], deterministic=True
    )
    assert t.paper("C1", "a", evidence=PAPER_SETUP, **kw).verdict == REPRODUCED
    assert t.paper("C2", "b", evidence=ANALOGUE, **kw).verdict == HOLDS_IN_ANALOGUE
    assert (
        t.paper("C3", "c", evidence=RECONSTRUCTION, **kw).verdict
        == HOLDS_IN_RECONSTRUCTION
    )
    # failing and partial checks grade the same at every level
    for i, level in enumerate(EVIDENCE_LEVELS):
        bad = [_chk(0.5)]
        assert (
            t.paper(
                f"F{i}",
                "f",
                evidence=level,
                reported="r",
                source="s",
                checks=bad,
                deterministic=True,
            ).verdict
            == NOT_REPRODUCED
        )
        mixed = [_chk(0.9), _chk(0.5, label="b")]
        assert (
            t.paper(
                f"M{i}",
                "m",
                evidence=level,
                reported="r",
                source="s",
                checks=mixed,
                deterministic=True,
            ).verdict
            == PARTLY
        )
    with pytest.raises(ValueError, match="evidence="):
        t.paper("C9", "x", evidence="paper", reported="r", source="s", checks=[_chk()])


def test_paper_setup_needs_the_reported_source():
    t = ClaimTable("demo")
    with pytest.raises(ValueError, match="needs the source"):
        t.paper(
            "C1", "a", evidence=PAPER_SETUP, reported="0.9", source="", checks=[_chk()]
        )
    with pytest.raises(ValueError, match="reported"):
        t.paper(
            "C1", "a", evidence=RECONSTRUCTION, reported=" ", source="", checks=[_chk()]
        )
    # a reconstruction may rest on the abstract alone
    assert (
        t.paper(
            "C1",
            "a",
            evidence=RECONSTRUCTION,
            reported="qualitative",
            source="",
            checks=[_chk()],
            deterministic=True,
        ).verdict
        == HOLDS_IN_RECONSTRUCTION
    )


@pytest.mark.parametrize(
    "criterion, null",
    [
        (AtLeast(0.8), 0.85),  # the null passes outright
        (AtLeast(0.8, partial=0.05), 0.1),  # the null passes partly
        (AtMost(0.1), -1.0),
        (IsTrue(), True),
        (
            AtLeast(0.8),
            PerSeed((0.1, 0.9, 0.95), rule="mean"),
        ),  # mean 0.65 fails: allowed below
    ],
)
def test_a_check_whose_criterion_grades_its_null_above_zero_is_refused(criterion, null):
    t = ClaimTable("demo")
    measured = True if isinstance(criterion, IsTrue) else 0.9
    if isinstance(null, PerSeed):  # mean 0.65 < 0.8: graded 0, so accepted
        t.paper(
            "C1",
            "a",
            evidence=ANALOGUE,
            reported="r",
            source="s",
            checks=[Check("x", measured, criterion, null, "shuffled")],
            deterministic=True,
        )
        return
    with pytest.raises(ValueError, match="cannot tell the claim from its null"):
        t.paper(
            "C1",
            "a",
            evidence=ANALOGUE,
            reported="r",
            source="s",
            checks=[Check("x", measured, criterion, null, "shuffled")],
            deterministic=True,
        )
    with pytest.raises(ValueError, match="cannot tell the claim from its null"):
        t.method("M1", "a", checks=[Check("x", measured, criterion, null, "shuffled")])


def test_a_paper_check_without_a_null_is_refused_and_a_null_needs_a_label():
    t = ClaimTable("demo")
    with pytest.raises(ValueError, match="no computed null"):
        t.paper(
            "C1",
            "a",
            evidence=ANALOGUE,
            reported="r",
            source="s",
            checks=[("x", 0.9, AtLeast(0.8))],
        )
    with pytest.raises(ValueError, match="null_label"):
        Check("x", 0.9, AtLeast(0.8), null=0.1)
    with pytest.raises(ValueError, match="not a Criterion"):
        Check("x", 0.9, 0.8)
    # the same check without a null is a method check
    assert (
        t.method("M1", "identity", checks=[("x", 0.9, AtLeast(0.8))]).verdict == PASSES
    )


@pytest.mark.parametrize(
    "measured, capped",
    [
        (0.9, True),  # a scalar from one seed
        (_seeds(0.9, 0.95), True),  # two seeds
        (_seeds(0.9, 0.95, 0.85), False),  # three seeds, worst passes
    ],
)
def test_fewer_than_three_seeds_caps_the_verdict(measured, capped):
    t = ClaimTable("demo")
    c = t.paper(
        "C1",
        "a",
        evidence=PAPER_SETUP,
        reported="r",
        source="Fig. 1",
        checks=[_chk(measured)],
    )
    assert c.verdict == (PARTLY if capped else REPRODUCED)
    assert any("seed" in cap for cap in c.caps) == capped
    # a deterministic claim is not capped
    d = t.paper(
        "C2",
        "a",
        evidence=PAPER_SETUP,
        reported="r",
        source="Fig. 1",
        checks=[_chk(0.9)],
        deterministic=True,
    )
    assert d.verdict == REPRODUCED and d.caps == []


def test_seed_rules_worst_and_mean():
    worst = _seeds(0.95, 0.9, 0.7)
    mean = _seeds(0.95, 0.9, 0.7, rule="mean")  # mean 0.85
    assert worst.grade(AtLeast(0.8)) == 0 and mean.grade(AtLeast(0.8)) == 2
    assert "3 seeds" in worst.text() and "mean ± sd" in mean.text()
    assert _seeds(True, False, True).grade(IsTrue()) == 0
    assert _seeds(True, True, True).text() == "yes in 3/3 seeds"
    assert (
        _seeds(0.5).text() == "0.5 (1 seed)"
        and _seeds(True).text() == "yes in 1/1 seed"
    )
    with pytest.raises(ValueError, match="rule="):
        PerSeed((1.0,), rule="best")
    with pytest.raises(ValueError, match="at least one"):
        PerSeed(())
    with pytest.raises(ValueError, match="booleans"):
        PerSeed((True, False), rule="mean")
    with pytest.raises(ValueError, match="all numbers or all booleans"):
        PerSeed((1.0, True))


def test_criterion_set_after_results_caps_the_verdict():
    t = ClaimTable("demo")
    c = t.paper(
        "C1",
        "a",
        evidence=PAPER_SETUP,
        reported="r",
        source="Table 2",
        checks=[_chk()],
        deterministic=True,
        post_hoc=True,
    )
    assert c.verdict == PARTLY and c.caps == ["criterion set after results"]


def test_method_checks_never_enter_the_counts():
    t = ClaimTable("demo")
    t.paper(
        "C1",
        "a",
        evidence=RECONSTRUCTION,
        reported="r",
        source="",
        checks=[_chk()],
        deterministic=True,
    )
    t.method("M1", "identity", checks=[("err", 1e-12, AtMost(1e-9))])
    t.method("M2", "broken", checks=[("err", 1.0, AtMost(1e-9))])
    t.not_attempted("C2", "b", reported="87 %", reason="needs an LLM")
    counts = t.tally()
    assert counts.paper == 2 and counts.ungraded == 0
    assert (
        counts.verdicts[HOLDS_IN_RECONSTRUCTION] == 1
        and counts.verdicts[NOT_ATTEMPTED] == 1
    )
    assert sum(counts.verdicts.values()) == 2
    assert counts.method == {PASSES: 1, PARTLY: 0, FAILS: 1}
    assert counts.by_level[RECONSTRUCTION][HOLDS_IN_RECONSTRUCTION] == 1
    assert "M1" not in t.to_markdown() and "M1" in t.to_markdown("method")
    assert "C1" not in t.to_markdown("method")
    with pytest.raises(ValueError, match="kind="):
        t.to_markdown("other")


def test_round_trip_keeps_the_policy_fields(tmp_path):
    t = ClaimTable("demo")
    t.paper(
        "C1",
        "a",
        evidence=ANALOGUE,
        reported="0.9",
        source="Table 3",
        checks=[_chk(_seeds(0.9, 0.85, 0.95), null=_seeds(0.1, 0.12, 0.09))],
        post_hoc=True,
        note="digits, not CIFAR-10",
    )
    t.method("M1", "identity", checks=[("err", 1e-12, AtMost(1e-9))])
    t.not_attempted(
        "C2", "b", reported="87 %", reason="needs an LLM", evidence=PAPER_SETUP
    )
    nbformat.write(_notebook_with(t), str(tmp_path / "demo.ipynb"))
    found = read_notebook_claims(tmp_path / "demo.ipynb")
    assert [(c.id, c.kind, c.evidence, c.verdict) for c in found] == [
        ("C1", "paper", ANALOGUE, PARTLY),
        ("M1", "method", "", PASSES),
        ("C2", "paper", PAPER_SETUP, NOT_ATTEMPTED),
    ]
    c1 = found[0]
    assert (
        c1.seeds == 3
        and c1.caps == ["criterion set after results"]
        and c1.source == "Table 3"
    )
    assert c1.checks[0].null_label == "chance" and c1.checks[0].null_grade == 0
    assert c1.checks[0].seeds == 3 and "3 seeds" in c1.checks[0].null
    assert tally(found).method[PASSES] == 1


def test_display_method_checks(monkeypatch):
    shown = []
    import IPython.display

    monkeypatch.setattr(
        IPython.display,
        "display",
        lambda data, raw, metadata=None: shown.append((data, metadata)),
    )
    t = ClaimTable("demo")
    with pytest.raises(ValueError, match="no method checks"):
        t.display_method_checks()
    t.method("M1", "identity", checks=[("err", 1e-12, AtMost(1e-9))])
    t.display_method_checks()
    data, metadata = shown[-1]
    assert metadata is None and "method-checks-table" in data["text/html"]


def test_a_per_seed_null_must_fail_in_every_seed():
    t = ClaimTable("demo")
    one_seed_passes = PerSeed(
        (0.1, 0.85, 0.2)
    )  # the null reaches the bound in one seed
    with pytest.raises(ValueError, match="cannot tell the claim from its null"):
        t.paper(
            "C1",
            "a",
            evidence=ANALOGUE,
            reported="r",
            source="s",
            checks=[_chk(_seeds(0.9, 0.95, 0.9), null=one_seed_passes)],
        )
    ok = t.paper(
        "C2",
        "a",
        evidence=ANALOGUE,
        reported="r",
        source="s",
        checks=[_chk(_seeds(0.9, 0.95, 0.9), null=PerSeed((0.1, 0.3, 0.2)))],
    )
    assert ok.verdict == HOLDS_IN_ANALOGUE and ok.checks[0].null_grade == 0
