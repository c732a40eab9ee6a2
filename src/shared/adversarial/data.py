"""Datasets: scikit-learn's 8x8 digits (quick profile) and CIFAR-10 (full profile, torchvision).

Returns float32 tensors (N, C, H, W) in [0, 1] and int64 labels (N,).
"""
from __future__ import annotations

import numpy as np
import torch

__all__ = ["load_digits", "load_cifar10"]


def load_digits(split_seed: int = 0, test_fraction: float = 0.25):
    """Digits / 16 -> [0, 1], shape (N, 1, 8, 8); stratified split (1347 train / 450 test at 0.25).

    Returns ``(x_train, y_train, x_test, y_test)``.
    """
    from sklearn.datasets import load_digits as _ld
    from sklearn.model_selection import train_test_split
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1); got {test_fraction}")
    d = _ld()
    x = (d.data.astype(np.float32) / 16.0).reshape(-1, 1, 8, 8)
    xtr, xte, ytr, yte = train_test_split(x, d.target, test_size=test_fraction,
                                          random_state=split_seed, stratify=d.target)
    t = torch.from_numpy
    return t(xtr), t(ytr.astype(np.int64)), t(xte), t(yte.astype(np.int64))


def load_cifar10(root: str = "../shared/data/cifar10", download: bool = True):
    """CIFAR-10 as tensors (full profile only; imports torchvision here, needs it installed).

    Returns ``(x_train, y_train, x_test, y_test)`` with x in [0, 1], shape (N, 3, 32, 32).
    """
    import torchvision  # noqa: F401  (lazy: never imported by the quick profile)
    from torchvision.datasets import CIFAR10
    out = []
    for train in (True, False):
        ds = CIFAR10(root, train=train, download=download)
        x = torch.from_numpy(ds.data).permute(0, 3, 1, 2).float() / 255.0
        out += [x, torch.tensor(ds.targets, dtype=torch.long)]
    return tuple(out)
