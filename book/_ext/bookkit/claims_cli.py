"""List the book's claims: ``make claims`` (``python -m bookkit.claims_cli
notebooks/``).

Prints one line per claim (chapter, id, verdict, evidence level) read from the claims
tables embedded in the committed notebooks, then the totals. The declaration API lives
in :mod:`shared.repro.claims`.
"""

from __future__ import annotations

import argparse
import sys

from shared.repro.claims import read_book_claims
from shared.repro.claims import tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bookkit.claims_cli",
        description="List the book's claims and their computed verdicts.",
    )
    parser.add_argument(
        "notebooks",
        nargs="?",
        default="notebooks",
        help="folder of executed .ipynb files",
    )
    args = parser.parse_args(argv)
    try:
        book = read_book_claims(args.notebooks)
    except ValueError as exc:
        parser.error(str(exc))
    every = []
    for chapter, found in book.items():
        if not found:
            print(f"{chapter:<16} (no claims table found)")
        for c in found:
            kind = c.evidence if c.is_paper else "method check"
            print(f"{chapter:<16} {c.id:<6} {c.verdict:<28} {kind or '-'}")
        every += found
    t = tally(every)
    print(
        "paper claims: "
        + ", ".join(f"{n} {v}" for v, n in t.verdicts.items())
        + f", {t.ungraded} not yet re-graded ({t.paper} in all)"
    )
    print(
        "method checks (not counted): "
        + ", ".join(f"{n} {v}" for v, n in t.method.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
