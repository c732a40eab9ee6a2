"""Archived full-profile runs: building, validating and showing them, and the committed
archives.

The last test checks every committed ``archive/*.json`` against today's claims schema,
checks that its commit is an ancestor of HEAD, and fails when the chapter's code (its
jupytext twin and the ``shared`` modules it imports) changed after that commit: re-run
``make archive CHAPTERS=<key>`` then.
"""

import dataclasses
import json
import subprocess

import nbformat
import pytest
from bookkit import book

from shared.repro import archive
from shared.repro.claims import METADATA_KEY
from shared.repro.claims import RECONSTRUCTION
from shared.repro.claims import AtMost
from shared.repro.claims import Check
from shared.repro.claims import ClaimTable
from shared.repro.claims import PerSeed

PROVENANCE = {
    "commit": "0" * 40,
    "clean_tree": True,
    "date": "2026-12-06T08:00:00+00:00",
    "device": "CPU (2 cores)",
    "profile": "full",
    "wall_seconds": 250.0,
    "packages": {"python": "3.11.7", "torch": "2.13.0"},
}


def _table(seeds, key="demo"):
    """A one-claim table (a reconstruction) graded on ``seeds`` seeds."""
    t = ClaimTable(key)
    t.paper(
        "C1",
        "a",
        evidence=RECONSTRUCTION,
        reported="qualitative",
        source="abstract",
        checks=[
            Check(
                "err",
                PerSeed(tuple(0.1 + 0.01 * i for i in range(seeds)), rule="worst"),
                AtMost(0.5),
                null=PerSeed(tuple(0.9 for _ in range(seeds))),
                null_label="shuffled",
            )
        ],
    )
    return t


def _executed_notebook(key="demo"):
    t = _table(3, key)
    t.method("M1", "identity", checks=[("err", 0.0, AtMost(1e-9))])
    nb = nbformat.v4.new_notebook()
    key_cell = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nkey_numbers(...)")
    key_cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="err = 0.2\n")
    ]
    glue_cell = nbformat.v4.new_code_cell("glue('err', 0.2); glue('n', 3)")
    glue_cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/plain": "0.2"},
            metadata={"scrapbook": {"name": "err"}},
        ),
        nbformat.v4.new_output(  # how myst-nb's glue records a value
            "display_data",
            data={"application/papermill.record/text/plain": "3"},
            metadata={
                "scrapbook": {
                    "mime_prefix": "application/papermill.record/",
                    "name": "n",
                }
            },
        ),
    ]
    claims_cell = nbformat.v4.new_code_cell("table.display()")
    claims_cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/plain": ""},
            metadata={METADATA_KEY: json.loads(json.dumps(t.to_json()))},
        )
    ]
    nb.cells += [key_cell, glue_cell, claims_cell]
    return nb


def test_from_notebook_round_trips_through_load(tmp_path):
    data = archive.from_notebook(_executed_notebook(), "demo", PROVENANCE)
    assert data["key_numbers"] == "err = 0.2\n" and data["glued"] == {
        "err": "0.2",
        "n": "3",
    }
    (tmp_path / "demo.json").write_text(json.dumps(data))
    arc = archive.load("demo", tmp_path)
    assert [c.id for c in arc.claims] == ["C1", "M1"]
    assert arc.claims[0].seeds == 3 and arc.claims[0].checks[0].null_label == "shuffled"
    assert (
        arc.heading == "Full profile (archived run of 2026-12-06 on CPU (2 cores), "
        "commit 0000000000)"
    )
    assert [c.id for c in arc.table().paper_claims] == ["C1"]
    assert archive.load("other", tmp_path) is None


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["provenance"].update(clean_tree=False), "clean tree"),
        (lambda d: d["provenance"].update(profile="quick"), "longer run"),
        (lambda d: d["provenance"].pop("commit"), "provenance lacks"),
        (lambda d: d.update(schema=0), "schema"),
        (lambda d: d.update(key_numbers=""), "no key numbers"),
        (lambda d: d.update(claims=[]), "no claims"),
        (lambda d: d["claims"][0].update(verdict="great"), "unknown verdict"),
        (lambda d: d["claims"][0].update(colour="red"), "today's schema"),
        (lambda d: d.update(chapter="other"), "chapter is 'other'"),
    ],
)
def test_validate_names_what_is_wrong(change, message):
    data = archive.from_notebook(_executed_notebook(), "demo", PROVENANCE)
    change(data)
    with pytest.raises(ValueError, match=message):
        archive.validate(data, "demo")


def test_show_displays_provenance_and_tables_without_claims_metadata(
    tmp_path, monkeypatch
):
    import IPython.display

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda obj, **kw: shown.append((obj, kw))
    )
    (tmp_path / "demo.json").write_text(
        json.dumps(archive.from_notebook(_executed_notebook(), "demo", PROVENANCE))
    )
    archive.show("demo", tmp_path)
    text = " ".join(getattr(o, "data", "") for o, _ in shown)
    assert "archived run of 2026-12-06" in text and "err = 0.2" in text
    assert "claims-table" in text and "method-checks-table" in text
    assert all(not kw for _, kw in shown)  # no metadata: the dashboard never counts it
    shown.clear()
    assert (
        archive.show("missing", tmp_path) is None and "No archived" in shown[0][0].data
    )


def _archive_of(table):
    return archive.Archive("demo", PROVENANCE, "", claims=list(table.claims))


def test_archived_run_with_three_seeds_lifts_the_one_seed_cap():
    quick = _table(1).claims
    assert quick[0].verdict == "partly" and quick[0].caps == ["one seed"]
    merged = archive.with_archived_grades(quick, _archive_of(_table(3)))
    assert merged[0].verdict == "holds in our reconstruction"
    assert merged[0].note.startswith("graded on the archived full-profile run")
    assert archive.with_archived_grades(quick, None) == quick


def test_archived_run_with_too_few_seeds_or_other_level_changes_nothing():
    quick = _table(1).claims
    assert archive.with_archived_grades(quick, _archive_of(_table(2))) == quick
    other = _table(3)
    other.claims[0] = dataclasses.replace(other.claims[0], evidence="analogue")
    assert archive.with_archived_grades(quick, _archive_of(other)) == quick
    # a claim already graded on 3 seeds keeps its own grade
    three = _table(3).claims
    worse = _table(3)
    worse.claims[0] = dataclasses.replace(worse.claims[0], verdict="not reproduced")
    assert archive.with_archived_grades(three, _archive_of(worse)) == three


def test_archived_run_grades_a_claim_the_quick_profile_did_not_attempt():
    quick = ClaimTable("demo")
    quick.not_attempted("C1", "a", reported="—", source="abstract", reason="full only")
    merged = archive.with_archived_grades(quick.claims, _archive_of(_table(3)))
    assert merged[0].verdict == "holds in our reconstruction"
    # an archive that did not attempt it either changes nothing
    na = _archive_of(quick)
    assert archive.with_archived_grades(quick.claims, na) == quick.claims


def test_show_names_the_claims_the_archive_regrades(tmp_path, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda obj, **kw: shown.append((obj, kw))
    )
    data = archive.from_notebook(_executed_notebook(), "demo", PROVENANCE)
    (tmp_path / "demo.json").write_text(json.dumps(data))
    archive.show("demo", tmp_path, quick=_table(1))
    text = " ".join(getattr(o, "data", "") for o, _ in shown)
    assert "C1 (partly \u2192 holds in our reconstruction)" in text


def test_archive_dir_from_env_or_checkout(tmp_path, monkeypatch):
    monkeypatch.setenv("REPRO_ARCHIVE_DIR", str(tmp_path / "x"))
    assert archive.archive_dir() == tmp_path / "x"
    monkeypatch.delenv("REPRO_ARCHIVE_DIR")
    (tmp_path / "_toc.yml").write_text("")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert archive.archive_dir() == tmp_path.resolve() / "archive"


def test_chapter_sources_follow_imports(tmp_path):
    pkg = tmp_path / "src" / "shared" / "dom"
    (tmp_path / "src" / "shared" / "repro").mkdir(parents=True)
    pkg.mkdir()
    (tmp_path / "src" / "shared" / "__init__.py").write_text("")
    (tmp_path / "src" / "shared" / "repro" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import f\nfrom shared.repro import start\n")
    (pkg / "b.py").write_text("import numpy\n")
    (pkg / "c.py").write_text("")  # not imported: not the chapter's code
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "k.py").write_text(
        "from shared.dom import a\nfrom shared.repro import glue\n"
    )
    assert book.chapter_sources("k", tmp_path) == [
        "notebooks/k.py",
        "src/shared/dom/__init__.py",
        "src/shared/dom/a.py",
        "src/shared/dom/b.py",
    ]
    with pytest.raises(ValueError, match="no jupytext twin"):
        book.chapter_sources("missing", tmp_path)


def test_changed_sources_ignore_prose_but_not_code(tmp_path):
    def run(*args):
        subprocess.run(args, cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "notebooks").mkdir()
    pkg = tmp_path / "src" / "shared" / "dom"
    pkg.mkdir(parents=True)
    (tmp_path / "src" / "shared" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("X = 1\n")
    twin = tmp_path / "notebooks" / "k.py"
    twin.write_text("# %% [markdown]\n# Prose.\n\n# %%\nfrom shared.dom import a\n")
    run("git", "init", "-q")
    run("git", "add", "-A")
    run("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    commit = book.git("rev-parse", "HEAD", root=tmp_path).strip()
    assert book.changed_sources("k", commit, tmp_path) == []
    twin.write_text(
        "# %% [markdown]\n# Better prose.\n\n# %%\nfrom shared.dom import a\n"
    )
    assert book.changed_sources("k", commit, tmp_path) == []
    twin.write_text(twin.read_text() + "print(a.X)\n")
    assert book.changed_sources("k", commit, tmp_path) == ["notebooks/k.py"]
    (pkg / "a.py").write_text('"""Docs."""\n# a comment\nX = (\n    1\n)\n')
    assert book.changed_sources("k", commit, tmp_path) == ["notebooks/k.py"]
    (pkg / "a.py").write_text("X = 2\n")
    assert book.changed_sources("k", commit, tmp_path) == [
        "src/shared/dom/a.py",
        "notebooks/k.py",
    ]


def test_code_fingerprint_ignores_docs_comments_layout_and_import_grouping():
    base = (
        "import os, sys\nfrom a import b, c\n\n"
        'def f(x):\n    """Doc."""\n    return x + 1\n'
    )
    same = (
        '"""Module doc."""\nimport os\nimport sys\n'
        "from a import b\nfrom a import c\n\n\n"
        "def f(x):  # comment\n    return (x\n            + 1)\n"
    )
    assert book.code_fingerprint(base) == book.code_fingerprint(same)
    for different in (
        base.replace("x + 1", "x + 2"),
        base.replace("from a import b, c", "from a import b"),
        base.replace('"""Doc."""', "print('Doc.')"),
    ):
        assert book.code_fingerprint(base) != book.code_fingerprint(different)
    assert book.code_fingerprint("%time x = 1") == "%time x = 1"


def test_archive_run_refuses_a_dirty_tree_and_writes_valid_archives(
    tmp_path, monkeypatch
):
    answers = {
        ("status", "--porcelain"): " M notebooks/demo.py\n",
        ("rev-parse", "HEAD"): "a" * 40,
    }
    monkeypatch.setattr(book, "git", lambda *args: answers[args])
    with pytest.raises(SystemExit, match="clean tree"):
        book.archive_chapters(["demo"])
    with pytest.raises(SystemExit, match="quick"):
        book.archive_chapters(["demo"], profile="quick")
    answers[("status", "--porcelain")] = ""
    monkeypatch.setattr(book, "BUILD", tmp_path / "build")
    monkeypatch.setattr(book, "ARCHIVE", tmp_path / "archive")

    def fake_execute(key, profile, out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(_executed_notebook(key), str(out_dir / f"{key}.ipynb"))
        return 12.0

    monkeypatch.setattr(book, "execute_chapter", fake_execute)
    assert book.archive_chapters(["demo"]) == 0
    data = json.loads((tmp_path / "archive" / "demo.json").read_text())
    assert (
        data["provenance"]["commit"] == "a" * 40
        and data["provenance"]["clean_tree"] is True
    )
    assert (
        data["provenance"]["wall_seconds"] == 12.0
        and "torch" in data["provenance"]["packages"]
    )


ARCHIVES = sorted(book.ARCHIVE.glob("*.json")) if book.ARCHIVE.exists() else []


@pytest.mark.parametrize("path", ARCHIVES, ids=[p.stem for p in ARCHIVES])
def test_committed_archive_is_valid_and_current(path):
    key = path.stem
    assert key in book.chapter_keys(), f"archive/{path.name}: no chapter {key!r}"
    data = json.loads(path.read_text(encoding="utf-8"))
    archive.validate(data, key)
    commit = data["provenance"]["commit"]
    try:
        book.git("cat-file", "-e", f"{commit}^{{commit}}")
    except RuntimeError:
        pytest.skip(
            f"commit {commit[:10]} is not in this clone's history (shallow clone?)"
        )
    ancestor = (
        subprocess.run(
            ["git", "merge-base", "--is-ancestor", commit, "HEAD"], cwd=book.ROOT
        ).returncode
        == 0
    )
    assert ancestor, (
        f"archive/{path.name}: its commit {commit[:10]} is not an ancestor of HEAD"
    )
    changed = book.changed_sources(key, commit)
    assert not changed, (
        f"archive/{path.name} was made at {commit[:10]}, and the chapter's code "
        f"changed since: {changed}; re-run `make archive CHAPTERS={key}`"
    )
