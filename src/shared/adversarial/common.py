"""Input validation, the pixel-wise top-k projection and the common attack result.

Shapes: ``x`` is ``(N, C, H, W)`` in ``[0, 1]``; labels ``y`` are ``(N,)`` int64; pixel
masks are ``(N, 1, H, W)``.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field

import torch

from shared.repro.seeds import int_seed
from shared.repro.seeds import stream
from shared.repro.validate import positive_int

__all__ = [
    "AttackResult",
    "attack_result",
    "topk_mask",
    "perturbed_pixels",
    "validate_attack_inputs",
    "eval_mode",
    "predict",
    "make_generator",
    "named_seed",
    "check_profile",
]


def validate_attack_inputs(x: torch.Tensor, y: torch.Tensor, k: int) -> None:
    """Raise ``ValueError`` unless ``x`` is (N, C, H, W) in [0, 1], ``y`` has N labels,
    1 <= k <= H*W."""
    if not isinstance(x, torch.Tensor) or x.dim() != 4:
        raise ValueError(
            f"x must be a 4-D tensor (N, C, H, W); got shape "
            f"{tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__}"
        )
    if not isinstance(y, torch.Tensor) or y.dim() != 1 or len(y) != len(x):
        raise ValueError(
            f"y must be a 1-D tensor with one label per image (len(x) = {len(x)}); "
            "got shape "
            f"{tuple(y.shape) if isinstance(y, torch.Tensor) else type(y).__name__}"
        )
    if x.numel() and (float(x.min()) < 0.0 or float(x.max()) > 1.0):
        raise ValueError(
            f"x must lie in the box [0, 1]; got values in [{float(x.min()):.4g}, "
            f"{float(x.max()):.4g}]"
        )
    n_pix = x.shape[2] * x.shape[3]
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= n_pix:
        raise ValueError(
            f"k (pixel budget) must be an integer with 1 <= k <= H*W = {n_pix}; got "
            f"{k!r}"
        )


def topk_mask(scores: torch.Tensor, k: int) -> torch.Tensor:
    """Binary mask with ones at the ``k`` largest entries of each image's score map.

    ``scores``: (N, 1, H, W) (any real values; a monotone map such as the sigmoid gives
    the same mask). Returns a tensor of the same shape and dtype with exactly ``k`` ones
    per image.
    """
    if scores.dim() != 4 or scores.shape[1] != 1:
        raise ValueError(
            f"scores must have shape (N, 1, H, W); got {tuple(scores.shape)}"
        )
    n, _, h, w = scores.shape
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= h * w:
        raise ValueError(
            f"k must be an integer with 1 <= k <= H*W = {h * w}; got {k!r}"
        )
    flat = scores.reshape(n, h * w)
    idx = flat.topk(k, dim=1).indices
    mask = torch.zeros_like(flat).scatter_(1, idx, 1.0)
    return mask.view(n, 1, h, w)


def perturbed_pixels(x: torch.Tensor, x_adv: torch.Tensor) -> torch.Tensor:
    """Number of pixels (any channel differs) per image; (N,) int64."""
    return (x_adv != x).any(dim=1).flatten(1).sum(dim=1)


@contextmanager
def eval_mode(model: torch.nn.Module):
    """Put ``model`` in eval mode (BatchNorm frozen) for an attack and restore its mode
    after."""
    was_training = model.training
    model.eval()
    try:
        yield model
    finally:
        model.train(was_training)


def predict(model: torch.nn.Module, x: torch.Tensor, batch: int = 1000) -> torch.Tensor:
    """Predicted labels (N,) of ``model`` on ``x`` without gradients, in eval mode."""
    with eval_mode(model), torch.no_grad():
        return (
            torch.cat(
                [model(x[i : i + batch]).argmax(1) for i in range(0, len(x), batch)]
            )
            if len(x)
            else torch.zeros(0, dtype=torch.long, device=x.device)
        )


def make_generator(
    generator: torch.Generator | None, device, seed: int = 0
) -> torch.Generator:
    """Return ``generator`` or a new one on ``device`` seeded with ``seed``."""
    if generator is not None:
        return generator
    g = torch.Generator(device=device)
    g.manual_seed(seed)
    return g


def named_seed(seed: int, name: str) -> int:
    """The integer seed of the stream called ``name`` under ``seed``
    (:mod:`shared.repro.seeds`): independent attack or training randomness without seed
    arithmetic."""
    return int_seed(stream(seed, name))


@dataclass
class AttackResult:
    """Outcome of a sparse attack on N points.

    x_adv: (N, C, H, W) adversarial (or best-loss) images in [0, 1].
    success: (N,) bool, True where the model misclassifies x_adv (clean errors
    included).
    n_pixels: (N,) int64 perturbed-pixel counts.
    passes: total forward(+backward) passes spent (summed over points).
    curve: optional (T+1,) robust accuracy after each iteration/query (all points, clean
    errors count as broken).
    name, settings: what produced it (for tables).
    """

    x_adv: torch.Tensor
    success: torch.Tensor
    n_pixels: torch.Tensor
    passes: int
    curve: torch.Tensor | None = None
    name: str = ""
    settings: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def robust_accuracy(self) -> float:
        """Fraction of points not fooled (clean errors count as fooled)."""
        return (
            float((~self.success).double().mean())
            if len(self.success)
            else float("nan")
        )

    def check(
        self,
        x: torch.Tensor,
        k: int,
        model: torch.nn.Module | None = None,
        y: torch.Tensor | None = None,
    ) -> "AttackResult":
        """Assert the l0 budget (<= k pixels), the [0, 1] box, and untouched pixels
        equal to x.

        With ``model`` and ``y`` also asserts success <=> prediction != y. Returns self.
        """
        if self.x_adv.shape != x.shape:
            raise AssertionError(
                f"x_adv shape {tuple(self.x_adv.shape)} != x shape {tuple(x.shape)}"
            )
        if self.x_adv.numel():
            lo, hi = float(self.x_adv.min()), float(self.x_adv.max())
            if lo < 0.0 or hi > 1.0:
                raise AssertionError(f"x_adv leaves the [0, 1] box: [{lo}, {hi}]")
        counts = perturbed_pixels(x, self.x_adv)
        if not torch.equal(counts, self.n_pixels.to(counts.device)):
            raise AssertionError("n_pixels does not match the images")
        if len(counts) and int(counts.max()) > k:
            raise AssertionError(
                f"l0 budget violated: {int(counts.max())} pixels changed > k = {k}"
            )
        if model is not None and y is not None:
            wrong = predict(model, self.x_adv) != y
            if not torch.equal(wrong.cpu(), self.success.cpu()):
                raise AssertionError(
                    "success flags disagree with the model's predictions"
                )
        return self


def attack_result(
    x: torch.Tensor,
    x_adv: torch.Tensor,
    success: torch.Tensor,
    passes: int,
    survivors: torch.Tensor | None,
    *,
    name: str,
    settings: dict,
    k: int,
    check: bool = True,
    extra: dict | None = None,
) -> AttackResult:
    """The :class:`AttackResult` of an attack on ``x`` (N, C, H, W), as every attack
    returns it.

    ``x_adv`` (N, C, H, W) and ``success`` (N,) bool are the attack's output; ``passes``
    the forward(+backward) passes it spent; ``survivors``: None or the (T,) int64 count
    of points not yet fooled after each iteration or query, turned into the robust
    accuracy curve (fractions of N). The perturbed pixels are counted here; with
    ``check`` the result is checked against the budget ``k`` (see
    :meth:`AttackResult.check`).
    """
    res = AttackResult(
        x_adv=x_adv,
        success=success,
        n_pixels=perturbed_pixels(x, x_adv),
        passes=passes,
        curve=None if survivors is None else survivors.double() / len(x),
        name=name,
        settings=settings,
        extra={} if extra is None else extra,
    )
    if check:
        res.check(x, k)
    return res


def check_profile(p, cls: type, seed) -> None:
    """Raise ``ValueError`` unless ``p`` is an instance of the chapter's Profile class
    ``cls`` and ``seed`` an integer >= 0."""
    if not isinstance(p, cls):
        raise ValueError(
            f"profile must be a {cls.__module__}.{cls.__name__} (e.g. "
            f"PROFILES['quick']); got {type(p).__name__}"
        )
    positive_int("seed", seed, minimum=0)
