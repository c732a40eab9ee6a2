"""Argument checks shared by every domain package: one wording for one kind of mistake.

Each function returns the validated value, so it can be used inline::

    n = positive_int("n_steps", n_steps)
    device = resolve_device(device)

and raises ``ValueError`` naming the argument, the value it got and what is allowed.
"""

from __future__ import annotations

import math
import numbers
from typing import Any
from typing import Iterable

import numpy as np

__all__ = ["positive_int", "positive_float", "choice", "resolve_device"]


def _is_bool(x: Any) -> bool:
    return isinstance(x, (bool, np.bool_))


def positive_int(name: str, value: Any, minimum: int = 1) -> int:
    """``value`` as an ``int`` when it is an integer (not a bool) ``>= minimum``."""
    if _is_bool(value) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name}={value!r}: must be an integer >= {minimum}")
    return int(value)


def positive_float(name: str, value: Any, *, allow_zero: bool = False) -> float:
    """``value`` as a ``float`` when it is a finite real number ``> 0`` (``>= 0`` with
    ``allow_zero``)."""
    ok = (
        not _is_bool(value)
        and isinstance(value, numbers.Real)
        and math.isfinite(value)
        and (value >= 0 if allow_zero else value > 0)
    )
    if not ok:
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}={value!r}: must be a finite number {bound}")
    return float(value)


def choice(name: str, value: Any, allowed: Iterable[str]) -> str:
    """``value`` when it is one of ``allowed``."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(
            f"{name}={value!r} is not allowed; choose one of {list(allowed)}"
        )
    return value


def resolve_device(device: Any = "auto"):
    """A :class:`torch.device`: ``"auto"`` gives CUDA when torch sees a GPU, else the
    CPU;
    ``"cpu"``, ``"cuda"``, ``"cuda:N"`` and ``torch.device`` objects pass through.
    Asking for
    CUDA where there is none raises ``ValueError``."""
    import torch

    allowed = "allowed: 'auto', 'cpu', 'cuda', 'cuda:N' or a torch.device"
    if isinstance(device, torch.device):
        dev = device
    elif isinstance(device, str):
        if device == "auto":
            return torch.device("cuda" if torch.cuda.is_available() else "cpu")
        if device != "cpu" and not device.startswith("cuda"):
            raise ValueError(f"device={device!r}: {allowed}")
        dev = torch.device(device)
    else:
        raise ValueError(f"device={device!r}: {allowed}")
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device={device!r} requested but CUDA is not available; "
            "use 'auto' or 'cpu'"
        )
    return dev
