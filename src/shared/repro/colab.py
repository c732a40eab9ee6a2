"""The Colab set-up cell each chapter starts with, and the repository it installs from.

``REPO_URL`` is the one place the repository address is written for code;
``_config.yml`` repeats it for the launch buttons, and a test keeps the two, and every
chapter's copy of :func:`setup_cell`, in step. A chapter that needs packages Colab lacks
names the package extras it needs in :data:`CHAPTER_EXTRAS` (declared in
``pyproject.toml``); its set-up cell installs exactly those.
"""

from __future__ import annotations

REPO_URL = "https://github.com/reprobook/executable-reproductions"
BRANCH = "main"
#: Distribution name of the package the set-up cell installs.
PACKAGE = "reprobook-shared"

#: Package extras (``pyproject.toml``) each chapter needs beyond what Colab preinstalls.
CHAPTER_EXTRAS: dict[str, tuple[str, ...]] = {
    "overt": ("overt",),
}


_TEMPLATE = """\
# Colab set-up: installs this book's `shared` package in Google Colab; anywhere
# else it does nothing (the README gives the two set-up commands).
import subprocess
import sys

REPO_URL = "{repo}"
IN_COLAB = "google.colab" in sys.modules
if IN_COLAB:  # Colab's torch and numpy stay: the package asks for lower bounds only
    pkg = f"{spec} @ git+{{REPO_URL}}@{branch}"
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", pkg]
    subprocess.run(cmd, check=True)"""


def setup_cell(extras: tuple[str, ...] | list[str] = ()) -> str:
    """The source of a chapter's first code cell: in Colab, ``pip install`` this
    repository's package with ``extras``; anywhere else, nothing."""
    extras = tuple(extras)
    bad = [e for e in extras if not e.isidentifier()]
    if bad:
        raise ValueError(f"extras {bad}: extra names are letters, digits and '_'")
    spec = PACKAGE + (f"[{','.join(extras)}]" if extras else "")
    return _TEMPLATE.format(repo=REPO_URL, spec=spec, branch=BRANCH)


def chapter_setup_cell(chapter: str) -> str:
    """The set-up cell of ``chapter``, with the extras of :data:`CHAPTER_EXTRAS`."""
    return setup_cell(CHAPTER_EXTRAS.get(chapter, ()))


def colab_url(chapter: str) -> str:
    """The Colab address that opens a chapter's committed ``.ipynb``."""
    path = REPO_URL.removeprefix("https://github.com/")
    return (
        f"https://colab.research.google.com/github/{path}/blob/{BRANCH}/"
        f"notebooks/{chapter}.ipynb"
    )
