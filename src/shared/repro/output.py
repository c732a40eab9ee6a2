"""Small output helpers for chapters: rounded key numbers and quiet-able progress
bars."""

from __future__ import annotations

import math
import numbers
import os
from typing import Any
from typing import Iterable
from typing import Mapping

import numpy as np


def format_key_number(value: Any, digits: int = 3) -> str:
    """Round a metric for the regression-checked cell.

    Integers and strings print as they are, booleans as ``True``/``False``, reals with
    ``digits`` decimals (``-0.000`` prints as ``0.000``); values smaller than
    ``10**-digits`` in magnitude but non-zero print in scientific notation with
    ``digits - 1`` decimals so they do not collapse to zero.
    """
    if not isinstance(digits, int) or digits < 0:
        raise ValueError(f"digits={digits!r} must be a non-negative integer")
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v) or math.isinf(v):
            return str(v)
        if v != 0 and abs(v) < 10.0 ** (-digits):
            return f"{v:.{max(digits - 1, 0)}e}"
        text = f"{v:.{digits}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    if isinstance(value, str):
        return value
    raise ValueError(f"key number {value!r} must be a number, bool or string")


def key_numbers(values: Mapping[str, Any], digits: int = 3) -> None:
    """Print one ``name = value`` line per metric, rounded by :func:`format_key_number`.

    Use it in the chapter's single ``# NBVAL_CHECK_OUTPUT`` cell; the order is the
    mapping's.
    """
    if not values:
        raise ValueError("key_numbers needs at least one value")
    width = max(len(str(k)) for k in values)
    for name, value in values.items():
        print(f"{str(name):<{width}} = {format_key_number(value, digits)}")


def progress_enabled() -> bool:
    """Progress bars are on unless ``REPRO_PROGRESS=0`` (set by the book's batch
    runs)."""
    return os.environ.get("REPRO_PROGRESS", "1") != "0"


def progress(
    iterable: Iterable, desc: str | None = None, total: int | None = None, **kwargs
):
    """``tqdm`` over ``iterable``; the bare iterable when :func:`progress_enabled` is
    false.

    Uses the notebook widget when ipywidgets is installed (Colab, Jupyter) and the plain
    text bar otherwise, so no import warning reaches stderr.
    """
    if not progress_enabled():
        return iterable
    try:
        import ipywidgets  # noqa: F401
        from tqdm.auto import tqdm
    except ImportError:
        from tqdm import tqdm
    return tqdm(iterable, desc=desc, total=total, **kwargs)


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` under ``name`` for ``{glue:text}`` / ``{glue:figure}`` in the
    book's prose.

    NumPy scalars become Python numbers first (their NumPy 2 repr, ``np.float64(...)``,
    does not format). Without myst-nb (Colab, plain Jupyter) nothing is stored, and the
    value is shown only when ``display`` is true.
    """
    if not isinstance(name, str) or not name:
        raise ValueError("glue name must be a non-empty string")
    if isinstance(value, np.generic):
        value = value.item()
    try:
        from myst_nb import glue as _glue
    except ImportError:
        if display:
            from IPython.display import display as _display

            _display(value)
        return
    _glue(name, value, display=display)
