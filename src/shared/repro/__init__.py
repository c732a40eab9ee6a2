"""Reproducibility plumbing shared by every chapter.

* :func:`start` — validate parameters, resolve the profile, seed, print provenance;
* :mod:`shared.repro.claims` — declare claims and compute verdicts;
* :func:`key_numbers` — the rounded metrics nbval compares;
* :func:`progress` — progress bars that stay quiet in batch runs;
* :func:`glue` — numbers and figures for the prose (a no-op outside the book build);
* :mod:`shared.repro.colab` — the Colab set-up cell.
"""

from .output import format_key_number, glue, key_numbers, progress
from .session import (
    Settings,
    check_seed,
    default_device,
    provenance,
    resolve_profile,
    seed_everything,
    start,
)

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
