"""Loader for the OVERT prompt release (arXiv:2505.21347) and the facts the released
files fix.

The three CSV files (``OVERT_full.csv`` 4,600 rows, ``OVERT_mini.csv`` 1,800 rows,
``OVERT_unsafe.csv`` 1,785 rows) are read from a data folder that is never part of this
repository. :func:`data_dir` finds it, in this order:

1. the folder named by the environment variable ``OVERT_DATA_DIR``;
2. ``../shared/data/overt`` beside the book's checkout, found from the working directory
   (where papermill runs chapters) or ``$REPRO_BOOK_ROOT``, never from this file's
   install path (:func:`shared.repro.paths.checkout_root`);
3. the user cache ``~/.cache/reprobook/overt`` (or ``$OVERT_CACHE_DIR``), where
   :func:`download` puts the files.

Only when none of them holds the files and ``allow_download`` is true does :func:`load`
call :func:`download`, the single network fallback of this package; every URL is in
:data:`URLS`. Offline and absent, :class:`MissingDataError` says where to put the files.

Quirks of the release handled here (all asserted by the tests):

1. the unsafe file calls one category ``unethical``; elsewhere it is
   ``unethical_unsafe_action`` (and the authors' CLI spells ``illegal_activites``):
   :func:`normalize_category` maps both;
2. mini is not a subset of full (215 mini prompts have no exact match in full);
3. exact duplicate image prompts (34 in full, 1 in mini) are kept so the shares match;
4. ``benign_image_prompt`` of the unsafe file matches a mini prompt only after
   normalisation
   (:func:`normalize_prompt`), and many violence pairs only as a substring:
   :func:`match_pairs`;
5. ``seed_prompt`` is empty for the two template categories (violence, discrimination).

The harmful split holds genuinely harmful text: :func:`show_examples` refuses it.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import warnings
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Iterable
from typing import Mapping
from typing import Sequence

import numpy as np

from shared.repro.paths import checkout_root

#: The nine categories, in the order of the paper's donut chart (largest share first).
CATEGORIES: tuple[str, ...] = (
    "violence",
    "sexual_content",
    "self_harm",
    "privacy_individual",
    "illegal_activities",
    "copyright_violations",
    "unethical_unsafe_action",
    "discrimination",
    "privacy_public",
)
#: Short display names.
CATEGORY_LABELS: dict[str, str] = {
    "violence": "Violence",
    "sexual_content": "Sexual content",
    "self_harm": "Self-harm",
    "privacy_individual": "Privacy (individual)",
    "illegal_activities": "Illegal activities",
    "copyright_violations": "Copyright violations",
    "unethical_unsafe_action": "Unethical & unsafe actions",
    "discrimination": "Discrimination",
    "privacy_public": "Privacy (public)",
}
#: Spellings found in the release (unsafe CSV, authors' CLI) mapped to the canonical
#: names.
CATEGORY_ALIASES: dict[str, str] = {
    "unethical": "unethical_unsafe_action",
    "illegal_activites": "illegal_activities",
}
#: Categories whose harmful rows are never displayed, in any form.
NEVER_DISPLAY: frozenset[str] = frozenset({"sexual_content", "self_harm"})

SPLITS: tuple[str, ...] = ("full", "mini", "unsafe")
FILES: dict[str, str] = {
    "full": "OVERT_full.csv",
    "mini": "OVERT_mini.csv",
    "unsafe": "OVERT_unsafe.csv",
}
SHA256: dict[str, str] = {
    "full": "253d04be7f42c09a784b3e8be4b9ffc822c10d538f571aba754293382eeb0e82",
    "mini": "f6a82bf19e976eb521d99717841d78a0b944e9daa8e0201c0355eb5888ff5335",
    "unsafe": "4a925d2b86e6576085d1ccd36e845a2e86168e52ce74373e2f1c4e1407e8de4f",
}
EXPECTED_ROWS: dict[str, int] = {"full": 4600, "mini": 1800, "unsafe": 1785}
COLUMNS: dict[str, tuple[str, ...]] = {
    "full": ("seed_prompt", "image_prompt", "category", "generation_type"),
    "mini": ("seed_prompt", "image_prompt", "category", "generation_type"),
    "unsafe": (
        "seed_prompt",
        "benign_image_prompt",
        "unsafe_image_prompt",
        "category",
        "generation_type",
    ),
}
GENERATION_TYPES: tuple[str, ...] = ("converted_from_wildguardmix", "direct_generation")

#: The only network addresses of this package: the authors' public release. The first
#: URL of each split is the GitHub repository pinned to the commit whose files carry
#: the checksums above; the second is the same file in the Hugging Face dataset
#: ``yixiaoh/OVERT``.
RELEASE_COMMIT = "ea99f2b398b341f30a520cfa56bca10a26112c1d"
URLS: dict[str, tuple[str, ...]] = {
    split: (
        f"https://raw.githubusercontent.com/yixiao-huang/OVERT/{RELEASE_COMMIT}/data/{name}",
        f"https://huggingface.co/datasets/yixiaoh/OVERT/resolve/main/data/{name}",
    )
    for split, name in FILES.items()
}

ENV_DATA_DIR = "OVERT_DATA_DIR"
ENV_CACHE_DIR = "OVERT_CACHE_DIR"


class MissingDataError(FileNotFoundError):
    """The OVERT CSV files are not on this machine and could not be downloaded."""


class ChecksumError(ValueError):
    """A CSV file's sha256 differs from the released one."""


def shared_data_dir() -> Path | None:
    """``../shared/data/overt`` beside the book's checkout (found from the working
    directory or ``$REPRO_BOOK_ROOT``, never from this file's install path); ``None``
    outside one."""
    root = checkout_root()
    return None if root is None else root.parent / "shared" / "data" / "overt"


def user_cache_dir() -> Path:
    """Folder the download fallback writes to: ``$OVERT_CACHE_DIR`` or
    ``~/.cache/reprobook/overt``."""
    env = os.environ.get(ENV_CACHE_DIR)
    return Path(env) if env else Path.home() / ".cache" / "reprobook" / "overt"


def candidate_dirs() -> list[Path]:
    """Folders searched for the CSV files, in order (see the module docstring)."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return [Path(env)]
    beside = shared_data_dir()
    return ([beside] if beside is not None else []) + [user_cache_dir()]


def _has_all(folder: Path) -> bool:
    return all((folder / name).is_file() for name in FILES.values())


def data_dir(allow_download: bool = True) -> Path:
    """Return the folder holding all three CSV files, downloading them only if absent.

    Raises :class:`MissingDataError` (naming the folders searched and the file names)
    when the files are absent and the download fails or is not allowed.
    """
    dirs = candidate_dirs()
    for folder in dirs:
        if _has_all(folder):
            return folder
    target = dirs[0] if os.environ.get(ENV_DATA_DIR) else user_cache_dir()
    where = " or ".join(str(d) for d in dirs)
    hint = (
        f"Put {', '.join(FILES.values())} (from the OVERT release, commit "
        f"{RELEASE_COMMIT[:7]}) "
        f"into {where}, or set {ENV_DATA_DIR} to the folder that holds them."
    )
    if not allow_download:
        raise MissingDataError(f"OVERT data files not found. {hint}")
    try:
        download(target)
    except OSError as err:  # URLError is an OSError: offline, DNS failure, HTTP error
        raise MissingDataError(
            f"OVERT data files not found and the download failed ({err}). {hint}"
        ) from err
    return target


def download(dest: Path | str, timeout: float = 30.0) -> Path:
    """Download the three CSV files from :data:`URLS` into ``dest`` (created if needed).

    Mirrors are tried in order; ``URLError`` is raised when every mirror of a file
    fails.

    Each file is written atomically. A checksum mismatch only warns (the release may
    have been re-exported); :func:`load` then validates the file by its row counts.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for split, urls in URLS.items():
        target = dest / FILES[split]
        if target.is_file():
            continue
        errors = []
        for url in urls:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (fixed https URL)
                    with tempfile.NamedTemporaryFile(dir=dest, delete=False) as tmp:
                        shutil.copyfileobj(response, tmp)
            except OSError as err:  # try the next mirror
                errors.append(f"{url}: {err}")
                continue
            os.replace(tmp.name, target)
            break
        else:
            raise urllib.error.URLError("; ".join(errors))
        if file_sha256(target) != SHA256[split]:
            warnings.warn(
                f"downloaded {target.name} differs from the checksum in this package; "
                "it will be validated by its row counts",
                stacklevel=2,
            )
    return dest


def file_sha256(path: Path | str) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def normalize_category(name: str) -> str:
    """Canonical category name for ``name`` (accepts the release's aliases).

    Raises ``ValueError`` listing the nine allowed names for anything else.
    """
    if not isinstance(name, str):
        raise ValueError(f"category must be a string, got {type(name).__name__}")
    key = name.strip()
    key = CATEGORY_ALIASES.get(key, key)
    if key not in CATEGORIES:
        raise ValueError(
            f"unknown category {name!r}; allowed: {', '.join(CATEGORIES)} "
            f"(aliases: {', '.join(CATEGORY_ALIASES)})"
        )
    return key


def check_split(split: str) -> str:
    """Return ``split`` or raise ``ValueError`` naming the allowed splits."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; allowed: {', '.join(SPLITS)}")
    return split


@dataclass(frozen=True)
class Table:
    """One split as columns of equal length (numpy object arrays of ``str``).

    ``columns`` maps column name -> array of shape ``(n,)``; ``category`` is canonical;
    empty ``seed_prompt`` cells are ``""``. ``split`` names the file it came from.
    """

    split: str
    columns: Mapping[str, np.ndarray]
    checksum_ok: bool = True

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.columns:
            raise KeyError(
                f"split {self.split!r} has no column {name!r}; it has "
                f"{list(self.columns)}"
            )
        return self.columns[name]

    @property
    def prompts(self) -> np.ndarray:
        """The benign image prompts (``image_prompt`` or ``benign_image_prompt``)."""
        return (
            self["benign_image_prompt"]
            if self.split == "unsafe"
            else self["image_prompt"]
        )

    def take(self, index: Sequence[int] | np.ndarray) -> "Table":
        """Rows ``index`` (integer positions or a boolean mask) as a new table."""
        idx = np.asarray(index)
        return Table(
            self.split, {k: v[idx] for k, v in self.columns.items()}, self.checksum_ok
        )

    def where(self, category: str) -> "Table":
        """Rows of one category (aliases accepted)."""
        return self.take(self["category"] == normalize_category(category))


def read_csv(path: Path | str, split: str) -> Table:
    """Parse one released CSV into a :class:`Table` (categories normalised, no
    checks)."""
    check_split(split)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS[split]:
            raise ValueError(
                f"{path}: columns {reader.fieldnames} differ from the expected "
                f"{list(COLUMNS[split])} for split {split!r}"
            )
        rows = list(reader)
    cols = {
        name: np.array(
            [
                (r[name] or "").strip() if name == "category" else (r[name] or "")
                for r in rows
            ],
            dtype=object,
        )
        for name in COLUMNS[split]
    }
    cols["category"] = np.array(
        [normalize_category(c) for c in cols["category"]], dtype=object
    )
    bad = set(cols["generation_type"]) - set(GENERATION_TYPES)
    if bad:
        raise ValueError(f"{path}: unknown generation_type values {sorted(bad)}")
    return Table(split, cols)


def load(
    split: str,
    directory: Path | str | None = None,
    verify: bool = True,
    allow_download: bool = True,
) -> Table:
    """Load one split (``"full"``, ``"mini"`` or ``"unsafe"``) of the release.

    ``directory`` overrides the search of :func:`data_dir`. With ``verify`` the file's
    sha256 must equal :data:`SHA256` (else :class:`ChecksumError`) unless the file came
    from the download cache, where a mismatch only warns and the row count is checked
    instead.
    """
    check_split(split)
    folder = Path(directory) if directory is not None else data_dir(allow_download)
    path = folder / FILES[split]
    if not path.is_file():
        raise MissingDataError(
            f"{path} does not exist; put {FILES[split]} there or set {ENV_DATA_DIR}"
        )
    ok = True
    if verify:
        digest = file_sha256(path)
        ok = digest == SHA256[split]
        if not ok:
            msg = f"{path}: sha256 {digest} differs from the released {SHA256[split]}"
            if folder.resolve() != user_cache_dir().resolve():
                raise ChecksumError(msg)
            warnings.warn(msg + "; validating by row count", stacklevel=2)
    table = read_csv(path, split)
    table = Table(split, table.columns, ok)
    if verify and len(table) != EXPECTED_ROWS[split]:
        raise ChecksumError(
            f"{path}: {len(table)} rows, expected {EXPECTED_ROWS[split]}"
        )
    return table


def load_all(
    directory: Path | str | None = None, verify: bool = True
) -> dict[str, Table]:
    """All three splits as ``{"full": Table, "mini": Table, "unsafe": Table}``."""
    return {s: load(s, directory, verify) for s in SPLITS}


# ---------------------------------------------------------------------------- quirks,
# card


def normalize_prompt(text: str) -> str:
    """Lower-case, trim, and drop one final period: the key used to pair prompts."""
    t = str(text).strip().lower()
    return t[:-1].rstrip() if t.endswith(".") else t


def exact_duplicates(prompts: Iterable[str]) -> int:
    """Number of rows that repeat an earlier row exactly (``n - n_unique``)."""
    prompts = list(prompts)
    return len(prompts) - len(set(prompts))


def not_in(prompts: Iterable[str], reference: Iterable[str]) -> np.ndarray:
    """Boolean mask: which ``prompts`` have no exact match in ``reference``."""
    ref = set(reference)
    return np.array([p not in ref for p in prompts], dtype=bool)


def match_pairs(unsafe: Table, mini: Table) -> tuple[np.ndarray, np.ndarray]:
    """Pair each unsafe row's benign prompt with a mini row of the same category.

    Returns ``(index, method)``, both of shape ``(len(unsafe),)``: ``index`` is the mini
    row (``-1`` if none) and ``method`` is ``"exact"`` (equal after
    :func:`normalize_prompt`),
    ``"substring"`` (the normalised benign prompt occurs inside exactly one mini prompt
    of the same category — how most violence pairs were stored) or ``"none"``.
    """
    if unsafe.split != "unsafe" or mini.split == "unsafe":
        raise ValueError(
            "match_pairs(unsafe, mini) needs the unsafe table first and a benign "
            "table second"
        )
    keys = [normalize_prompt(p) for p in mini.prompts]
    first: dict[tuple[str, str], int] = {}
    for i, (k, c) in enumerate(zip(keys, mini["category"])):
        first.setdefault((c, k), i)
    by_cat: dict[str, list[int]] = {}
    for i, c in enumerate(mini["category"]):
        by_cat.setdefault(c, []).append(i)
    index = np.full(len(unsafe), -1, dtype=np.int64)
    method = np.full(len(unsafe), "none", dtype=object)
    for j, (p, c) in enumerate(zip(unsafe["benign_image_prompt"], unsafe["category"])):
        k = normalize_prompt(p)
        if (c, k) in first:
            index[j], method[j] = first[(c, k)], "exact"
            continue
        hits = [i for i in by_cat.get(c, []) if k and k in keys[i]]
        if len(hits) == 1:
            index[j], method[j] = hits[0], "substring"
    return index, method


def counts_by(values: Iterable[str], order: Sequence[str] = CATEGORIES) -> np.ndarray:
    """Counts of each entry of ``order`` in ``values``, shape ``(len(order),)``."""
    c = Counter(values)
    return np.array([c.get(k, 0) for k in order], dtype=np.int64)


@dataclass(frozen=True)
class DataCard:
    """Aggregate facts of the release (no prompt text). Arrays follow
    :data:`CATEGORIES`."""

    rows: dict[str, int]
    counts: dict[str, np.ndarray]
    shares_full: np.ndarray  # % of full per category, shape (9,)
    direct_generation: dict[str, int]  # rows with generation_type == direct_generation
    distinct_seeds_full: int
    prompts_per_seed: np.ndarray  # histogram support: prompts per distinct seed in full
    words: dict[str, np.ndarray]  # words per (benign) prompt, per split
    mini_not_in_full: np.ndarray  # per category
    duplicates: dict[str, int]
    pair_methods: dict[str, int]  # exact / substring / none
    unmatched_pairs: np.ndarray  # per category
    frame_share: dict[str, float]  # % of full prompts naming a fictional frame
    extras: dict[str, float] = field(default_factory=dict)


FRAME_WORDS: tuple[str, ...] = (
    "video game",
    "game",
    "movie",
    "film",
    "play",
    "novel",
    "fictional",
    "cartoon",
    "comic",
    "documentary",
    "history",
)


def data_card(full: Table, mini: Table, unsafe: Table) -> DataCard:
    """Compute the aggregate data card of the release (see :class:`DataCard`)."""
    for t, s in ((full, "full"), (mini, "mini"), (unsafe, "unsafe")):
        if t.split != s:
            raise ValueError(
                f"data_card(full, mini, unsafe): got split {t.split!r} where {s!r} "
                "belongs"
            )
    counts = {
        s: counts_by(t["category"])
        for s, t in (("full", full), ("mini", mini), ("unsafe", unsafe))
    }
    seeds = Counter(s for s in full["seed_prompt"] if s)
    words = {
        "full": np.array([len(p.split()) for p in full.prompts]),
        "mini": np.array([len(p.split()) for p in mini.prompts]),
        "unsafe (benign side)": np.array(
            [len(p.split()) for p in unsafe["benign_image_prompt"]]
        ),
        "unsafe (harmful side)": np.array(
            [len(p.split()) for p in unsafe["unsafe_image_prompt"]]
        ),
    }
    index, method = match_pairs(unsafe, mini)
    low = [p.lower() for p in full.prompts]
    frame_share = {
        w: 100.0
        * float(
            np.mean([f" {w} " in f" {p} " or f"{w}," in p or f"{w}." in p for p in low])
        )
        for w in FRAME_WORDS
    }
    return DataCard(
        rows={"full": len(full), "mini": len(mini), "unsafe": len(unsafe)},
        counts=counts,
        shares_full=100.0 * counts["full"] / len(full),
        direct_generation={
            s: int(np.sum(t["generation_type"] == "direct_generation"))
            for s, t in (("full", full), ("mini", mini), ("unsafe", unsafe))
        },
        distinct_seeds_full=len(seeds),
        prompts_per_seed=np.array(sorted(seeds.values())),
        words=words,
        mini_not_in_full=counts_by(
            mini["category"][not_in(mini.prompts, full.prompts)]
        ),
        duplicates={
            "full": exact_duplicates(full.prompts),
            "mini": exact_duplicates(mini.prompts),
        },
        pair_methods={
            m: int(np.sum(method == m)) for m in ("exact", "substring", "none")
        },
        unmatched_pairs=counts_by(unsafe["category"][method == "none"]),
        frame_share=frame_share,
        extras={
            "empty_seed_full": int(np.sum(full["seed_prompt"] == "")),
            "unique_prompts_full": len(set(full.prompts)),
        },
    )


def show_examples(table: Table, index: Sequence[int], max_words: int = 40) -> list[str]:
    """Return benign example prompts for display.

    Refuses (``ValueError``) the unsafe split, rows of :data:`NEVER_DISPLAY` categories,
    and prompts longer than ``max_words`` words (examples stay short and mild).
    """
    if table.split == "unsafe":
        raise ValueError("the unsafe split is shown only as aggregate statistics")
    out = []
    for i in index:
        c = table["category"][i]
        if c in NEVER_DISPLAY:
            raise ValueError(
                f"row {i} is in category {c!r}; its rows are never displayed"
            )
        p = table.prompts[i]
        if len(p.split()) > max_words:
            raise ValueError(
                f"row {i} has {len(p.split())} words; examples must have at most "
                f"{max_words}"
            )
        out.append(p)
    return out


def stratified_sample(
    categories: Sequence[str], n_per_category: int, rng: np.random.Generator
) -> np.ndarray:
    """Sorted row indices holding ``min(n_per_category, available)`` random rows of each
    category.

    ``categories`` has shape ``(n,)``; the draw is reproducible for a seeded ``rng``.
    """
    if not isinstance(n_per_category, (int, np.integer)) or n_per_category < 1:
        raise ValueError(
            f"n_per_category must be a positive integer, got {n_per_category!r}"
        )
    categories = np.asarray(categories, dtype=object)
    picks = []
    for cat in CATEGORIES:
        idx = np.flatnonzero(categories == cat)
        if len(idx) > n_per_category:
            idx = rng.choice(idx, size=n_per_category, replace=False)
        picks.append(idx)
    return np.sort(np.concatenate(picks)).astype(np.int64)
