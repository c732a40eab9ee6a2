"""OVERT (arXiv:2505.21347): over-refusal of text-to-image models, reproduced offline.

* :mod:`~shared.overt.data` — loader of the released CSVs (checksums, quirks, data
  card);
* :mod:`~shared.overt.reported` — the paper's reported numbers with their sources;
* :mod:`~shared.overt.embed` — the shipped all-MiniLM-L6-v2 encoder with an on-disk
  cache;
* :mod:`~shared.overt.pipeline` — the construction workflow with pluggable offline
  backends;
* :mod:`~shared.overt.harness` — refusal metrics and offline text-filter backends;
* :mod:`~shared.overt.experiment` — the chapter's profiles, runners and measured values;
* :mod:`~shared.overt.figures` — one function per figure of the chapter.

The embedding and profanity backends import their packages lazily, so ``import
shared.overt`` stays light.
"""

from .data import CATEGORIES
from .data import CATEGORY_LABELS
from .data import MissingDataError
from .data import data_card
from .data import load
from .data import load_all
from .experiment import PROFILES
from .experiment import Profile
from .harness import Result
from .harness import T2IBackend
from .harness import refusal_rates
from .harness import tradeoff
from .harness import wilson_interval

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "MissingDataError",
    "PROFILES",
    "Profile",
    "Result",
    "T2IBackend",
    "data_card",
    "load",
    "load_all",
    "refusal_rates",
    "tradeoff",
    "wilson_interval",
]
