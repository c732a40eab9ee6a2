"""Grading helpers shared by the attention chapters' ``*_claims`` modules."""

from __future__ import annotations

import numpy as np

from shared.repro.claims import PerSeed

__all__ = ["per_seed"]


def per_seed(values, rule: str = "worst") -> PerSeed:
    """One value per seed as a :class:`~shared.repro.claims.PerSeed` graded by
    ``rule`` (``"worst"`` or ``"mean"``, as PerSeed allows).

    ``values``: an iterable of numbers or booleans, one per seed; booleans (Python or
    NumPy) stay booleans, everything else becomes a ``float``.
    """
    return PerSeed(
        tuple(bool(v) if isinstance(v, (bool, np.bool_)) else float(v) for v in values),
        rule=rule,
    )
