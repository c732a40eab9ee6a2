"""Sparse-AutoAttack: a cascade sPGD-proj -> sPGD-unproj -> Sparse-RS on still-robust
points.

A point is robust only if every stage fails; the result keeps, per point, the first
fooling image.
"""

from __future__ import annotations

import torch

from .common import AttackResult
from .common import named_seed
from .common import perturbed_pixels
from .common import predict
from .common import validate_attack_inputs
from .rs import sparse_rs
from .spgd import spgd

__all__ = ["sparse_autoattack", "default_stages"]


def default_stages(iters: int = 100, queries: int = 500) -> list[tuple[str, dict]]:
    """The sAA stage list: sPGD-proj (iters), sPGD-unproj (iters), Sparse-RS
    (queries)."""
    return [
        ("spgd", dict(variant="proj", iters=iters)),
        ("spgd", dict(variant="unproj", iters=iters)),
        ("rs", dict(queries=queries)),
    ]


def sparse_autoattack(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    k: int,
    *,
    stages: list[tuple[str, dict]] | None = None,
    seed: int = 0,
    check: bool = True,
) -> AttackResult:
    """Run the cascade; stage 0 uses ``seed``, stage i > 0 the named stream
    ``"sAA stage i"`` of ``seed``.

    Stage 0 runs on every point (so it equals that attack run alone with ``seed``); each
    later stage runs on the points no earlier stage fooled. Clean errors count as
    fooled.

    Returns an AttackResult whose ``extra`` has ``stage_accuracy`` (robust accuracy
    after each stage, all points), ``stage_of`` ((N,) index of the stage that fooled the
    point, -1 for clean errors, len(stages) for robust points) and ``stage_names``.
    """
    validate_attack_inputs(x, y, k)
    stages = default_stages() if stages is None else stages
    if not stages:
        raise ValueError("stages must be a non-empty list of ('spgd' | 'rs', settings)")
    attacks = {"spgd": spgd, "rs": sparse_rs}
    n = len(x)
    x_adv = x.clone()
    clean_wrong = (predict(model, x) != y).cpu()
    success = torch.zeros(n, dtype=torch.bool, device=x.device)
    stage_of = torch.full((n,), len(stages), dtype=torch.long)
    accs, names, passes = [], [], 0
    for i, (kind, kw) in enumerate(stages):
        if kind not in attacks:
            raise ValueError(f"unknown stage {kind!r}; allowed: {sorted(attacks)}")
        ia = torch.nonzero(~success).flatten()
        if len(ia):
            s = seed if i == 0 else named_seed(seed, f"sAA stage {i}")
            gen = torch.Generator(device=x.device).manual_seed(s)
            r = attacks[kind](model, x[ia], y[ia], k, generator=gen, **kw)
            x_adv[ia[r.success]] = r.x_adv[r.success]
            stage_of[ia[r.success].cpu()] = i
            success[ia[r.success]] = True
            passes += r.passes
            names.append(r.name)
            if i == 0:
                stage_of[clean_wrong] = -1
        else:
            names.append(kind)
        accs.append(float((~success).double().mean()))
    res = AttackResult(
        x_adv=x_adv,
        success=success,
        n_pixels=perturbed_pixels(x, x_adv),
        passes=passes,
        name="sAA",
        settings=dict(k=k, stages=stages),
        extra=dict(stage_accuracy=accs, stage_of=stage_of, stage_names=names),
    )
    if check:
        res.check(x, k)
    return res
