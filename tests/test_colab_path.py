"""The Colab path, chapter by chapter (marker ``book``; about a minute).

For each set of chapter extras (``shared.repro.colab.CHAPTER_EXTRAS``) a fresh virtual
environment sees *only* the distributions Colab preinstalls
(``tests/colab_preinstalled.txt``, with their dependencies, taken from this book's venv)
plus what the chapter's extras declare. The package is installed there as the chapter's
set-up cell installs it (from the checkout, offline), and then every module each chapter
imports, at any depth of its code (the twin and every ``shared`` module it reaches, lazy
imports included), must be found, and the chapter's ``shared`` imports must run. A
package a chapter needs but no extra declares fails here.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import tomllib
from bookkit import book
from packaging.requirements import Requirement

from shared.repro.colab import CHAPTER_EXTRAS
from shared.repro.colab import PACKAGE
from shared.repro.colab import chapter_setup_cell

pytestmark = pytest.mark.book
HERE = Path(__file__).parent
HEAVY = {"torch", "numpy", "scipy", "matplotlib", "tqdm"}
#: Modules imported only on a path no chapter takes, behind an ImportError with the fix.
OPTIONAL = {
    "cvxpy": "the Graph-SVM's method='cvxpy' in shared.attention (chapters use 'dual')",
}


def colab_preinstalled() -> list[str]:
    lines = (HERE / "colab_preinstalled.txt").read_text().splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(names) -> set[str]:
    """The distributions ``names`` need, transitively, as installed in this venv."""
    seen, todo = set(), [_norm(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency this venv does not have
        seen.add(name)
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_norm(req.name))
    return seen


def extra_requirements(extras) -> list[str]:
    pyproject = tomllib.loads((book.ROOT / "pyproject.toml").read_text())
    declared = pyproject["project"].get("optional-dependencies", {})
    missing = [e for e in extras if e not in declared]
    assert not missing, f"extras {missing} are not declared in pyproject.toml"
    return [Requirement(r).name for e in extras for r in declared[e]]


def expose(names: set[str], folder: Path) -> None:
    """Symlink the files of distributions ``names`` into ``folder`` (a site
    directory)."""
    folder.mkdir(parents=True)
    for name in names:
        dist = metadata.distribution(name)
        tops = {
            Path(str(f)).parts[0]
            for f in dist.files or []
            if not str(f).startswith("..")
        }
        base = Path(dist.locate_file(""))
        for top in tops:
            src, dst = base / top, folder / top
            if src.exists() and not dst.exists() and top != "__pycache__":
                dst.symlink_to(src)


def third_party_imports(key: str) -> set[str]:
    """Top-level modules a chapter's code imports anywhere (stdlib and ``shared`` left
    out)."""
    import jupytext

    found = set()
    for rel in book.chapter_sources(key):
        path = book.ROOT / rel
        if rel.startswith("notebooks/"):
            nb = jupytext.read(path, fmt="py:percent")
            code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
            code = "\n".join(
                ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!"))
            )
        else:
            code = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return {
        m
        for m in found
        if m not in sys.stdlib_module_names and m != "shared" and m not in OPTIONAL
    }


def shared_imports(key: str) -> list[str]:
    """The chapter's ``from shared... import ...`` statements, as code lines."""
    import jupytext

    nb = jupytext.read(book.NOTEBOOKS / f"{key}.py", fmt="py:percent")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    lines = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "shared"
        ):
            lines.add(
                f"from {node.module} import {', '.join(a.name for a in node.names)}"
            )
        elif isinstance(node, ast.Import):
            lines.update(
                f"import {a.name}" for a in node.names if a.name.startswith("shared")
            )
    return sorted(lines)


GROUPS: dict[tuple, list[str]] = {}
for _key in book.chapter_keys():
    GROUPS.setdefault(tuple(CHAPTER_EXTRAS.get(_key, ())), []).append(_key)


def test_setup_cells_install_each_chapters_extras():
    for key in book.chapter_keys():
        extras = CHAPTER_EXTRAS.get(key, ())
        cell = chapter_setup_cell(key)
        spec = PACKAGE + (f"[{','.join(extras)}]" if extras else "")
        assert f'pkg = f"{spec} @ git+' in cell, key
        extra_requirements(extras)  # declared


@pytest.mark.parametrize(
    "extras", list(GROUPS), ids=[",".join(e) or "no-extras" for e in GROUPS]
)
def test_chapters_run_with_only_colab_packages_and_their_extras(extras, tmp_path):
    env_dir = tmp_path / "colab"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    # the venv's bundled setuptools would shadow the exposed one, which torch needs
    subprocess.run(
        [str(py), "-m", "pip", "uninstall", "-y", "-q", "setuptools"],
        check=True,
        capture_output=True,
    )
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    visible = closure(colab_preinstalled() + extra_requirements(extras))
    expose(visible, tmp_path / "preinstalled")
    Path(site, "colab_preinstalled.pth").write_text(
        str(tmp_path / "preinstalled") + "\n"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    # setuptools builds in the checkout's build/ and never deletes files that left src/:
    # start from an empty one so the wheel holds exactly today's package
    shutil.rmtree(book.ROOT / "build", ignore_errors=True)
    target = str(book.ROOT) + (f"[{','.join(extras)}]" if extras else "")
    install = subprocess.run(
        [
            str(py),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--report",
            str(tmp_path / "report.json"),
            target,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    installed = {_norm(item["metadata"]["name"]) for item in report["install"]}
    assert _norm(PACKAGE) in installed
    assert not installed & HEAVY, (
        f"the set-up cell would reinstall {sorted(installed & HEAVY)}"
    )
    # the installed package holds what chapters import, not the book's build machinery
    machinery = subprocess.run(
        [
            str(py),
            "-c",
            "import importlib.util as u; print([m for m in ('bookkit', "
            "'shared.repro.book', 'shared.repro.sphinx_fixes', 'shared.claims') if "
            "u.find_spec(m)])",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout.strip()
    assert machinery == "[]", f"pip install brings book machinery: {machinery}"
    failures = []
    for key in GROUPS[extras]:
        modules = sorted(third_party_imports(key))
        code = "\n".join(
            [
                "import importlib.util, shared",
                f"missing = [m for m in {modules!r} if importlib.util.find_spec(m) is "
                "None]",
                "assert not missing, f'not importable: {missing}'",
                *shared_imports(key),
                "print(shared.__file__)",
            ]
        )
        run = subprocess.run(
            [str(py), "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        if run.returncode != 0 or str(env_dir) not in run.stdout:
            failures.append(f"{key}: {run.stderr.strip()[-800:] or run.stdout.strip()}")
    assert not failures, "chapters that would fail in Colab:\n" + "\n".join(failures)
