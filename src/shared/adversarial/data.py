"""Datasets: scikit-learn's 8x8 digits (quick profile) and CIFAR-10 (full profile; read
from the python-format archive, so torchvision is not needed).

Returns float32 tensors (N, C, H, W) in [0, 1] and int64 labels (N,).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tarfile
from pathlib import Path

import numpy as np
import torch

__all__ = [
    "load_digits",
    "load_cifar10",
    "cifar10_root",
    "write_fake_cifar10",
    "CIFAR10_URL",
    "CIFAR10_MD5",
]


def load_digits(split_seed: int = 0, test_fraction: float = 0.25):
    """Digits / 16 -> [0, 1], shape (N, 1, 8, 8); stratified split (1347 train / 450
    test at 0.25).

    Returns ``(x_train, y_train, x_test, y_test)``.
    """
    from sklearn.datasets import load_digits as _ld
    from sklearn.model_selection import train_test_split

    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1); got {test_fraction}")
    d = _ld()
    x = (d.data.astype(np.float32) / 16.0).reshape(-1, 1, 8, 8)
    xtr, xte, ytr, yte = train_test_split(
        x, d.target, test_size=test_fraction, random_state=split_seed, stratify=d.target
    )
    t = torch.from_numpy
    return t(xtr), t(ytr.astype(np.int64)), t(xte), t(yte.astype(np.int64))


#: The python-format CIFAR-10 archive (Krizhevsky, 2009) and its published MD5 checksum.
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"
_CIFAR_DIR = "cifar-10-batches-py"
_TRAIN_BATCHES = [f"data_batch_{i}" for i in range(1, 6)]


def cifar10_root(root: str | os.PathLike | None = None) -> Path:
    """Folder that holds (or will hold) CIFAR-10: ``root``, else
    ``$REPRO_CIFAR10_ROOT``, else ``~/.cache/reprobook/cifar10``."""
    if root is None:
        root = (
            os.environ.get("REPRO_CIFAR10_ROOT")
            or Path.home() / ".cache" / "reprobook" / "cifar10"
        )
    return Path(root).expanduser()


def _md5(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_batch(path: Path):
    with open(path, "rb") as f:
        d = pickle.load(f, encoding="bytes")
    data = np.asarray(d[b"data"], dtype=np.uint8)
    labels = np.asarray(d[b"labels"], dtype=np.int64)
    if data.ndim != 2 or data.shape[1] != 3 * 32 * 32 or len(data) != len(labels):
        raise ValueError(
            f"{path} is not a CIFAR-10 batch: data {data.shape}, labels {labels.shape}"
        )
    return data.reshape(-1, 3, 32, 32), labels


def load_cifar10(root: str | os.PathLike | None = None, download: bool = False):
    """CIFAR-10 as tensors, without torchvision (full profile only).

    Reads the python-format batches from ``<root>/cifar-10-batches-py`` (see
    :func:`cifar10_root` for the default root). If they are missing, extracts
    ``<root>/cifar-10-python.tar.gz``; if that is missing too and ``download=True``,
    fetches it from :data:`CIFAR10_URL` (needs the network) and checks its MD5 before
    use.

    Returns ``(x_train, y_train, x_test, y_test)``: float32 x in [0, 1] of shape (N, 3,
    32, 32) (50000 train, 10000 test for the real data) and int64 labels (N,) in [0,
    10). Raises ``FileNotFoundError`` (data absent, no download) or ``ValueError`` (bad
    checksum or files).
    """
    base = cifar10_root(root)
    folder = base / _CIFAR_DIR
    archive = base / "cifar-10-python.tar.gz"
    if not (folder / "test_batch").exists():
        if not archive.exists():
            if not download:
                raise FileNotFoundError(
                    f"CIFAR-10 not found under {base} (expected {_CIFAR_DIR}/ or "
                    f"cifar-10-python.tar.gz); pass download=True when online, or set "
                    f"REPRO_CIFAR10_ROOT to a folder that holds it"
                )
            import shutil
            import urllib.request

            base.mkdir(parents=True, exist_ok=True)
            tmp = archive.with_suffix(".part")
            with (
                urllib.request.urlopen(CIFAR10_URL, timeout=60) as response,
                open(tmp, "wb") as out,
            ):
                shutil.copyfileobj(response, out)  # about 170 MB
            tmp.rename(archive)
        if _md5(archive) != CIFAR10_MD5:
            raise ValueError(
                f"{archive} has the wrong MD5 checksum (expected {CIFAR10_MD5}); "
                "delete it and download again"
            )
        with tarfile.open(archive, "r:gz") as tar:
            members = [
                m
                for m in tar.getmembers()
                if m.isfile()
                and m.name.startswith(_CIFAR_DIR + "/")
                and ".." not in m.name
            ]
            # Members are already restricted to plain files inside the CIFAR folder; the
            # "data" filter (Python >= 3.12 and backports) is a second guard where it
            # exists. Builds without it reject the keyword with a TypeError, so pass it
            # only there.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(base, members=members, **safe)
    parts = [
        _read_batch(folder / name)
        for name in _TRAIN_BATCHES
        if (folder / name).exists()
    ]
    if not parts:
        raise FileNotFoundError(f"no CIFAR-10 training batches in {folder}")
    x_tr = np.concatenate([p[0] for p in parts])
    y_tr = np.concatenate([p[1] for p in parts])
    x_te, y_te = _read_batch(folder / "test_batch")

    def unit(a):
        return torch.from_numpy(a).float().div_(255.0)

    return unit(x_tr), torch.from_numpy(y_tr), unit(x_te), torch.from_numpy(y_te)


def write_fake_cifar10(
    root: str | os.PathLike, n_train: int = 100, n_test: int = 50, seed: int = 0
) -> Path:
    """Write a tiny random dataset in CIFAR-10's python format under ``root`` (for tests
    and the ``smoke`` profile, which exercise the full-profile code path without the
    real data).

    Training images are split over the five training batches; labels cycle through 0..9.
    Returns the folder holding the batches.
    """
    rng = np.random.default_rng(seed)
    folder = Path(root) / _CIFAR_DIR
    folder.mkdir(parents=True, exist_ok=True)
    chunks = np.array_split(np.arange(n_train), 5)
    for name, idx in [*zip(_TRAIN_BATCHES, chunks), ("test_batch", np.arange(n_test))]:
        data = rng.integers(0, 256, (len(idx), 3 * 32 * 32), dtype=np.uint8)
        with open(folder / name, "wb") as f:
            pickle.dump({b"data": data, b"labels": [int(i % 10) for i in idx]}, f)
    return folder
