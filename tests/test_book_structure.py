"""The committed chapters follow the book's conventions (fast checks, no execution)."""

import json
import re

import jupytext
import nbformat
import pytest
import yaml
from bookkit import book

from shared.repro.claims import UNGRADED
from shared.repro.claims import read_notebook_claims
from shared.repro.colab import REPO_URL
from shared.repro.colab import chapter_setup_cell

KEYS = book.chapter_keys()


def _nb(key):
    return nbformat.read(str(book.NOTEBOOKS / f"{key}.ipynb"), as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_toc_lists_chapters_that_exist():
    assert KEYS, "_toc.yml lists no chapters"
    for key in KEYS:
        assert (book.NOTEBOOKS / f"{key}.py").exists(), (
            f"{key}: jupytext twin notebooks/{key}.py missing"
        )
        assert (book.NOTEBOOKS / f"{key}.ipynb").exists(), (
            f"{key}: notebooks/{key}.ipynb missing"
        )


def test_config_repository_matches_colab_cell(root):
    config = yaml.safe_load((root / "_config.yml").read_text())
    assert config["repository"]["url"] == REPO_URL
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert "notebooks/*.py" in config["exclude_patterns"]
    assert "intersphinx_mapping" not in json.dumps(config)


@pytest.mark.parametrize("key", KEYS)
def test_twin_in_sync(key):
    """The .py twin and the committed .ipynb hold the same cells (type, source,
    tags)."""
    twin = jupytext.read(book.NOTEBOOKS / f"{key}.py", fmt="py:percent")
    nb = _nb(key)

    def cells(n):
        return [
            (c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", [])))
            for c in n.cells
        ]

    a, b = cells(twin), cells(nb)
    for i, (x, y) in enumerate(zip(a, b)):
        assert x == y, (
            f"{key}: cell {i} differs between notebooks/{key}.py and .ipynb: run `make "
            f"execute CHAPTERS={key}`"
        )
    assert len(a) == len(b), (
        f"{key}: {len(a)} cells in the .py twin, {len(b)} in the .ipynb"
    )


@pytest.mark.parametrize("key", KEYS)
def test_chapter_template(key):
    nb = _nb(key)
    code = _code(nb)
    assert code[0].source.strip() == chapter_setup_cell(key).strip(), (
        f"{key}: first code cell must be shared.repro.colab.chapter_setup_cell({key!r})"
    )
    assert "remove-input" in code[0].metadata.get("tags", []), (
        f"{key}: tag the Colab cell 'remove-input' (it stays in the notebook Colab "
        "opens)"
    )
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, f"{key}: needs exactly one cell tagged 'parameters'"
    assert re.search(r'^PROFILE = "quick"$', params[0].source, re.M), (
        f'{key}: PROFILE default must be "quick"'
    )
    assert re.search(r"^SEED = 0$", params[0].source, re.M), (
        f"{key}: SEED default must be 0"
    )
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in code), (
        f"{key}: papermill injected cell committed"
    )
    checked = [c for c in code if c.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT")]
    assert len(checked) == 1, (
        f"{key}: needs exactly one '# NBVAL_CHECK_OUTPUT' key-numbers cell"
    )
    assert checked[0].outputs, f"{key}: key-numbers cell has no stored output"
    assert "{cite:p}" in nb.cells[0].source or any(
        "{cite:p}" in c.source for c in nb.cells[:3]
    ), f"{key}: cite the paper at the top"
    assert any(
        "Scope" in c.source for c in nb.cells[:4] if c.cell_type == "markdown"
    ), f"{key}: Scope paragraph missing"


@pytest.mark.parametrize("key", KEYS)
def test_committed_outputs_are_clean(key):
    nb = _nb(key)
    assert "papermill" not in nb.metadata, f"{key}: papermill metadata not stripped"
    for cell in _code(nb):
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata, (
            f"{key}: timestamps not stripped"
        )
        assert all(o.get("output_type") != "error" for o in cell.outputs), (
            f"{key}: committed with an error output"
        )
    assert any(c.outputs for c in _code(nb)), f"{key}: no outputs stored"


@pytest.mark.parametrize("key", KEYS)
def test_chapter_has_claims_with_computed_verdicts(key):
    found = read_notebook_claims(book.NOTEBOOKS / f"{key}.ipynb")
    assert found, (
        f"{key}: no claims table (ClaimTable.display) in the committed outputs"
    )
    assert len({c.id for c in found}) == len(found)
    assert all(c.chapter == key for c in found), (
        f"{key}: ClaimTable chapter name differs from the file name"
    )


def test_readme_status_is_generated():
    assert book.update_readme(check=True) == 0, (
        "README status is stale: run `make status`"
    )


def test_bibliography_has_every_chapter(root):
    bib = (root / "book" / "references.bib").read_text()
    for key in KEYS:
        assert "{" + key.replace("-", "") + "," in bib, (
            f"references.bib lacks the entry '{key.replace('-', '')}'"
        )


@pytest.mark.parametrize("key", KEYS)
def test_chapter_graded_under_the_evidence_policy(key):
    """No legacy rows: every paper claim declares its evidence level, and a chapter
    keeps its method checks in a table of their own (issues 12 and 13)."""
    found = read_notebook_claims(book.NOTEBOOKS / f"{key}.ipynb")
    legacy = [c.id for c in found if c.is_paper and c.evidence == UNGRADED]
    assert not legacy, (
        f"{key}: claims {legacy} are not graded under the evidence policy"
    )
    assert any(c.is_paper for c in found), f"{key}: no paper claims"


@pytest.mark.parametrize("key", KEYS)
def test_chapter_claims_are_built_by_tested_library_code(key):
    """The notebook calls a library ``claims()`` whose tests build ``Measured`` by
    hand."""
    twin = (book.NOTEBOOKS / f"{key}.py").read_text(encoding="utf-8")
    m = re.search(r"from (shared\.\w+)\.(\w*claims\w*) import", twin) or re.search(
        r"from (shared\.\w+) import (\w*claims\w*)", twin
    )
    assert m, f"{key}: the notebook does not import its claims module"
    package, module = m.groups()
    forms = (
        f"from {package}.{module} import",
        f"from {package} import {module}",
        f"import {package}.{module}",
    )
    tests = [
        p
        for p in book.ROOT.glob("tests/test_*claims*.py")
        if any(form in p.read_text(encoding="utf-8") for form in forms)
    ]
    assert tests, f"{key}: no test imports {package}.{module}"
    assert "ClaimTable(" not in twin, (
        f"{key}: claims are built in the notebook, not the library"
    )


def code_lines(key) -> int:
    """Non-blank lines in the code cells of a chapter's twin (the Colab cell
    excluded)."""
    twin = jupytext.read(book.NOTEBOOKS / f"{key}.py", fmt="py:percent")
    cells = [c for c in twin.cells if c.cell_type == "code"][1:]
    return sum(1 for c in cells for line in c.source.splitlines() if line.strip())


def test_notebooks_are_prose_calls_and_figures():
    """The library does the work: chapters average at most 150 lines of code (issue
    14)."""
    lines = {key: code_lines(key) for key in KEYS}
    mean = sum(lines.values()) / len(lines)
    assert mean <= 150, (
        f"notebooks average {mean:.0f} lines of code (at most 150): {lines}"
    )
