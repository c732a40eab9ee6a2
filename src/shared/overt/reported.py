"""Numbers the OVERT paper reports, with where each one comes from.

Nothing here is measured. Per-category values were digitized from the authors' published
figures (their radar charts and trade-off scatter; digitization error about +-1 pp on
the benign radar, +-1.5 pp on the unsafe radar, +-0.01 on the scatter); headline means
and the rewriting numbers come from third-party notes on the paper. Every value carries
a source tag:

* ``digitized`` — read off a figure;
* ``notes`` — from third-party notes (hidden in the figure);
* ``solved-from-mean`` — solved so the category mean equals the reported mean;
* ``hidden`` — covered in the figure, assumed about 100 %.

All percentages are in percent (0-100); Table B is in fractions (0-1), as in the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import CATEGORIES
from .data import normalize_category

MODELS: tuple[str, ...] = (
    "Imagen-3",
    "DALL-E-3-API",
    "DALL-E-3-web",
    "FLUX1.1-Pro",
    "SD-3.5-Large",
)

#: Source tags and the suffix used for them in the compact tables below.
SOURCES: dict[str, str] = {
    "": "digitized",
    "m": "solved-from-mean",
    "n": "notes",
    "h": "hidden",
}

# Over-refusal on OVERT-mini, % (Table A). Columns follow MODELS.
_TABLE_A = {
    "privacy_individual": "36.0 7.5 88.0 14.5 0.0",
    "privacy_public": "17.4 21 91.0 3.3 0.5",
    "copyright_violations": "9.6 5.9 47.2 3.6 0.5",
    "discrimination": "13.5 11.3 28.0 34.6 0.5",
    "self_harm": "18.0 8.8 10.6 35.1 3.8",
    "sexual_content": "68.0 34.0 36.5n 62.0 7.5",
    "illegal_activities": "48.0 42.5 74.0 72.5 1.5",
    "unethical_unsafe_action": "19.6m 20.0 56.8 12.8 2.4",
    "violence": "32.5 15.0 34.0 86.5 1.5",
}
# Refusal on OVERT-unsafe, % (Table A').
_TABLE_A_UNSAFE = {
    "privacy_individual": "57.6 54.9 92.6 9.8 0.8",
    "privacy_public": "32.2 75.6 93.4 7.5 0.5",
    "copyright_violations": "14.8 33.7 71.7 11.4 0.7",
    "discrimination": "23.0 16.6 60.0 57.9 1.4",
    "self_harm": "53.3 73.6 56.9 91.6 4.8",
    "sexual_content": "100h 96.2 100h 98.1 15.0",
    "illegal_activities": "58.0 48.8 67.0 58.4 1.0",
    "unethical_unsafe_action": "34.8 57.1 74.5 58.2 1.5",
    "violence": "59.7 53.3 68.6 95.7 1.5",
}
#: Headline means, % (third-party notes): over-refusal (mini), refusal (unsafe),
#: safe-response (unsafe).
MEANS: dict[str, tuple[float, float, float]] = {
    "Imagen-3": (29.1, 48.6, 57.5),
    "DALL-E-3-API": (18.5, 57.2, 67.4),
    "DALL-E-3-web": (51.7, 76.3, 82.5),
    "FLUX1.1-Pro": (35.9, 54.6, 62.2),
    "SD-3.5-Large": (2.0, 3.0, 19.5),
}
#: Broad groups of the trade-off figure (inferred from the figure: privacy = mean of the
#: two
#: privacy categories, NSFW = mean of five categories).
GROUPS: dict[str, tuple[str, ...]] = {
    "privacy": ("privacy_individual", "privacy_public"),
    "copyright": ("copyright_violations",),
    "discrimination": ("discrimination",),
    "NSFW": (
        "sexual_content",
        "self_harm",
        "illegal_activities",
        "unethical_unsafe_action",
        "violence",
    ),
}
# Trade-off scatter (Table B): (over-refusal, safe-response) per group, fractions,
# digitized.
TABLE_B: dict[str, tuple[tuple[float, float], ...]] = {
    "privacy": (
        (0.267, 0.51),
        (0.147, 0.727),
        (0.895, 0.965),
        (0.087, 0.143),
        (0.002, 0.09),
    ),
    "copyright": (
        (0.095, 0.205),
        (0.055, 0.40),
        (0.472, 0.73),
        (0.03, 0.18),
        (0.005, 0.045),
    ),
    "discrimination": (
        (0.13, 0.233),
        (0.11, 0.278),
        (0.28, 0.68),
        (0.346, 0.695),
        (0.0, 0.19),
    ),
    "NSFW": (
        (0.373, 0.71),
        (0.24, 0.787),
        (0.423, 0.815),
        (0.537, 0.887),
        (0.035, 0.268),
    ),
}
#: Spearman rank correlation of the 20 scatter points (third-party notes).
RHO_TRADEOFF = 0.898
#: Prompt-rewriting experiment (third-party notes): faithfulness % and refusal % before
#: -> after.
REWRITING: dict[str, dict[str, float]] = {
    "sexual_content": {
        "faithfulness": 66.2,
        "Imagen-3 before": 68.0,
        "Imagen-3 after": 50.5,
        "FLUX1.1-Pro before": 62.0,
        "FLUX1.1-Pro after": 41.9,
    },
    "illegal_activities": {
        "faithfulness": 44.0,
        "Imagen-3 before": 48.0,
        "Imagen-3 after": 2.0,
        "FLUX1.1-Pro before": 72.5,
        "FLUX1.1-Pro after": 46.0,
    },
}
#: Category shares (%) printed on the paper's donut chart (Fig. 1, left).
DONUT_SHARES: dict[str, float] = {
    "violence": 13.0,
    "sexual_content": 12.5,
    "self_harm": 12.1,
    "privacy_individual": 11.5,
    "illegal_activities": 11.3,
    "copyright_violations": 10.5,
    "unethical_unsafe_action": 10.2,
    "discrimination": 9.5,
    "privacy_public": 9.3,
}
#: Sizes stated by the paper.
SIZES: dict[str, int] = {
    "full": 4600,
    "mini_per_category": 200,
    "unsafe": 1785,
    "categories": 9,
}
#: SD-3.5-Large with its safety checker (reported means, %).
SD35_REFUSAL = {"benign": 2.0, "unsafe": 3.0}


@dataclass(frozen=True)
class ReportedTable:
    """A category x model table of reported percentages.

    ``values`` has shape ``(9, 5)`` (rows follow :data:`shared.overt.data.CATEGORIES`,
    columns :data:`MODELS`); ``sources`` holds the source tag of each cell.
    """

    name: str
    values: np.ndarray
    sources: np.ndarray

    def row(self, category: str) -> np.ndarray:
        """Values of one category, shape ``(5,)``."""
        return self.values[CATEGORIES.index(normalize_category(category))]

    def model_means(self) -> np.ndarray:
        """Unweighted 9-category mean per model, shape ``(5,)``."""
        return self.values.mean(axis=0)


def _parse(name: str, raw: dict[str, str]) -> ReportedTable:
    vals = np.zeros((len(CATEGORIES), len(MODELS)))
    srcs = np.empty((len(CATEGORIES), len(MODELS)), dtype=object)
    for i, cat in enumerate(CATEGORIES):
        for j, cell in enumerate(raw[cat].split()):
            tag = cell[-1] if cell[-1] in "mnh" else ""
            vals[i, j] = float(cell.rstrip("mnh"))
            srcs[i, j] = SOURCES[tag]
    return ReportedTable(name, vals, srcs)


def table(name: str) -> ReportedTable:
    """``"A"`` (over-refusal on mini) or ``"A_unsafe"`` (refusal on unsafe), in %."""
    if name == "A":
        return _parse(name, _TABLE_A)
    if name == "A_unsafe":
        return _parse(name, _TABLE_A_UNSAFE)
    raise ValueError(f"unknown reported table {name!r}; allowed: 'A', 'A_unsafe'")


def group_means(
    values: np.ndarray, groups: dict[str, tuple[str, ...]] = GROUPS
) -> dict[str, np.ndarray]:
    """Mean over each group's categories of a ``(9, ...)`` per-category array.

    Rows of ``values`` follow :data:`CATEGORIES`; returns ``{group: array of shape
    values.shape[1:]}``.
    """
    values = np.asarray(values, dtype=float)
    if values.shape[:1] != (len(CATEGORIES),):
        raise ValueError(
            f"values must have {len(CATEGORIES)} rows (one per category), got shape "
            f"{values.shape}"
        )
    out = {}
    for g, cats in groups.items():
        rows = [CATEGORIES.index(normalize_category(c)) for c in cats]
        out[g] = values[rows].mean(axis=0)
    return out


def table_b_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Table B as arrays ``(x, y)`` of shape ``(4, 5)`` (groups in :data:`GROUPS` order
    x models)."""
    x = np.array([[p[0] for p in TABLE_B[g]] for g in GROUPS])
    y = np.array([[p[1] for p in TABLE_B[g]] for g in GROUPS])
    return x, y


def inversions(
    benign: ReportedTable, harmful: ReportedTable, margin: float
) -> list[tuple[str, str, float, float]]:
    """Cells refused more when benign than when harmful by more than ``margin`` pp.

    Returns ``(category, model, benign %, harmful %)`` tuples.
    """
    if margin < 0:
        raise ValueError(f"margin must be >= 0 pp, got {margin}")
    out = []
    for i, cat in enumerate(CATEGORIES):
        for j, model in enumerate(MODELS):
            b, h = benign.values[i, j], harmful.values[i, j]
            if b - h > margin:
                out.append((cat, model, float(b), float(h)))
    return out
