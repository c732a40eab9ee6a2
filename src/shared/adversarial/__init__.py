"""Sparse (l0-bounded) adversarial attacks, sparse-AutoAttack and l0 adversarial
training.

Shared by the chapters ``spgd`` (Sparse-PGD, arXiv:2405.05075) and ``fast-ls-l0`` (fast
l0 adversarial training, arXiv:2502.21041).

Conventions used throughout:

* images are float tensors ``x`` of shape ``(N, C, H, W)`` with values in ``[0, 1]``;
* the budget ``k`` counts *pixels*: a pixel ``(h, w)`` is perturbed when any of its
``C``
  channels changes, so at most ``k`` of the ``H * W`` pixels may differ from ``x``;
* every attack returns an :class:`~shared.adversarial.common.AttackResult` that has
already been
  checked against the budget and the box (``AttackResult.check``).

Modules: ``data`` (digits / CIFAR-10 loading), ``models`` (TinyCNN, PreActResNet-18),
``common`` (validation, top-k projection, results), ``spgd`` (Sparse-PGD), ``rs``
(Sparse-RS and random pixels), ``pgd0`` (PGD0 baseline), ``autoattack``
(sparse-AutoAttack cascade), ``training`` (sAT, sTRADES, one-step training, soft labels,
trade-off loss, the deterministic ``train_digits_model``), ``landscape`` (loss-landscape
craggedness probes), ``ablation`` (location-vs-magnitude), ``bench`` (cost ratio),
``cifar`` (the CIFAR-10 suite); per chapter ``spgd_experiment`` / ``fastls_experiment``
(profiles and runs), ``spgd_figures`` / ``fastls_figures`` (the figures) and
``spgd_claims`` / ``fastls_claims`` (the graded claims).
"""

from .autoattack import sparse_autoattack
from .common import AttackResult
from .common import perturbed_pixels
from .common import topk_mask
from .common import validate_attack_inputs
from .pgd0 import pgd0
from .pgd0 import project_l0_box
from .rs import random_pixels
from .rs import sparse_rs
from .spgd import spgd

__all__ = [
    "AttackResult",
    "topk_mask",
    "perturbed_pixels",
    "validate_attack_inputs",
    "spgd",
    "sparse_rs",
    "random_pixels",
    "pgd0",
    "project_l0_box",
    "sparse_autoattack",
]
