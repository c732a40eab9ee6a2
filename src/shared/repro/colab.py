"""The Colab set-up cell every chapter starts with, and the repository it installs from.

``REPO_URL`` is the one place the repository address is written for code; ``_config.yml``
repeats it for the launch buttons and a test keeps the two, and every chapter's copy of
:data:`SETUP_CELL`, in step.
"""

REPO_URL = "https://github.com/reprobook/executable-reproductions"
BRANCH = "main"

SETUP_CELL = f'''# Colab set-up: installs this book's `shared` package when the notebook runs in Google Colab.
# Anywhere else it does nothing (see the README for the two set-up commands).
import subprocess
import sys

REPO_URL = "{REPO_URL}"
IN_COLAB = "google.colab" in sys.modules
if IN_COLAB:  # torch and numpy come with Colab; pip keeps them (lower bounds only)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"git+{{REPO_URL}}@{BRANCH}"], check=True)'''


def colab_url(chapter: str) -> str:
    """The Colab address that opens a chapter's committed ``.ipynb``."""
    path = REPO_URL.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{path}/blob/{BRANCH}/notebooks/{chapter}.ipynb"
