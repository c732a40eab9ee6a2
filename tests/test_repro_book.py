"""Build plumbing: chapter discovery, metadata stripping and the generated pages."""

import json

import nbformat
import pytest
from bookkit import book

from shared.repro.claims import METADATA_KEY
from shared.repro.claims import PAPER_SETUP
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import AtMost
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable


def test_chapter_keys_follow_the_toc(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "root: book/intro\nparts:\n  - chapters:\n      - file: notebooks/b\n"
        "      - file: notebooks/a.ipynb\n      - file: book/dashboard\n"
    )
    assert book.chapter_keys(tmp_path) == ["b", "a"]


def test_strip_run_metadata():
    nb = nbformat.v4.new_notebook(
        metadata={"papermill": {"start_time": "x"}, "language_info": {"name": "python"}}
    )
    cell = nbformat.v4.new_code_cell(
        "1",
        metadata={
            "papermill": {},
            "execution": {"iopub.status.busy": "2026-11-30T10:00:00Z"},
            "tags": ["t"],
        },
    )
    nb.cells.append(cell)
    book.strip_run_metadata(nb)
    assert "papermill" not in nb.metadata and "language_info" in nb.metadata
    assert nb.cells[0].metadata == {"tags": ["t"]}


def test_runtime_table_marks_budget():
    text = book.runtime_table({"a": 10.0, "b": 130.0}, budget=120)
    assert (
        "a           10.0  yes" in text
        and "NO (> 120 s)" in text
        and text.splitlines()[-1].endswith("140.0")
    )


def _write_chapter(folder, key, verdict_value, legacy=False):
    t = ClaimTable(key)
    if legacy:  # a table saved before the evidence policy: no kind, no evidence level
        row = {
            "chapter": key,
            "id": "C1",
            "statement": "a | b",
            "reported": "r",
            "measured": str(verdict_value),
            "criterion": "≤ 1",
            "verdict": "reproduced",
        }
        payload = {"chapter": key, "claims": [row]}
    else:
        check = Check("err", verdict_value, AtMost(1), null=9.0, null_label="shuffled")
        t.paper(
            "C1",
            "a | b",
            evidence=PAPER_SETUP,
            reported="r",
            source="Table 1",
            checks=[check],
            deterministic=True,
        )
        t.paper(
            "C2",
            "c",
            evidence=RECONSTRUCTION,
            reported="r",
            source="",
            checks=[check],
            deterministic=True,
        )
        t.method("M1", "identity", checks=[("err", 0.0, AtMost(1e-9))])
        payload = t.to_json()
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# Title of {key}"))
    cell = nbformat.v4.new_code_cell("claims.display()")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/plain": ""},
            metadata={METADATA_KEY: json.loads(json.dumps(payload))},
        )
    ]
    nb.cells.append(cell)
    nbformat.write(nb, str(folder / f"{key}.ipynb"))


def test_dashboard_and_readme_status(tmp_path):
    # columns: paper claims | reproduced | analogue | reconstruction | partly | not
    # reproduced |
    #          not attempted | not yet re-graded | method checks
    _write_chapter(tmp_path, "one", 0.5)
    _write_chapter(tmp_path, "two", 5.0)
    _write_chapter(tmp_path, "old", 0.5, legacy=True)
    page = book.dashboard_markdown(tmp_path, ["one", "two", "old", "missing"])
    assert (
        "| [Title of one](../notebooks/one.ipynb) (`one`) | 2 | 1 | 0 | 1 | 0 | 0 | 0 "
        "| 0 | 1 |" in page
    )
    assert (
        "| [Title of old](../notebooks/old.ipynb) (`old`) | 1 | 0 | 0 | 0 | 0 | 0 | 0 "
        "| 1 | 0 |" in page
    )
    assert (
        "| **all chapters** | **5** | **1** | **0** | **1** | **0** | **2** | **0** | "
        "**1** | **2** |" in page
    )
    assert (
        "**1 of the papers' claims came out again in the paper's own setup.**" in page
    )
    assert "| paper setup | 1 | 0 | 0 | 0 | 1 | 0 |" in page  # evidence level x verdict
    assert "| one | M1 | identity | passes |" in page  # method checks listed apart
    assert "a \\| b" in page  # pipes escaped inside table cells
    status = book.readme_status(tmp_path, ["one", "two"])
    lines = status.splitlines()
    assert lines[0].startswith(
        "**1 of 4 paper claims came out again in the paper's own setup.**"
    )
    assert (
        lines[5] == "| [two](notebooks/two.ipynb) | 2 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 1 |"
    )
    assert "method checks (not counted)" in lines[2]


def test_readme_update_and_check(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{book.STATUS_BEGIN}\nold\n{book.STATUS_END}\nend\n")
    monkeypatch.setattr(book, "readme_status", lambda: "new table")
    assert book.update_readme(check=True, readme=readme) == 1
    assert book.update_readme(readme=readme) == 0
    assert (
        "new table" in readme.read_text()
        and book.update_readme(check=True, readme=readme) == 0
    )
    readme.write_text("no markers")
    assert book.update_readme(readme=readme) == 1


def test_runtimes_markdown(tmp_path, monkeypatch):
    monkeypatch.setattr(book, "RUNTIMES", tmp_path / "runtimes.json")
    assert "No run times recorded" in book.runtimes_markdown()
    (tmp_path / "runtimes.json").write_text(
        json.dumps({"quick": {"a": 12.34}, "cpu_count": 2})
    )
    text = book.runtimes_markdown()
    assert "| a | 12.3 |" in text and "2 CPU cores" in text


def test_execute_rejects_unknown_chapter_and_profile():
    with pytest.raises(SystemExit, match="unknown chapter"):
        book.execute(["no-such-chapter"], "quick", None, 1, 120)
    with pytest.raises(ValueError, match="profile='fast'"):
        book.execute_chapter("spin1-bec", "fast")
    with pytest.raises(ValueError, match="no jupytext twin"):
        book.notebook_from_twin("no-such-chapter")


def test_notebook_from_twin_has_stable_cell_ids():
    first = book.notebook_from_twin("spin1-bec")
    again = book.notebook_from_twin("spin1-bec")
    assert [c.id for c in first.cells] == [c.id for c in again.cells]
    assert first.cells[0].id == "spin1-bec-000"
    assert first.metadata["jupytext"]["formats"] == "ipynb,py:percent"
