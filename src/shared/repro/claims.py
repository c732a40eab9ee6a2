"""Declare a chapter's claims, compute their verdicts, and read them back from notebooks.

A claim pairs the paper's statement (and its *reported* value, as text) with the value this
book *measured* and a *criterion*. The verdict is computed, never typed:

* one check: ``reproduced`` when the criterion holds, ``partly`` when only its looser
  ``partial`` bound holds, ``not reproduced`` otherwise;
* several checks: ``reproduced`` when all hold, ``partly`` when some hold (or hold partly),
  ``not reproduced`` when none do;
* ``not attempted`` for claims the book cannot test, with the reason.

:meth:`ClaimTable.display` renders a Markdown table and embeds a JSON copy in the output's
metadata under :data:`METADATA_KEY`; :func:`read_notebook_claims` reads it back from a saved
notebook.
"""

from __future__ import annotations

import json
import math
import numbers
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

#: Key of the output metadata that carries a chapter's claims as JSON (renderers ignore it).
METADATA_KEY = "reprobook_claims"

REPRODUCED = "reproduced"
PARTLY = "partly"
NOT_REPRODUCED = "not reproduced"
NOT_ATTEMPTED = "not attempted"
VERDICTS = (REPRODUCED, PARTLY, NOT_REPRODUCED, NOT_ATTEMPTED)


def _is_bool(x: Any) -> bool:
    return isinstance(x, (bool, np.bool_))


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not _is_bool(x)


def _as_float(x: Any) -> float:
    if not _is_number(x):
        raise ValueError(f"measured value {x!r} must be a real number for this criterion")
    return float(x)


def format_value(x: Any) -> str:
    """Short text for a measured or reference value (4 significant digits for floats)."""
    if _is_bool(x):
        return "yes" if bool(x) else "no"
    if isinstance(x, numbers.Integral):
        return str(x)
    if _is_number(x):
        v = float(x)
        if math.isnan(v):
            return "nan"
        return f"{v:.4g}"
    return str(x)


# --------------------------------------------------------------------------- criteria
@dataclass(frozen=True)
class Criterion:
    """Base class: ``grade(measured)`` returns 2 (holds), 1 (holds partly) or 0 (fails)."""

    def grade(self, measured: Any) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _finite(measured: Any) -> float | None:
    v = _as_float(measured)
    return None if math.isnan(v) else v


@dataclass(frozen=True)
class AtMost(Criterion):
    """Holds when ``measured <= bound``; partly when ``measured <= partial``."""

    bound: float
    partial: float | None = None

    def __post_init__(self):
        if self.partial is not None and self.partial < self.bound:
            raise ValueError(f"AtMost: partial={self.partial} must be >= bound={self.bound}")

    def grade(self, measured):
        v = _finite(measured)
        if v is None:
            return 0
        if v <= self.bound:
            return 2
        return int(self.partial is not None and v <= self.partial)

    def describe(self):
        s = f"≤ {format_value(self.bound)}"
        return s + (f" (partly ≤ {format_value(self.partial)})" if self.partial is not None else "")


@dataclass(frozen=True)
class AtLeast(Criterion):
    """Holds when ``measured >= bound``; partly when ``measured >= partial``."""

    bound: float
    partial: float | None = None

    def __post_init__(self):
        if self.partial is not None and self.partial > self.bound:
            raise ValueError(f"AtLeast: partial={self.partial} must be <= bound={self.bound}")

    def grade(self, measured):
        v = _finite(measured)
        if v is None:
            return 0
        if v >= self.bound:
            return 2
        return int(self.partial is not None and v >= self.partial)

    def describe(self):
        s = f"≥ {format_value(self.bound)}"
        return s + (f" (partly ≥ {format_value(self.partial)})" if self.partial is not None else "")


@dataclass(frozen=True)
class Within(Criterion):
    """Holds when ``|measured - target| <= tol`` (relative to ``|target|`` when ``rel``).

    ``partial`` is a looser tolerance in the same units.
    """

    target: float
    tol: float
    rel: bool = False
    partial: float | None = None

    def __post_init__(self):
        if not self.tol >= 0:
            raise ValueError(f"Within: tol={self.tol} must be >= 0")
        if self.partial is not None and self.partial < self.tol:
            raise ValueError(f"Within: partial={self.partial} must be >= tol={self.tol}")

    def _err(self, v):
        err = abs(v - self.target)
        return err / abs(self.target) if self.rel and self.target != 0 else err

    def grade(self, measured):
        v = _finite(measured)
        if v is None:
            return 0
        err = self._err(v)
        if err <= self.tol:
            return 2
        return int(self.partial is not None and err <= self.partial)

    def describe(self):
        unit = " (relative)" if self.rel else ""
        s = f"{format_value(self.target)} ± {format_value(self.tol)}{unit}"
        return s + (f" (partly ± {format_value(self.partial)})" if self.partial is not None else "")


@dataclass(frozen=True)
class Between(Criterion):
    """Holds when ``lo <= measured <= hi``."""

    lo: float
    hi: float

    def __post_init__(self):
        if not self.lo <= self.hi:
            raise ValueError(f"Between: lo={self.lo} must be <= hi={self.hi}")

    def grade(self, measured):
        v = _finite(measured)
        return 2 if v is not None and self.lo <= v <= self.hi else 0

    def describe(self):
        return f"in [{format_value(self.lo)}, {format_value(self.hi)}]"


@dataclass(frozen=True)
class IsTrue(Criterion):
    """Holds when the measured value is a true boolean (a computed yes/no outcome)."""

    def grade(self, measured):
        if not _is_bool(measured):
            raise ValueError(f"IsTrue expects a bool, got {measured!r}")
        return 2 if bool(measured) else 0

    def describe(self):
        return "yes"


# --------------------------------------------------------------------------- claims
@dataclass
class Check:
    label: str
    measured: str
    criterion: str
    grade: int


@dataclass
class Claim:
    """One row of a chapter's claims table (all fields are display text but ``checks``)."""

    chapter: str
    id: str
    statement: str
    reported: str
    measured: str
    criterion: str
    verdict: str
    note: str = ""
    checks: list[Check] = field(default_factory=list)


def verdict_from_grades(grades: Sequence[int]) -> str:
    """Combine check grades (2 holds, 1 partly, 0 fails) into a verdict."""
    if not grades:
        raise ValueError("a claim needs at least one check")
    if all(g == 2 for g in grades):
        return REPRODUCED
    if any(g > 0 for g in grades):
        return PARTLY
    return NOT_REPRODUCED


class ClaimTable:
    """The claims of one chapter, in the order they are added."""

    def __init__(self, chapter: str):
        if not chapter or not isinstance(chapter, str):
            raise ValueError("chapter must be a non-empty string such as 'spin1-bec'")
        self.chapter = chapter
        self.claims: list[Claim] = []

    def _check_id(self, claim_id: str) -> None:
        if not claim_id or not isinstance(claim_id, str):
            raise ValueError("claim id must be a non-empty string such as 'C1'")
        if any(c.id == claim_id for c in self.claims):
            raise ValueError(f"claim id {claim_id!r} is already used in chapter {self.chapter!r}")

    def add(self, claim_id: str, statement: str, *, reported: str, measured: Any,
            criterion: Criterion, note: str = "", cap_reason: str = "") -> Claim:
        """Add a claim tested by one measured value against one criterion."""
        return self.add_checks(claim_id, statement, reported=reported,
                               checks=[("", measured, criterion)], note=note, cap_reason=cap_reason)

    def add_checks(self, claim_id: str, statement: str, *, reported: str,
                   checks: Iterable[tuple[str, Any, Criterion]], note: str = "",
                   cap_reason: str = "") -> Claim:
        """Add a claim tested by several ``(label, measured, criterion)`` checks.

        ``cap_reason`` declares why the evidence cannot fully reproduce the claim even when
        every check holds (e.g. "synthetic samples only: the paper's data were not
        available"): the verdict is then at most ``partly`` and the reason is shown.
        """
        self._check_id(claim_id)
        rows = []
        for label, measured, criterion in checks:
            if not isinstance(criterion, Criterion):
                raise ValueError(f"claim {claim_id}: {criterion!r} is not a Criterion "
                                 "(use AtMost, AtLeast, Within, Between or IsTrue)")
            rows.append(Check(str(label), format_value(measured), criterion.describe(),
                              criterion.grade(measured)))
        verdict = verdict_from_grades([r.grade for r in rows])
        if cap_reason:
            if verdict == REPRODUCED:
                verdict = PARTLY
            note = f"{note} (at most partly: {cap_reason})".strip()
        if len(rows) == 1 and not rows[0].label:
            measured_text, criterion_text = rows[0].measured, rows[0].criterion
        else:
            measured_text = "; ".join(f"{r.label}: {r.measured}" for r in rows)
            criterion_text = "; ".join(f"{r.label}: {r.criterion}" for r in rows)
        claim = Claim(self.chapter, claim_id, statement, str(reported), measured_text,
                      criterion_text, verdict, note, rows)
        self.claims.append(claim)
        return claim

    def add_not_attempted(self, claim_id: str, statement: str, *, reported: str, reason: str) -> Claim:
        """Add a claim this book does not test, with the reason."""
        self._check_id(claim_id)
        if not reason:
            raise ValueError(f"claim {claim_id}: say why it is not attempted")
        claim = Claim(self.chapter, claim_id, statement, str(reported), "—", "—",
                      NOT_ATTEMPTED, reason)
        self.claims.append(claim)
        return claim

    # ---------------------------------------------------------------- output
    def counts(self) -> dict[str, int]:
        return {v: sum(c.verdict == v for c in self.claims) for v in VERDICTS}

    def to_markdown(self) -> str:
        head = "| claim | statement | reported | ours | tolerance | verdict |\n|---|---|---|---|---|---|\n"
        esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        body = "".join(
            f"| {esc(c.id)} | {esc(c.statement)}{(' — ' + esc(c.note)) if c.note else ''} | "
            f"{esc(c.reported)} | {esc(c.measured)} | {esc(c.criterion)} | **{c.verdict}** |\n"
            for c in self.claims
        )
        counts = self.counts()
        summary = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
        return head + body + f"\n*Verdicts computed in this notebook: {summary}.*\n"

    def to_html(self) -> str:
        """The table as self-contained HTML (verdicts colour-coded), for notebooks and the book."""
        from html import escape

        colours = {REPRODUCED: "#1a7f37", PARTLY: "#9a6700", NOT_REPRODUCED: "#cf222e", NOT_ATTEMPTED: "#57606a"}
        cell = 'style="text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #d0d7de"'
        head = "".join(f"<th {cell}>{h}</th>" for h in ("claim", "statement", "reported", "ours", "tolerance", "verdict"))
        rows = []
        for c in self.claims:
            statement = escape(c.statement) + (f"<br><small>{escape(c.note)}</small>" if c.note else "")
            verdict = f'<b style="color:{colours[c.verdict]}">{escape(c.verdict)}</b>'
            values = (escape(c.id), statement, escape(c.reported), escape(c.measured), escape(c.criterion), verdict)
            rows.append("<tr>" + "".join(f"<td {cell}>{v}</td>" for v in values) + "</tr>")
        counts = ", ".join(f"{n} {v}" for v, n in self.counts().items() if n)
        return (f'<table class="claims-table" style="border-collapse:collapse;font-size:90%">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                f"<p><em>Verdicts computed in this notebook: {counts}.</em></p>")

    def to_json(self) -> dict:
        return {"chapter": self.chapter, "claims": [asdict(c) for c in self.claims]}

    def display(self) -> None:
        """Show the table in the notebook and embed its JSON for the claims reader."""
        if not self.claims:
            raise ValueError(f"chapter {self.chapter!r} declared no claims")
        from IPython.display import display

        data = {"text/html": self.to_html(), "text/markdown": self.to_markdown(), "text/plain": self.to_markdown()}
        display(data, raw=True, metadata={METADATA_KEY: self.to_json()})


# --------------------------------------------------------------------------- reader
def read_notebook_claims(path: str | Path) -> list[Claim]:
    """Claims embedded in a saved notebook's outputs (empty when it has none)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    found: list[Claim] = []
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            payload = (out.get("metadata") or {}).get(METADATA_KEY)
            if payload is not None:
                if isinstance(payload, str):
                    payload = json.loads(payload)
                for c in payload["claims"]:
                    c = dict(c)
                    c["checks"] = [Check(**k) for k in c.get("checks", [])]
                    found.append(Claim(**c))
    return found


def notebook_title(path: str | Path) -> str:
    """The first level-1 Markdown heading of a notebook, else its file stem."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(path).stem


def read_book_claims(notebooks: str | Path) -> dict[str, list[Claim]]:
    """``{chapter key: claims}`` for every ``*.ipynb`` in a folder, sorted by key."""
    folder = Path(notebooks)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder of notebooks")
    return {p.stem: read_notebook_claims(p) for p in sorted(folder.glob("*.ipynb"))}


def tally(claims: Iterable[Claim]) -> dict[str, int]:
    claims = list(claims)
    return {v: sum(c.verdict == v for c in claims) for v in VERDICTS}
