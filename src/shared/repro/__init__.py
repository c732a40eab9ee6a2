"""Reproducibility plumbing shared by every chapter.

* :func:`start` — validate parameters, resolve the profile, seed, print provenance;
* :mod:`shared.repro.claims` — declare claims and compute verdicts;
* :func:`key_numbers` — the rounded metrics nbval compares;
* :func:`progress` — progress bars that stay quiet in batch runs;
* :func:`glue` — numbers and figures for the prose (a no-op outside the book build);
* :mod:`shared.repro.colab` — the Colab set-up cell.
"""

from .output import format_key_number
from .output import glue
from .output import key_numbers
from .output import progress
from .session import Settings
from .session import check_seed
from .session import default_device
from .session import provenance
from .session import resolve_profile
from .session import seed_everything
from .session import start

__all__ = [
    "Settings",
    "check_seed",
    "default_device",
    "format_key_number",
    "glue",
    "key_numbers",
    "progress",
    "provenance",
    "resolve_profile",
    "seed_everything",
    "start",
]
