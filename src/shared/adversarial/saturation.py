"""Attack-budget saturation, shared by the Sparse-PGD and Fast-LS-l0 chapters.

A robust accuracy is only as good as the attack that measured it. The check here runs
the same attack at a budget b, 2b, 4b, ... (b a multiplier of the attack's iterations
and queries) and stops at the first doubling that moves the number of robust test
images by at most ``tol_images`` (one image by default): the budget has *saturated*.
If no doubling within the largest budget tried is that small, the curve says
"not saturated" and the robust accuracy is an upper bound measured at the largest
budget.

:func:`saturation_curve` runs one model, :func:`saa_at_budget` builds the sAA-lite
attack both chapters use (``default_stages(b * iters, b * queries)``, same seed at every
budget, so a larger budget only lengthens the runs), :func:`saturation_checks` turns the
curves into method checks and :func:`saturation_figure` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch

from shared.repro.claims import Check
from shared.repro.claims import IsTrue
from shared.repro.validate import positive_int

from .autoattack import default_stages
from .autoattack import sparse_autoattack
from .common import AttackResult

__all__ = [
    "Saturation",
    "saturation_curve",
    "saa_at_budget",
    "doubling_budgets",
    "saturation_checks",
    "saturation_figure",
    "saturation_table",
]

#: The caption of each chapter's saturation figure.
CAPTION = "Attack-budget saturation (our check)"


# Deliberate repeat: one typed field a line, as every frozen result dataclass.
@dataclass(frozen=True)
class Saturation:
    """One model's saturation curve.

    budgets: the budget multipliers run, in order (1, 2, 4, ...; each twice the one
    before); robust: test images that no run up to each budget fooled (count); n:
    test images; tol_images: the largest move (images) that counts as saturated;
    max_budget: the largest budget the profile allowed; saturated: whether a doubling
    moved the robust count by at most ``tol_images``; saturated_budget: the budget b
    whose doubling to 2b did so (None when not saturated).
    """

    budgets: tuple[int, ...]
    robust: tuple[int, ...]
    n: int
    tol_images: int
    max_budget: int
    saturated: bool
    saturated_budget: int | None

    @property
    def accuracy(self) -> tuple[float, ...]:
        """Robust accuracy (%) at each budget."""
        return tuple(100 * r / self.n for r in self.robust)

    @property
    def final_accuracy(self) -> float:
        """Robust accuracy (%) at the largest budget run (the strongest attack)."""
        return self.accuracy[-1]

    @property
    def moves(self) -> tuple[int, ...]:
        """Robust images lost at each doubling (positive: the larger budget fooled
        more)."""
        return tuple(a - b for a, b in zip(self.robust, self.robust[1:]))

    def text(self) -> str:
        """One line: saturated at which budget, or not within the largest."""
        if self.saturated:
            return (
                f"saturated: {self.saturated_budget}x -> {2 * self.saturated_budget}x "
                f"moved {abs(self.moves[-1])} image(s) of {self.n}"
            )
        return f"not saturated within {self.budgets[-1]}x (of {self.max_budget}x)"


def doubling_budgets(max_budget: int) -> tuple[int, ...]:
    """(1, 2, 4, ..., max_budget); ``max_budget`` must be a power of two >= 2."""
    positive_int("max_budget", max_budget, minimum=2)
    if max_budget & (max_budget - 1):
        raise ValueError(
            f"max_budget must be a power of two (2, 4, 8, ...); got {max_budget}"
        )
    out, b = [], 1
    while b <= max_budget:
        out.append(b)
        b *= 2
    return tuple(out)


def saturation_curve(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    attack_at_budget: Callable[..., AttackResult],
    budgets: tuple[int, ...],
    *,
    tol_images: int = 1,
    known: dict | None = None,
) -> Saturation:
    """Run ``attack_at_budget(model, x, y, b)`` for b in ``budgets`` until a doubling
    moves the robust count by at most ``tol_images``.

    A point counts as robust at budget b only if no run up to b fooled it (the
    per-point worst case, as in any attack ensemble), so the count never rises.
    x: (N, C, H, W) test images, y: (N,) labels; budgets: increasing multipliers,
    each twice the one before (e.g. :func:`doubling_budgets`); ``known`` may hold
    results already computed (budget -> AttackResult, e.g. the chapter's own sAA-lite
    run at b = 1), which are reused instead of re-run. Returns a :class:`Saturation`.
    """
    budgets = tuple(budgets)
    if len(budgets) < 2:
        raise ValueError(f"budgets needs at least two budgets; got {budgets!r}")
    for b in budgets:
        positive_int("budget", b)
    if any(b2 != 2 * b1 for b1, b2 in zip(budgets, budgets[1:])):
        raise ValueError(f"each budget must double the one before; got {budgets!r}")
    positive_int("tol_images", tol_images, minimum=0)
    known = known or {}
    n = len(x)
    run, robust = [], []
    sat_b, still = None, torch.ones(n, dtype=torch.bool)
    for b in budgets:
        r = known[b] if b in known else attack_at_budget(model, x, y, b)
        still &= ~r.success.bool().cpu()  # robust to every budget run so far
        robust.append(int(still.sum()))
        run.append(b)
        if len(robust) >= 2 and abs(robust[-2] - robust[-1]) <= tol_images:
            sat_b = run[-2]
            break
    return Saturation(
        budgets=tuple(run),
        robust=tuple(robust),
        n=n,
        tol_images=tol_images,
        max_budget=budgets[-1],
        saturated=sat_b is not None,
        saturated_budget=sat_b,
    )


def saa_at_budget(k: int, iters: int, queries: int, seed: int):
    """The sAA-lite attack at budget b: sPGD-proj and sPGD-unproj with ``b * iters``
    iterations, then Sparse-RS with ``b * queries`` queries, all at l0 budget ``k``
    (pixels) and attack seed ``seed`` (the same at every b). Returns a function
    ``(model, x, y, b) -> AttackResult`` (checked)."""
    positive_int("k", k)
    positive_int("iters", iters)
    positive_int("queries", queries)

    def attack(model, x, y, b):
        stages = default_stages(b * iters, b * queries)
        r = sparse_autoattack(model, x, y, k, stages=stages, seed=seed)
        r.check(x, k, model=model, y=y)
        return r

    return attack


def saturation_checks(curves: dict) -> list[Check]:
    """Method checks, one per model (name -> :class:`Saturation`): saturated within
    the largest budget tried (a check that can fail: "not saturated within ...")."""
    return [
        Check(
            f"{name}: sAA budget saturated ({c.text()})",
            bool(c.saturated),
            IsTrue(),
        )
        for name, c in curves.items()
    ]


def saturation_table(curves: dict, base: str) -> str:
    """The curves as Markdown: robust accuracy (%) per budget and model; ``base``
    describes budget 1 (e.g. "100/100/300")."""
    budgets = sorted({b for c in curves.values() for b in c.budgets})
    head = "| model | " + " | ".join(f"{b}x" for b in budgets) + " | verdict |"
    rows = [head, "|" + "---|" * (len(budgets) + 2)]
    for name, c in curves.items():
        acc = dict(zip(c.budgets, c.accuracy))
        cells = [f"{acc[b]:.1f}" if b in acc else "" for b in budgets]
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {c.text()} |")
    return "\n".join(rows) + f"\n\nBudget 1x = sAA-lite {base}."


def saturation_figure(curves: dict, base: str):
    """Robust accuracy (%) against the budget multiplier, one line per model (log2
    x axis); returns the figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for name, c in curves.items():
        mark = "" if c.saturated else " (not saturated)"
        ax.plot(c.budgets, c.accuracy, "o-", label=f"{name}{mark}")
    ax.set_xscale("log", base=2)
    ax.set_xlabel(f"attack budget (× sAA-lite {base})")
    ax.set_ylabel("robust accuracy (%)")
    ax.set_title(CAPTION, fontsize=9)
    ax.legend(fontsize=7)
    return fig
