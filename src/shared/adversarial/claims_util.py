"""Helper shared by the claims modules of the two sparse-attack chapters."""

from __future__ import annotations

from shared.repro.claims import Check
from shared.repro.claims import ClaimTable

__all__ = ["add_paper_claim", "cifar_note"]


def add_paper_claim(
    t: ClaimTable,
    claim_id: str,
    statement: str,
    *,
    checks: list[Check],
    toy: bool = False,
    **kw,
):
    """``t.paper(...)``; in a toy run (``toy=True``: the smoke profile, whose numbers
    mean nothing) checks whose null the criterion does not grade 0 are left out and
    named in the note, instead of raising, and a claim left without checks is marked not
    attempted. Real runs (``toy=False``) go straight to :meth:`ClaimTable.paper`, which
    refuses such checks."""
    if not toy:
        return t.paper(claim_id, statement, checks=checks, **kw)
    keep = [c for c in checks if c.null is None or c.criterion.grade(c.null) == 0]
    dropped = [c.label for c in checks if c not in keep]
    note = kw.pop("note", "")
    if dropped:
        note = (
            (note + "; " if note else "")
            + "toy run, left out (null not separated): "
            + ", ".join(dropped)
        )
    if not keep:
        return t.not_attempted(
            claim_id,
            statement,
            reported=kw["reported"],
            source=kw.get("source", ""),
            reason=note,
        )
    return t.paper(claim_id, statement, checks=keep, note=note, **kw)


def cifar_note(note: str, short: bool) -> dict:
    """The ``note`` and ``cap_reason`` of a CIFAR-10 claim; ``short``: the run used a
    stand-in model or a shortened schedule."""
    return dict(
        note=note + ("; stand-in model or shortened schedule" if short else ""),
        cap_reason="shortened schedule or stand-in model"
        if short
        else "smaller sAA budget and test set than the paper",
    )
