"""Archived full-profile runs: small committed text records of runs longer than the
quick profile.

A chapter's quick profile must finish in about two minutes on two CPU cores, so the
papers' scale runs elsewhere (``make archive CHAPTERS="..."``, on a workstation or a
GPU) and its results are committed as ``archive/<key>.json``. An archive holds only
text: the key numbers, the claims table (paper claims and method checks, as the notebook
embedded them), the glued scalars of the prose, and the run's provenance (commit, clean
tree, date, device, profile, wall time, package versions). Never model weights.

A chapter shows its archive with :func:`show`, under a heading such as "Full profile
(archived run)"; :func:`load` returns it as an :class:`Archive`. The archive folder is
``$REPRO_ARCHIVE_DIR`` when set, else ``archive/`` in the checkout (found from the
working directory, where papermill runs chapters).
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from . import claims as _claims
from .paths import checkout_root

#: Version of the archive layout; :func:`validate` refuses any other.
SCHEMA = 1
#: Provenance fields every archive carries.
PROVENANCE_FIELDS = (
    "commit",
    "clean_tree",
    "date",
    "device",
    "profile",
    "wall_seconds",
    "packages",
)


@dataclass(frozen=True)
class Archive:
    """One archived run of a chapter.

    ``key_numbers`` is the text the key-numbers cell printed; ``claims`` the graded rows
    (:class:`shared.repro.claims.Claim`); ``glued`` the scalars glued into the prose
    (name -> text); ``provenance`` the fields of :data:`PROVENANCE_FIELDS`.
    """

    chapter: str
    provenance: dict
    key_numbers: str
    claims: list = field(default_factory=list)
    glued: dict = field(default_factory=dict)

    @property
    def heading(self) -> str:
        p = self.provenance
        return (
            f"Full profile (archived run of {p['date'][:10]} on {p['device']}, "
            f"commit {p['commit'][:10]})"
        )

    def table(self) -> _claims.ClaimTable:
        """The archived claims as a :class:`~shared.repro.claims.ClaimTable` (for
        display)."""
        table = _claims.ClaimTable(self.chapter)
        table.claims = list(self.claims)
        return table


def archive_dir() -> Path:
    """``$REPRO_ARCHIVE_DIR``, else ``archive/`` in the checkout around the working
    directory
    (:func:`shared.repro.paths.checkout_root`), else ``./archive``."""
    env = os.environ.get("REPRO_ARCHIVE_DIR")
    if env:
        return Path(env)
    root = checkout_root()
    return (root if root is not None else Path.cwd()) / "archive"


def _problems(data: Any, key: str | None = None) -> list[str]:
    """What is wrong with an archive's JSON (empty when it is valid)."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    out = []
    if data.get("schema") != SCHEMA:
        out.append(f"schema is {data.get('schema')!r}, expected {SCHEMA}")
    if key is not None and data.get("chapter") != key:
        out.append(f"chapter is {data.get('chapter')!r}, expected {key!r}")
    prov = data.get("provenance")
    if not isinstance(prov, dict):
        return out + ["no provenance object"]
    missing = [f for f in PROVENANCE_FIELDS if f not in prov]
    if missing:
        out.append(f"provenance lacks {missing}")
    if prov.get("clean_tree") is not True:
        out.append("the run was not made from a clean tree")
    if prov.get("profile") == "quick":
        out.append("an archive holds a longer run than the quick profile")
    if not isinstance(data.get("key_numbers"), str) or not data["key_numbers"].strip():
        out.append("no key numbers")
    rows = data.get("claims")
    if not isinstance(rows, list) or not rows:
        out.append("no claims")
    else:
        allowed = set(_claims.VERDICTS) | set(_claims.METHOD_OUTCOMES)
        for row in rows:
            try:
                claim = _claim(row)
            except (TypeError, ValueError) as err:
                out.append(f"claim row does not match today's schema: {err}")
                continue
            if claim.verdict not in allowed:
                out.append(f"claim {claim.id}: unknown verdict {claim.verdict!r}")
            if claim.is_paper and claim.evidence not in (
                *_claims.EVIDENCE_LEVELS,
                "",
                _claims.UNGRADED,
            ):
                out.append(
                    f"claim {claim.id}: unknown evidence level {claim.evidence!r}"
                )
    if not isinstance(data.get("glued", {}), dict):
        out.append("glued is not an object")
    return out


def _claim(row: dict) -> _claims.Claim:
    row = dict(row)
    row["checks"] = [_claims.CheckRecord(**k) for k in row.get("checks", [])]
    return _claims.Claim(**row)


def validate(data: dict, key: str | None = None) -> None:
    """Raise ``ValueError`` listing every way ``data`` is not a valid archive (of
    ``key``)."""
    problems = _problems(data, key)
    if problems:
        raise ValueError(
            f"archive of {key or data.get('chapter', '?')!r} is invalid: "
            + "; ".join(problems)
        )


def load(key: str, folder: str | os.PathLike | None = None) -> Archive | None:
    """The archived run of chapter ``key``, or ``None`` when there is none
    (validated)."""
    path = Path(folder or archive_dir()) / f"{key}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    validate(data, key)
    return Archive(
        chapter=key,
        provenance=data["provenance"],
        key_numbers=data["key_numbers"],
        claims=[_claim(r) for r in data["claims"]],
        glued=data.get("glued", {}),
    )


def regrades(quick: _claims.Claim, archived: _claims.Claim | None) -> bool:
    """Whether the archived run's grade of a paper claim stands for the quick
    profile's on the dashboard.

    It does when both are the same paper claim at the same evidence level and either
    the quick profile did not attempt it while the archived run graded it, or the
    quick verdict is capped for too few seeds and the archived run graded it on at
    least :data:`~shared.repro.claims.MIN_SEEDS` seeds (the policy: an archived run
    with at least 3 seeds may lift a "one seed" cap). The archived verdict is taken
    whether it is higher or lower.
    """
    if archived is None or not (quick.is_paper and archived.is_paper):
        return False
    if archived.id != quick.id or archived.verdict == _claims.NOT_ATTEMPTED:
        return False
    if quick.verdict == _claims.NOT_ATTEMPTED:
        return True
    return (
        archived.evidence == quick.evidence
        and any(_claims.is_seed_cap(c) for c in quick.caps)
        and not any(_claims.is_seed_cap(c) for c in archived.caps)
        and archived.seeds >= _claims.MIN_SEEDS
    )


def with_archived_grades(
    quick: list[_claims.Claim], arc: Archive | None
) -> list[_claims.Claim]:
    """The quick-profile claims of a chapter, each replaced by its archived grade
    where :func:`regrades` allows; a replaced claim's note says which run graded
    it."""
    if arc is None:
        return list(quick)
    archived = {c.id: c for c in arc.claims if c.is_paper}
    p = arc.provenance
    where = (
        f"graded on the archived full-profile run of {p['date'][:10]} "
        f"({p['device']}, commit {p['commit'][:10]})"
    )
    out = []
    for c in quick:
        a = archived.get(c.id)
        if regrades(c, a):
            c = dataclasses.replace(a, note=f"{where}; {a.note}" if a.note else where)
        out.append(c)
    return out


def show(
    key: str,
    folder: str | os.PathLike | None = None,
    quick: _claims.ClaimTable | None = None,
) -> Archive | None:
    """Display the archived run of ``key`` (provenance, key numbers, claims) in a
    notebook.

    The claims are shown without the metadata the dashboard reads, so archived verdicts
    are never counted twice. With ``quick`` (the chapter's quick-profile table) it
    also names the paper claims whose dashboard verdict comes from this run
    (:func:`regrades`). Prints a short note and returns ``None`` when there is no
    archive.
    """
    from IPython.display import HTML
    from IPython.display import Markdown
    from IPython.display import display

    arc = load(key, folder)
    if arc is None:
        display(
            Markdown(
                f"*No archived full-profile run of `{key}` is available here "
                f"(`make archive CHAPTERS={key}` makes one).*"
            )
        )
        return None
    p = arc.provenance
    packages = ", ".join(f"{k} {v}" for k, v in sorted(p["packages"].items()))
    display(
        Markdown(
            f"**{arc.heading}.** Profile `{p['profile']}`, "
            f"{p['wall_seconds'] / 60:.0f} min wall "
            f"time, made from a clean tree at commit `{p['commit'][:10]}`; "
            f"{packages}.\n\n"
            f"Key numbers of that run:\n\n```\n{arc.key_numbers.rstrip()}\n```"
        )
    )
    if quick is not None:
        archived = {c.id: c for c in arc.claims}
        lifted = [
            f"{c.id} ({c.verdict} \u2192 {archived[c.id].verdict})"
            for c in quick.claims
            if regrades(c, archived.get(c.id))
        ]
        if lifted:
            display(
                Markdown(
                    "The dashboard takes these paper claims from this run, which "
                    "graded them on at least "
                    f"{_claims.MIN_SEEDS} seeds or graded what the quick profile "
                    "could not attempt: " + "; ".join(lifted) + "."
                )
            )
    table = arc.table()
    if table.paper_claims:
        display(HTML(table.to_html("paper")))
    if table.method_checks:
        display(HTML(table.to_html("method")))
    return arc


# --------------------------------------------------------------------------- writing
def _glued_text(out: dict) -> str:
    """The plain-text value of a glued output: myst-nb records it under its
    ``scrapbook.mime_prefix`` (``application/papermill.record/text/plain``); a plain
    ``text/plain`` is read too."""
    data = out.get("data") or {}
    prefix = ((out.get("metadata") or {}).get("scrapbook") or {}).get("mime_prefix", "")
    return data.get(f"{prefix}text/plain") or data.get("text/plain") or ""


def from_notebook(nb, key: str, provenance: dict) -> dict:
    """Build an archive's JSON from an executed notebook (``nbformat`` node) of
    ``key``."""
    key_text, rows, glued = "", [], {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        if cell.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT"):
            key_text = "".join(
                o.get("text", "")
                for o in cell.outputs
                if o.get("output_type") == "stream"
            )
        for out in cell.get("outputs", []):
            meta = out.get("metadata") or {}
            payload = meta.get(_claims.METADATA_KEY)
            if payload is not None:
                rows += (json.loads(payload) if isinstance(payload, str) else payload)[
                    "claims"
                ]
            name = (meta.get("scrapbook") or {}).get("name")
            if name:
                glued[name] = _glued_text(out)
    data = {
        "schema": SCHEMA,
        "chapter": key,
        "provenance": dict(provenance),
        "key_numbers": key_text,
        "claims": rows,
        "glued": glued,
    }
    validate(data, key)
    return data


def device_description() -> str:
    """The accelerator when torch sees one, else the CPU model and core count."""
    try:
        import torch

        if torch.cuda.is_available():
            return torch.cuda.get_device_name(0)
    except ImportError:  # pragma: no cover - torch is a dependency
        pass
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"CPU ({os.cpu_count()} cores{', ' + model if model else ''})"


def package_versions(
    names=("numpy", "scipy", "torch", "scikit-learn", "matplotlib"),
) -> dict:
    """Python and package versions for an archive's provenance."""
    import platform
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out
