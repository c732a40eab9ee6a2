"""Where the book's checkout is, for code that reads files laid out beside it.

The library never locates files from its own install path (an installed package has no
checkout around it). It looks for the checkout from the working directory, which is
where papermill runs chapters, and an environment variable overrides that.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable naming the checkout (the folder that holds ``_toc.yml``).
ENV_ROOT = "REPRO_BOOK_ROOT"


def checkout_root(start: str | os.PathLike | None = None) -> Path | None:
    """``$REPRO_BOOK_ROOT``, else the nearest folder at or above ``start`` (default: the
    working directory) that holds ``_toc.yml``; ``None`` outside a checkout."""
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env)
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    return None
