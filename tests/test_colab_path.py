"""The Colab path: a fresh environment with torch already present installs our package the way
the chapters' set-up cell does (from a local path instead of the repository URL) and can
import every public name the chapters use (marker `book`; about a minute)."""

import ast
import os
import subprocess
import sys
import sysconfig

import pytest

from shared.repro import book

pytestmark = pytest.mark.book


def chapter_imports() -> list[str]:
    """Every ``from shared... import ...`` / ``import shared...`` statement of the chapters."""
    lines = set()
    import jupytext

    for twin in sorted(book.NOTEBOOKS.glob("*.py")):
        nb = jupytext.read(twin, fmt="py:percent")
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        tree = ast.parse("\n".join(l for l in code.splitlines() if not l.lstrip().startswith(("%", "!"))))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("shared"):
                names = ", ".join(a.name for a in node.names)
                lines.add(f"from {node.module} import {names}")
            elif isinstance(node, ast.Import):
                lines.update(f"import {a.name}" for a in node.names if a.name.startswith("shared"))
    return sorted(lines)


def test_chapters_import_only_from_shared_and_common_packages():
    assert chapter_imports(), "no chapter imports the shared package"


def test_colab_like_install_keeps_torch_and_imports_chapter_names(tmp_path):
    env_dir = tmp_path / "colab"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    # "Colab": torch, numpy & co. are already installed (here: visible from the book's venv).
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with open(os.path.join(site, "colab_preinstalled.pth"), "w") as fh:
        fh.write(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--no-build-isolation", "--disable-pip-version-check",
         "--report", str(tmp_path / "report.json"), str(book.ROOT)],
        capture_output=True, text=True, env=env, cwd=tmp_path)
    assert install.returncode == 0, install.stderr[-3000:]
    import json

    installed = [item["metadata"]["name"].lower() for item in json.loads((tmp_path / "report.json").read_text())["install"]]
    assert "reprobook-shared" in installed
    heavy = {"torch", "numpy", "scipy", "matplotlib", "scikit-learn", "tqdm"} & set(installed)
    assert not heavy, f"the set-up cell would reinstall {sorted(heavy)} over Colab's own"
    code = "\n".join(["import shared", "print(shared.__file__)", *chapter_imports()])
    run = subprocess.run([str(py), "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert str(env_dir) in run.stdout, f"imported shared from {run.stdout.strip()}, not from the fresh install"
