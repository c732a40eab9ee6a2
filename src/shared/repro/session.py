"""Start a chapter: validate its parameters, resolve its profile, seed everything,
print provenance.

A chapter's parameters cell defines ``PROFILE`` and ``SEED`` (papermill may inject new
values after it). The next cell calls :func:`start`, which turns the profile name into a
:class:`Settings` object and makes the run deterministic.
"""

from __future__ import annotations

import dataclasses
import keyword
import os
import platform
import random
import re
import sys
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import Any
from typing import Mapping

import numpy as np

#: Names a notebook may define in the cells before :func:`start` without being
#: parameters.
_ALLOWED_NON_PARAMETERS = frozenset({"IN_COLAB", "REPO_URL"})
_PARAMETER_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class Settings:
    """The resolved settings of one chapter run.

    Attributes are the entries of the chosen profile (``cfg.n_steps`` ...) plus
    ``chapter``, ``profile``, ``seed``, ``device`` (``"cuda"`` or ``"cpu"``),
    ``threads`` and ``rng`` (a :class:`numpy.random.Generator` seeded with ``seed``).
    """

    chapter: str
    profile: str
    seed: int
    device: str
    threads: int
    values: Mapping[str, Any]
    rng: np.random.Generator = field(repr=False, compare=False)
    #: The chapter's ``Profile`` object when its table holds dataclasses (else
    #: ``None``): pass it on to the experiment module, ``run(cfg.spec, cfg.seed)``.
    spec: Any = field(default=None, repr=False, compare=False)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: fall back to the profile's entries.
        values = object.__getattribute__(self, "values")
        if name in values:
            return values[name]
        raise AttributeError(
            f"profile {self.profile!r} of chapter {self.chapter!r} has no setting "
            f"{name!r}; "
            f"it has: {', '.join(sorted(values)) or '(none)'}"
        )

    def as_dict(self) -> dict[str, Any]:
        """Profile entries plus profile, seed and device, as a plain dict."""
        return {
            **self.values,
            "profile": self.profile,
            "seed": self.seed,
            "device": self.device,
        }


def resolve_profile(profiles: Mapping[str, Any], profile: str) -> Mapping[str, Any]:
    """Return the settings of ``profile`` from a ``{"quick": ..., "full": ...}`` table.

    Each entry is a frozen dataclass (a chapter's ``Profile``; its fields become the
    settings) or a plain mapping. Raises ``ValueError`` naming the allowed profiles when
    ``profile`` is unknown.
    """
    if not isinstance(profiles, Mapping) or not profiles:
        raise ValueError(
            "profiles must be a non-empty mapping such as "
            "{'quick': Profile(...), 'full': Profile(...)}"
        )
    if not isinstance(profile, str) or profile not in profiles:
        allowed = ", ".join(repr(p) for p in profiles)
        raise ValueError(
            f"PROFILE={profile!r} is not a known profile; allowed values: {allowed}"
        )
    entry = profiles[profile]
    if dataclasses.is_dataclass(entry) and not isinstance(entry, type):
        return MappingProxyType(
            {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)}
        )
    return MappingProxyType(dict(entry))


def check_seed(seed: Any) -> int:
    """Return ``seed`` as an int, or raise ``ValueError`` unless it is an integer in
    [0, 2**32)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"SEED={seed!r} must be a non-negative integer below 2**32")
    if not 0 <= int(seed) < 2**32:
        raise ValueError(f"SEED={seed!r} must be a non-negative integer below 2**32")
    return int(seed)


def check_parameters(namespace: Mapping[str, Any], allowed: set[str]) -> None:
    """Raise ``ValueError`` if ``namespace`` holds an upper-case name that is not a
    parameter.

    Papermill writes each ``-p NAME value`` as an assignment after the parameters cell,
    so a misspelled parameter (``PROFIL``) shows up as an unexpected upper-case global.
    Only values papermill can pass (strings, numbers, booleans, None, lists) count, so
    imported tables such as ``PROFILES`` are not mistaken for parameters.
    """
    unknown = sorted(
        name
        for name, value in namespace.items()
        if _PARAMETER_NAME.match(name)
        and (value is None or isinstance(value, (str, int, float, list)))
        and not keyword.iskeyword(name)
        and name not in allowed
        and name not in _ALLOWED_NON_PARAMETERS
    )
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {', '.join(unknown)}; this chapter's parameters "
            "are: "
            f"{', '.join(sorted(allowed))}"
        )


def seed_everything(seed: int, threads: int = 1) -> None:
    """Seed ``random``, NumPy's legacy global state and torch; make torch deterministic.

    Also fixes the thread count of torch and of NumPy/SciPy's BLAS (small problems are
    often fastest on one thread, and a fixed count keeps reductions in the same order)
    and sets ``CUBLAS_WORKSPACE_CONFIG`` so deterministic CUDA matmuls are allowed.
    """
    seed = check_seed(seed)
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads={threads!r} must be a positive integer")
    random.seed(seed)
    np.random.seed(seed)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)  # applies process-wide until changed
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    try:
        import torch
    except ImportError:  # a chapter without torch still works
        return
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)
    if torch.cuda.is_available():
        torch.backends.cudnn.benchmark = False


def default_device() -> str:
    """``"cuda"`` when torch sees a GPU, else ``"cpu"``."""
    try:
        import torch
    except ImportError:
        return "cpu"
    return "cuda" if torch.cuda.is_available() else "cpu"


def provenance(chapter: str, profile: str, seed: int, device: str, threads: int) -> str:
    """One line: chapter, profile, seed, device, threads and the versions that shape
    results."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version

    parts = [f"python {platform.python_version()}"]
    for dist in (
        "reprobook-shared",
        "numpy",
        "scipy",
        "torch",
        "scikit-learn",
        "matplotlib",
    ):
        try:
            parts.append(f"{dist.replace('reprobook-', '')} {version(dist)}")
        except PackageNotFoundError:
            pass
    return (
        f"[{chapter}] profile={profile} seed={seed} device={device} threads={threads} "
        "| " + ", ".join(parts)
    )


def start(
    chapter: str,
    profiles: Mapping[str, Any],
    profile: str = "quick",
    seed: int = 0,
    *,
    namespace: Mapping[str, Any] | None = None,
    extra_params: Mapping[str, Any] | None = None,
    threads: int = 1,
    device: str | None = None,
    quiet: bool = False,
) -> Settings:
    """Validate a chapter's parameters and return its :class:`Settings`.

    Parameters
    ----------
    chapter : the chapter key, e.g. ``"spin1-bec"``. profiles : ``{"quick":
    Profile(...), "full": Profile(...)}``, the chapter's profile table
        (frozen dataclasses, or plain mappings in older chapters).
    profile, seed : the values of the notebook's ``PROFILE`` and ``SEED`` parameters.
    namespace : pass ``globals()`` so a misspelled papermill parameter is caught.
    extra_params : further parameters the notebook declares, ``{name: value}``.
    threads : torch intra-op threads (default 1).
    device : force ``"cpu"`` or ``"cuda"``; default: CUDA when present.
    quiet : skip the provenance banner.

    Raises ``ValueError`` for an unknown profile, a seed that is not a non-negative
    integer, or an unknown upper-case name in ``namespace``.
    """
    allowed = {"PROFILE", "SEED", *(extra_params or {})}
    if namespace is not None:
        check_parameters(namespace, allowed)
    values = resolve_profile(profiles, profile)
    seed = check_seed(seed)
    if device is None:
        device = default_device()
    elif device not in ("cpu", "cuda"):
        raise ValueError(f"device={device!r} must be 'cpu' or 'cuda'")
    seed_everything(seed, threads)
    if not quiet:
        print(provenance(chapter, profile, seed, device, threads))
        sys.stdout.flush()
    return Settings(
        chapter=chapter,
        profile=profile,
        seed=seed,
        device=device,
        threads=threads,
        values=values,
        rng=np.random.default_rng(seed),
        spec=profiles[profile] if dataclasses.is_dataclass(profiles[profile]) else None,
    )
