"""Declare a chapter's claims, grade them under the book's evidence policy, read them
back.

The policy (CONTRIBUTING.md, "Evidence policy") in one paragraph: a **paper claim** is a
statement the paper makes; a **method check** is an identity, an implementation test, a
property true by construction or the book's own extra experiment. Method checks are
shown in a table of their own and never counted. Every paper claim declares its
**evidence level** -- :data:`PAPER_SETUP`, :data:`ANALOGUE` or :data:`RECONSTRUCTION` --
and only the paper's own setup, with the paper's statement or number and its source, can
be graded :data:`REPRODUCED`; the others top out at "holds in our analogue" / "holds in
our reconstruction". Every check of a paper claim carries a computed **null** (the value
measured when the claim is false: chance, a baseline, an untrained or shuffled model)
and the criterion must grade that null 0, else the claim is refused. A seed-dependent
claim needs at least 3 seeds (:class:`PerSeed`), else it is capped at :data:`PARTLY`
("one seed"); so is a criterion declared as set after the results (``post_hoc=True``).

Grades: a criterion grades a value 2 (holds), 1 (holds only within its looser
``partial`` bound) or 0 (fails). A claim's checks combine into "all hold", "some hold"
(:data:`PARTLY`) or "none hold" (:data:`NOT_REPRODUCED`); "all hold" becomes the
verdict its evidence level allows, unless a cap applies.

:meth:`ClaimTable.display` renders the paper claims and embeds a JSON copy of the whole
table in the output's metadata under :data:`METADATA_KEY`;
:meth:`ClaimTable.display_method_checks` renders the method checks;
:func:`read_notebook_claims` reads them back from a saved notebook.

Notebooks saved before the policy still load: their rows carry no evidence level, read
as :data:`UNGRADED`, and are counted apart as "not yet re-graded".
"""

from __future__ import annotations

import json
import math
import numbers
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any
from typing import Iterable
from typing import Sequence

import numpy as np

#: Key of the output metadata that carries a chapter's claims as JSON (renderers ignore
#: it).
METADATA_KEY = "reprobook_claims"

# Evidence levels of a paper claim (see the module docstring).
PAPER_SETUP = "paper setup"
ANALOGUE = "analogue"
RECONSTRUCTION = "reconstruction"
#: Level of rows saved before the evidence policy (they carry no evidence field).
UNGRADED = "not yet re-graded"
EVIDENCE_LEVELS = (PAPER_SETUP, ANALOGUE, RECONSTRUCTION)

# Verdicts of a paper claim, best first.
REPRODUCED = "reproduced"
HOLDS_IN_ANALOGUE = "holds in our analogue"
HOLDS_IN_RECONSTRUCTION = "holds in our reconstruction"
PARTLY = "partly"
NOT_REPRODUCED = "not reproduced"
NOT_ATTEMPTED = "not attempted"
VERDICTS = (
    REPRODUCED,
    HOLDS_IN_ANALOGUE,
    HOLDS_IN_RECONSTRUCTION,
    PARTLY,
    NOT_REPRODUCED,
    NOT_ATTEMPTED,
)
#: The verdict "every check holds" earns at each evidence level.
TOP_VERDICT = {
    PAPER_SETUP: REPRODUCED,
    ANALOGUE: HOLDS_IN_ANALOGUE,
    RECONSTRUCTION: HOLDS_IN_RECONSTRUCTION,
    UNGRADED: REPRODUCED,
}

# Outcomes of a method check (never counted on the dashboard).
PASSES = "passes"
FAILS = "fails"
METHOD_OUTCOMES = (PASSES, PARTLY, FAILS)

#: Fewest seeds a seed-dependent claim needs to escape the "one seed" cap.
MIN_SEEDS = 3


def _is_bool(x: Any) -> bool:
    return isinstance(x, (bool, np.bool_))


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not _is_bool(x)


def _as_float(x: Any) -> float:
    if not _is_number(x):
        raise ValueError(
            f"measured value {x!r} must be a real number for this criterion"
        )
    return float(x)


def format_value(x: Any) -> str:
    """Short text for a measured or reference value (4 significant digits for
    floats)."""
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
    """Base class: ``grade(measured)`` returns 2 (holds), 1 (holds partly) or 0
    (fails)."""

    def grade(self, measured: Any) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _finite(measured: Any) -> float | None:
    v = _as_float(measured)
    return None if math.isnan(v) else v


def _graded(score: float | None, limit: float, partial: float | None) -> int:
    """2 when ``score <= limit``, 1 when only ``score <= partial``, else 0 (NaN: 0)."""
    if score is None:
        return 0
    if score <= limit:
        return 2
    return int(partial is not None and score <= partial)


def _partly(symbol: str, partial: float | None) -> str:
    return "" if partial is None else f" (partly {symbol} {format_value(partial)})"


@dataclass(frozen=True)
class AtMost(Criterion):
    """Holds when ``measured <= bound``; partly when ``measured <= partial``."""

    bound: float
    partial: float | None = None

    def __post_init__(self):
        if self.partial is not None and self.partial < self.bound:
            raise ValueError(
                f"AtMost: partial={self.partial} must be >= bound={self.bound}"
            )

    def grade(self, measured):
        return _graded(_finite(measured), self.bound, self.partial)

    def describe(self):
        return f"≤ {format_value(self.bound)}" + _partly("≤", self.partial)


@dataclass(frozen=True)
class AtLeast(Criterion):
    """Holds when ``measured >= bound``; partly when ``measured >= partial``."""

    bound: float
    partial: float | None = None

    def __post_init__(self):
        if self.partial is not None and self.partial > self.bound:
            raise ValueError(
                f"AtLeast: partial={self.partial} must be <= bound={self.bound}"
            )

    def grade(self, measured):
        v = _finite(measured)
        neg = None if self.partial is None else -self.partial
        return _graded(None if v is None else -v, -self.bound, neg)

    def describe(self):
        return f"≥ {format_value(self.bound)}" + _partly("≥", self.partial)


@dataclass(frozen=True)
class Within(Criterion):
    """Holds when ``|measured - target| <= tol`` (relative to ``|target|`` when
    ``rel``).

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
            raise ValueError(
                f"Within: partial={self.partial} must be >= tol={self.tol}"
            )

    def _err(self, v):
        err = abs(v - self.target)
        return err / abs(self.target) if self.rel and self.target != 0 else err

    def grade(self, measured):
        v = _finite(measured)
        return _graded(None if v is None else self._err(v), self.tol, self.partial)

    def describe(self):
        unit = " (relative)" if self.rel else ""
        s = f"{format_value(self.target)} ± {format_value(self.tol)}{unit}"
        return s + _partly("±", self.partial)


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


# ---------------------------------------------------------------------------
# measurements
SEED_RULES = ("worst", "mean")


@dataclass(frozen=True)
class PerSeed:
    """One quantity measured once per seed, and the rule that grades it.

    ``rule="worst"`` grades every seed and keeps the lowest grade (the criterion must
    hold for the worst seed); ``rule="mean"`` grades the mean and shows it with its
    standard deviation. ``values`` are numbers, or booleans with ``rule="worst"``.
    """

    values: tuple
    rule: str = "worst"

    def __post_init__(self):
        values = tuple(self.values)
        object.__setattr__(self, "values", values)
        if not values:
            raise ValueError("PerSeed needs at least one value (one per seed)")
        if self.rule not in SEED_RULES:
            raise ValueError(
                f"PerSeed: rule={self.rule!r}; allowed: {', '.join(SEED_RULES)}"
            )
        if all(_is_bool(v) for v in values):
            if self.rule == "mean":
                raise ValueError(
                    "PerSeed: booleans can only be graded with rule='worst'"
                )
        elif not all(_is_number(v) for v in values):
            raise ValueError(
                f"PerSeed: values must be all numbers or all booleans, got {values!r}"
            )

    @property
    def n(self) -> int:
        return len(self.values)

    def grade(self, criterion: Criterion) -> int:
        if self.rule == "mean":
            return criterion.grade(float(np.mean(self.values)))
        return min(criterion.grade(v) for v in self.values)

    def text(self) -> str:
        vals = self.values
        if all(_is_bool(v) for v in vals):
            return f"yes in {sum(map(bool, vals))}/{_seeds_text(len(vals))}"
        if self.rule == "mean":
            sd = float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0
            mean = format_value(float(np.mean(vals)))
            return f"{mean} ± {format_value(sd)} (mean ± sd, {_seeds_text(len(vals))})"
        if len(vals) == 1:
            return f"{format_value(vals[0])} (1 seed)"
        lo, hi = min(vals), max(vals)
        span = f"{format_value(lo)}–{format_value(hi)}"
        return f"{span} ({_seeds_text(len(vals))}, worst graded)"


def _seeds_text(n: int) -> str:
    return "1 seed" if n == 1 else f"{n} seeds"


def _grade(value: Any, criterion: Criterion) -> int:
    return (
        value.grade(criterion) if isinstance(value, PerSeed) else criterion.grade(value)
    )


def _null_grade(value: Any, criterion: Criterion) -> int:
    """Grade of a null: under ``rule="worst"`` the *best* seed, so that a null must
    fail in every seed (a null that passes in one seed cannot tell the claim from
    chance)."""
    if isinstance(value, PerSeed) and value.rule == "worst":
        return max(criterion.grade(v) for v in value.values)
    return _grade(value, criterion)


def _text(value: Any) -> str:
    return value.text() if isinstance(value, PerSeed) else format_value(value)


def _n_seeds(value: Any) -> int:
    return value.n if isinstance(value, PerSeed) else 1


@dataclass(frozen=True)
class Check:
    """One test of a claim: a measured value against a criterion, with its null.

    ``null`` is the value the chapter measured where the claim is false (chance level, a
    baseline run, an untrained, shuffled or ablated model) and ``null_label`` says
    which; the criterion must grade it 0. ``measured`` and ``null`` are numbers,
    booleans or :class:`PerSeed`.
    """

    label: str
    measured: Any
    criterion: Criterion
    null: Any = None
    null_label: str = ""

    def __post_init__(self):
        if not isinstance(self.criterion, Criterion):
            raise ValueError(
                f"check {self.label!r}: {self.criterion!r} is not a Criterion "
                "(use AtMost, AtLeast, Within, Between or IsTrue)"
            )
        if self.null is not None and not self.null_label:
            raise ValueError(
                f"check {self.label!r}: say what the null is (null_label), "
                "e.g. 'untrained model' or 'chance'"
            )


# --------------------------------------------------------------------------- records
@dataclass
class CheckRecord:
    """A graded check as stored in the notebook (display text plus grades)."""

    label: str
    measured: str
    criterion: str
    grade: int
    null: str = ""
    null_label: str = ""
    null_grade: int | None = None
    seeds: int = 1


@dataclass
class Claim:
    """One graded row: a paper claim (``kind="paper"``) or a method check
    (``"method"``).

    All fields are display text except ``checks``, ``seeds`` and ``caps``. ``evidence``
    is one of :data:`EVIDENCE_LEVELS` for a graded paper claim, :data:`UNGRADED` for a
    row written before the policy, and empty for method checks and claims not attempted.
    """

    chapter: str
    id: str
    statement: str
    reported: str
    measured: str
    criterion: str
    verdict: str
    note: str = ""
    checks: list[CheckRecord] = field(default_factory=list)
    kind: str = "paper"
    evidence: str = UNGRADED
    source: str = ""
    seeds: int = 1
    caps: list[str] = field(default_factory=list)

    @property
    def is_paper(self) -> bool:
        return self.kind == "paper"


def seed_cap(seeds: int) -> str:
    """The cap text of a claim graded on ``seeds`` < :data:`MIN_SEEDS` seeds."""
    return "one seed" if seeds == 1 else f"{seeds} seeds (needs {MIN_SEEDS})"


def is_seed_cap(cap: str) -> bool:
    """Whether ``cap`` (an entry of :attr:`Claim.caps`) is the too-few-seeds cap."""
    return cap == "one seed" or cap.endswith(f"seeds (needs {MIN_SEEDS})")


def verdict_from_grades(grades: Sequence[int]) -> str:
    """Combine check grades (2 holds, 1 partly, 0 fails): all hold, some hold, none
    hold."""
    if not grades:
        raise ValueError("a claim needs at least one check")
    if all(g == 2 for g in grades):
        return REPRODUCED
    if any(g > 0 for g in grades):
        return PARTLY
    return NOT_REPRODUCED


def _as_check(spec: Check | tuple) -> Check:
    if isinstance(spec, Check):
        return spec
    if isinstance(spec, tuple) and 3 <= len(spec) <= 5:
        return Check(*spec)
    raise ValueError(
        f"{spec!r} is not a check: pass Check(label, measured, criterion, null, "
        "null_label) or a tuple of those fields"
    )


def _record(claim_id: str, check: Check) -> CheckRecord:
    grade = _grade(check.measured, check.criterion)
    rec = CheckRecord(
        check.label,
        _text(check.measured),
        check.criterion.describe(),
        grade,
        seeds=_n_seeds(check.measured),
    )
    if check.null is not None:
        rec.null, rec.null_label = _text(check.null), check.null_label
        rec.null_grade = _null_grade(check.null, check.criterion)
        if rec.null_grade != 0:
            raise ValueError(
                f"claim {claim_id}, check {check.label!r}: the criterion "
                f"{rec.criterion} grades "
                f"its null ({check.null_label}: {rec.null}) {rec.null_grade}, not 0, "
                "so this check "
                "cannot tell the claim from its null; tighten the criterion or choose "
                "the check "
                "again"
            )
    return rec


def _joined(records: list[CheckRecord], attr: str) -> str:
    if len(records) == 1 and not records[0].label:
        return getattr(records[0], attr)
    return "; ".join(f"{r.label}: {getattr(r, attr)}" for r in records)


class ClaimTable:
    """The paper claims and method checks of one chapter, in the order they are
    added."""

    def __init__(self, chapter: str):
        if not chapter or not isinstance(chapter, str):
            raise ValueError("chapter must be a non-empty string such as 'spin1-bec'")
        self.chapter = chapter
        self.claims: list[Claim] = []

    def _check_id(self, claim_id: str) -> None:
        if not claim_id or not isinstance(claim_id, str):
            raise ValueError("claim id must be a non-empty string such as 'C1'")
        if any(c.id == claim_id for c in self.claims):
            raise ValueError(
                f"claim id {claim_id!r} is already used in chapter {self.chapter!r}"
            )

    # ---------------------------------------------------------------- policy API
    def paper(
        self,
        claim_id: str,
        statement: str,
        *,
        evidence: str,
        reported: str,
        source: str,
        checks: Iterable[Check | tuple],
        deterministic: bool = False,
        post_hoc: bool = False,
        cap_reason: str = "",
        note: str = "",
    ) -> Claim:
        """Add a paper claim, graded under the evidence policy.

        Parameters
        ----------
        evidence : one of :data:`EVIDENCE_LEVELS`; it caps the verdict (only
            :data:`PAPER_SETUP` can be :data:`REPRODUCED`).
        reported, source : the paper's statement or number (or "qualitative"), and where
        it
            stands (table, figure, section; "abstract" when only that was read). A
            paper-setup claim needs a source.
        checks : :class:`Check` objects, each with a computed null its criterion grades
        0. deterministic : the measured values do not depend on the seed (exact
            diagonalization, counting a fixed data set). Otherwise every check needs a
            :class:`PerSeed` of at least :data:`MIN_SEEDS` seeds, else the verdict is
            capped.
        post_hoc : the criterion or scope was set after seeing results (caps the
        verdict). cap_reason : any other declared reason the evidence cannot carry the
        top verdict.
        """
        self._check_id(claim_id)
        if evidence not in EVIDENCE_LEVELS:
            raise ValueError(
                f"claim {claim_id}: evidence={evidence!r}; allowed: "
                f"{', '.join(EVIDENCE_LEVELS)}"
            )
        if not str(reported).strip():
            raise ValueError(
                f"claim {claim_id}: give the paper's statement or number as "
                "`reported` (or 'qualitative')"
            )
        if evidence == PAPER_SETUP and not str(source).strip():
            raise ValueError(
                f"claim {claim_id}: a paper-setup claim needs the source of the "
                "paper's statement or number (table, figure or section)"
            )
        specs = [_as_check(c) for c in checks]
        missing = [c.label for c in specs if c.null is None]
        if missing:
            raise ValueError(
                f"claim {claim_id}: check(s) {missing} have no computed null; every "
                "check of a paper claim needs one (a check without one is a method "
                "check: ClaimTable.method)"
            )
        records = [_record(claim_id, c) for c in specs]
        if not records:
            raise ValueError(f"claim {claim_id}: a claim needs at least one check")
        seeds = min(r.seeds for r in records)
        caps = []
        if not deterministic and seeds < MIN_SEEDS:
            caps.append(seed_cap(seeds))
        if post_hoc:
            caps.append("criterion set after results")
        if cap_reason:
            caps.append(cap_reason)
        verdict = verdict_from_grades([r.grade for r in records])
        if verdict == REPRODUCED:
            verdict = PARTLY if caps else TOP_VERDICT[evidence]
        claim = Claim(
            self.chapter,
            claim_id,
            statement,
            str(reported),
            _joined(records, "measured"),
            _joined(records, "criterion"),
            verdict,
            note,
            records,
            kind="paper",
            evidence=evidence,
            source=str(source),
            seeds=seeds,
            caps=caps,
        )
        self.claims.append(claim)
        return claim

    def method(
        self,
        check_id: str,
        statement: str,
        *,
        checks: Iterable[Check | tuple],
        note: str = "",
    ) -> Claim:
        """Add a method check (identity, implementation test, property by construction,
        or the book's own experiment). Shown in its own table; never counted as a paper
        claim.
        A null is optional here; when given, the criterion must still grade it 0."""
        self._check_id(check_id)
        records = [_record(check_id, _as_check(c)) for c in checks]
        if not records:
            raise ValueError(f"method check {check_id}: needs at least one check")
        outcome = {REPRODUCED: PASSES, PARTLY: PARTLY, NOT_REPRODUCED: FAILS}[
            verdict_from_grades([r.grade for r in records])
        ]
        claim = Claim(
            self.chapter,
            check_id,
            statement,
            "—",
            _joined(records, "measured"),
            _joined(records, "criterion"),
            outcome,
            note,
            records,
            kind="method",
            evidence="",
            seeds=min(r.seeds for r in records),
        )
        self.claims.append(claim)
        return claim

    def not_attempted(
        self,
        claim_id: str,
        statement: str,
        *,
        reported: str,
        reason: str,
        source: str = "",
        evidence: str = "",
    ) -> Claim:
        """Add a paper claim this book does not test, with the reason."""
        self._check_id(claim_id)
        if not reason:
            raise ValueError(f"claim {claim_id}: say why it is not attempted")
        if evidence and evidence not in EVIDENCE_LEVELS:
            raise ValueError(
                f"claim {claim_id}: evidence={evidence!r}; allowed: "
                f"{', '.join(EVIDENCE_LEVELS)} or ''"
            )
        claim = Claim(
            self.chapter,
            claim_id,
            statement,
            str(reported),
            "—",
            "—",
            NOT_ATTEMPTED,
            reason,
            kind="paper",
            evidence=evidence,
            source=str(source),
        )
        self.claims.append(claim)
        return claim

    # ---------------------------------------------------------------- output
    @property
    def paper_claims(self) -> list[Claim]:
        return [c for c in self.claims if c.is_paper]

    @property
    def method_checks(self) -> list[Claim]:
        return [c for c in self.claims if not c.is_paper]

    def tally(self) -> Tally:
        return tally(self.claims)

    def to_markdown(self, kind: str = "paper") -> str:
        """The paper claims (``kind="paper"``) or the method checks (``"method"``) as
        Markdown."""
        head, rows = _rows(self._of_kind(kind), kind)
        esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += [
            "| " + " | ".join(esc(v) for v in row[:-1]) + f" | **{esc(row[-1])}** |"
            for row in rows
        ]
        return "\n".join(lines) + f"\n\n*{self._summary(kind)}*\n"

    def to_html(self, kind: str = "paper") -> str:
        """The table as self-contained HTML (verdicts colour-coded), for notebooks and
        the book."""
        from html import escape

        head, rows = _rows(self._of_kind(kind), kind)
        cell = (
            'style="text-align:left;vertical-align:top;padding:4px 8px;'
            'border-bottom:1px solid #d0d7de"'
        )
        th = "".join(f"<th {cell}>{h}</th>" for h in head)
        body = []
        for row in rows:
            *values, verdict = (escape(str(v)) for v in row)
            colour = _COLOURS.get(row[-1], "#57606a")
            values.append(f'<b style="color:{colour}">{verdict}</b>')
            body.append(
                "<tr>" + "".join(f"<td {cell}>{v}</td>" for v in values) + "</tr>"
            )
        cls = "claims-table" if kind == "paper" else "method-checks-table"
        return (
            f'<table class="{cls}" style="border-collapse:collapse;font-size:90%">'
            f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<p><em>{escape(self._summary(kind))}</em></p>"
        )

    def _of_kind(self, kind: str) -> list[Claim]:
        if kind not in ("paper", "method"):
            raise ValueError(f"kind={kind!r}; allowed: 'paper', 'method'")
        return self.paper_claims if kind == "paper" else self.method_checks

    def _summary(self, kind: str) -> str:
        t = self.tally()
        if kind == "method":
            return (
                "Method checks (not counted as paper claims): "
                + ", ".join(f"{n} {v}" for v, n in t.method.items() if n)
                + "."
            )
        parts = [f"{n} {v}" for v, n in t.verdicts.items() if n]
        if t.ungraded:
            parts.append(f"{t.ungraded} not yet re-graded under the evidence policy")
        return (
            "Paper claims, verdicts computed in this notebook: "
            + ", ".join(parts)
            + "."
        )

    def to_json(self) -> dict:
        return {"chapter": self.chapter, "claims": [asdict(c) for c in self.claims]}

    def display(self) -> None:
        """Show the paper claims and embed the whole table's JSON for the claims
        reader."""
        if not self.paper_claims:
            raise ValueError(f"chapter {self.chapter!r} declared no paper claims")
        from IPython.display import display

        data = {
            "text/html": self.to_html(),
            "text/markdown": self.to_markdown(),
            "text/plain": self.to_markdown(),
        }
        display(data, raw=True, metadata={METADATA_KEY: self.to_json()})

    def display_method_checks(self) -> None:
        """Show the method checks (their JSON travels with :meth:`display`)."""
        if not self.method_checks:
            raise ValueError(f"chapter {self.chapter!r} declared no method checks")
        from IPython.display import display

        md = self.to_markdown("method")
        display(
            {
                "text/html": self.to_html("method"),
                "text/markdown": md,
                "text/plain": md,
            },
            raw=True,
        )


_COLOURS = {
    REPRODUCED: "#1a7f37",
    HOLDS_IN_ANALOGUE: "#2f6f4f",
    HOLDS_IN_RECONSTRUCTION: "#2f6f4f",
    PARTLY: "#9a6700",
    NOT_REPRODUCED: "#cf222e",
    NOT_ATTEMPTED: "#57606a",
    PASSES: "#1a7f37",
    FAILS: "#cf222e",
}


def _rows(claims: list[Claim], kind: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a rendered table; the last column is the verdict."""

    def null_text(c: Claim) -> str:
        return (
            "; ".join(f"{r.null_label}: {r.null}" for r in c.checks if r.null_label)
            or "—"
        )

    def statement(c: Claim) -> str:
        extra = [c.note] if c.note else []
        if c.caps:
            extra.append("capped at partly: " + "; ".join(c.caps))
        return c.statement + "".join(f" — {e}" for e in extra)

    if kind == "method":
        head = ["check", "what is checked", "ours", "null", "criterion", "outcome"]
        return head, [
            [c.id, statement(c), c.measured, null_text(c), c.criterion, c.verdict]
            for c in claims
        ]
    head = [
        "claim",
        "statement",
        "evidence",
        "reported",
        "ours",
        "null",
        "criterion",
        "verdict",
    ]
    rows = []
    for c in claims:
        reported = f"{c.reported} ({c.source})" if c.source else c.reported
        rows.append(
            [
                c.id,
                statement(c),
                c.evidence or "—",
                reported,
                c.measured,
                null_text(c),
                c.criterion,
                c.verdict,
            ]
        )
    return head, rows


# --------------------------------------------------------------------------- counts
@dataclass(frozen=True)
class Tally:
    """Counts of a set of claims: graded paper claims by verdict and by evidence
    level, rows not yet re-graded, and method checks by outcome (never mixed into the
    others)."""

    verdicts: dict[str, int]
    by_level: dict[str, dict[str, int]]
    ungraded: int
    method: dict[str, int]

    @property
    def paper(self) -> int:
        return sum(self.verdicts.values()) + self.ungraded


def tally(claims: Iterable[Claim]) -> Tally:
    """Count claims: paper claims graded under the policy, legacy rows, method
    checks."""
    claims = list(claims)
    graded = [c for c in claims if c.is_paper and c.evidence != UNGRADED]
    levels = EVIDENCE_LEVELS + ("",)
    return Tally(
        verdicts={v: sum(c.verdict == v for c in graded) for v in VERDICTS},
        by_level={
            lv: {
                v: sum(c.verdict == v and c.evidence == lv for c in graded)
                for v in VERDICTS
            }
            for lv in levels
        },
        ungraded=sum(c.is_paper and c.evidence == UNGRADED for c in claims),
        method={
            o: sum(c.verdict == o for c in claims if not c.is_paper)
            for o in METHOD_OUTCOMES
        },
    )


# --------------------------------------------------------------------------- reader
def read_notebook_claims(path: str | Path) -> list[Claim]:
    """Claims embedded in a saved notebook's outputs (empty when it has none).

    Rows saved before the evidence policy load with evidence level :data:`UNGRADED`.
    """
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
                    c["checks"] = [CheckRecord(**k) for k in c.get("checks", [])]
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
